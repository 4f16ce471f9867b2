import path from 'node:path';
import { defineRule, type Fix, type ImportFact } from '../src/rule-kit/index.js';

const JS_EXT = /\.(?:[cm]?[jt]sx?)$/;

/** The new spelling of `spec` when it is `old` or below it (`old.sub` / `old/sub`), or null. */
function renamed(spec: string, moved: [string, string][], sep: string): { old: string; to: string } | null {
  for (const [old, to] of moved) {
    if (spec === old) return { old: spec, to };
    if (spec.startsWith(old + sep)) return { old: spec, to: to + spec.slice(old.length) };
  }
  return null;
}

/** JS/TS: a relative specifier compared as a project path (`src/old/x`), rewritten relative to the importing file again. */
function renamedRelative(spec: string, file: string, moved: [string, string][]): { old: string; to: string; shown: string } | null {
  const dir = path.posix.dirname(file);
  const abs = path.posix.normalize(path.posix.join(dir, spec));
  const ext = JS_EXT.exec(abs)?.[0] ?? '';
  const hit = renamed(abs, moved, '/') ?? (ext ? renamed(abs.slice(0, -ext.length), moved, '/') : null);
  if (!hit) return null;
  const target = hit.to.endsWith(ext) || !ext || renamed(abs, moved, '/') ? hit.to : hit.to + ext;
  let rel = path.posix.relative(dir, target);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return { old: ext && !renamed(abs, moved, '/') ? abs.slice(0, -ext.length) : abs, to: rel, shown: target };
}

/** The edit replacing the specifier's text (inside its quotes for JS), or null when the span does not hold it as written. */
function specifierEdit(imp: ImportFact, file: string, to: string): Fix['edits'][number] | null {
  const { start, end } = imp.specifierSpan;
  if (end - start === imp.specifier.length + 2) return { file, start: start + 1, end: end - 1, text: to };
  if (end - start === imp.specifier.length) return { file, start, end, text: to };
  return null;
}

export default defineRule({
  id: 'deprecated-import',
  phase: 'integrity',
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'sometimes', applicability: 'safe' },
  options: {
    moved: { type: 'record', default: {}, description: 'Old module path → new one: Python dotted modules (`"app.old_utils": "app.utils"`), JS package or alias specifiers (`"@app/legacy": "@app/core"`) and project paths of JS modules (`"src/old/api": "src/api"`). Submodules follow (`app.old_utils.x` → `app.utils.x`).' },
  },
  messages: {
    moved: '`{old}` has moved to `{new}`: import it from there',
  },
  docs: {
    summary: 'An import of a module path that the configuration (`moved`) lists as moved.',
    why: 'Old paths kept alive by shims or re-exports hide the move: tests keep importing and patching the old module, and break at once when the shim is deleted. Pointing every import at the new path lets the shim go.',
    examples: { invalid: 'invalid/python-moved-module', valid: 'valid/new-paths' },
    fixSafety: 'Safe: the fix rewrites only the specifier, to the path the configuration names; the imported names stay the same. A Python `import old.module` without `as` is not fixed, because the code refers to it by its old dotted name.',
    limitations: 'Module paths only: a single name that moved between modules is not rewritten. `mock.patch("old.module.X")` strings are not rewritten. Relative Python imports are not compared.',
  },
  visit: {
    import(imp, ctx) {
      const moved = Object.entries((ctx.options.moved ?? {}) as Record<string, string>).filter(([k, v]) => k && typeof v === 'string');
      if (!moved.length) return;
      const file = ctx.file.file;
      let hit: { old: string; to: string; shown?: string } | null;
      let fixable = true;
      if (ctx.file.language === 'python') {
        if (imp.level > 0) return; // relative imports name no absolute path (limitations)
        hit = renamed(imp.specifier, moved, '.');
        // `import old.mod` (no alias): the code reads `old.mod.x`, which the specifier alone cannot fix.
        if (imp.names.some((n) => n.imported === '*' && n.local === imp.specifier.split('.')[0])) fixable = false;
      } else {
        hit = imp.specifier.startsWith('.') ? renamedRelative(imp.specifier, file, moved) : renamed(imp.specifier, moved, '/');
      }
      if (!hit || hit.to === imp.specifier) return;
      const edit = fixable ? specifierEdit(imp, file, hit.to) : null;
      ctx.report({
        at: imp.specifierSpan, message: 'moved', data: { old: hit.old, new: hit.shown ?? hit.to },
        ...(edit ? { fix: { title: `Import from \`${hit.to}\``, applicability: 'safe' as const, edits: [edit] } } : {}),
      });
    },
  },
});
