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
/**
 * A JS/TS line only code has: a call, an arrow, a statement-ending `;`, a brace ending the line, a
 * declaration or control keyword, an assignment to a name or member. Not `[`/`]`/`=` alone, which
 * AST-selector diagrams (`CallExpression[callee.name="x"]`) and prose tables have too.
 */
const JS_CODE_LINE = /[\w$)\]]\s*\(|=>|;\s*(?:\/\/.*)?$|[{}]\s*[,;)]?\s*$|^\s*[{}]|^\s*(?:import|export|const|let|var|function|return|if|else|for|while|class|await|throw|try|catch|new|async)\b|^\s*[\w$.]+\s*(?:[-+*/%|&]|\*\*|\?\?|\|\||&&)?=(?!=)|^\s*@\w/;
/** `no: import x from "y"`: a line that starts with a label (JS code almost never has labels). */
const JS_LABELED = /^\s*[A-Za-z_$][\w$]*:\s*\S/;
const MAX_RUN_LINES = 2000;

interface CommentLine { line: number; start: number; end: number; body: string }

/** A whole-line JS/TS block comment (`/* … *\/` alone on its lines), its lines uncommented. */
interface BlockComment { start: number; end: number; line: number; bodies: string[]; doc: boolean }

/** Adds `facts.comments` and marks text issues that sit inside comments. */
export function addCommentFacts(facts: FileFacts, text: string): void {
  const python = facts.language === 'python';
  const { lines, ranges, strings, blocks } = python ? { ...pythonComments(text), blocks: [] } : { ...jsComments(text), ranges: [], strings: [] };
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
    idx ??= new LineIndex(text);
    const fact = runFact(bodies, facts, idx, run[0].start, run[run.length - 1].end);
    if (fact) runs.push(fact);
  }
  for (const b of blocks) {
    idx ??= new LineIndex(text);
    const fact = runFact(b.bodies, facts, idx, b.start, b.end);
    if (fact) runs.push({ ...fact, style: b.doc ? 'doc' : 'block' });
  }
  if (blocks.length) runs.sort((a, b) => a.span.start - b.span.start);
  facts.comments = runs;
}

/** One run's fact: its uncommented text and whether it parses as code; null when every line is blank. */
function runFact(bodies: string[], facts: FileFacts, idx: LineIndex, start: number, end: number): CommentRunFact | null {
  const nonBlank = bodies.filter((b) => b.trim() !== '');
  if (!nonBlank.length) return null;
  const code = dedent(bodies);
  let parsesAsCode: boolean | null = null;
  if (nonBlank.length >= 2 && bodies.length <= MAX_RUN_LINES) {
    const python = facts.language === 'python';
    const codeLine = python ? PY_CODE_LINE : JS_CODE_LINE;
    // Every line labelled (`no: import x from "y"`, `yes: export { x }`): annotated examples, not code.
    const examples = !python && nonBlank.every((b) => JS_LABELED.test(b));
    parsesAsCode = !examples && nonBlank.some((b) => codeLine.test(b)) && parses(code, facts);
  }
  return { span: idx.span(start, end), lines: bodies.length, nonBlankLines: nonBlank.length, parsesAsCode, text: code };
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

/** Keywords after which a `/` starts a regular expression, not a division. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

/**
 * JS/TS: the whole-line `//` comments and the whole-line block comments, found by a small lexer
 * that steps over strings, template literals (with `${…}` nesting) and regular expressions, so a
 * `//` or `/*` inside them is not a comment.
 */
function jsComments(text: string): { lines: CommentLine[]; blocks: BlockComment[] } {
  const lines: CommentLine[] = [];
  const blocks: BlockComment[] = [];
  if (!text.includes('//') && !text.includes('/*')) return { lines, blocks };
  const n = text.length;
  let line = 1;
  let onlySpace = true;
  /** The last significant character (or a keyword that allows a regex after it), for regex detection. */
  let prev = '';
  let word = '';
  /** Brace depth of each open `${` of the template literals we are inside. */
  const templates: number[] = [];
  let depth = 0;
  const newline = () => { line++; onlySpace = true; };
  const skipTemplate = (from: number): number => {
    // From just after a backtick or a closing `}` of `${…}`: to the end of the template, or into a `${`.
    for (let j = from; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d === 92 /* \ */) { j++; if (text.charCodeAt(j) === 10) newline(); continue; }
      if (d === 10) { newline(); continue; }
      if (d === 96 /* ` */) return j;
      if (d === 36 /* $ */ && text.charCodeAt(j + 1) === 123 /* { */) { templates.push(depth); depth++; return j + 1; }
    }
    return n;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { newline(); continue; }
    if (c === 32 || c === 9 || c === 13 || c === 12) continue;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      if (text.charCodeAt(end - 1) === 13) end--;
      const raw = text.slice(i, end);
      if (onlySpace && !/^\/\/\/\s*<reference\b/.test(raw)) {
        const m = /^\/\/\/?/.exec(raw)!;
        lines.push({ line, start: i, end, body: stripOneSpace(raw.slice(m[0].length)) });
      }
      i = end - 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      let close = text.indexOf('*/', i + 2);
      if (close < 0) close = n - 2;
      const end = close + 2;
      const startLine = line;
      const wholeLineStart = onlySpace;
      const inner = text.slice(i + 2, close);
      for (let j = i; j < end && j < n; j++) if (text.charCodeAt(j) === 10) newline();
      let k = end;
      while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 13)) k++;
      if (wholeLineStart && (k >= n || text.charCodeAt(k) === 10) && inner.includes('\n')) {
        const doc = (inner.startsWith('*') && inner !== '*') || inner.startsWith('!');
        blocks.push({ start: i, end: Math.min(end, n), line: startLine, bodies: blockBodies(inner), doc });
      }
      onlySpace = false;
      i = end - 1;
      continue;
    }
    onlySpace = false;
    if (c === 39 || c === 34 /* ' " */) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 92) { j++; continue; }
        if (d === c || d === 10) break;
      }
      if (text.charCodeAt(j) === 10) j--; // unterminated: the line ends it
      i = j; prev = 'a'; word = '';
      continue;
    }
    if (c === 96) { i = skipTemplate(i + 1); prev = 'a'; word = ''; continue; }
    if (c === 123) { depth++; prev = '{'; word = ''; continue; }
    if (c === 125) {
      depth--;
      if (templates.length && templates[templates.length - 1] === depth) { templates.pop(); i = skipTemplate(i + 1); prev = 'a'; word = ''; continue; }
      prev = '}'; word = '';
      continue;
    }
    if (c === 47) {
      const regex = prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || REGEX_AFTER_WORD.has(word);
      if (regex) {
        let j = i + 1;
        let inClass = false;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === 92) { j++; continue; }
          if (d === 10) { j--; break; }
          if (d === 91) inClass = true;
          else if (d === 93) inClass = false;
          else if (d === 47 && !inClass) break;
        }
        i = j; prev = 'a'; word = '';
        continue;
      }
    }
    const isWord = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
    if (isWord) {
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95 || d === 36) j++;
        else break;
      }
      word = text.slice(i, j);
      prev = 'a';
      i = j - 1;
      continue;
    }
    prev = text[i]!;
    word = '';
  }
  return { lines, blocks };
}

/**
 * The lines of a block comment's inside, uncommented: a leading ` * ` gutter is removed when every
 * line after the first has one (the first line is what follows `/*`, the last what precedes `*\/`).
 */
function blockBodies(inner: string): string[] {
  const raw = inner.replace(/^[*!]/, '').split(/\r?\n/);
  const rest = raw.slice(1).filter((l) => l.trim() !== '');
  const gutter = rest.length > 0 && rest.every((l) => /^\s*\*/.test(l));
  const out = raw.map((l, i) => (gutter && i > 0 ? l.replace(/^\s*\* ?/, '') : l));
  // The last line is what precedes `*\/`: blank, or the extra stars of a `**\/` closer.
  if (out.length && /^\s*\**\s*$/.test(out[out.length - 1]!)) out.pop();
  if (out.length && out[0]!.trim() === '') out.shift();
  return out;
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
