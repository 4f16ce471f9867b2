import { defineRule, quoteList, type ImportFact, type ImportGuard, type RuleContext } from '../src/rule-kit/index.js';

type M = 'noModule' | 'noName';

/** Exceptions whose handler swallows an ImportError (a bare `except:` lists none). */
const IMPORT_ERROR_CATCHERS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException', 'builtins.ImportError']);

/** Does this guard turn a failed import into a silent fallback? */
function swallowsImportError(guard: ImportGuard): boolean {
  return guard.catches.length === 0 || guard.catches.some((c) => IMPORT_ERROR_CATCHERS.has(c));
}

/** What the except branch leaves behind, for the message. */
function consequence(guard: ImportGuard): string {
  if (guard.flags.length === 0) return 'the except branch always runs';
  const verb = guard.flags.length === 1 ? 'keeps its' : 'keep their';
  return `the except branch always runs: ${quoteList(guard.flags, 4)} ${verb} fallback value, so tests that check ${guard.flags.length === 1 ? 'it' : 'them'} never run`;
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
    limitations: 'The tests that read the flag are not named yet: the Python facts do not record which module-level names a `skipif` condition or a test body reads. Imports whose except branch imports an alternative (`except ImportError: from app.old import X`) are left to `unresolved-import` on the alternative. External packages are never judged here: a missing optional dependency is the point of the guard.',
  },
  visit: {
    import(imp, ctx: RuleContext<M>) {
      const guard = imp.guard;
      if (!guard || imp.typeChecking || !swallowsImportError(guard)) return;
      // `except ImportError: import json` — the fallback decides (valid/fallback-import).
      if (guard.hasFallback) return;
      const r = ctx.model.resolveImport(ctx.file.file, imp);
      const data = { module: moduleText(imp), consequence: consequence(guard) };
      if (r.kind === 'unresolved') {
        // Optional third-party dependencies are the normal use of the guard (valid/optional-dependency).
        if (r.reason !== 'first-party') return;
        ctx.report({
          at: imp.specifierSpan,
          message: 'noModule',
          data,
          suggestions: r.candidates.length ? [`did you mean ${quoteList(r.candidates)}?`] : [],
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
        });
      }
    },
  },
});
