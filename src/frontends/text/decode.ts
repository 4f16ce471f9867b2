/**
 * Language-neutral first step for every file: bytes → text the parsers can read, plus the
 * text-level facts (encoding damage, conflict markers) that no parser reports well.
 */
import { createHash } from 'node:crypto';
import { LineIndex } from '../../facts/span.js';
import type { TextIssueFact } from '../../facts/types.js';
import { mayHaveMojibake, mojibakeInLine } from './mojibake.js';

export interface DecodedFile {
  text: string;
  hash: string;
  size: number;
  issues: TextIssueFact[];
  /** The bytes are not text at all (many NULs / not decodable): parsers should not run. */
  binary: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The byte offset of the first invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number, min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const MARKER = /^(<{7}(?: |$)|={7}$|>{7}(?: |$)|\|{7}(?: |$))/;

export function decodeFile(bytes: Uint8Array): DecodedFile {
  const hash = createHash('sha1').update(bytes).digest('hex');
  const issues: TextIssueFact[] = [];
  let body = bytes;
  let text: string;
  // UTF-16 with a BOM: decode it so the rest of the pipeline still sees the code.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
    const idx = new LineIndex(text);
    issues.push({ kind: 'utf16', span: idx.span(0, 0), detail: le ? 'UTF-16 LE' : 'UTF-16 BE' });
    return { text, hash, size: bytes.length, issues, binary: false };
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  let nul = body.indexOf(0);
  const binary = nul >= 0 && countNul(body) > Math.max(8, body.length / 100);
  const invalidAt = firstInvalidUtf8(body);
  text = utf8.decode(body);
  const idx = new LineIndex(text);
  if (invalidAt >= 0) {
    const at = utf8.decode(body.subarray(0, invalidAt)).length;
    issues.push({ kind: 'invalid-utf8', span: idx.span(at, Math.min(at + 1, text.length)), detail: String(invalidAt + (body === bytes ? 0 : 3)) });
  }
  if (nul >= 0) {
    const at = text.indexOf('\0');
    issues.push({ kind: 'nul-byte', span: idx.span(at, at + 1), detail: String(nul + (body === bytes ? 0 : 3)) });
  }
  const innerBom = text.indexOf('\uFEFF');
  if (innerBom >= 0) issues.push({ kind: 'bom-inside', span: idx.span(innerBom, innerBom + 1) });
  if (!binary) findConflictMarkers(text, idx, issues);
  if (!binary && mayHaveMojibake(text)) findMojibake(text, idx, issues);
  return { text, hash, size: bytes.length, issues, binary };
}

function countNul(b: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < b.length; i++) if (b[i] === 0) c++;
  return c;
}

/** Conflict markers: a `<<<<<<<` line followed later by `=======` and `>>>>>>>` lines (a lone `=======` is a heading underline). */
function findConflictMarkers(text: string, idx: LineIndex, out: TextIssueFact[]): void {
  if (!text.includes('<<<<<<<') && !text.includes('>>>>>>>')) return;
  const lines = text.split(/\r\n|\r|\n/);
  let open = -1;
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (!m) continue;
    const kind = lines[i][0];
    if (kind === '<') open = i;
    if (kind === '<' || (kind !== '<' && open >= 0) || kind === '>') {
      out.push({ kind: 'conflict-marker', span: idx.lineSpan(i + 1), detail: lines[i].slice(0, 7) });
    }
    if (kind === '>') open = -1;
  }
}

/** Mojibake, one issue per damaged line: the span from the first to the last mangled sequence, with its repair. */
function findMojibake(text: string, idx: LineIndex, out: TextIssueFact[]): void {
  const lineBreak = /\r\n|\r|\n/g;
  let start = 0;
  for (;;) {
    const m = lineBreak.exec(text);
    const end = m ? m.index : text.length;
    const line = text.slice(start, end);
    const run = line.length < 100_000 && /[^\x00-\x7f]/.test(line) ? mojibakeInLine(line) : null;
    if (run) {
      out.push({
        kind: 'mojibake', span: idx.span(start + run.start, start + run.end),
        detail: run.codePage, replacement: run.replacement,
      });
    }
    if (!m) break;
    start = m.index + m[0].length;
  }
  // A fixer's test holds the damaged text and its repair side by side: the repair elsewhere in the file says so.
  for (const issue of out) {
    if (issue.kind === 'mojibake' && issue.replacement && text.includes(issue.replacement)) issue.repairedElsewhere = true;
  }
}
