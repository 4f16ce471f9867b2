/**
 * The CPython tokenizer's checks that tree-sitter's lenient scanner does not make: indentation
 * (unexpected indent, unindent mismatch, missing indented block, TabError) and nesting limits.
 * Strings are skipped using the string ranges of the tree, so f-string rules of any version agree.
 */

export interface ScanError {
  message: string;
  start: number;
  end: number;
}

const MAX_PAREN_LEVEL = 200;
const MAX_INDENT_LEVEL = 100;

/** Human wording of CPython's "expected an indented block after …" by the opener's first word. */
function openerPhrase(line: string, lineNo: number): string {
  const m = /^\s*(?:async\s+)?([A-Za-z_]+)/.exec(line);
  const word = m ? m[1]! : '';
  let what: string;
  switch (word) {
    case 'def': what = 'function definition'; break;
    case 'class': what = 'class definition'; break;
    case 'if': case 'elif': case 'else': case 'for': case 'while': case 'try': case 'except':
    case 'finally': case 'with': case 'match': case 'case':
      what = `'${word}' statement`; break;
    default: return 'expected an indented block';
  }
  return `expected an indented block after ${what} on line ${lineNo}`;
}

/**
 * Returns the first tokenizer-level error CPython would raise, or null.
 * `strings` is the flat, source-ordered list of string node ranges from the tree.
 */
export function scanTokens(text: string, strings: number[]): ScanError | null {
  const n = text.length;
  const indents: number[] = [0];
  const altIndents: number[] = [0];
  let depth = 0;
  let pos = 0;
  let line = 1;
  let strIdx = 0;
  let nextStr = strings.length > 0 ? strings[0]! : -1;
  let openerLine = 0;      // line number of a pending block opener, 0 when none
  let openerStart = 0;
  let openerText = '';
  let continuation = false;

  while (pos < n) {
    // ---- at the start of a physical line
    const lineStart = pos;
    if (depth === 0 && !continuation) {
      let col = 0;
      let alt = 0;
      while (pos < n) {
        const ch = text.charCodeAt(pos);
        if (ch === 32) { col++; alt++; }
        else if (ch === 9) { col = (Math.floor(col / 8) + 1) * 8; alt++; }
        else if (ch === 12) { col = 0; alt = 0; }
        else break;
        pos++;
      }
      const ch = pos < n ? text.charCodeAt(pos) : -1;
      const blank = ch === -1 || ch === 35 /* # */ || ch === 10 || ch === 13 || (ch === 92 && isLineEnd(text, pos + 1));
      if (!blank) {
        const top = indents[indents.length - 1]!;
        const altTop = altIndents[altIndents.length - 1]!;
        if (col > top) {
          if (!openerLine) return { message: 'unexpected indent', start: lineStart, end: pos };
          if (alt <= altTop) return { message: 'inconsistent use of tabs and spaces in indentation', start: lineStart, end: pos };
          if (indents.length >= MAX_INDENT_LEVEL) return { message: 'too many levels of indentation', start: lineStart, end: pos };
          indents.push(col);
          altIndents.push(alt);
        } else {
          if (openerLine) return { message: openerPhrase(openerText, openerLine), start: lineStart, end: pos };
          if (col === top) {
            if (alt !== altTop) return { message: 'inconsistent use of tabs and spaces in indentation', start: lineStart, end: pos };
          } else {
            while (indents.length > 1 && col < indents[indents.length - 1]!) {
              indents.pop();
              altIndents.pop();
            }
            if (col !== indents[indents.length - 1]) {
              return { message: 'unindent does not match any outer indentation level', start: lineStart, end: pos };
            }
            if (alt !== altIndents[altIndents.length - 1]) {
              return { message: 'inconsistent use of tabs and spaces in indentation', start: lineStart, end: pos };
            }
          }
        }
        openerLine = 0;
      }
    }
    continuation = false;
    // ---- the rest of the physical line
    let lastSig = -1; // char code of the last significant character on this line (outside strings/comments)
    let lastSigIsString = false;
    while (pos < n) {
      if (pos === nextStr) {
        const end = strings[strIdx + 1]!;
        // count newlines inside the string so line numbers stay right
        for (let i = text.indexOf('\n', pos); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++;
        pos = end > pos ? end : pos + 1;
        while (nextStr !== -1 && nextStr < pos) {
          strIdx += 2;
          nextStr = strIdx < strings.length ? strings[strIdx]! : -1;
        }
        lastSig = 34;
        lastSigIsString = true;
        continue;
      }
      const ch = text.charCodeAt(pos);
      if (ch === 10 || ch === 13) break;
      if (ch === 35) { // comment: skip to the end of the line
        while (pos < n) {
          const c2 = text.charCodeAt(pos);
          if (c2 === 10 || c2 === 13) break;
          pos++;
        }
        break;
      }
      if (ch === 92 && isLineEnd(text, pos + 1)) { continuation = true; pos++; break; }
      if (ch === 96 /* ` */ || ch === 36 /* $ */ || ch === 63 /* ? */) return { message: 'invalid syntax', start: pos, end: pos + 1 };
      if (ch === 40 || ch === 91 || ch === 123) {
        depth++;
        if (depth > MAX_PAREN_LEVEL) return { message: 'too many nested parentheses', start: pos, end: pos + 1 };
      } else if (ch === 41 || ch === 93 || ch === 125) {
        if (depth > 0) depth--;
      } else if ((ch === 34 || ch === 39) && nextStr !== pos) {
        // a quote the tree did not see as a string start (broken file): skip the rest of the line
        while (pos < n && text.charCodeAt(pos) !== 10) pos++;
        break;
      }
      if (ch !== 32 && ch !== 9 && ch !== 12) { lastSig = ch; lastSigIsString = false; }
      pos++;
    }
    // ---- end of physical line
    if (depth === 0 && !continuation && lastSig === 58 /* : */ && !lastSigIsString) {
      // find the logical line's first physical line for the message
      openerLine = line;
      openerStart = lineStart;
      openerText = text.slice(lineStart, Math.min(pos, lineStart + 80));
    } else if (depth === 0 && !continuation && lastSig !== -1) {
      openerLine = 0;
    }
    if (pos < n) {
      const ch = text.charCodeAt(pos);
      pos++;
      if (ch === 13 && pos < n && text.charCodeAt(pos) === 10) pos++;
      line++;
    }
  }
  if (openerLine) return { message: openerPhrase(openerText, openerLine), start: openerStart, end: n };
  return null;
}

function isLineEnd(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return c === 10 || c === 13;
}
