import path from 'node:path';
import { defineRule, quoteList, type FileFacts, type FixtureFact, type ProjectModel, type TestFact } from '../src/rule-kit/index.js';

/** pytest's own fixtures: known to exist, and nothing a test would parametrize through them. */
const BUILTIN_FIXTURES = new Set([
  'request', 'pytestconfig', 'tmp_path', 'tmp_path_factory', 'tmpdir', 'tmpdir_factory', 'capsys', 'capsysbinary',
  'capfd', 'capfdbinary', 'caplog', 'capteesys', 'monkeypatch', 'recwarn', 'record_property', 'record_testsuite_property',
  'record_xml_attribute', 'cache', 'doctest_namespace', 'pytester', 'testdir', 'subtests',
]);

/** Marks that add fixtures to a test's closure by name (`usefixtures("db")`): their arguments are not in the facts. */
const ADDS_FIXTURES = /(^|\.)usefixtures$/;

/** The fixtures a test can see: its own module's (and class's) and every conftest.py above it. Null when a plugin module may add more. */
function visibleFixtures(model: ProjectModel, facts: FileFacts, test: TestFact): Map<string, FixtureFact[]> | null {
  const out = new Map<string, FixtureFact[]>();
  const add = (f: FixtureFact) => { const l = out.get(f.name) ?? []; l.push(f); out.set(f.name, l); };
  const files: FileFacts[] = [facts];
  for (let dir = path.posix.dirname(facts.file); ; dir = path.posix.dirname(dir)) {
    const conftest = model.facts(dir === '.' ? 'conftest.py' : `${dir}/conftest.py`);
    if (conftest) files.push(conftest);
    if (dir === '.' || dir === '/' || dir === '') break;
  }
  for (const f of files) {
    // `pytest_plugins = [...]` brings fixtures from modules we do not follow (valid case: stay quiet).
    if (f.bindings.some((b) => b.name === 'pytest_plugins')) return null;
    for (const fx of f.pytest?.fixtures ?? []) {
      const inScope = fx.classScope.length === 0 || (f === facts && fx.classScope.every((c, i) => test.scope[i] === c));
      if (inScope) add(fx);
    }
  }
  return out;
}

/**
 * pytest's fixture closure of a test (`fixturenames`): its parameters, the autouse fixtures it
 * sees, and everything those request, transitively. `unknown`: requested names no visible fixture
 * defines (plugins, unseen conftests, or typos) — what they request cannot be seen.
 */
function fixtureClosure(test: TestFact, visible: Map<string, FixtureFact[]>): { closure: Set<string>; unknown: string[] } {
  const closure = new Set<string>();
  const unknown: string[] = [];
  const parametrized = new Set((test.parametrize ?? []).flatMap((p) => p.argnames));
  const queue = [...(test.params ?? [])];
  for (const defs of visible.values()) for (const d of defs) if (d.autouse) queue.push(d.name);
  while (queue.length) {
    const name = queue.pop()!;
    if (closure.has(name)) continue;
    closure.add(name);
    const defs = visible.get(name);
    if (!defs) {
      if (!BUILTIN_FIXTURES.has(name) && !parametrized.has(name)) unknown.push(name);
      continue;
    }
    for (const d of defs) queue.push(...d.params);
  }
  return { closure, unknown };
}

/** `a`, `b` and `c` without quotes. */
function humanList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Is the test a method of a class whose bases all are first-party and seen (so not a unittest.TestCase)? */
function plainPytestScope(model: ProjectModel, facts: FileFacts, test: TestFact): boolean {
  if (test.scope.length === 0) return true;
  if (test.scope.length > 1) return false;
  const cls = facts.classes.find((c) => c.name === test.scope[0] && c.topLevel);
  if (!cls) return false;
  if (cls.decorators.some((d) => ADDS_FIXTURES.test(d) || /(^|\.)parametrize$/.test(d))) return false;
  return model.membersOf(facts.file, cls.name) !== null && !cls.members.some((m) => m.name === 'pytestmark');
}

export default defineRule({
  id: 'invalid-parametrize',
  phase: 'collect',
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  messages: {
    noArgument: '`{test}` is parametrized with `{name}`, but neither takes it as a parameter without a default nor uses a fixture that requests it',
    wrongArity: '`{test}`: parametrize value{s} {which} do{es} not match the {count} argument name{ns} {list}',
    duplicateName: '`{test}` is parametrized with `{name}` twice',
  },
  docs: {
    summary: 'A `@pytest.mark.parametrize` that pytest rejects while collecting: an argument name the test does not take (not a parameter without a default, not in its fixture closure), a value whose length differs from the number of names, or one name parametrized twice.',
    why: 'pytest fails the whole module at collection ("function uses no argument \'x\'", "the number of names must be equal to the number of values", "duplicate parametrization of \'x\'"): none of its tests run.',
    examples: { invalid: 'invalid/unknown-argname', valid: 'valid/fixture-closure' },
    limitations: 'Class-level and `pytestmark` parametrization is not checked. A test with `usefixtures`, or whose fixture closure reaches fixtures from plugins, `pytest_plugins` modules or conftest files outside the linted set, is not judged for argument names. Values built at run time are not counted.',
  },
  visit: {
    test(test, ctx) {
      const params = test.parametrize ?? [];
      if (test.kind !== 'test' || params.length === 0) return;
      const { model, file } = ctx;
      const seen = new Set<string>();
      for (const p of params) {
        for (const name of p.argnames) {
          if (seen.has(name)) ctx.report({ at: p.span, message: 'duplicateName', data: { test: test.name, name } });
          seen.add(name);
        }
        if (!p.valuesStatic) continue;
        const wrong = p.valueArity.flatMap((arity, i) => (arity === null || arity === p.argnames.length ? [] : [`${i + 1} (${arity} item${arity === 1 ? '' : 's'})`]));
        if (wrong.length === 0) continue;
        ctx.report({
          at: p.span,
          message: 'wrongArity',
          data: {
            test: test.name, s: wrong.length === 1 ? '' : 's', es: wrong.length === 1 ? 'es' : '', which: humanList(wrong), count: p.argnames.length,
            ns: p.argnames.length === 1 ? '' : 's', list: p.argnames.map((n) => `\`${n}\``).join(', '),
          },
        });
      }

      // Argument names: only when the whole closure is visible (valid/usefixtures, valid/plugin-fixture).
      if (test.marks?.some((m) => ADDS_FIXTURES.test(m))) return;
      if (file.bindings.some((b) => b.name === 'pytestmark')) return;
      if (!plainPytestScope(model, file, test)) return;
      const visible = visibleFixtures(model, file, test);
      if (!visible) return;
      const { closure, unknown } = fixtureClosure(test, visible);
      for (const p of params) {
        for (const name of p.argnames) {
          if (closure.has(name)) continue;
          const candidates = model.nearest(name, test.params ?? []);
          // An unseen fixture may request the name; judge only when a parameter is its near miss (valid/plugin-fixture).
          if (unknown.length > 0 && !candidates.some((c) => unknown.includes(c))) continue;
          ctx.report({
            at: p.span,
            message: 'noArgument',
            data: { test: test.name, name },
            suggestions: candidates.length ? [`did you mean ${quoteList(candidates)}?`] : [`add \`${name}\` to the parameters of \`${test.name}\``],
          });
        }
      }
    },
  },
});
