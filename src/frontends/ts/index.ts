/** The JS/TS front-end: one file's text in, plain facts out (parsed once with TypeScript's own parser). */
import ts from 'typescript';
import { emptyFacts, type FileFacts, type FrontEnd, type FrontEndInput } from '../../facts/types.js';
import { Deadline, TimeBudgetExceeded } from '../../facts/deadline.js';
import { Walker } from './extract.js';
import { spanMaker } from './span.js';
import { extractSuppressions } from './suppressions.js';

export function scriptKindOf(file: string, language: FrontEndInput['language']): ts.ScriptKind {
  const dot = file.lastIndexOf('.');
  switch (dot < 0 ? '' : file.slice(dot + 1).toLowerCase()) {
    case 'ts': case 'mts': case 'cts': return ts.ScriptKind.TS;
    case 'tsx': return ts.ScriptKind.TSX;
    case 'js': case 'mjs': case 'cjs': return ts.ScriptKind.JS;
    case 'jsx': return ts.ScriptKind.JSX;
    default: return language === 'js' ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  }
}

interface RawDiagnostic { start?: number; length?: number; messageText: string | ts.DiagnosticMessageChain; code: number }

/**
 * TypeScript's parser has no cancellation: a text this many times longer than the milliseconds
 * left is parsed under `Deadline.interrupting` (it parses ~2,000 characters a millisecond here;
 * the margin covers machines ten times slower). Smaller texts skip the guard's ~0.5 ms.
 */
const GUARDED_CHARS_PER_MS = 200;

function parse(input: FrontEndInput, deadline: Deadline): ts.SourceFile {
  const run = () => ts.createSourceFile(input.file, input.text, ts.ScriptTarget.Latest, false, scriptKindOf(input.file, input.language));
  return input.text.length > deadline.remainingMs() * GUARDED_CHARS_PER_MS ? deadline.interrupting(run) : run();
}

export function extract(input: FrontEndInput): FileFacts {
  const deadline = input.deadline ?? Deadline.NONE;
  const facts = emptyFacts(input.file, input.language, input.hash, input.size);
  facts.module.esm = false;
  let sf: ts.SourceFile;
  try {
    sf = parse(input, deadline);
  } catch (e) {
    if (e instanceof TimeBudgetExceeded) throw e;
    // The parser itself recurses; absurd nesting exhausts its stack.
    facts.parseErrors.push({
      message: `The file could not be parsed: ${e instanceof RangeError ? 'nesting too deep for the parser' : String(e)}`,
      code: 'TS-crash',
      span: { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 },
    });
    return facts;
  }
  deadline.check();
  const spanOf = spanMaker(sf);
  const diags = (sf as unknown as { parseDiagnostics?: RawDiagnostic[] }).parseDiagnostics ?? [];
  for (const d of diags) {
    const start = Math.min(d.start ?? 0, input.text.length);
    const end = Math.min(start + (d.length ?? 0), input.text.length);
    facts.parseErrors.push({ message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), code: `TS${d.code}`, span: spanOf(start, end) });
  }
  try {
    new Walker(sf, facts, deadline).run();
  } catch (e) {
    if (e instanceof TimeBudgetExceeded) throw e;
    facts.parseErrors.push({
      message: `test-lint could not analyse the file: ${e instanceof RangeError ? 'nesting too deep' : String(e)}`,
      code: 'TS-crash', span: spanOf(0, 0),
    });
  }
  try {
    facts.suppressions = extractSuppressions(sf, spanOf);
  } catch { /* suppressions are best effort */ }
  return facts;
}

export const tsFrontEnd: FrontEnd = { languages: ['ts', 'js'], extract };
