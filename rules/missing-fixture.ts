import { defineIndex, defineRule, quoteList, type FileFacts, type ProjectModel, type RuleContext, type TestFact } from '../src/rule-kit/index.js';

type M = 'missing' | 'undeclaredPlugin' | 'fixtureMissing';

/** pytest's own fixtures (pytest 8–9). */
const BUILTIN_FIXTURES = [
  'request', 'pytestconfig', 'tmp_path', 'tmp_path_factory', 'tmpdir', 'tmpdir_factory', 'capsys', 'capsysbinary',
  'capfd', 'capfdbinary', 'caplog', 'capteesys', 'monkeypatch', 'recwarn', 'record_property', 'record_testsuite_property',
  'record_xml_attribute', 'cache', 'doctest_namespace', 'pytester', 'testdir', 'subtests', 'linecomp', 'LineMatcher',
];

/** Fixtures of well-known plugins, by the distribution that provides them (normalised name). */
const PLUGIN_FIXTURES: Record<string, string[]> = {
  'pytest-mock': ['mocker', 'class_mocker', 'module_mocker', 'package_mocker', 'session_mocker'],
  'pytest-asyncio': ['event_loop', 'event_loop_policy', 'unused_tcp_port', 'unused_tcp_port_factory', 'unused_udp_port', 'unused_udp_port_factory'],
  'pytest-django': ['client', 'async_client', 'admin_client', 'admin_user', 'rf', 'async_rf', 'db', 'transactional_db', 'django_db_reset_sequences',
    'django_db_serialized_rollback', 'django_db_setup', 'django_db_blocker', 'django_db_keepdb', 'django_db_createdb', 'django_db_modify_db_settings',
    'django_user_model', 'django_username_field', 'settings', 'live_server', 'mailoutbox', 'django_mail_patch_dns', 'django_mail_dnsname',
    'django_assert_num_queries', 'django_assert_max_num_queries', 'django_capture_on_commit_callbacks'],
  'pytest-httpx': ['httpx_mock'],
  'anyio': ['anyio_backend', 'anyio_backend_name', 'anyio_backend_options', 'free_tcp_port', 'free_tcp_port_factory', 'free_udp_port', 'free_udp_port_factory'],
  'pytest-benchmark': ['benchmark', 'benchmark_weave'],
  'pytest-cov': ['cov', 'no_cover'],
  'pytest-xdist': ['worker_id', 'testrun_uid'],
  'pytest-freezegun': ['freezer'],
  'pytest-freezer': ['freezer'],
  'pytest-datadir': ['datadir', 'shared_datadir', 'original_datadir'],
  'requests-mock': ['requests_mock'],
  'pytest-aiohttp': ['aiohttp_client', 'aiohttp_server', 'aiohttp_raw_server', 'aiohttp_unused_port'],
  'pytest-httpserver': ['httpserver', 'httpserver_listen_address', 'httpserver_ssl_context', 'make_httpserver'],
  'pytest-localserver': ['httpserver', 'httpsserver', 'smtpserver'],
  'pytest-subtests': ['subtests'],
  'pytest-snapshot': ['snapshot'],
  'syrupy': ['snapshot'],
  'faker': ['faker'],
  'pytest-trio': ['nursery', 'autojump_clock', 'mock_clock'],
  'pytest-qt': ['qtbot', 'qapp', 'qapp_args', 'qapp_cls'],
  'time-machine': ['time_machine'],
  'respx': ['respx_mock'],
  'pyfakefs': ['fs', 'fs_class', 'fs_module', 'fs_session'],
  'pytest-playwright': ['page', 'browser', 'context', 'browser_name', 'browser_type', 'browser_context_args', 'browser_type_launch_args', 'is_chromium', 'is_firefox', 'is_webkit', 'playwright'],
  'pytest-timeout': [], 'pytest-randomly': [], 'pytest-rerunfailures': [], 'pytest-env': [], 'pytest-sugar': [], 'pytest-html': [],
  'pytest-instafail': [], 'pytest-order': [], 'pytest-ordering': [], 'pytest-repeat': [], 'pytest-clarity': [], 'pytest-icdiff': [],
  'pytest-dotenv': [], 'pytest-socket': [], 'pytest-split': [], 'pytest-github-actions-annotate-failures': [], 'pytest-custom-exit-code': [],
  'pytest-testmon': [], 'pytest-watch': [], 'pytest-metadata': [], 'pytest-runner': [], 'pytest-pretty': [], 'pytest-md-report': [],
};

/** Decorators that leave the test's signature to pytest (marks and mock patches; patch arguments are already dropped). */
const SIGNATURE_KEEPING = /^((pytest\.)?mark\.|pytest_asyncio\.|(unittest\.)?(mock\.)?patch(\.object)?$|(mock\.)?patch\.(dict|multiple)$|staticmethod$|classmethod$)/;

function normaliseDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

interface PluginView {
  /** Fixture names every declared or configured plugin provides. */
  available: Set<string>;
  /** A plugin is declared whose fixtures test-lint does not know: stay quiet unless configured. */
  unknownPlugin: boolean;
  /** Well-known plugin fixture name → the distribution providing it. */
  owner: Map<string, string>;
}

const pluginViews = new WeakMap<ProjectModel, PluginView>();
function plugins(model: ProjectModel): PluginView {
  let v = pluginViews.get(model);
  if (v) return v;
  v = { available: new Set(), unknownPlugin: false, owner: new Map() };
  for (const [dist, names] of Object.entries(PLUGIN_FIXTURES)) for (const n of names) if (!v.owner.has(n)) v.owner.set(n, dist);
  const declared = model.declaredDistributions();
  for (const d of declared ?? []) {
    const dist = normaliseDist(d);
    const known = PLUGIN_FIXTURES[dist];
    if (known) for (const n of known) v.available.add(n);
    else if (/^pytest-/.test(dist)) v.unknownPlugin = true;
  }
  for (const p of model.pytestConfig()?.plugins ?? []) {
    const dist = normaliseDist(p.replace(/\..*$/, '').replace(/_/g, '-'));
    const known = PLUGIN_FIXTURES[dist];
    if (known) for (const n of known) v.available.add(n);
    else v.unknownPlugin = true;
  }
  if (declared === null) {
    // Nothing declared: any plugin may be installed. Its fixtures count as available.
    for (const n of v.owner.keys()) v.available.add(n);
  }
  pluginViews.set(model, v);
  return v;
}

/** Names a module brings in by import (a fixture function imported into a test module or conftest is registered there). */
function importedNames(model: ProjectModel, facts: FileFacts, out: Set<string>, seen = new Set<string>()): boolean {
  if (seen.has(facts.file)) return true;
  seen.add(facts.file);
  for (const imp of facts.imports) {
    if (imp.typeChecking) continue;
    for (const n of imp.names) {
      if (n.local !== '*') { out.add(n.local); continue; }
      // `from helpers.fixtures import *`: the target's fixtures and imports.
      const r = model.resolveImport(facts.file, imp);
      if (r.kind !== 'first-party') return false;
      const target = model.facts(r.file);
      if (!target || target.module.dynamicExports) return false;
      for (const fx of target.pytest?.fixtures ?? []) out.add(fx.name);
      for (const b of target.bindings) out.add(b.name);
      if (!importedNames(model, target, out, seen)) return false;
    }
  }
  return true;
}

/** Is the test a method of a class pytest collects as a plain class (no unittest base, no unseen base)? */
function plainClass(model: ProjectModel, facts: FileFacts, test: TestFact): boolean {
  let file = facts.file;
  let name = test.scope[test.scope.length - 1];
  if (!name) return true;
  if (test.scope.length > 1) return false;
  for (let hops = 0; hops < 8; hops++) {
    const f = model.facts(file);
    const cls = f?.classes.find((c) => c.name === name && c.topLevel);
    if (!f || !cls) return false;
    if (cls.decorators.some((d) => !/^(pytest\.)?mark\.(skip|skipif|xfail|filterwarnings|timeout|asyncio|slow|\w+)$/.test(d) || /parametrize|usefixtures/.test(d))) return false;
    if (cls.members.some((m) => m.name === 'pytestmark' || m.name === 'pytest_generate_tests')) return false;
    const bases = cls.bases.filter((b) => b !== 'object');
    if (bases.length === 0) return true;
    if (bases.length > 1 || bases[0] === null) return false;
    const next = model.resolveClass(file, bases[0]!);
    if (!next) return false;
    file = next.file;
    name = next.name;
  }
  return false;
}

/**
 * Adds the names the module and its conftest chain import (an imported fixture function is registered
 * there) to `provided`; false when one of them defines `pytest_generate_tests` (it may parametrize
 * any name) or imports names that cannot be listed.
 */
function importedSources(model: ProjectModel, file: string, more: string[], provided: Set<string>): boolean {
  const sources = new Set([file, ...more]);
  for (let dir = file; dir.includes('/');) {
    dir = dir.slice(0, dir.lastIndexOf('/'));
    sources.add(`${dir}/conftest.py`);
  }
  sources.add('conftest.py');
  for (const s of sources) {
    const f = model.facts(s);
    if (!f) continue;
    if (f.bindings.some((b) => b.name === 'pytest_generate_tests')) return false;
    if (!importedNames(model, f, provided)) return false;
  }
  return true;
}

const pythonNames = (fn: (f: FileFacts) => Iterable<string>) => (f: FileFacts) => (f.language === 'python' ? [...new Set(fn(f))].map((n) => [n, true] as const) : []);
/** Names some fixture of the project defines or some test parametrizes. */
const DEFINED = defineIndex<true>('fixtures-defined', pythonNames((f) => [
  ...(f.pytest?.fixtures ?? []).map((fx) => fx.name), ...f.tests.flatMap((t) => (t.parametrize ?? []).flatMap((p) => p.argnames))]));
/** Names some test or fixture requests. */
const REQUESTED = defineIndex<true>('fixtures-requested', pythonNames((f) => [
  ...(f.pytest?.fixtures ?? []).flatMap((fx) => fx.params), ...f.tests.flatMap((t) => t.params ?? [])]));
/** Modules that may generate fixtures or parameters (`pytest_generate_tests`, `pytest_plugins`). */
const GENERATED = defineIndex<true>('fixtures-generated', pythonNames((f) => (f.bindings.some((b) => b.name === 'pytest_generate_tests' || b.name === 'pytest_plugins') ? [''] : [])));

function fixtureIndex(model: ProjectModel) {
  return { defined: model.index(DEFINED), requested: model.index(REQUESTED), generated: model.index(GENERATED).has('') };
}

/**
 * A fixture (in a conftest.py or a test module) requesting a fixture that nothing in the project
 * defines. pytest resolves a fixture's parameters for each test that uses it, so a fixture defined
 * in any conftest.py (a deeper one included) or any parametrize argument name may provide it.
 */
function checkFixtures(file: FileFacts, ctx: RuleContext<M>): void {
  const { model } = ctx;
  const own = file.pytest?.fixtures ?? [];
  if (!own.length || (!file.file.endsWith('conftest.py') && !model.isTestFile(file.file))) return;
  const ix = fixtureIndex(model);
  if (ix.generated || !model.fixturesInScope(file.file, []).complete) return;
  // This file's names (builtins, configured, imported); the project's fixtures are asked of ix.defined
  // (copying that set for every file was quadratic: 6.5 s of a 10,000-file run).
  const local = new Set<string>([...BUILTIN_FIXTURES, ...((ctx.options.knownFixtures as string[] | undefined) ?? [])]);
  if (!importedSources(model, file.file, [], local)) return;
  const isProvided = (n: string) => local.has(n) || ix.defined.has(n);
  const view = plugins(model);
  const configured = ((ctx.options.knownFixtures as string[] | undefined) ?? []).length > 0;
  for (const fx of own) {
    // Never requested: no test errors. Another decorator may change the signature.
    if ((!fx.autouse && !ix.requested.has(fx.name)) || fx.otherDecorators.some((d) => !SIGNATURE_KEEPING.test(d))) continue;
    for (const name of fx.params) {
      if (isProvided(name) || view.available.has(name)) continue;
      if (view.unknownPlugin && !configured) return;
      const owner = view.owner.get(name);
      const candidates = model.nearest(name, [...local, ...ix.defined.keys(), ...view.available].filter((n) => n !== 'request' && n !== fx.name));
      ctx.report({
        at: fx.nameSpan,
        message: owner ? 'undeclaredPlugin' : 'fixtureMissing',
        data: { test: fx.name, name, plugin: owner ?? '' },
        suggestions: candidates.length ? [`did you mean ${quoteList(candidates)}?`] : [],
      });
    }
  }
}

function check(test: TestFact, ctx: RuleContext<M>): void {
  const { model, file } = ctx;
  if (test.kind !== 'test' || !test.params?.length || !model.isTestFile(file.file)) return;
  if ((test.marks ?? []).some((m) => !SIGNATURE_KEEPING.test(m))) return;
  if (file.bindings.some((b) => b.name === 'pytestmark' || b.name === 'pytest_generate_tests')) return;
  if (!plainClass(model, file, test)) return;
  const { fixtures, complete } = model.fixturesInScope(file.file, test.scope);
  if (!complete) return;
  const provided = new Set<string>(BUILTIN_FIXTURES);
  for (const f of fixtures) provided.add(f.fixture.name);
  for (const p of test.parametrize ?? []) for (const n of p.argnames) provided.add(n);
  for (const n of (ctx.options.knownFixtures as string[] | undefined) ?? []) provided.add(n);
  // Conftests and the module: `pytest_generate_tests` may parametrize anything; imported names may be fixtures.
  if (!importedSources(model, file.file, fixtures.map((f) => f.file), provided)) return;
  const view = plugins(model);
  const configured = ((ctx.options.knownFixtures as string[] | undefined) ?? []).length > 0;
  for (const name of test.params) {
    if (provided.has(name) || view.available.has(name)) continue;
    if (view.unknownPlugin && !configured) return;
    const owner = view.owner.get(name);
    const candidates = model.nearest(name, [...provided, ...view.available].filter((n) => n !== 'request'));
    ctx.report({
      at: test.nameSpan,
      message: owner ? 'undeclaredPlugin' : 'missing',
      data: { test: test.name, name, plugin: owner ?? '' },
      suggestions: candidates.length ? [`did you mean ${quoteList(candidates)}?`] : [],
    });
  }
}

export default defineRule({
  id: 'missing-fixture',
  phase: 'run',
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  options: {
    knownFixtures: { type: 'string[]', default: [], description: 'Fixture names provided by plugins test-lint does not know; setting it also makes the rule judge projects that declare unknown pytest plugins.' },
  },
  messages: {
    missing: '`{test}` requests fixture `{name}`, which no fixture in scope provides',
    undeclaredPlugin: '`{test}` requests fixture `{name}`, which comes from `{plugin}`, a plugin the project does not declare',
    fixtureMissing: 'fixture `{test}` requests fixture `{name}`, which no fixture in the project provides: every test using `{test}` errors at setup',
  },
  docs: {
    summary: 'A pytest test parameter that no fixture provides: not in the conftest.py chain, the module or its classes, not a parametrize argument name, not a pytest built-in, not from a declared plugin. Also a fixture\'s parameter that no fixture anywhere in the project provides.',
    why: 'pytest reports "fixture \'x\' not found" and errors the test at setup: it never runs.',
    examples: { invalid: 'invalid/renamed-fixture', valid: 'valid/fixture-sources' },
    limitations: 'Tests are not judged when a `pytest_plugins` module, `pytest_generate_tests`, `pytestmark`, a class-level mark, a decorator that may change the signature, an unresolvable star import or an unknown declared `pytest-*` plugin (unless `knownFixtures` is set) may provide the name. When the project declares no dependencies at all, the fixtures of well-known plugins are assumed available. A fixture\'s parameters are judged against every fixture and parametrize argument name in the project (pytest resolves them per test, so a deeper conftest.py may provide one), and only for fixtures some test or fixture requests (or autouse ones); not when any module defines `pytest_generate_tests` or `pytest_plugins`.',
  },
  visit: {
    file(file, ctx) { checkFixtures(file, ctx); },
    test(test, ctx) { check(test, ctx); },
  },
});
