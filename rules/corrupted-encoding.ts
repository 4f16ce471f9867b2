import { defineRule, type FileFacts, type Phase, type TextIssueFact } from '../src/rule-kit/index.js';

/**
 * The phase a damaged file breaks, from what the runner does with it (checked with pytest 9.0.3 on
 * CPython 3.11–3.13 and vitest 4.1): CPython refuses NUL bytes and UTF-16 anywhere, invalid UTF-8
 * outside comments and a BOM outside strings and comments; vite reads invalid UTF-8, NULs and stray BOMs without complaint but not UTF-16.
 */
function phaseOf(issue: TextIssueFact, facts: FileFacts): Phase {
  if (issue.kind === 'utf16') return 'collect';
  if (facts.language !== 'python') return 'integrity';
  if (issue.kind === 'nul-byte') return 'collect';
  if (issue.kind === 'invalid-utf8') return issue.where === 'comment' ? 'integrity' : 'collect';
  if (issue.kind === 'bom-inside') return issue.where === 'code' ? 'collect' : 'integrity';
  return 'integrity';
}

export default defineRule({
  id: 'corrupted-encoding',
  phase: ['collect', 'integrity'],
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'sometimes', applicability: 'safe' },
  messages: {
    nulByte: 'NUL byte at byte offset {offset}: the file is not text',
    invalidUtf8: 'invalid UTF-8 at byte offset {offset}{where}',
    bomInside: 'a byte-order mark (U+FEFF) inside the file, not at its start: usually two files concatenated',
    utf16: 'the file is {encoding}; the runner reads source as UTF-8',
    mojibake: 'mojibake: UTF-8 text that was read as {codePage} and saved again; it should read `{fixed}`',
  },
  docs: {
    summary: 'Encoding damage: NUL bytes, invalid UTF-8, a byte-order mark after the start, UTF-16, and mojibake (UTF-8 text decoded as cp1252/Latin-1 or MacRoman and saved again: `ðŸ”„`, `â€™`, `‚úÖ`, `Ã©`).',
    why: 'CPython refuses a file with NUL bytes, UTF-16, invalid UTF-8 outside comments or a byte-order mark outside strings and comments, so every test in it is lost (`collect`); vite refuses UTF-16. Mojibake loads, but every message, snapshot and expected string that contains it is wrong and compares against the wrong text (`integrity`).',
    examples: { invalid: 'invalid/python-mojibake', valid: 'valid/many-scripts' },
    fixSafety: 'Mojibake is found by round-trip: the suspect characters are re-encoded in the code page and decoded as UTF-8, and only a valid, plausible result is offered, so the fix restores exactly the bytes the file had before the bad save. Other damage has no fix: which bytes were meant cannot be known.',
    limitations: 'Mojibake is only recognised when a line has one sequence that is unlikely in real text (a lead `Ã`, `Â`, `√`, `¬`, a three- or four-byte sequence, or a non-letter continuation): a lone two-letter pair such as `Å¡` on a line of its own is reported, `«é` is not. Mojibake whose repair also appears in the file (`assert fix("Ã©t") == "ét"`) is test data written on purpose and is not reported; a file saved through the wrong encoding has no correctly encoded copy.',
  },
  visit: {
    textIssue(issue, ctx) {
      const phase = phaseOf(issue, ctx.file);
      switch (issue.kind) {
        case 'nul-byte':
          ctx.report({ at: issue.span, phase, message: 'nulByte', data: { offset: issue.detail ?? '?' } });
          return;
        case 'invalid-utf8':
          ctx.report({ at: issue.span, phase, message: 'invalidUtf8', data: { offset: issue.detail ?? '?', where: issue.where === 'comment' ? ' (in a comment)' : '' } });
          return;
        case 'bom-inside':
          ctx.report({ at: issue.span, phase, message: 'bomInside' });
          return;
        case 'utf16':
          ctx.report({ at: issue.span, phase, message: 'utf16', data: { encoding: issue.detail ?? 'UTF-16' } });
          return;
        case 'mojibake': {
          if (issue.replacement === undefined) return;
          // The repair is written next to it (`fix('Ã©t') == 'ét'`): damaged on purpose, as test data (valid/fixer-test-data).
          if (issue.repairedElsewhere) return;
          const fixed = issue.replacement;
          ctx.report({
            at: issue.span, phase, message: 'mojibake',
            data: { codePage: issue.detail ?? 'cp1252', fixed },
            fix: {
              title: `Restore \`${fixed}\``, applicability: 'safe',
              edits: [{ file: ctx.file.file, start: issue.span.start, end: issue.span.end, text: fixed }],
            },
          });
          return;
        }
        default:
      }
    },
  },
});
