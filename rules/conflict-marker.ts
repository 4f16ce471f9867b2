import { defineRule } from '../src/rule-kit/index.js';

export default defineRule({
  id: 'conflict-marker',
  phase: 'collect',
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  messages: {
    marker: 'merge-conflict marker `{marker}`: the file was committed mid-merge',
  },
  docs: {
    summary: 'Lines left by an unresolved merge: `<<<<<<<`, `=======`, `|||||||`, `>>>>>>>`.',
    why: 'The file no longer parses, so the runner cannot load it; other linters report a cascade of unrelated syntax errors instead.',
    examples: { invalid: 'invalid/python-conflict', valid: 'valid/rst-heading' },
    limitations: 'A lone `=======` line (a heading underline in a docstring) is not reported without an opening `<<<<<<<`.',
  },
  visit: {
    textIssue(issue, ctx) {
      if (issue.kind !== 'conflict-marker') return;
      ctx.report({ at: issue.span, message: 'marker', data: { marker: issue.detail ?? '<<<<<<<' } });
    },
  },
});
