/**
 * pytest-specific facts that ride along with FileFacts (typed here, folded into the contract later),
 * and the name matching pytest applies to `python_functions` / `python_classes`.
 */
import type { FileFacts, Span, TestFact } from '../../facts/types.js';

/** One `@pytest.mark.parametrize(argnames, argvalues)` on a test. */
export interface ParametrizeFact {
  /** Names from `"a,b"` / `"a, b"` / `["a", "b"]` / `("a", "b")`. */
  argnames: string[];
  /**
   * One entry per element of a literal argvalues list/tuple: tuple/list length, positional
   * argument count of `pytest.param(...)`, 1 for every value when there is a single argname,
   * null when the element's arity cannot be read from syntax (a name, a call…).
   */
  valueArity: (number | null)[];
  /** False when argvalues is not a literal list/tuple (then valueArity is empty). */
  valuesStatic: boolean;
  /** The span of the decorator. */
  span: Span;
}

export type PythonTestFact = TestFact & { parametrize?: ParametrizeFact[] };

/** A function decorated with `@pytest.fixture` / `@fixture` / `@pytest_asyncio.fixture`. */
export interface FixtureFact {
  /** The name tests request: the `name=` override when given, otherwise the function name. */
  name: string;
  functionName: string;
  /** True when `name=` overrides the function name. */
  renamed: boolean;
  span: Span;
  nameSpan: Span;
  /** Parameters pytest resolves as fixtures (same rules as TestFact.params). */
  params: string[];
  autouse: boolean;
  /** `scope=` as a string literal ('function', 'module'…); null when absent or not a literal. */
  scope: string | null;
  /** Enclosing class names, outermost first (a fixture defined in a test class). */
  classScope: string[];
  async: boolean;
  /** The fixture has `params=[…]` (it is parametrized). */
  parametrized: boolean;
  /** Other decorators (dotted names) on the fixture, e.g. 'pytest.mark.skip' (mark-on-fixture). */
  otherDecorators: string[];
}

export interface PytestFacts {
  fixtures: FixtureFact[];
}

export type PythonFileFacts = FileFacts & { tests: PythonTestFact[]; pytest?: PytestFacts };

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
