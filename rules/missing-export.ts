import { defineRule, quoteList, type ImportFact, type ImportedName, type RuleContext } from '../src/rule-kit/index.js';

type M = 'notDefined' | 'noDefault' | 'notAttribute';
type Phase = 'collect' | 'run' | 'integrity';

/**
 * The phase a missing name breaks. Python and native ESM fail when the import runs; under the
 * vitest/jest transforms the binding is `undefined` and fails where it is first read.
 */
function phaseOf(imp: ImportFact, name: ImportedName, ctx: RuleContext<M>): Phase {
  const { file, model } = ctx;
  const loads = model.runsAtLoad(file.file, imp);
  if (file.language === 'python') return loads ? 'collect' : 'run';
  const runner = model.runnerOf(file.file);
  const nativeEsm = (runner === 'node-test' || runner === 'mocha') && file.module.esm && file.language === 'js';
  if (nativeEsm && loads) return 'collect';
  if (name.firstUse === null) return 'integrity';
  return loads ? name.firstUse : 'run';
}

export default defineRule({
  id: 'missing-export',
  phase: ['collect', 'run', 'integrity'],
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'sometimes', applicability: 'unsafe' },
  messages: {
    notDefined: '`{module}` defines no `{name}`',
    noDefault: '`{module}` has no default export',
    notAttribute: 'module `{module}` has no attribute `{name}`',
  },
  docs: {
    summary: 'A name imported from a first-party module that does not define it (following re-exports, `export *`, `__all__`, star imports and submodules).',
    why: 'Python raises ImportError and native ESM a SyntaxError when the file loads; under vitest and jest the name is `undefined` and the first use fails (at load time in a describe body, else in the test).',
    examples: { invalid: 'invalid/ts-renamed-export', valid: 'valid/ts-reexport-chain' },
    fixSafety: 'Renaming to the nearest export is unsafe: the nearest name is not always the intended one.',
    limitations: 'Modules that build their names at run time (`__getattr__`, `module.exports = f()`, `export =`) are not judged.',
  },
  visit: {
    import(imp, ctx) {
      // Erased imports and mocks never read the target's names (valid/type-only-import).
      if (imp.typeOnly || imp.typeChecking || imp.kind === 'mock' || imp.kind === 'side-effect') return;
      if (imp.guard) return; // guarded-missing-import's case
      const r = ctx.model.resolveImport(ctx.file.file, imp);
      if (r.kind !== 'first-party') return;
      // `vi.mock('./m', () => ({…}))` offers the factory's names, not the module's (valid/ts-mock-factory).
      if (ctx.model.mockedWithFactory(ctx.file.file, r.file)) return;
      const py = ctx.file.language === 'python';
      for (const name of imp.names) {
        if (name.imported === '*' || name.typeOnly) continue;
        const found = ctx.model.lookupExport(r.file, name.imported);
        if (found.kind !== 'missing') continue;
        const candidates = ctx.model.nearest(name.imported, ctx.model.exportsOf(r.file).filter((n) => n !== 'default'));
        const module = py ? '.'.repeat(imp.level) + imp.specifier : imp.specifier;
        const fix = candidates.length === 1 && name.imported !== 'default' ? {
          title: `Import \`${candidates[0]}\` instead`, applicability: 'unsafe' as const,
          // Keep the local name so the file's uses still bind: `import { food as foo }`.
          edits: [{ file: ctx.file.file, start: name.span.start, end: name.span.start + name.imported.length,
            text: name.local === name.imported ? `${candidates[0]} as ${name.local}` : candidates[0] }],
        } : undefined;
        ctx.report({
          at: name.span,
          phase: phaseOf(imp, name, ctx),
          message: name.imported === 'default' ? 'noDefault' : 'notDefined',
          data: { module, name: name.imported },
          suggestions: candidates.length ? [`did you mean ${quoteList(candidates)}?`] : [],
          fix,
        });
      }
    },
    memberAccess(acc, ctx) {
      // `ns.name` on `import * as ns` / Python `import pkg.mod as m`: the namespace must have the member.
      if (acc.receiver.kind !== 'name') return;
      const receiverName = acc.receiver.name;
      const imp = ctx.file.imports.find((i) => !i.typeOnly && !i.guard && i.kind !== 'mock' && i.names.some((n) => n.imported === '*' && n.local === receiverName));
      if (!imp) return;
      if (ctx.file.language === 'python' && imp.specifier.includes('.') && !imp.names[0].local.includes(receiverName)) return;
      if (ctx.file.language === 'python' && imp.specifier.includes('.') && imp.names[0].local === imp.specifier.split('.')[0]) return; // `import a.b` binds `a`
      const r = ctx.model.resolveImport(ctx.file.file, imp);
      if (r.kind !== 'first-party' || ctx.model.mockedWithFactory(ctx.file.file, r.file)) return;
      const found = ctx.model.lookupExport(r.file, acc.member);
      if (found.kind !== 'missing') return;
      const candidates = ctx.model.nearest(acc.member, ctx.model.exportsOf(r.file));
      ctx.report({
        at: acc.span,
        phase: acc.phase,
        message: 'notAttribute',
        data: { module: imp.specifier, name: acc.member },
        suggestions: candidates.length ? [`did you mean ${quoteList(candidates)}?`] : [],
      });
    },
  },
});
