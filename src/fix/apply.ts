/**
 * Applies text edits to one file's text: sorted by position, an edit that overlaps (or touches)
 * an edit already taken waits for the next pass, as ESLint and Ruff do.
 */
import type { Fix } from '../rule-kit/types.js';

export interface ApplyResult { text: string; applied: Fix[]; deferred: Fix[] }

export function applyFixes(text: string, fixes: Fix[]): ApplyResult {
  const ordered = [...fixes].sort((a, b) => start(a) - start(b) || end(a) - end(b));
  const taken: Fix[] = [];
  const deferred: Fix[] = [];
  let lastEnd = -1;
  for (const fix of ordered) {
    const edits = [...fix.edits].sort((a, b) => a.start - b.start);
    const overlaps = edits[0].start <= lastEnd || edits.some((e, i) => i > 0 && e.start <= edits[i - 1].end);
    if (overlaps) { deferred.push(fix); continue; }
    taken.push(fix);
    lastEnd = Math.max(lastEnd, ...edits.map((e) => e.end));
  }
  const all = taken.flatMap((f) => f.edits).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of all) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, applied: taken, deferred };
}

function start(f: Fix): number { return Math.min(...f.edits.map((e) => e.start)); }
function end(f: Fix): number { return Math.max(...f.edits.map((e) => e.end)); }
