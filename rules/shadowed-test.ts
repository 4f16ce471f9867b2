import { defineRule, repeatedTests } from '../src/rule-kit/index.js';

export default defineRule({
  id: 'shadowed-test',
  phase: 'integrity',
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  messages: {
    redefined: 'test `{name}` is defined again here (first at line {line}): the first definition never runs',
  },
  docs: {
    summary: 'A test function or method defined twice in one scope.',
    why: 'The second `def` replaces the first, which silently never runs: pytest collects only the last one, and nothing says so.',
    examples: { invalid: 'invalid/python-redefined', valid: 'valid/same-name-other-scope' },
    limitations: 'Tests generated at run time are not compared. JS/TS duplicate titles are `duplicate-test-title`: both of those tests still run.',
  },
  visit: {
    file(facts, ctx) {
      for (const { first, again } of repeatedTests(facts.tests)) {
        ctx.report({
          at: again.nameSpan, message: 'redefined', data: { name: again.name, line: first.nameSpan.line },
          related: [{ file: facts.file, span: first.nameSpan, message: 'first definition' }],
        });
      }
    },
  },
});
