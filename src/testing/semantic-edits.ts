/**
 * For tests: scripted semantic edits of a project on disk (add or rename a helper method, delete a
 * function, add or remove a fixture, change a base, an `__all__` or a TS export, add a module a
 * test imports, …). Each edit plans its changes on the tree as it is now and returns null when
 * it does not fit the project; deterministic, no randomness. Line-based (indentation blocks for
 * Python, brace-at-column blocks for TS): good enough for the small projects of the test suite.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The project tree as the edits see it.

/** rel → new text; null deletes the file. */
export type Changes = Map<string, string | null>;

const SKIP_DIRS = new Set(['.test-lint-cache', 'node_modules', '.git']);

/** The project's files (relative, sorted), without the cache folder, node_modules and .git. */
export function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) out.push(...listFiles(root, r)); } else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

export const isPyTest = (f: string) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(f);
export const isTsTest = (f: string) => /\.(test|spec)\.[cm]?tsx?$/.test(f);
const isConftest = (f: string) => /(^|\/)conftest\.py$/.test(f);
const isTsSource = (f: string) => /\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f) && !isTsTest(f) && !/(^|\/)[^/]*\.config\.[cm]?ts$/.test(f);

/** Names and files the edits made: later edits leave them alone (they look for the project's own code). */
const synthetic = (name: string) => /^(added|Added)|(_renamed|Renamed)$/.test(name);
const ownFile = (f: string) => !synthetic(path.posix.basename(f));

export class Tree {
  readonly files: string[];
  constructor(readonly root: string) { this.files = listFiles(root); }
  has(rel: string): boolean { return this.files.includes(rel); }
  read(rel: string): string { return readFileSync(path.join(this.root, rel), 'utf8'); }
  get pySources(): string[] { return this.files.filter((f) => f.endsWith('.py') && !isPyTest(f) && !isConftest(f) && ownFile(f)); }
  get pyTests(): string[] { return this.files.filter(isPyTest); }
  get conftests(): string[] { return this.files.filter(isConftest); }
  get tsSources(): string[] { return this.files.filter((f) => isTsSource(f) && ownFile(f)); }
  get tsTests(): string[] { return this.files.filter(isTsTest); }
}

/** Does the project have a non-test source file (.py or .ts) the edits can work on? */
export function hasNonTestSource(root: string): boolean {
  return listFiles(root).some((f) => (f.endsWith('.py') && !isPyTest(f)) || (/\.ts$/.test(f) && !/\.d\.ts$/.test(f) && !isTsTest(f)));
}

// ---------------------------------------------------------------------------------------------
// Line helpers (Python: indentation blocks; TS: brace-at-column blocks). Good enough for the
// shapes in the projects; an edit that does not fit returns null.

const indentOf = (l: string) => l.length - l.trimStart().length;
const splice = (text: string, at: number, remove: number, ...insert: string[]) => {
  const ls = text.split('\n');
  ls.splice(at, remove, ...insert);
  return ls.join('\n');
};
const withNewline = (t: string) => (t === '' || t.endsWith('\n') ? t : `${t}\n`);
const dirOf = (f: string) => path.posix.dirname(f);
const inDir = (dir: string, name: string) => (dir === '.' ? name : `${dir}/${name}`);

/** The last line of a Python def/class header starting at line i (parentheses may span lines), or null (one-line body, not a header). */
function pyHeaderEnd(ls: string[], i: number): number | null {
  let depth = 0;
  for (let j = i; j < ls.length && j < i + 30; j++) {
    const code = ls[j]!.replace(/#.*$/, '');
    for (const ch of code) {
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth--;
    }
    if (depth <= 0) return /:\s*$/.test(code) ? j : null;
  }
  return null;
}

/** The indentation of the body of the block whose header ends at line h. */
function pyBodyIndent(ls: string[], start: number, h: number): string {
  for (let j = h + 1; j < ls.length; j++) {
    if (ls[j]!.trim() === '') continue;
    if (indentOf(ls[j]!) > indentOf(ls[start]!)) return ls[j]!.slice(0, indentOf(ls[j]!));
    break;
  }
  return `${ls[start]!.slice(0, indentOf(ls[start]!))}    `;
}

/** [first line (decorators included), end (exclusive)] of the Python block starting at line i. */
function pyBlock(ls: string[], i: number): [number, number] | null {
  const h = pyHeaderEnd(ls, i);
  if (h === null) return null;
  const ind = indentOf(ls[i]!);
  let first = i;
  while (first > 0 && ls[first - 1]!.trim().startsWith('@') && indentOf(ls[first - 1]!) === ind) first--;
  let last = h;
  for (let j = h + 1; j < ls.length; j++) {
    if (ls[j]!.trim() === '') continue;
    if (indentOf(ls[j]!) <= ind) break;
    last = j;
  }
  return [first, last + 1];
}

interface Hit { file: string; line: number; m: RegExpMatchArray }

/** The first line matching re in the files, in order, that names no synthetic thing; `ok` filters. */
function firstLine(tree: Tree, files: string[], re: RegExp, ok: (h: Hit, ls: string[]) => boolean = () => true): Hit | null {
  for (const file of files) {
    const ls = tree.read(file).split('\n');
    for (let i = 0; i < ls.length; i++) {
      const m = ls[i]!.match(re);
      if (m && !m.slice(1).some((g) => g && synthetic(g)) && ok({ file, line: i, m }, ls)) return { file, line: i, m };
    }
  }
  return null;
}

const PY_CLASS = /^(\s*)class\s+(\w+)\s*(\(([^)]*)\))?\s*:/;
const PY_METHOD = /^(\s+)(async\s+)?def\s+(\w+)\s*\(\s*self\b/;
const PY_TOP_DEF = /^(async\s+)?def\s+(\w+)\s*\(/;
const TS_CLASS = /^(\s*)(export\s+)?(default\s+)?(abstract\s+)?class\s+(\w+)([^{]*)\{\s*$/;
const TS_EXPORT_VALUE = /^export\s+(?:default\s+)?(?:declare\s+)?(?:async\s+)?(function\*?|const|let|class|abstract\s+class)\s+(\w+)/;
const TS_REEXPORT = /^export\s+(type\s+)?(\*(\s+as\s+\w+)?|\{([^}]*)\})\s+from\s+['"][^'"]+['"]/;
const TS_TOP_FUNCTION = /^(export\s+)?(async\s+)?function\s+(\w+)/;
const TS_NOT_METHOD = new Set(['constructor', 'if', 'for', 'while', 'switch', 'catch', 'return', 'super', 'function']);

const isHeader = (h: Hit, ls: string[]) => pyHeaderEnd(ls, h.line) !== null;
const notDunder = (h: Hit) => !/^__\w+__$/.test(h.m[3]!);

/** The methods of the TS classes in a file: [line, name]. */
function tsMethods(ls: string[]): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 0; i < ls.length; i++) {
    const c = ls[i]!.match(TS_CLASS);
    if (!c) continue;
    const close = ls.findIndex((l, j) => j > i && l.trimEnd() === `${c[1]}}`);
    if (close < 0) continue;
    const body = ls.slice(i + 1, close).find((l) => l.trim() !== '');
    if (!body) continue;
    const memberIndent = indentOf(body);
    for (let j = i + 1; j < close; j++) {
      if (indentOf(ls[j]!) !== memberIndent) continue;
      const m = ls[j]!.match(/^\s+(?:(?:public|private|protected|static|async|override|readonly|abstract|get|set)\s+)*(\w+)\s*(?:<[^>]*>)?\(/);
      if (m && !TS_NOT_METHOD.has(m[1]!) && !synthetic(m[1]!)) out.push([j, m[1]!]);
    }
    i = close;
  }
  return out;
}

/** The relative import suffix the project uses ('.js' under NodeNext-style imports, else none). */
const tsSuffix = (tree: Tree) => ([...tree.tsSources, ...tree.tsTests].some((f) => /from\s+['"]\.{1,2}\/[^'"]+\.js['"]/.test(tree.read(f))) ? '.js' : '');

/** Where a Python test file's leading imports end (after multi-line parenthesised imports). */
function pyImportsEnd(ls: string[]): number {
  let at = 0;
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    if (/^(def|class|@|if|try|with)\b/.test(l)) break;
    if (/^(import|from)\s/.test(l)) {
      let j = i;
      if (l.includes('(') && !l.includes(')')) while (j < ls.length - 1 && !ls[j]!.includes(')')) j++;
      at = j + 1;
      i = j;
    }
  }
  return at;
}

/** The first of the files whose module name a test file mentions (a helper the tests import), else the first. */
function usedByTests(tree: Tree, files: string[], tests: string[]): string | undefined {
  const testText = tests.map((t) => tree.read(t)).join('\n');
  const nameOf = (f: string) => {
    const base = path.posix.basename(f).replace(/\.(py|[cm]?ts)$/, '');
    return base === '__init__' || base === 'index' ? path.posix.basename(dirOf(f)) : base;
  };
  return files.find((f) => new RegExp(`\\b${nameOf(f).replace(/[^\w]/g, '.')}\\b`).test(testText)) ?? files[0];
}

/** Renames the first call `.m(` in the test files of one of these methods (to m + suffix). */
function renameCall(tree: Tree, tests: string[], methods: Set<string>, suffix: string): Changes | null {
  const h = firstLine(tree, tests, /\.(\w+)\(/, (x) => methods.has(x.m[1]!));
  if (!h) return null;
  const ls = tree.read(h.file).split('\n');
  ls[h.line] = ls[h.line]!.replace(`.${h.m[1]}(`, `.${h.m[1]}${suffix}(`);
  return new Map([[h.file, ls.join('\n')]]);
}

const PYTEST_BUILTIN_FIXTURES = new Set(['self', 'request', 'tmp_path', 'tmpdir', 'monkeypatch', 'capsys', 'capfd', 'caplog', 'recwarn', 'pytestconfig', 'tmp_path_factory', 'cache']);

// ---------------------------------------------------------------------------------------------
// The edit library. Each edit plans its changes on the tree as it is now, or returns null when it
// does not fit the project. `then` is applied (and judged) right after it.

export interface Edit { name: string; plan(tree: Tree): Changes | null; then?: Edit }

/** Writes (or deletes) the changed files. */
export function applyChanges(root: string, changes: Changes): void {
  for (const [rel, text] of changes) {
    const abs = path.join(root, rel);
    if (text === null) rmSync(abs, { force: true });
    else { mkdirSync(path.dirname(abs), { recursive: true }); writeFileSync(abs, text); }
  }
}

const one = (file: string, text: string | null): Changes => new Map([[file, text]]);

/** The follow-up of an import of a missing module: `module` appears beside the first of `files` whose text has `marker`. */
function moduleAppears(name: string, files: (tree: Tree) => string[], marker: string, module: string, text: string): Edit {
  return {
    name,
    plan(tree) {
      const file = files(tree).find((f) => tree.read(f).includes(marker));
      const target = file && inDir(dirOf(file), module);
      return target && !tree.has(target) ? one(target, text) : null;
    },
  };
}

export const EDITS: Edit[] = [
  {
    name: 'py: add a method to the first class of a helper module',
    plan(tree) {
      const h = firstLine(tree, tree.pySources, PY_CLASS, isHeader);
      if (!h) return null;
      const text = tree.read(h.file);
      const ls = text.split('\n');
      const end = pyHeaderEnd(ls, h.line)!;
      const bi = pyBodyIndent(ls, h.line, end);
      return one(h.file, splice(text, end + 1, 0, `${bi}def added_method(self):`, `${bi}    return 1`, ''));
    },
  },
  {
    name: 'py: rename a helper method',
    plan(tree) {
      const h = firstLine(tree, tree.pySources, PY_METHOD, notDunder);
      if (!h) return null;
      const ls = tree.read(h.file).split('\n');
      ls[h.line] = ls[h.line]!.replace(new RegExp(`def\\s+${h.m[3]}\\b`), `def ${h.m[3]}_renamed`);
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'py: delete a top-level function',
    plan(tree) {
      const h = firstLine(tree, tree.pySources, PY_TOP_DEF, isHeader);
      if (!h) return null;
      const text = tree.read(h.file);
      const [a, b] = pyBlock(text.split('\n'), h.line)!;
      return one(h.file, splice(text, a, b - a));
    },
  },
  {
    name: 'py: add a top-level function',
    plan(tree) {
      const file = tree.pySources.find((f) => /^(def|class)\s/m.test(tree.read(f))) ?? tree.pySources[0];
      if (!file) return null;
      return one(file, `${withNewline(tree.read(file))}\n\ndef added_function(value):\n    return value\n`);
    },
  },
  {
    name: 'py: add a fixture to a conftest.py (one a test asks for, if any)',
    plan(tree) {
      if (tree.pyTests.length === 0) return null;
      const defined = new Set<string>();
      const asked: string[] = [];
      for (const f of tree.files.filter((x) => x.endsWith('.py'))) {
        const text = tree.read(f);
        for (const m of text.matchAll(/def\s+(\w+)\s*\(/g)) defined.add(m[1]!);
        if (isPyTest(f)) for (const m of text.matchAll(/def\s+test\w*\s*\(([^)]*)\)/g)) asked.push(...m[1]!.split(',').map((p) => p.trim().split(/[:=\s]/)[0]!).filter(Boolean));
      }
      const name = asked.find((p) => /^\w+$/.test(p) && !defined.has(p) && !PYTEST_BUILTIN_FIXTURES.has(p)) ?? 'added_fixture';
      const fixture = `@pytest.fixture\ndef ${name}():\n    return 1\n`;
      const conftest = tree.conftests[0];
      if (!conftest) return one(inDir(dirOf(tree.pyTests[0]!), 'conftest.py'), `import pytest\n\n\n${fixture}`);
      const text = tree.read(conftest);
      const head = /^import pytest\b/m.test(text) ? '' : 'import pytest\n';
      return one(conftest, `${head}${withNewline(text)}\n\n${fixture}`);
    },
  },
  {
    name: 'py: remove a fixture from a conftest.py',
    plan(tree) {
      const h = firstLine(tree, tree.conftests, /^def\s+\w+\s*\(/, (x, ls) => x.line > 0 && /^@(pytest\.)?fixture\b/.test(ls[x.line - 1]!) && isHeader(x, ls));
      if (!h) return null;
      const text = tree.read(h.file);
      const [a, b] = pyBlock(text.split('\n'), h.line)!;
      return one(h.file, splice(text, a, b - a));
    },
  },
  {
    name: 'py: set request.instance.x in a conftest fixture',
    plan(tree) {
      const header = /^def\s+(\w+)\s*\(([^)]*)\)(\s*->[^:]*)?:\s*$/;
      const isFixture = (x: Hit, ls: string[]) => x.line > 0 && /^@(pytest\.)?fixture\b/.test(ls[x.line - 1]!) && !/^\s*self\b/.test(x.m[2]!);
      const h = firstLine(tree, tree.conftests, header, (x, ls) => isFixture(x, ls) && /autouse\s*=\s*True/.test(ls[x.line - 1]!))
        ?? firstLine(tree, tree.conftests, header, isFixture);
      if (!h) return null;
      const text = tree.read(h.file);
      const ls = text.split('\n');
      const params = h.m[2]!.trim();
      const withRequest = /\brequest\b/.test(params) ? params : params ? `request, ${params}` : 'request';
      ls[h.line] = ls[h.line]!.replace(`(${h.m[2]})`, `(${withRequest})`);
      const bi = pyBodyIndent(ls, h.line, h.line);
      ls.splice(h.line + 1, 0, `${bi}request.instance.x = 1`);
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'py: add a subclass of a helper class in a new module',
    plan(tree) {
      const h = firstLine(tree, tree.pySources, PY_CLASS, (x) => x.m[1] === '');
      if (!h) return null;
      const dir = dirOf(h.file);
      const file = inDir(dir, 'added_subclass.py');
      if (tree.has(file)) return null;
      const mod = path.posix.basename(h.file, '.py');
      const cls = h.m[2]!;
      const from = tree.has(inDir(dir, '__init__.py')) ? (mod === '__init__' ? `from . import ${cls}` : `from .${mod} import ${cls}`) : `from ${mod} import ${cls}`;
      return one(file, `${from}\n\n\nclass AddedSub(${cls}):\n    def added_use(self):\n        return 1\n`);
    },
  },
  {
    name: 'py: change the base of a class',
    plan(tree) {
      const h = firstLine(tree, [...tree.pySources, ...tree.pyTests], PY_CLASS, (x) => Boolean(x.m[4]?.trim()));
      if (!h) return null;
      const ls = tree.read(h.file).split('\n');
      const base = h.m[4]!.trim() === 'object' ? 'dict' : 'object';
      ls[h.line] = ls[h.line]!.replace(h.m[3]!, `(${base})`);
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'py: read self.newattr in a helper method',
    plan(tree) {
      const h = firstLine(tree, tree.pySources, PY_METHOD, isHeader);
      if (!h) return null;
      const ls = tree.read(h.file).split('\n');
      const end = pyHeaderEnd(ls, h.line)!;
      ls.splice(end + 1, 0, `${pyBodyIndent(ls, h.line, end)}_read = self.newattr`);
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'py: change __all__',
    plan(tree) {
      for (const file of tree.pySources) {
        const text = tree.read(file);
        const m = text.match(/^__all__\s*(?::[^=]*)?=\s*([[(])([^\])]*)[\])]/m);
        if (!m) continue;
        const items = m[2]!;
        const fewer = /(['"])[^'"]*\1\s*,?\s*/.test(items) ? items.replace(/(['"])[^'"]*\1\s*,?\s*/, '') : '"added_name"';
        return one(file, text.replace(m[0], m[0].replace(items, fewer)));
      }
      for (const file of tree.pySources) {
        const text = tree.read(file);
        const name = text.match(/^(?:def|class)\s+(\w+)/m)?.[1];
        if (name) return one(file, `${withNewline(text)}\n__all__ = ["${name}"]\n`);
      }
      return null;
    },
  },
  {
    name: 'py: add a required field to a dataclass',
    plan(tree) {
      const h = firstLine(tree, tree.pySources, PY_CLASS, (x, ls) => x.line > 0 && /^\s*@(dataclasses\.)?dataclass\b/.test(ls[x.line - 1]!) && isHeader(x, ls));
      if (!h) return null;
      const ls = tree.read(h.file).split('\n');
      const end = pyHeaderEnd(ls, h.line)!;
      ls.splice(end + 1, 0, `${pyBodyIndent(ls, h.line, end)}added_field: int`);
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'py test: rename a called helper method',
    plan(tree) {
      const methods = new Set<string>();
      for (const f of tree.pySources) for (const m of tree.read(f).matchAll(/^\s+(?:async\s+)?def\s+(\w+)\s*\(\s*self\b/gm)) if (!/^__/.test(m[1]!) && !synthetic(m[1]!)) methods.add(m[1]!);
      return renameCall(tree, tree.pyTests, methods, '_renamed');
    },
  },
  {
    name: 'py test: import a module that does not exist yet',
    plan(tree) {
      const test = tree.pyTests[0];
      if (!test || tree.has(inDir(dirOf(test), 'added_helper.py'))) return null;
      const text = tree.read(test);
      if (text.includes('added_helper')) return null;
      const imp = tree.has(inDir(dirOf(test), '__init__.py')) ? 'from . import added_helper' : 'import added_helper';
      const ls = text.split('\n');
      ls.splice(pyImportsEnd(ls), 0, imp);
      return one(test, `${withNewline(ls.join('\n'))}\n\ndef test_added_helper():\n    assert added_helper.answer() == 1\n`);
    },
    then: moduleAppears('py: the imported module appears (file set changes)', (t) => t.pyTests, 'added_helper.answer()', 'added_helper.py', 'def answer():\n    return 1\n'),
  },
  {
    name: 'py: a helper a test imports imports a sibling module that does not exist yet',
    plan(tree) {
      const file = usedByTests(tree, tree.pySources.filter((f) => tree.has(inDir(dirOf(f), '__init__.py'))), tree.pyTests);
      if (!file || tree.has(inDir(dirOf(file), 'added_sibling.py'))) return null;
      const ls = tree.read(file).split('\n');
      if (ls.some((l) => l.includes('added_sibling'))) return null;
      ls.splice(pyImportsEnd(ls), 0, 'from .added_sibling import VALUE');
      return one(file, ls.join('\n'));
    },
    then: moduleAppears('py: the sibling module appears (outside the tests, file set changes)', (t) => t.pySources, 'from .added_sibling import VALUE', 'added_sibling.py', 'VALUE = 1\n'),
  },
  {
    name: 'ts: add a method to the first class',
    plan(tree) {
      const h = firstLine(tree, tree.tsSources, TS_CLASS);
      if (!h) return null;
      return one(h.file, splice(tree.read(h.file), h.line + 1, 0, `${h.m[1]}  addedMethod(): number { return 1; }`));
    },
  },
  {
    name: 'ts: rename a class method',
    plan(tree) {
      for (const file of tree.tsSources) {
        const ls = tree.read(file).split('\n');
        const [at, name] = tsMethods(ls)[0] ?? [];
        if (at === undefined) continue;
        ls[at] = ls[at]!.replace(new RegExp(`\\b${name}\\s*(<[^>]*>)?\\(`), (s) => s.replace(name!, `${name}Renamed`));
        return one(file, ls.join('\n'));
      }
      return null;
    },
  },
  {
    name: 'ts: rename an export',
    plan(tree) {
      const hits: Hit[] = [];
      firstLine(tree, tree.tsSources, TS_EXPORT_VALUE, (h) => { hits.push(h); return hits.length > 1; });
      const h = hits[1] ?? hits[0];
      if (!h) return null;
      const ls = tree.read(h.file).split('\n');
      ls[h.line] = ls[h.line]!.replace(new RegExp(`(${h.m[1]!.replace(/\s+/g, '\\s+').replace('*', '\\*')}\\s+)${h.m[2]}\\b`), `$1${h.m[2]}Renamed`);
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'ts: remove an export',
    plan(tree) {
      const h = firstLine(tree, tree.tsSources, TS_EXPORT_VALUE);
      if (!h) return null;
      const ls = tree.read(h.file).split('\n');
      ls[h.line] = ls[h.line]!.replace(/^export\s+(default\s+)?/, '');
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'ts: drop a re-export',
    plan(tree) {
      const h = firstLine(tree, tree.tsSources, TS_REEXPORT);
      if (!h) return null;
      const text = tree.read(h.file);
      const names = h.m[4]?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
      if (names.length < 2) return one(h.file, splice(text, h.line, 1));
      const ls = text.split('\n');
      ls[h.line] = ls[h.line]!.replace(`{${h.m[4]}}`, `{ ${names.slice(1).join(', ')} }`);
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'ts: add an exported function',
    plan(tree) {
      const file = tree.tsSources.find((f) => /^export\s/m.test(tree.read(f))) ?? tree.tsSources[0];
      if (!file) return null;
      return one(file, `${withNewline(tree.read(file))}\nexport function addedFunction(value: number): number {\n  return value;\n}\n`);
    },
  },
  {
    name: 'ts: delete a top-level function',
    plan(tree) {
      const h = firstLine(tree, tree.tsSources, TS_TOP_FUNCTION);
      if (!h) return null;
      const text = tree.read(h.file);
      const ls = text.split('\n');
      const line = ls[h.line]!;
      const oneLine = line.trimEnd().endsWith('}') && line.split('{').length === line.split('}').length;
      const end = oneLine ? h.line : ls.findIndex((l, j) => j > h.line && /^}/.test(l));
      if (end < 0) return null;
      return one(h.file, splice(text, h.line, end - h.line + 1));
    },
  },
  {
    name: 'ts: add a subclass of an exported class in a new module',
    plan(tree) {
      const h = firstLine(tree, tree.tsSources, /^export\s+(abstract\s+)?class\s+(\w+)/);
      if (!h) return null;
      const file = inDir(dirOf(h.file), 'added-subclass.ts');
      if (tree.has(file)) return null;
      const spec = `./${path.posix.basename(h.file).replace(/\.[cm]?ts$/, '')}${tsSuffix(tree)}`;
      return one(file, `import { ${h.m[2]} } from '${spec}';\n\nexport class AddedSub extends ${h.m[2]} {\n  addedUse(): number {\n    return 1;\n  }\n}\n`);
    },
  },
  {
    name: 'ts: change the base of a class',
    plan(tree) {
      const h = firstLine(tree, [...tree.tsSources, ...tree.tsTests], TS_CLASS, (x) => /\bextends\b/.test(x.m[6]!));
      if (!h) return null;
      const ls = tree.read(h.file).split('\n');
      ls[h.line] = ls[h.line]!.replace(/\s+extends\s+[\w.$]+(<[^{]*?>)?/, '');
      return one(h.file, ls.join('\n'));
    },
  },
  {
    name: 'ts test: rename a called class method',
    plan(tree) {
      const methods = new Set<string>();
      for (const f of tree.tsSources) for (const [, name] of tsMethods(tree.read(f).split('\n'))) methods.add(name);
      return renameCall(tree, tree.tsTests, methods, 'Renamed');
    },
  },
  {
    name: 'ts test: import a module that does not exist yet',
    plan(tree) {
      const test = tree.tsTests[0];
      if (!test || tree.has(inDir(dirOf(test), 'added-helper.ts'))) return null;
      const text = tree.read(test);
      if (text.includes('added-helper')) return null;
      return one(test, `import { addedAnswer } from './added-helper${tsSuffix(tree)}';\n${withNewline(text)}\naddedAnswer();\n`);
    },
    then: moduleAppears('ts: the imported module appears (file set changes)', (t) => t.tsTests, './added-helper', 'added-helper.ts', 'export function addedAnswer(): number {\n  return 1;\n}\n'),
  },
  {
    name: 'ts: a helper a test imports imports a sibling module that does not exist yet',
    plan(tree) {
      const file = usedByTests(tree, tree.tsSources, tree.tsTests);
      if (!file || tree.has(inDir(dirOf(file), 'added-sibling.ts'))) return null;
      const text = tree.read(file);
      if (text.includes('added-sibling')) return null;
      return one(file, `import { addedSibling } from './added-sibling${tsSuffix(tree)}';\n${withNewline(text)}export const addedSiblingUse = addedSibling;\n`);
    },
    then: moduleAppears('ts: the sibling module appears (outside the tests, file set changes)', (t) => t.tsSources, './added-sibling', 'added-sibling.ts', 'export const addedSibling = 1;\n'),
  },
];
