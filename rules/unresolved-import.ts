import { defineRule, type ImportFact, type RuleContext } from '../src/rule-kit/index.js';

type M = 'firstParty' | 'package' | 'notForRunner';

/** The phase an import breaks: load-time imports break collection, imports inside functions break the test. */
function phaseOf(imp: ImportFact, ctx: RuleContext<M>): 'collect' | 'run' {
  return ctx.model.runsAtLoad(ctx.file.file, imp) ? 'collect' : 'run';
}

export default defineRule({
  id: 'unresolved-import',
  phase: ['collect', 'run'],
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'sometimes', applicability: 'unsafe' },
  messages: {
    firstParty: '`{specifier}` does not resolve to a file of this project',
    package: 'package `{specifier}` is neither installed nor declared in package.json',
    notForRunner: '`{specifier}` does not resolve for the test runner: {detail}',
  },
  docs: {
    summary: 'An import of a first-party module path that resolves to nothing, or of a package that is neither installed nor declared.',
    why: 'The module fails to load (collect) — or the test that runs the import fails (run) — with "Cannot find module" / ModuleNotFoundError.',
    examples: { invalid: 'invalid/ts-relative-typo', valid: 'valid/ts-paths-and-aliases' },
    fixSafety: 'The rename to the nearest existing path is unsafe: the closest name is not always the intended module.',
    limitations: 'Type-only imports are erased before the runner loads the file and are not reported. Guarded Python imports belong to guarded-missing-import; `vi.mock` paths to unresolved-patch-target.',
  },
  visit: {
    import(imp, ctx) {
      // Erased or never executed: no runner phase breaks (valid/type-only-import).
      if (imp.typeOnly || imp.typeChecking || imp.kind === 'mock') return;
      // A try/except ImportError makes the failure a skip, not an error: guarded-missing-import's case.
      if (imp.guard) return;
      const r = ctx.model.resolveImport(ctx.file.file, imp);
      if (r.kind !== 'unresolved') return;
      if (r.reason === 'package' && ctx.file.language === 'python') return; // python externals: see resolver statuses
      // vitest serves `vi.mock(id, factory)` / `vi.doMock` for an id that resolves to nothing (jest needs `{ virtual: true }`).
      if (ctx.model.runnerOf(ctx.file.file) === 'vitest' && ctx.file.imports.some((i) => i.kind === 'mock' && i.hasFactory && i.specifier === imp.specifier)) return; // valid/ts-vi-mock-virtual
      const candidate = r.candidates.length === 1 ? r.candidates[0] : null;
      const replaced = candidate && ctx.file.language !== 'python'
        ? { start: imp.specifierSpan.start + 1, end: imp.specifierSpan.end - 1 } // inside the quotes
        : null;
      ctx.report({
        at: imp.specifierSpan,
        phase: phaseOf(imp, ctx),
        message: r.detail ? 'notForRunner' : r.reason === 'first-party' ? 'firstParty' : 'package',
        data: { specifier: imp.level ? '.'.repeat(imp.level) + imp.specifier : imp.specifier, detail: r.detail ?? '' },
        suggestions: r.candidates.map((c) => `did you mean \`${c}\`?`),
        fix: candidate && replaced ? {
          title: `Import \`${candidate}\` instead`, applicability: 'unsafe',
          edits: [{ file: ctx.file.file, ...replaced, text: candidate }],
        } : undefined,
      });
    },
  },
});
