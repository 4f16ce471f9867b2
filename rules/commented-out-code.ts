import { defineRule } from '../src/rule-kit/index.js';

export default defineRule({
  id: 'commented-out-code',
  phase: 'integrity',
  languages: ['python', 'ts', 'js'],
  severity: 'warn',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  options: {
    minLines: { type: 'number', default: 5, description: 'Report a run of comment lines that parses as code when it has at least this many non-blank lines.' },
    markers: { type: 'string[]', default: ['REMOVED_SYNTAX_ERROR'], description: 'Words that mark code an automated edit disabled; a comment run that contains one is reported whatever its length.' },
  },
  messages: {
    commentedCode: '{lines} lines of commented-out code (lines {from}–{to}): delete it or restore it',
    marker: 'commented out with the marker `{marker}` (lines {from}–{to}): code an automated edit disabled, which no longer runs',
  },
  docs: {
    summary: 'Runs of comment lines (`#`, `//`) and JS/TS `/* … */` blocks that parse as code (5 non-blank lines or more by default), and comments carrying a marker such as `REMOVED_SYNTAX_ERROR` that automated edits leave behind.',
    why: 'Commented-out tests do not run and are not reported as skipped: the suite looks green while checking less than it says. An automated edit that comments out code it could not parse (`# REMOVED_SYNTAX_ERROR: …`) can silently empty a whole test file.',
    examples: { invalid: 'invalid/python-removed-syntax-error', valid: 'valid/prose-and-docs' },
    limitations: 'Only whole-line comments are read: runs of `#` / `//` lines and `/* … */` blocks that start and end their lines; a comment after code on the same line is not. JSDoc (`/** … */`) and `/*! … */` licence blocks are never reported, even when they hold code examples. A run is judged as a whole: commented-out code that stops mid-block (an `if x:` without its body) does not parse and is not reported unless it carries a marker.',
  },
  visit: {
    file(facts, ctx) {
      const minLines = Number(ctx.options.minLines);
      const markers = (ctx.options.markers as string[]).filter(Boolean);
      for (const run of facts.comments ?? []) {
        if (run.style === 'doc') continue; // `/** … */` and `/*! … */`: documentation and licences, code examples included (valid/prose-and-docs)
        const data = { from: run.span.line, to: run.span.endLine, lines: run.nonBlankLines };
        const marker = markers.find((m) => run.text.includes(m));
        if (marker) {
          ctx.report({ at: run.span, message: 'marker', data: { ...data, marker } });
        } else if (run.parsesAsCode && run.nonBlankLines >= minLines) {
          ctx.report({ at: run.span, message: 'commentedCode', data });
        }
        // Prose, licence headers, TODO lists and diagrams do not parse as code (valid/prose-and-docs).
      }
    },
  },
});
