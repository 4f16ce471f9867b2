import { defineRule } from '../src/rule-kit/index.js';

export default defineRule({
  id: 'focused-test',
  phase: 'integrity',
  languages: ['ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  messages: {
    focused: '`{name}` is focused: every other test in this file is silently skipped',
  },
  docs: {
    summary: 'A test or suite focused with `.only`, `fit` or `fdescribe`.',
    why: 'Focus left in a commit makes the runner skip every unfocused test; CI stays green while most of the suite never runs (vitest fails only with `--allowOnly=false` on CI).',
    examples: { invalid: 'invalid/only-and-fit', valid: 'valid/skip-is-not-focus' },
  },
  visit: {
    test(test, ctx) {
      if (!test.only) return;
      ctx.report({ at: test.nameSpan, message: 'focused', data: { name: test.name } });
    },
  },
});
