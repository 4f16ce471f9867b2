/**
 * pytest-specific facts that ride along with FileFacts (typed here, folded into the contract later),
 * and the name matching pytest applies to `python_functions` / `python_classes`.
 */
import type { FileFacts, TestFact } from '../../facts/types.js';

export type { ParametrizeFact, FixtureFact, PytestFacts } from '../../facts/types.js';
export type PythonTestFact = TestFact;
export type PythonFileFacts = FileFacts;

/** fnmatch-style glob → RegExp ('*', '?', '[seq]', '[!seq]'). */
function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/** pytest's `_matches_prefix_or_glob_option`: a plain prefix, or an fnmatch glob when it has glob characters. */
export function makeNameMatcher(patterns: string[]): (name: string) => boolean {
  const prefixes: string[] = [];
  const globs: RegExp[] = [];
  for (const p of patterns) {
    prefixes.push(p);
    if (/[*?[]/.test(p)) globs.push(globToRegExp(p));
  }
  return (name) => {
    for (const p of prefixes) if (name.startsWith(p)) return true;
    for (const g of globs) if (g.test(name)) return true;
    return false;
  };
}
