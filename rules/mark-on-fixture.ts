import { defineRule } from '../src/rule-kit/index.js';

/** `@pytest.mark.x`, `@mark.x`, `@pytest.mark.x(...)` as dotted decorator names. */
const MARK = /^(pytest\.)?mark\.(\w+)/;

/** The pytest major version the rule judges for: the `pytestVersion` option, else the installed one, else the newest (9). */
function pytestMajor(option: unknown): number {
  const m = /^\s*(\d+)/.exec(typeof option === 'string' ? option : '');
  return m ? Number(m[1]) : 9;
}

export default defineRule({
  id: 'mark-on-fixture',
  phase: ['collect', 'integrity'],
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  options: {
    pytestVersion: {
      type: 'string', default: '',
      description: 'The pytest version the suite runs with (e.g. "8.3"); empty: the version installed in the project virtualenv, else the newest. From 9 on a mark on a fixture fails collection; before, it is a deprecation warning.',
    },
  },
  messages: {
    refused: '`@{mark}` on fixture `{fixture}`: pytest 9 refuses marks on fixtures and fails to load this file',
    noEffect: '`@{mark}` on fixture `{fixture}` has no effect (a deprecation warning before pytest 9, an error from 9 on)',
  },
  docs: {
    summary: 'A pytest mark (`@pytest.mark.usefixtures(...)`, `@pytest.mark.skip`, …) applied to a fixture function, in either decorator order.',
    why: 'Marks only apply to tests; on a fixture they never did anything. pytest 8 warns (PytestRemovedIn9Warning), pytest 9 raises it as an error while importing the module, so every test of the file (or, in a conftest.py, of the folder) is lost.',
    examples: { invalid: 'invalid/marks-on-fixtures', valid: 'valid/marks-on-tests' },
    limitations: 'The pytest version comes from the option, else the project virtualenv (`pytest-*.dist-info`), else the newest is assumed: without a virtualenv, set `pytestVersion` for suites still on pytest 8. Marks applied through a variable (`slow = pytest.mark.slow; @slow`) are not seen.',
  },
  visit: {
    file(facts, ctx) {
      const major = pytestMajor(ctx.options['pytestVersion'] || ctx.model.pytestVersion());
      for (const fx of facts.pytest?.fixtures ?? []) {
        for (const d of fx.otherDecorators) {
          const m = MARK.exec(d);
          if (!m) continue;
          ctx.report({
            at: fx.nameSpan,
            phase: major >= 9 ? 'collect' : 'integrity',
            message: major >= 9 ? 'refused' : 'noEffect',
            data: { mark: d, fixture: fx.name },
            suggestions: m[2] === 'usefixtures'
              ? [`request the fixtures as parameters of \`${fx.functionName}\` instead`]
              : [`move the mark to the tests that use \`${fx.name}\``],
          });
        }
      }
    },
  },
});
