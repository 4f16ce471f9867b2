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
    summary: 'A file test-lint could not analyse: unreadable, over the size budget (`maxFileSize`), or over the time budget (`maxFileTime`).',
    why: 'Nothing in it was checked, so its problems are unknown; a linter that skips files silently makes its silence meaningless.',
    examples: { invalid: 'invalid/over-size-budget', valid: 'valid/under-budget' },
    limitations: 'The budgets are top-level config keys, not options of this rule. `maxFileSize` (bytes, default 5 MB) is checked before the file is read. `maxFileTime` (milliseconds, default 10000; 0 or false: no limit) applies to each file twice: to reading its facts (parse and walk) and to running the rules over them; past it the work stops and only this finding is reported for the file. A skipped module counts as one that may define anything: the files importing, patching or taking fixtures from it get no findings about what it defines. A file skipped for time is not cached, so a later run with a larger budget (or a less busy machine) analyses it.',
  },
  visit: {
    textIssue(issue, ctx) {
      if (issue.kind !== 'unreadable') return;
      ctx.report({ at: issue.span, message: 'skipped', data: { detail: issue.detail ?? 'could not be read' } });
    },
  },
});
