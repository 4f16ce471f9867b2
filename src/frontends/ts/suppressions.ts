/**
 * `test-lint-disable…` comments. The text is searched for the marker (rare, so cheap), and
 * each hit is confirmed to sit in a comment by descending the already-parsed tree: a hit
 * inside a string, template or JSX text is not a directive.
 */
import ts from 'typescript';
import type { SuppressionFact } from '../../facts/types.js';
import type { SpanOf } from './span.js';

const MARKER = 'test-lint-disable';
const DIRECTIVE = /^\s*test-lint-disable(-next-line|-line)?(?=\s|$)([\s\S]*)$/;

/** Nodes without children whose own text may contain the marker. */
function isTextLeaf(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral
    || kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle
    || kind === ts.SyntaxKind.TemplateTail || kind === ts.SyntaxKind.RegularExpressionLiteral
    || kind === ts.SyntaxKind.JsxText || kind === ts.SyntaxKind.JsxTextAllWhiteSpaces;
}

/** The comment range [start, end, kind] covering `pos`, or null when `pos` is code or literal text. */
function commentAt(sf: ts.SourceFile, pos: number): [number, number, ts.SyntaxKind] | null {
  let node: ts.Node = sf;
  let scanFrom = 0;
  for (let guard = 0; guard < 100000; guard++) {
    let next: ts.Node | undefined;
    let prevEnd = -1;
    ts.forEachChild(node, (child) => {
      if (child.pos <= pos && pos < child.end) { next = child; return true; }
      if (child.end <= pos && child.end > prevEnd) prevEnd = child.end;
      return undefined;
    }, (children) => {
      for (const child of children) {
        if (child.pos <= pos && pos < child.end) { next = child; return true; }
        if (child.end <= pos && child.end > prevEnd) prevEnd = child.end;
      }
      return undefined;
    });
    if (next) { node = next; continue; }
    const start = node.kind === ts.SyntaxKind.SourceFile ? 0 : node.getStart(sf);
    if (pos < start) scanFrom = node.pos;
    else if (isTextLeaf(node.kind)) return null;
    else scanFrom = prevEnd >= 0 ? prevEnd : start;
    break;
  }
  // Between scanFrom and pos there are only punctuation, keywords and trivia: safe to scan.
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sf.languageVariant, sf.text);
  scanner.resetTokenState(scanFrom);
  for (let i = 0; i < 100000; i++) {
    const kind = scanner.scan();
    const tokStart = scanner.getTokenStart();
    const tokEnd = scanner.getTokenEnd();
    if (kind === ts.SyntaxKind.EndOfFileToken || tokStart > pos) return null;
    if (pos < tokEnd) {
      return kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia
        ? [tokStart, tokEnd, kind] : null;
    }
  }
  return null;
}

export function extractSuppressions(sf: ts.SourceFile, spanOf: SpanOf): SuppressionFact[] {
  const text = sf.text;
  const out: SuppressionFact[] = [];
  let at = text.indexOf(MARKER);
  let lastComment = -1;
  while (at >= 0) {
    const found = commentAt(sf, at);
    if (found && found[0] !== lastComment) {
      lastComment = found[0];
      const [start, end, kind] = found;
      const body = kind === ts.SyntaxKind.SingleLineCommentTrivia
        ? text.slice(start + 2, end)
        : text.slice(start + 2, end - 2).replace(/^\s*\*/gm, ' ');
      const m = DIRECTIVE.exec(body);
      if (m) {
        const rules = m[2].split(/(?:^|\s)--(?:\s|$)/)[0].split(/[\s,]+/).filter((r) => r.length > 0);
        const span = spanOf(start, end);
        const which = m[1];
        if (which === '-next-line') out.push({ kind: 'next-line', rules, span, targetLine: span.endLine + 1 });
        else if (which === '-line') out.push({ kind: 'line', rules, span, targetLine: span.line });
        else out.push({ kind: 'file', rules, span, targetLine: span.line });
      }
    }
    at = text.indexOf(MARKER, at + MARKER.length);
  }
  return out;
}
