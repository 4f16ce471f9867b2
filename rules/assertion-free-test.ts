import { defineRule, type CalleeFact, type CallerContext, type FileFacts, type ProjectModel, type TestFact } from '../src/rule-kit/index.js';

/**
 * How many calls deep a check is looked for: the test's own helpers, the helpers they call, and
 * one more (`test → run_scenario() → check_state()` is common; real suites measured no gain deeper).
 */
const FOLLOW_DEPTH = 3;

/**
 * eslint-plugin-jest's `assertFunctionNames` patterns: split on `.`, `*` matches within one part,
 * `**` across parts, case-insensitive, anchored at the start and ending at a part boundary
 * (`expect` matches `expect(x).toBe`). Parts here also take digits, `_` and `$` (Python names).
 */
function patternRegex(pattern: string): RegExp {
  const parts = pattern.split('.').map((x) => (x === '**' ? '[a-z\\d_$.]*' : x.replace(/[\\^$+?()[\]{}|]/g, '\\$&').replace(/\*/g, '[a-z\\d_$]*')));
  return new RegExp(`^${parts.join('\\.')}(\\.|$)`, 'i');
}

/** The marks on the test, on its enclosing classes and in the module's `pytestmark`. */
function marksOf(test: TestFact, facts: FileFacts): string[] {
  const out = [...(test.marks ?? []), ...(facts.module.pytestmarks ?? [])];
  for (const s of facts.tests) {
    if (s.kind === 'suite' && s.span.start <= test.span.start && test.span.end <= s.span.end) out.push(...(s.marks ?? []));
  }
  return out;
}

/** Does one of the marks (`pytest.mark.smoke`, `mark.smoke`, `smoke`) match a name in `allowed`? */
function hasMark(marks: string[], allowed: string[]): boolean {
  return marks.some((m) => allowed.includes(m) || allowed.includes(m.slice(m.lastIndexOf('.') + 1)));
}

interface Follow {
  model: ProjectModel;
  patterns: RegExp[];
  seen: Set<string>;
}

/**
 * Does a call in this body check something: a call matching `assertFunctionNames`, a first-party
 * helper that asserts (followed `depth` calls deep), or first-party code the facts cannot see into?
 */
function checks(f: Follow, file: string, calls: CalleeFact[], from: CallerContext, depth: number): boolean {
  for (const c of calls) {
    if (!c.passed && f.patterns.some((p) => p.test(c.name))) return true;
  }
  for (const c of calls) {
    const target = f.model.resolveCallee(file, c, from);
    if (target.kind === 'unknown') return true; // e.g. `self.check()` inherited from a base outside the project (valid/helpers-and-marks)
    if (target.kind !== 'callable') continue;
    // An `assert` in code under test is an invariant, not the test's check (valid/… production-assert).
    if (!f.model.isTestCode(target.file)) continue;
    const key = `${target.file}#${target.callable.span.start}`;
    if (f.seen.has(key)) continue;
    f.seen.add(key);
    if (target.callable.asserts) return true;
    const next = target.callable.calls;
    if (next && depth > 1 && checks(f, target.file, next, { className: target.callable.className }, depth - 1)) return true;
  }
  return false;
}

export default defineRule({
  id: 'assertion-free-test',
  phase: 'integrity',
  languages: ['python', 'ts', 'js'],
  severity: 'warn',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  options: {
    allowMarks: { type: 'string[]', default: [], description: 'pytest marks of tests that are meant to pass by not raising (e.g. `["smoke"]`), on the test, its class or the module\'s `pytestmark`; such tests are not reported.' },
    assertFunctionNames: { type: 'string[]', default: [], description: 'More calls that count as assertions, as eslint-plugin-jest\'s `assertFunctionNames` patterns: dotted names where `*` matches within one part and `**` across parts, case-insensitive, matched from the start of the call\'s name (`verify*`, `**.expectStatus`, `client.**.check`). Added to the built-in forms, which stay on.' },
  },
  messages: {
    noAssertion: 'test `{name}` asserts nothing: it passes whenever it does not raise',
  },
  docs: {
    summary: 'A test that checks nothing: no `assert`, `expect(…)`, `pytest.raises`/`pytest.warns`, `self.assert*`, `mock.assert_*`, `assert.*`, `should`, pytester\'s `result.stdout.fnmatch_lines`, and no call of a helper that does — calls of first-party helpers are followed up to 3 calls deep.',
    why: 'Such a test stays green whatever the code under test returns; it only fails if something raises. It makes coverage and the test count look better than the checking really is.',
    examples: { invalid: 'invalid/python-no-assert', valid: 'valid/helpers-and-marks' },
    limitations: 'Built-in assertion forms are calls whose name (or a part of its chain) starts with `assert`/`expect` (also `should` in JS), `fail`, `raises`, `warns`, `deprecated_call`, `pytest.approx`, pytester\'s LineMatcher checks, and `t.equal(…)`-style calls on a node:test context; names starting with `verify`/`check` are not (they are followed when first-party, or configured with `assertFunctionNames`). Helpers are followed when they are module-level functions (same file or imported from a first-party module, also `mod.helper()`), JS functions declared in an enclosing `describe` or bound by `const f = () => …` / `f.bind(…)`, methods of the test\'s class and its first-party bases (`self.helper()`), methods of a receiver whose class is known, and pytest fixtures the test calls (a fixture that returns a checking closure); a helper passed by name (`runTest(check)`) counts as called. Only test code is followed — test files, `conftest.py`, modules in test folders (`tests/`, `testing/`, `__tests__/`…) or named as test support (`test_utils.py`): an `assert` in the code under test is an invariant, not the test\'s check. A check more than 3 calls deep, or behind a callback the facts cannot follow, is not seen. A call of a method that a base class outside the project may define keeps the test quiet. Skipped, `todo` and `xfail` tests are not reported. Ruff and pylint have no such rule; the option follows eslint-plugin-jest\'s `expect-expect`.',
  },
  visit: {
    test(test, ctx) {
      if (test.kind !== 'test' || test.hasAssertion !== false) return; // null: not analysed (valid/helpers-and-marks)
      if (test.skip || test.todo) return;
      if (hasMark(marksOf(test, ctx.file), [...(ctx.options.allowMarks as string[]), 'xfail'])) return;
      if (test.calls) {
        const patterns = (ctx.options.assertFunctionNames as string[]).filter(Boolean).map(patternRegex);
        const python = ctx.file.language === 'python';
        const from: CallerContext = python ? { className: test.scope[test.scope.length - 1], classScope: test.scope, params: test.params ?? [] } : {};
        if (checks({ model: ctx.model, patterns, seen: new Set() }, ctx.file.file, test.calls, from, FOLLOW_DEPTH)) return;
      }
      ctx.report({ at: test.nameSpan, message: 'noAssertion', data: { name: test.name } });
    },
  },
});
