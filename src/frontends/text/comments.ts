/**
 * Comment facts for every language, computed after the language front-end: runs of whole-line
 * comments (uncommented, with whether they parse as code) and, for Python, whether a damaged
 * byte sits in a comment. Runs once over the text; the parsers only see short candidate runs.
 */
import { createRequire } from 'node:module';
import type TS from 'typescript';

/** TypeScript is loaded only when a JS/TS comment run needs parsing (a Python-only run never pays for it). */
let tsModule: typeof TS | null = null;
const tsLib = (): typeof TS => (tsModule ??= createRequire(import.meta.url)('typescript') as typeof TS);
import { LineIndex } from '../../facts/span.js';
import type { CommentRunFact, FileFacts } from '../../facts/types.js';
import { parsePython } from '../python/parser.js';

/** Upper-case marker-like words (`REMOVED_SYNTAX_ERROR`, `DISABLED`): a single comment line with one is kept as a run. */
const MARKER_LIKE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b|\b[A-Z]{5,}\b/;
const PY_CODE_LINE = /[()=[\]{}]|^\s*(?:import|from|def|class|return|assert|raise|if|elif|else|for|while|with|try|except|finally|async|await|yield|pass|del|global|nonlocal)\b/;
const JS_CODE_LINE = /[()=;{}[\]]|=>|^\s*(?:import|export|const|let|var|function|return|if|else|for|while|class|await|throw|try|catch)\b/;
const MAX_RUN_LINES = 2000;

interface CommentLine { line: number; start: number; end: number; body: string }

/** Adds `facts.comments` and marks text issues that sit inside comments. */
export function addCommentFacts(facts: FileFacts, text: string): void {
  const python = facts.language === 'python';
  const { lines, ranges, strings } = python ? pythonComments(text) : { ...jsComments(text), strings: [] };
  if (python && facts.textIssues.length) {
    const inside = (at: number, r: number[]) => { for (let i = 0; i < r.length; i += 2) if (at >= r[i] && at < r[i + 1]) return true; return false; };
    for (const issue of facts.textIssues) {
      if (issue.kind !== 'invalid-utf8' && issue.kind !== 'nul-byte' && issue.kind !== 'bom-inside') continue;
      issue.where = inside(issue.span.start, ranges) ? 'comment' : inside(issue.span.start, strings) ? 'string' : 'code';
    }
  }
  const runs: CommentRunFact[] = [];
  let idx: LineIndex | null = null;
  for (let i = 0; i < lines.length;) {
    let j = i + 1;
    while (j < lines.length && lines[j].line === lines[j - 1].line + 1) j++;
    const run = lines.slice(i, j);
    i = j;
    const bodies = run.map((l) => l.body);
    if (run.length < 2 && !MARKER_LIKE.test(bodies[0])) continue;
    const nonBlank = bodies.filter((b) => b.trim() !== '');
    if (!nonBlank.length) continue;
    const code = dedent(bodies);
    let parsesAsCode: boolean | null = null;
    if (nonBlank.length >= 2 && run.length <= MAX_RUN_LINES) {
      const codeLine = python ? PY_CODE_LINE : JS_CODE_LINE;
      parsesAsCode = nonBlank.some((b) => codeLine.test(b)) && parses(code, facts);
    }
    idx ??= new LineIndex(text);
    runs.push({
      span: idx.span(run[0].start, run[run.length - 1].end),
      lines: run.length, nonBlankLines: nonBlank.length, parsesAsCode, text: code,
    });
  }
  facts.comments = runs;
}

/** Does this snippet parse without error in the file's language? */
function parses(code: string, facts: FileFacts): boolean {
  if (facts.language === 'python') {
    const tree = parsePython(code + '\n');
    return tree !== null && !tree.hasError && !tree.truncated;
  }
  const ts = tsLib();
  const kind = /\.[jt]sx$/.test(facts.file) ? (facts.language === 'ts' ? ts.ScriptKind.TSX : ts.ScriptKind.JSX)
    : facts.language === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile('snippet', code, ts.ScriptTarget.Latest, false, kind);
  return ((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics ?? []).length === 0;
}

/** Removes the common leading whitespace of the non-blank lines. */
function dedent(lines: string[]): string {
  let common = Infinity;
  for (const l of lines) if (l.trim() !== '') common = Math.min(common, /^[ \t]*/.exec(l)![0].length);
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(common === Infinity ? 0 : common))).join('\n');
}

/** JS/TS: lines whose first non-blank characters are `//` (block comments are not runs). */
function jsComments(text: string): { lines: CommentLine[]; ranges: number[] } {
  const lines: CommentLine[] = [];
  if (!text.includes('//')) return { lines, ranges: [] };
  forEachLine(text, (line, start, end, n) => {
    const m = /^[ \t]*\/\/\/?/.exec(line);
    if (!m) return;
    if (/^[ \t]*\/\/\/\s*<reference\b/.test(line)) return;
    lines.push({ line: n, start: start + m[0].length - (m[0].trimStart().length), end, body: stripOneSpace(line.slice(m[0].length)) });
  });
  return { lines, ranges: [] };
}

/**
 * Python: every comment (outside strings, so `#` lines inside docstrings are not comments) and
 * every string literal, as flat [start, end…] ranges, and the whole-line comments with their bodies.
 */
function pythonComments(text: string): { lines: CommentLine[]; ranges: number[]; strings: number[] } {
  const lines: CommentLine[] = [];
  const ranges: number[] = [];
  const strings: number[] = [];
  let line = 1;
  let onlySpace = true;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++; onlySpace = true;
      continue;
    }
    if (c === 35 /* # */) {
      let end = i;
      while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      ranges.push(i, end);
      const shebang = line === 1 && text.charCodeAt(i + 1) === 33;
      if (onlySpace && !shebang) lines.push({ line, start: i, end, body: stripOneSpace(text.slice(i + 1, end)) });
      i = end - 1;
      continue;
    }
    if (c === 34 || c === 39 /* " ' */) {
      onlySpace = false;
      const start = i;
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      let j = triple ? i + 3 : i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 92 /* \ */) { j++; if (text.charCodeAt(j) === 10) line++; continue; }
        if (d === 10 || d === 13) {
          if (!triple) break; // an unterminated one-line string ends at the line break
          if (d === 13 && text.charCodeAt(j + 1) === 10) j++;
          line++;
          continue;
        }
        if (d === c && (!triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) { j += triple ? 2 : 0; break; }
      }
      i = j < n && (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13) ? j - 1 : j;
      strings.push(start, i + 1);
      continue;
    }
    if (c !== 32 && c !== 9 && c !== 12) onlySpace = false;
  }
  return { lines, ranges, strings };
}

function stripOneSpace(s: string): string {
  return s.startsWith(' ') ? s.slice(1) : s;
}

function forEachLine(text: string, fn: (line: string, start: number, end: number, n: number) => void): void {
  const re = /\r\n|\r|\n/g;
  let start = 0;
  let n = 1;
  for (;;) {
    const m = re.exec(text);
    const end = m ? m.index : text.length;
    fn(text.slice(start, end), start, end, n);
    if (!m) return;
    start = m.index + m[0].length;
    n++;
  }
}
