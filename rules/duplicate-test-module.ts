import path from 'node:path';
import { defineRule, type ImportFact, type ProjectModel } from '../src/rule-kit/index.js';

const LINE_ONE = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

/** A synthetic `from .{level-1 dots} import …` as the resolver needs it. */
function relativeImport(level: number): ImportFact {
  return { kind: 'import', specifier: '', level, names: [], span: LINE_ONE, specifierSpan: LINE_ONE, phase: 'collect', typeOnly: false };
}

/**
 * The module name pytest's prepend/append modes give a test file: the file's stem, prefixed by
 * every enclosing directory that is a package (has `__init__.py`), outermost first.
 */
function pytestModuleName(model: ProjectModel, file: string, packages: Map<string, string>): string {
  const folder = path.posix.dirname(file);
  let pkg = packages.get(folder);
  if (pkg === undefined) {
    // The package path is the folder's (any module of a folder gets the same one): asked once per folder.
    const parts: string[] = [];
    let dir = folder;
    for (let level = 1; level < 64 && dir !== '.' && dir !== ''; level++) {
      const r = model.resolveImport(file, relativeImport(level));
      if (r.kind !== 'first-party' || r.file !== `${dir}/__init__.py`) break;
      parts.unshift(path.posix.basename(dir));
      dir = path.posix.dirname(dir);
    }
    pkg = parts.map((p) => `${p}.`).join('');
    packages.set(folder, pkg);
  }
  return pkg + path.posix.basename(file, '.py');
}

/** fnmatch on one path segment (norecursedirs). */
function segmentMatcher(patterns: readonly string[]): (segment: string) => boolean {
  const res = patterns.map((p) => new RegExp('^' + p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$'));
  return (s) => res.some((re) => re.test(s));
}

export default defineRule({
  id: 'duplicate-test-module',
  phase: 'collect',
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  messages: {
    mismatch: 'test module `{module}` is also `{other}`: pytest imports that one first and fails this file with an import file mismatch',
  },
  docs: {
    summary: 'Two pytest test files that get the same module name: the same basename in folders without `__init__.py` (or the same dotted name inside packages), under the default `prepend` (or `append`) import mode.',
    why: 'pytest imports test files by module name. The second file with a name already in `sys.modules` gets the first file\'s module back and stops with "import file mismatch": none of its tests are collected (and without `--continue-on-collection-errors` the whole run is interrupted).',
    examples: { invalid: 'invalid/same-basename', valid: 'valid/packages' },
    limitations: 'Only files in the linted set are compared. Files outside `testpaths` or inside `norecursedirs` folders are ignored; `pytest` invoked with explicit paths may collect other sets.',
  },
  visit: {},
  project(ctx) {
    const cfg = ctx.model.pytestConfig();
    // importlib mode gives every file a unique name (valid/importlib-mode).
    if (cfg?.importMode === 'importlib') return;
    const root = ctx.model.root;
    const testpaths = (cfg?.testpaths ?? []).filter((t) => !/[*?[]/.test(t))
      .map((t) => path.relative(root, path.resolve(cfg!.rootdir, t)).split(path.sep).join('/'));
    const norecurse = segmentMatcher(cfg?.norecursedirs ?? []);
    const collected = (file: string) =>
      (testpaths.length === 0 || testpaths.some((t) => t === '' || t === file || file.startsWith(`${t}/`)))
      && !path.posix.dirname(file).split('/').some((s) => s !== '.' && norecurse(s));

    const byName = new Map<string, string[]>();
    const packages = new Map<string, string>();
    for (const file of ctx.model.fileNames()) {
      if (ctx.model.languageOf(file) !== 'python' || !file.endsWith('.py') || !ctx.model.isTestFile(file)) continue;
      if (!collected(file)) continue;
      const name = pytestModuleName(ctx.model, file, packages);
      const list = byName.get(name) ?? [];
      list.push(file);
      byName.set(name, list);
    }
    for (const [module, files] of byName) {
      if (files.length < 2) continue;
      // pytest walks directories in sorted order: the first file wins the name.
      files.sort();
      for (const file of files.slice(1)) {
        if (!ctx.model.isReported(file)) continue;
        ctx.report({
          file,
          at: LINE_ONE,
          message: 'mismatch',
          data: { module, other: files[0] },
          suggestions: ['add `__init__.py` to both folders, rename one file, or use `--import-mode=importlib`'],
          related: [{ file: files[0], span: LINE_ONE, message: 'imported first under the same name' }],
        });
      }
    }
  },
});
