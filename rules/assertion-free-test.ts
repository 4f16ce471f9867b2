import { defineRule, type FileFacts, type TestFact } from '../src/rule-kit/index.js';

/** Does the test carry one of these marks (`@pytest.mark.smoke`, `@mark.smoke`, `smoke`)? */
function hasMark(test: TestFact, marks: string[]): boolean {
  return (test.marks ?? []).some((m) => {
    const last = m.slice(m.lastIndexOf('.') + 1);
    return marks.includes(m) || marks.includes(last);
  });
}

/** Does the test call a method of its own class (`self.check(…)`, `this.verify(…)`)? Such helpers may assert: stay quiet. */
function callsOwnMethod(test: TestFact, facts: FileFacts): boolean {
  return facts.memberAccesses.some((a) => a.call && a.receiver.kind === 'self'
    && a.span.start >= test.span.start && a.span.end <= test.span.end);
}

export default defineRule({
  id: 'assertion-free-test',
  phase: 'integrity',
  languages: ['python', 'ts', 'js'],
  severity: 'warn',
  status: 'preview',
  scope: 'test-files',
  fix: { availability: 'none' },
  options: {
    allowMarks: { type: 'string[]', default: [], description: 'pytest marks of tests that are meant to pass by not raising (e.g. `["smoke"]`); such tests are not reported.' },
  },
  messages: {
    noAssertion: 'test `{name}` asserts nothing: it passes whenever it does not raise',
  },
  docs: {
    summary: 'A test whose body has no assertion: no `assert`, `expect(…)`, `pytest.raises`/`pytest.warns`, `self.assert*`, `mock.assert_*`, `assert.*`, `should`, and no call of a helper named `assert*`/`expect*`.',
    why: 'Such a test stays green whatever the code under test returns; it only fails if something raises. It makes coverage and the test count look better than the checking really is.',
    examples: { invalid: 'invalid/python-no-assert', valid: 'valid/helpers-and-marks' },
    limitations: 'Preview: calls into helper functions are not followed yet, so a test whose checks live in a helper not named `assert*`/`expect*` (`verify(result)`) is reported; a test calling a method of its own class is not. Skipped, `todo` and `xfail` tests are not reported; marks on the class or module (`pytestmark`) are not read for `allowMarks`.',
  },
  visit: {
    test(test, ctx) {
      if (test.kind !== 'test' || test.hasAssertion !== false) return; // null: not analysed (valid/helpers-and-marks)
      if (test.skip || test.todo) return;
      const allow = ctx.options.allowMarks as string[];
      if (hasMark(test, [...allow, 'xfail'])) return;
      if (callsOwnMethod(test, ctx.file)) return;
      ctx.report({ at: test.nameSpan, message: 'noAssertion', data: { name: test.name } });
    },
  },
});
