/** The one place where offsets of a parsed file become `Span`s (1-based lines/columns). */
import ts from 'typescript';
import type { Span } from '../../facts/types.js';

export type SpanOf = (start: number, end: number) => Span;

/** A span maker bound to one source file; uses TypeScript's own line map so spans agree with its diagnostics. */
export function spanMaker(sf: ts.SourceFile): SpanOf {
  return (start, end) => {
    const a = ts.getLineAndCharacterOfPosition(sf, start);
    const b = end === start ? a : ts.getLineAndCharacterOfPosition(sf, end);
    return {
      line: a.line + 1, column: a.character + 1,
      endLine: b.line + 1, endColumn: b.character + 1,
      start, end,
    };
  };
}

/** The span of a node, from its first token (trivia skipped) to its end. */
export function nodeSpan(spanOf: SpanOf, sf: ts.SourceFile, node: ts.Node): Span {
  return spanOf(node.getStart(sf), node.end);
}
