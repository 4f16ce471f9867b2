import path from 'node:path';
import { defineRule, type LoadFailure, type ProjectModel } from '../src/rule-kit/index.js';

const LINE_ONE = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

/**
 * The conftest.py files pytest loads before it collects `file` (project-relative), outermost first:
 * one per folder from the rootdir (or the project root, when the rootdir is above it) down to the
 * file's folder.
 */
function conftestChain(model: ProjectModel, file: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    dirs.push(dir === '.' ? '' : dir);
    if (dir === '.' || dir === '/' || dir === '') break;
  }
  let top = '';
  const rootdir = model.pytestConfig()?.rootdir;
  if (rootdir) {
    const rel = path.relative(model.root, rootdir).split(path.sep).join('/');
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) top = rel;
  }
  const out: string[] = [];
  for (const dir of dirs.reverse()) {
    if (top && dir !== top && !dir.startsWith(top + '/')) continue;
    const conftest = dir ? `${dir}/conftest.py` : 'conftest.py';
    if (conftest !== file && model.facts(conftest)) out.push(conftest);
  }
  return out;
}

/** The modules between the importer's target (or, `from` 1, the module after it) and the root cause. */
/** The first conftest pytest loads for this test file that cannot load, with its failure. */
function conftestFailure(model: ProjectModel, file: string): { conftest: string; failure: LoadFailure } | null {
  if (model.languageOf(file) !== 'python' || path.posix.basename(file) === 'conftest.py') return null;
  for (const conftest of conftestChain(model, file)) {
    const failure = model.loadFailure(conftest);
    if (failure) return { conftest, failure };
  }
  return null;
}

const rootKey = (f: LoadFailure) => `${f.rootFile}:${f.rootSpan.line}`;

function via(failure: LoadFailure, from = 0): string {
  const mid = failure.chain.slice(from, -1);
  return mid.length ? ` (via ${mid.map((f) => `\`${f}\``).join(' → ')})` : '';
}

export default defineRule({
  id: 'unloadable-import',
  phase: 'collect',
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  messages: {
    cannotLoad: '`{specifier}` cannot load: `{root}` {reason}{via}',
    conftest: '`{conftest}` cannot load, so pytest cannot collect this file: `{root}` {reason}{via}',
  },
  docs: {
    summary: 'A test file imports a first-party module that itself cannot load (a syntax error, an unresolved import, a missing name or an undefined name at its top level), directly or through other modules.',
    why: 'The test file fails to collect although nothing is wrong in it; reported here with the root cause, so hundreds of broken test files point at the one line to fix. Python test files below a `conftest.py` that cannot load are reported too (at line 1): pytest loads the `conftest.py` of a test file\'s folder and of every parent up to the rootdir before it collects the file: one broken conftest stops every test file below it (with test files on the command line, pytest 9 aborts the whole session: "ImportError while loading conftest", exit 4).',
    examples: { invalid: 'invalid/ts-broken-helper', valid: 'valid/ts-lazy-import' },
    limitations: 'Only the first root cause of each module is named; of a chain of broken conftests, the outermost (the one pytest loads first). Plugins named in `pytest_plugins` are not followed.',
  },
  visit: {
    file(facts, ctx) {
      const broken = conftestFailure(ctx.model, facts.file);
      if (!broken) return;
      const { conftest, failure } = broken;
      ctx.report({
        at: LINE_ONE,
        message: 'conftest',
        data: { conftest, root: rootKey(failure), reason: failure.reason, via: via(failure, 1) },
        suggestions: [`fix \`${rootKey(failure)}\` (${failure.rootRule})`],
        related: [{ file: failure.rootFile, span: failure.rootSpan, message: `root cause (${failure.rootRule})` }],
      });
    },
    import(imp, ctx) {
      if (!ctx.model.runsAtLoad(ctx.file.file, imp)) return;
      const r = ctx.model.resolveImport(ctx.file.file, imp);
      if (r.kind !== 'first-party') return;
      const failure: LoadFailure | null = ctx.model.loadFailure(r.file);
      if (!failure) return;
      // The same root cause already stops the file through its conftest: one finding per file and root.
      const broken = conftestFailure(ctx.model, ctx.file.file);
      if (broken && rootKey(broken.failure) === rootKey(failure)) return;
      ctx.report({
        at: imp.specifierSpan,
        message: 'cannotLoad',
        data: {
          specifier: ctx.file.language === 'python' ? '.'.repeat(imp.level) + imp.specifier : imp.specifier,
          root: `${failure.rootFile}:${failure.rootSpan.line}`, reason: failure.reason, via: via(failure),
        },
        suggestions: [`fix \`${failure.rootFile}:${failure.rootSpan.line}\` (${failure.rootRule})`],
        related: [{ file: failure.rootFile, span: failure.rootSpan, message: `root cause (${failure.rootRule})` }],
      });
    },
  },
});
