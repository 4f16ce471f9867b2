import { defineRule, repeatedTests } from '../src/rule-kit/index.js';

export default defineRule({
  id: 'duplicate-test-title',
  phase: 'integrity',
  languages: ['ts', 'js'],
  severity: 'warn',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  messages: {
    duplicateTitle: 'test title `{name}` is used twice in one suite (first at line {line}): reports, retries, snapshots and `-t` filters cannot tell them apart',
  },
  docs: {
    summary: 'Two tests with the same title in one `describe` (eslint-plugin-jest/vitest `no-identical-title`).',
    why: 'Both tests run, but a failure report, a retry, a snapshot name or a `-t` filter cannot tell which one is meant; usually one is a copy that was meant to be renamed.',
    examples: { invalid: 'invalid/ts-duplicate-title', valid: 'valid/same-name-other-scope' },
    limitations: 'Titles built at run time (template literals with expressions, `.each`) are not compared.',
  },
  visit: {
    file(facts, ctx) {
      for (const { first, again } of repeatedTests(facts.tests)) {
        ctx.report({
          at: again.nameSpan, message: 'duplicateTitle', data: { name: again.name, line: first.nameSpan.line },
          related: [{ file: facts.file, span: first.nameSpan, message: 'first definition' }],
        });
      }
    },
  },
});
