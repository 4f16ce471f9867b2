import { defineRule } from '../src/rule-kit/index.js';

export default defineRule({
  id: 'skipped-file',
  phase: 'integrity',
  languages: ['python', 'ts', 'js'],
  severity: 'warn',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  messages: {
    skipped: 'not analysed: the file {detail}',
  },
  docs: {
    summary: 'A file test-lint could not analyse: unreadable, or over the size budget (`maxFileSize`).',
    why: 'Nothing in it was checked, so its problems are unknown; a linter that skips files silently makes its silence meaningless.',
    examples: { invalid: 'invalid/over-size-budget', valid: 'valid/under-budget' },
  },
  visit: {
    textIssue(issue, ctx) {
      if (issue.kind !== 'unreadable') return;
      ctx.report({ at: issue.span, message: 'skipped', data: { detail: issue.detail ?? 'could not be read' } });
    },
  },
});
