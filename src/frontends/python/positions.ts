/** Turns 0-based UTF-16 offsets into contract Spans (1-based lines and UTF-16 columns). */
import type { Span } from '../../facts/types.js';

export class LineIndex {
  /** Offset of the first character of each line (line 1 at index 0). */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.lineStarts = starts;
  }

  /** The 0-based line of an offset (binary search). */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  span(start: number, end: number): Span {
    const len = this.text.length;
    if (start > len) start = len;
    if (end > len) end = len;
    if (end < start) end = start;
    const l1 = this.lineOf(start);
    const l2 = end === start ? l1 : this.lineOf(end);
    return {
      line: l1 + 1,
      column: start - this.lineStarts[l1]! + 1,
      endLine: l2 + 1,
      endColumn: end - this.lineStarts[l2]! + 1,
      start,
      end,
    };
  }
}
