/** Offset ↔ line/column arithmetic shared by the front-ends and fixes. */
import type { Span } from './types.js';

/** Maps 0-based UTF-16 offsets of one text to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.starts = starts;
  }
  get lineCount(): number { return this.starts.length; }
  lineStart(line: number): number { return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]; }
  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  }
  span(start: number, end: number): Span {
    const line = this.lineOf(start);
    const endLine = end === start ? line : this.lineOf(end);
    return {
      line, column: start - this.starts[line - 1] + 1,
      endLine, endColumn: end - this.starts[endLine - 1] + 1,
      start, end,
    };
  }
  /** The span of a whole line (without its line break). */
  lineSpan(line: number): Span {
    const start = this.lineStart(line);
    let end = line < this.starts.length ? this.starts[line] : this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return this.span(start, end);
  }
}
