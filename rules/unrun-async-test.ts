import { defineRule, type FileFacts, type ImportFact, type ProjectModel, type RuleContext, type TestFact } from '../src/rule-kit/index.js';

type M = 'noPlugin' | 'strictMode' | 'markedNoPlugin';
type Availability = 'yes' | 'no' | 'unknown';

const LINE_ONE = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

/** Marks that hand a coroutine test to a plugin (when the plugin is there). */
const ASYNC_MARK = /(^|\.)mark\.(asyncio|anyio|trio|asyncio_cooperative|gen_test|tornado|twisted)$/;
/** Decorators that keep an `async def` a coroutine function: pytest marks and `mock.patch`. */
const TRANSPARENT = /^((pytest\.)?mark\.\w+|((unittest\.)?mock\.)?patch(\.object|\.dict|\.multiple)?)$/;
/** Plugins that run every coroutine test without a mark. */
const RUN_ALL_PLUGINS = ['pytest_tornasync', 'pytest_aiohttp', 'pytest_twisted'];
/** `-p` / `required_plugins` names that mean an async plugin is loaded. */
const ASYNC_PLUGIN_NAMES = /^(pytest[-_])?(asyncio|anyio|trio|tornasync|aiohttp|twisted|asyncio[-_]cooperative)$/;

/** Is the top-level module `name` installed or declared by the project? */
function available(model: ProjectModel, file: string, name: string): Availability {
  const imp: ImportFact = { kind: 'import', specifier: name, level: 0, names: [], span: LINE_ONE, specifierSpan: LINE_ONE, phase: 'run', typeOnly: false };
  const r = model.resolveImport(file, imp);
  if (r.kind === 'external') return r.status === 'installed' || r.status === 'declared' ? 'yes' : r.status === 'undeclared' ? 'no' : 'unknown';
  if (r.kind === 'unresolved') return 'no';
  return r.kind === 'first-party' ? 'yes' : 'unknown';
}

/** pytest ≥ 8.4 fails an async test no plugin runs; earlier versions skip it with a warning. */
function failsUnrun(option: unknown): boolean {
  const m = /^\s*(\d+)(?:\.(\d+))?/.exec(typeof option === 'string' ? option : '');
  if (!m) return true;
  const [major, minor] = [Number(m[1]), Number(m[2] ?? 0)];
  return major > 8 || (major === 8 && minor >= 4);
}

/** Could something outside the test's own decorators mark or wrap it? (class or module `pytestmark`, class marks). */
function markedElsewhere(facts: FileFacts, test: TestFact): boolean | null {
  if (facts.bindings.some((b) => b.name === 'pytestmark')) return true; // its value is not in the facts
  if (test.scope.length === 0) return false;
  const cls = facts.classes.find((c) => c.name === test.scope[0] && c.topLevel);
  if (!cls) return null;
  return cls.members.some((m) => m.name === 'pytestmark') || cls.decorators.some((d) => ASYNC_MARK.test(d));
}

export default defineRule({
  id: 'unrun-async-test',
  phase: ['run', 'skip'],
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  options: {
    pytestVersion: {
      type: 'string', default: '',
      description: 'The pytest version the suite runs with (e.g. "8.3"); empty: the version installed in the project virtualenv, else the newest. From 8.4 on pytest fails async tests no plugin runs; before, it skipped them with a warning.',
    },
  },
  messages: {
    noPlugin: 'async test `{name}` has no plugin to run it (no pytest-asyncio, anyio, pytest-trio… declared): {consequence}',
    strictMode: 'async test `{name}` is not marked `@pytest.mark.asyncio` and pytest-asyncio runs in strict mode: {consequence}',
    markedNoPlugin: 'async test `{name}` is marked `{mark}`, but pytest-asyncio is neither installed nor declared: {consequence}',
  },
  docs: {
    summary: 'An `async def` test that no plugin will run: no async plugin is installed or declared, or pytest-asyncio is there in strict mode and the test (its class, its module) is not marked `@pytest.mark.asyncio`.',
    why: 'pytest cannot run a coroutine by itself. Since pytest 8.4 the test fails with "async def functions are not natively supported"; before, it was skipped with only a warning — a test that never ran, reported as fine.',
    examples: { invalid: 'invalid/strict-mode', valid: 'valid/unittest-and-sync' },
    limitations: 'Needs the project to declare its dependencies (or a virtualenv): when nothing is declared, plugins cannot be judged and the rule stays quiet. A module-level `pytestmark` silences the rule for the whole file (its value is not read yet). anyio-marked tests are not judged (anyio often arrives as a dependency of another package). The pytest version comes from the option, else the project virtualenv (`pytest-*.dist-info`), else the newest is assumed: without a virtualenv, set `pytestVersion` for suites on pytest < 8.4.',
  },
  visit: {
    test(test, ctx: RuleContext<M>) {
      if (test.kind !== 'test' || !test.async) return;
      const { model, file } = ctx;
      // unittest's IsolatedAsyncioTestCase runs its own coroutines; any class with a base we cannot see may be one.
      if (test.scope.length > 0 && model.membersOf(file.file, test.scope[0]!) === null) return;
      const marks = test.marks ?? [];
      // A decorator that is not a mark may turn the coroutine into a plain function (valid/unittest-and-sync).
      if (marks.some((d) => !TRANSPARENT.test(d))) return;
      const elsewhere = markedElsewhere(file, test);
      if (elsewhere !== false) return;
      if (test.params?.includes('anyio_backend')) return;

      const cfg = model.pytestConfig();
      const options = cfg?.options ?? {};
      const autoMode = cfg?.asyncioMode === 'auto' || (cfg?.addopts ?? []).some((a) => a === '--asyncio-mode=auto');
      const trioMode = /^(true|1|yes|on)$/i.test(String(options['trio_mode'] ?? ''));
      if (trioMode) return;
      if ((cfg?.plugins ?? []).some((p) => ASYNC_PLUGIN_NAMES.test(p) && !/asyncio$/.test(p))) return;
      const declaredByPlugins = (cfg?.plugins ?? []).some((p) => /asyncio$/.test(p));
      const asyncio = declaredByPlugins ? 'yes' : available(model, file.file, 'pytest_asyncio');
      const consequence = failsUnrun(ctx.options['pytestVersion'] || ctx.model.pytestVersion())
        ? { phase: 'run' as const, text: 'pytest fails it ("async def functions are not natively supported")' }
        : { phase: 'skip' as const, text: 'pytest skips it with only a warning' };

      const asyncMark = marks.find((d) => ASYNC_MARK.test(d));
      if (asyncMark) {
        // Marked: only the asyncio mark is judged, and only when pytest-asyncio is surely absent.
        if (!/\.asyncio$/.test(asyncMark) || asyncio !== 'no') return;
        ctx.report({
          at: test.nameSpan, phase: consequence.phase, message: 'markedNoPlugin',
          data: { name: test.name, mark: `@${asyncMark}`, consequence: consequence.text },
          suggestions: ['declare `pytest-asyncio` in the test dependencies'],
        });
        return;
      }
      if (asyncio === 'yes') {
        if (autoMode) return; // valid/auto-mode
        ctx.report({
          at: test.nameSpan, phase: consequence.phase, message: 'strictMode',
          data: { name: test.name, consequence: consequence.text },
          suggestions: ['add `@pytest.mark.asyncio`, or set `asyncio_mode = "auto"` in the pytest config'],
        });
        return;
      }
      if (asyncio === 'unknown' || autoMode) return;
      for (const plugin of RUN_ALL_PLUGINS) {
        if (available(model, file.file, plugin) !== 'no') return;
      }
      ctx.report({
        at: test.nameSpan, phase: consequence.phase, message: 'noPlugin',
        data: { name: test.name, consequence: consequence.text },
        suggestions: ['declare `pytest-asyncio` (and mark the test `@pytest.mark.asyncio`), or make the test synchronous'],
      });
    },
  },
});
