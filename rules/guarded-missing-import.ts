import { defineIndex, defineRule, quoteList, type FileFacts, type ImportFact, type ImportGuard, type RuleContext, type TestFact } from '../src/rule-kit/index.js';

type M = 'noModule' | 'noName';

/** Exceptions whose handler swallows an ImportError (a bare `except:` lists none). */
const IMPORT_ERROR_CATCHERS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException', 'builtins.ImportError']);

/** Does this guard turn a failed import into a silent fallback? */
function swallowsImportError(guard: ImportGuard): boolean {
  return guard.catches.length === 0 || guard.catches.some((c) => IMPORT_ERROR_CATCHERS.has(c));
}

interface Skipped { file: string; test: TestFact; id: string }

/** The tests of a file whose skip conditions read one of `names` (a module-level `pytestmark` reading one: all of them). */
function readingTests(file: FileFacts, names: string[]): TestFact[] {
  if (names.length === 0) return [];
  const tests = file.tests.filter((t) => t.kind === 'test');
  if (file.module.pytestmarkReads?.some((n) => names.includes(n))) return tests;
  return tests.filter((t) => t.moduleReads?.some((n) => names.includes(n)));
}

/** Python files by the names they import. */
const IMPORTED_NAMES = defineIndex<string>('py-imported-names', (f) => (f.language === 'python'
  ? [...new Set(f.imports.flatMap((imp) => imp.names.map((n) => n.imported)))].map((n) => [n, f.file] as const) : []));

/**
 * The tests the flags skip: in this file, and in the other test files that import a flag from it
 * (`from tests.helpers import HAS_PDF`) — named by their node id there.
 */
function skippedTests(ctx: RuleContext<M>, flags: string[]): Skipped[] {
  if (flags.length === 0) return [];
  const own = ctx.file.file;
  const id = (t: TestFact) => [...t.scope, t.name].join('::');
  const out: Skipped[] = readingTests(ctx.file, flags).map((test) => ({ file: own, test, id: id(test) }));
  // Python files importing one of the flags by name (from anywhere: the import is resolved below).
  const importers = ctx.model.index(IMPORTED_NAMES);
  const candidates = new Set(flags.flatMap((flag) => importers.get(flag)));
  for (const name of candidates.size ? ctx.model.fileNames() : []) {
    if (!candidates.has(name) || name === own || !ctx.model.isTestFile(name)) continue;
    const other = ctx.model.facts(name)!;
    const locals: string[] = [];
    for (const imp of other.imports) {
      if (!imp.names.some((n) => flags.includes(n.imported))) continue;
      const r = ctx.model.resolveImport(other.file, imp);
      if (r.kind !== 'first-party' || r.file !== own) continue;
      for (const n of imp.names) if (flags.includes(n.imported)) locals.push(n.local);
    }
    for (const test of readingTests(other, locals)) out.push({ file: other.file, test, id: `${other.file}::${id(test)}` });
  }
  return out;
}

/** What the except branch leaves behind, for the message. */
function consequence(guard: ImportGuard, skipped: Skipped[]): string {
  if (guard.flags.length === 0) return 'the except branch always runs';
  const verb = guard.flags.length === 1 ? 'keeps its' : 'keep their';
  const head = `the except branch always runs: ${quoteList(guard.flags, 4)} ${verb} fallback value`;
  if (skipped.length === 0) return `${head}, so tests that check ${guard.flags.length === 1 ? 'it' : 'them'} never run`;
  const ids = skipped.map((s) => s.id);
  const shown = ids.slice(0, 2).map((s) => `\`${s}\``);
  if (ids.length > 2) shown.push(`+${ids.length - 2} more`);
  return `${head}: ${skipped.length === 1 ? '1 test is' : `${skipped.length} tests are`} always skipped (${shown.join(', ')})`;
}

function moduleText(imp: ImportFact): string {
  return '.'.repeat(imp.level) + imp.specifier;
}

export default defineRule({
  id: 'guarded-missing-import',
  phase: 'skip',
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  messages: {
    noModule: 'guarded import of `{module}`, a first-party module that does not exist: {consequence}',
    noName: 'guarded import of `{name}` from `{module}`, which does not define it: {consequence}',
  },
  docs: {
    summary: 'A `try: import … except ImportError:` of a first-party module or name that does not exist, so the fallback (an availability flag such as `HAS_X = False`) is always taken.',
    why: 'Optional-dependency guards are meant for packages that may be missing. Around a first-party module that was moved or renamed, the guard hides the break: the flag is always false and every `skipif(not HAS_X)` / `if not HAS_X: pytest.skip()` test is skipped, silently, for as long as nobody looks.',
    examples: { invalid: 'invalid/moved-module-flag', valid: 'valid/optional-dependency' },
    limitations: 'The tests named are those whose skip conditions read the flag (a `skipif` decorator, the decorators or `pytestmark` of their class, a module-level `pytestmark`, an `if …:` in the body whose branch calls `pytest.skip()`/`self.skipTest()`), in the file of the guard and in test files that import the flag by name from it (`from tests.helpers import HAS_PDF`); reads through a module attribute (`helpers.HAS_PDF`) are not followed. Imports whose except branch imports an alternative (`except ImportError: from app.old import X`) are left to `unresolved-import` on the alternative. External packages are never judged here: a missing optional dependency is the point of the guard.',
  },
  visit: {
    import(imp, ctx: RuleContext<M>) {
      const guard = imp.guard;
      if (!guard || imp.typeChecking || !swallowsImportError(guard)) return;
      // `except ImportError: import json` — the fallback decides (valid/fallback-import).
      if (guard.hasFallback) return;
      const r = ctx.model.resolveImport(ctx.file.file, imp);
      const skipped = skippedTests(ctx, guard.flags);
      const data = { module: moduleText(imp), consequence: consequence(guard, skipped) };
      const related = skipped.map((s) => ({ file: s.file, span: s.test.nameSpan, message: `\`${s.id}\` is always skipped` }));
      if (r.kind === 'unresolved') {
        // Optional third-party dependencies are the normal use of the guard (valid/optional-dependency).
        if (r.reason !== 'first-party') return;
        ctx.report({
          at: imp.specifierSpan,
          message: 'noModule',
          data,
          suggestions: r.candidates.length ? [`did you mean ${quoteList(r.candidates)}?`] : [],
          related,
        });
        return;
      }
      if (r.kind !== 'first-party') return;
      for (const name of imp.names) {
        if (name.imported === '*') continue;
        if (ctx.model.lookupExport(r.file, name.imported).kind !== 'missing') continue;
        const candidates = ctx.model.nearest(name.imported, ctx.model.exportsOf(r.file));
        ctx.report({
          at: name.span,
          message: 'noName',
          data: { ...data, name: name.imported },
          suggestions: candidates.length ? [`did you mean ${quoteList(candidates)}?`] : [],
          related,
        });
      }
    },
  },
});
