import { defineRule, type LoadFailure } from '../src/rule-kit/index.js';

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
  },
  docs: {
    summary: 'A test file imports a first-party module that itself cannot load (a syntax error, an unresolved import, a missing name or an undefined name at its top level), directly or through other modules.',
    why: 'The test file fails to collect although nothing is wrong in it; reported here with the root cause, so hundreds of broken test files point at the one line to fix.',
    examples: { invalid: 'invalid/ts-broken-helper', valid: 'valid/ts-lazy-import' },
    limitations: 'Only the first root cause of each module is named.',
  },
  visit: {
    import(imp, ctx) {
      if (!ctx.model.runsAtLoad(ctx.file.file, imp)) return;
      const r = ctx.model.resolveImport(ctx.file.file, imp);
      if (r.kind !== 'first-party') return;
      const failure: LoadFailure | null = ctx.model.loadFailure(r.file);
      if (!failure) return;
      const via = failure.chain.length > 1 ? ` (via ${failure.chain.slice(0, -1).map((f) => `\`${f}\``).join(' → ')})` : '';
      ctx.report({
        at: imp.specifierSpan,
        message: 'cannotLoad',
        data: {
          specifier: ctx.file.language === 'python' ? '.'.repeat(imp.level) + imp.specifier : imp.specifier,
          root: `${failure.rootFile}:${failure.rootSpan.line}`, reason: failure.reason, via,
        },
        suggestions: [`fix \`${failure.rootFile}:${failure.rootSpan.line}\` (${failure.rootRule})`],
        related: [{ file: failure.rootFile, span: failure.rootSpan, message: `root cause (${failure.rootRule})` }],
      });
    },
  },
});
