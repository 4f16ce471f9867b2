import { defineRule } from '../src/rule-kit/index.js';

export default defineRule({
  id: 'syntax-error',
  phase: 'collect',
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  messages: {
    invalid: '{message}',
    invalidMore: '{message} (+{more} more syntax errors in this file)',
  },
  docs: {
    summary: 'The file does not parse, as CPython (for the target version) or TypeScript would parse it.',
    why: 'The runner cannot load the file: every test in it is lost, and every test file importing it fails too.',
    examples: { invalid: 'invalid/ts-unclosed-call', valid: 'valid/modern-syntax' },
    limitations: 'Reports the first error of a file; later ones are often cascades of the first.',
  },
  visit: {
    file(facts, ctx) {
      // A conflict marker is the root cause of the parse errors around it: conflict-marker owns those files.
      if (facts.textIssues.some((t) => t.kind === 'conflict-marker')) return;
      const [first, ...rest] = facts.parseErrors;
      if (!first || first.code === 'internal') return;
      ctx.report(rest.length
        ? { at: first.span, message: 'invalidMore', data: { message: first.message, more: rest.length } }
        : { at: first.span, message: 'invalid', data: { message: first.message } });
    },
  },
});
