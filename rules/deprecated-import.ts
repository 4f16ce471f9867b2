import path from 'node:path';
import { defineRule, type Edit, type Fix, type ImportFact, type ImportedName, type RuleContext } from '../src/rule-kit/index.js';

type M = 'moved' | 'movedName' | 'movedPatch';

const JS_EXT = /\.(?:[cm]?[jt]sx?)$/;
const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A single name that moved between modules: `"old.mod:Name": "new.mod:NewName"` (`"new.mod"` keeps the name). */
interface NameMove { oldModule: string; name: string; newModule: string; newName: string }

interface Moves { modules: [string, string][]; names: NameMove[] }

/** `module:Name` → its parts; a key without a name part (or a `node:` specifier) is a module path. */
function splitKey(key: string): { module: string; name: string | null } {
  const i = key.lastIndexOf(':');
  if (i <= 0 || !IDENT.test(key.slice(i + 1)) || key.slice(0, i) === 'node') return { module: key, name: null };
  return { module: key.slice(0, i), name: key.slice(i + 1) };
}

function readMoves(option: unknown): Moves {
  const modules: [string, string][] = [];
  const names: NameMove[] = [];
  for (const [k, v] of Object.entries((option ?? {}) as Record<string, unknown>)) {
    if (!k || typeof v !== 'string' || !v) continue;
    const from = splitKey(k);
    const to = splitKey(v);
    if (from.name === null) { if (to.name === null) modules.push([k, v]); continue; }
    names.push({ oldModule: from.module, name: from.name, newModule: to.module, newName: to.name ?? from.name });
  }
  return { modules, names };
}

/** The new spelling of `spec` when it is `old` or below it (`old.sub` / `old/sub`), or null. */
function renamed(spec: string, moved: [string, string][], sep: string): { old: string; to: string } | null {
  for (const [old, to] of moved) {
    if (spec === old) return { old: spec, to };
    if (spec.startsWith(old + sep)) return { old: spec, to: to + spec.slice(old.length) };
  }
  return null;
}

/** JS/TS: a relative specifier as a project path (`src/old/x`), with the extension it was written with. */
function projectPath(spec: string, file: string): { abs: string; ext: string } {
  const abs = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  return { abs, ext: JS_EXT.exec(abs)?.[0] ?? '' };
}

/** JS/TS: a project path written relative to the importing file again (`../src/core/format`). */
function relativeSpec(file: string, target: string): string {
  const rel = path.posix.relative(path.posix.dirname(file), target);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** JS/TS: a relative specifier compared as a project path, rewritten relative to the importing file again. */
function renamedRelative(spec: string, file: string, moved: [string, string][]): { old: string; to: string; shown: string } | null {
  const { abs, ext } = projectPath(spec, file);
  const exact = renamed(abs, moved, '/');
  const hit = exact ?? (ext ? renamed(abs.slice(0, -ext.length), moved, '/') : null);
  if (!hit) return null;
  const target = hit.to.endsWith(ext) || !ext || exact ? hit.to : hit.to + ext;
  return { old: ext && !exact ? abs.slice(0, -ext.length) : abs, to: relativeSpec(file, target), shown: target };
}

/** The module an import names, as the `moved` keys spell it (a JS relative specifier as a project path without extension). */
function keyedModule(imp: ImportFact, file: string, js: boolean): string {
  if (!js || !imp.specifier.startsWith('.')) return imp.specifier;
  const { abs, ext } = projectPath(imp.specifier, file);
  return ext ? abs.slice(0, -ext.length) : abs;
}

/** The specifier to write for a new module: relative again when the import was relative. */
function specifierFor(imp: ImportFact, file: string, js: boolean, module: string): string {
  if (!js || !imp.specifier.startsWith('.')) return module;
  const { ext } = projectPath(imp.specifier, file);
  return relativeSpec(file, ext && !JS_EXT.test(module) ? module + ext : module);
}

/** The edit replacing the specifier's text (inside its quotes for JS), or null when the span does not hold it as written. */
function specifierEdit(imp: ImportFact, file: string, to: string): Edit | null {
  const { start, end } = imp.specifierSpan;
  if (end - start === imp.specifier.length + 2) return { file, start: start + 1, end: end - 1, text: to };
  if (end - start === imp.specifier.length) return { file, start, end, text: to };
  return null;
}

function resolveNew(ctx: RuleContext<M>, specifier: string): ReturnType<RuleContext<M>['model']['resolveImport']> {
  const probe = { kind: 'import', specifier, level: 0, names: [], typeOnly: false } as unknown as ImportFact;
  return ctx.model.resolveImport(ctx.file.file, probe);
}

/** Is this file the new place itself? Its own import of the old path is how it re-exports (or the shim), never a stale reference. */
function isNewPlace(ctx: RuleContext<M>, specifier: string): boolean {
  const r = resolveNew(ctx, specifier);
  return r.kind === 'first-party' && r.file === ctx.file.file;
}

/**
 * Does the configured new place exist? A module that does not resolve, or a first-party module
 * that defines no such name, gets no fix (it would break the import) and a note instead.
 * External and unknown modules are trusted.
 */
function newPlaceMissing(ctx: RuleContext<M>, specifier: string, name: string | null): string | null {
  const r = resolveNew(ctx, specifier);
  if (r.kind === 'unresolved') return `\`${specifier}\` does not resolve: check the \`moved\` configuration`;
  if (name === null || r.kind !== 'first-party') return null;
  return ctx.model.lookupExport(r.file, name).kind === 'missing' ? `\`${specifier}\` defines no \`${name}\`: check the \`moved\` configuration` : null;
}

/** `NewName as local` when the name changes and the code reads the old one; the bare name otherwise. */
function importedAs(n: ImportedName, newName: string): string {
  return newName === n.local ? newName : `${newName} as ${n.local}`;
}

/** Rewrite the whole statement: every name it imports moved to `newModule`. */
function rewriteStatement(imp: ImportFact, file: string, js: boolean, moves: Map<ImportedName, NameMove>, newModule: string): Edit[] | null {
  const spec = specifierEdit(imp, file, specifierFor(imp, file, js, newModule));
  if (!spec) return null;
  const edits = [spec];
  for (const [n, mv] of moves) {
    if (mv.newName !== n.imported) edits.push({ file, start: n.span.start, end: n.span.end, text: importedAs(n, mv.newName) });
  }
  return edits;
}

/** Take one name out of the statement and import it from its new module in a statement of its own, just below. */
function splitOff(imp: ImportFact, file: string, js: boolean, n: ImportedName, mv: NameMove): Edit[] {
  // JS: only the names inside `{ … }` form the list (a default import sits before it).
  const list = js ? imp.names.filter((x) => x.imported !== 'default' && x.imported !== '*') : imp.names;
  const i = list.indexOf(n);
  const del = i > 0 ? { start: list[i - 1]!.span.end, end: n.span.end }
    : list.length > 1 ? { start: n.span.start, end: list[1]!.span.start } : { start: n.span.start, end: n.span.end };
  const indent = ' '.repeat(imp.span.column - 1);
  const spec = specifierFor(imp, file, js, mv.newModule);
  const stmt = js ? `import { ${importedAs(n, mv.newName)} } from '${spec}';` : `from ${spec} import ${importedAs(n, mv.newName)}`;
  const added = `\n${indent}${stmt}`;
  // The last name of a Python statement ends where the statement does: one edit, or the fix would touch itself.
  if (del.end >= imp.span.end) return [{ file, start: del.start, end: del.end, text: added }];
  return [{ file, ...del, text: '' }, { file, start: imp.span.end, end: imp.span.end, text: added }];
}

/** `from old.mod import Name` / `import { Name } from 'old/mod'` where the name moved on its own. Returns whether it reported. */
function checkNames(imp: ImportFact, ctx: RuleContext<M>, names: NameMove[]): boolean {
  if (!names.length || imp.kind === 'mock' || imp.kind === 'side-effect' || imp.kind === 'dynamic') return false;
  const file = ctx.file.file;
  const js = ctx.file.language !== 'python';
  if (!js && imp.level > 0) return false;
  const module = keyedModule(imp, file, js);
  const moves = new Map<ImportedName, NameMove>();
  for (const n of imp.names) {
    const mv = names.find((m) => m.oldModule === module && m.name === n.imported);
    if (mv) moves.set(n, mv);
  }
  for (const [n, mv] of moves) if (isNewPlace(ctx, specifierFor(imp, file, js, mv.newModule))) moves.delete(n); // valid/names-that-stayed
  if (!moves.size) return false;
  const targets = new Set([...moves.values()].map((m) => m.newModule));
  // `const { a } = require(…)` renames with `a: b`, not `as`: only import (and export-from) statements are rewritten.
  const rewritable = imp.kind === 'import' || imp.kind === 'export-from';
  const whole = rewritable && moves.size === imp.names.length && targets.size === 1 && !imp.names.some((n) => n.imported === '*' || n.imported === 'default')
    ? rewriteStatement(imp, file, js, moves, [...targets][0]!) : null;
  const sep = js ? ':' : '.';
  const missing = [...moves.values()].map((mv) => newPlaceMissing(ctx, specifierFor(imp, file, js, mv.newModule), mv.newName)).filter((m) => m !== null);
  for (const [n, mv] of moves) {
    const note = newPlaceMissing(ctx, specifierFor(imp, file, js, mv.newModule), mv.newName);
    // The whole-statement rewrite moves every name: none of them may lead nowhere.
    const edits = note ? null : (missing.length ? null : whole) ?? (imp.kind === 'import' && n.imported !== 'default' ? splitOff(imp, file, js, n, mv) : null);
    const fix: Fix | undefined = edits ? { title: `Import \`${mv.newName}\` from \`${mv.newModule}\``, applicability: 'safe', edits } : undefined;
    ctx.report({
      at: n.span, message: 'movedName',
      data: { old: `${mv.oldModule}${sep}${mv.name}`, new: `${mv.newModule}${sep}${mv.newName}` },
      ...(note ? { suggestions: [note] } : {}),
      ...(fix ? { fix } : {}),
    });
  }
  return true;
}

export default defineRule<M>({
  id: 'deprecated-import',
  phase: 'integrity',
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'sometimes', applicability: 'safe' },
  options: {
    moved: { type: 'record', default: {}, description: 'Old module path → new one: Python dotted modules (`"app.old_utils": "app.utils"`), JS package or alias specifiers (`"@app/legacy": "@app/core"`) and project paths of JS modules (`"src/old/api": "src/api"`); submodules follow (`app.old_utils.x` → `app.utils.x`). A single name that moved is written `module:Name` on both sides (`"app.old_utils:slugify": "app.text:slugify"`, `"src/legacy/format:shout": "src/core/format:yell"`; `"app.old_utils:slugify": "app.text"` keeps the name).' },
  },
  messages: {
    moved: '`{old}` has moved to `{new}`: import it from there',
    movedName: '`{old}` has moved to `{new}`: import it from there',
    movedPatch: '`{old}` has moved to `{new}`: patch it there',
  },
  docs: {
    summary: 'An import of a module path, or of a single name, that the configuration (`moved`) lists as moved; Python patch targets (`mock.patch("old.mod.Name")`, `monkeypatch.setattr("old.mod.x", …)`) and JS `vi.mock`/`jest.mock` paths that name the old place.',
    why: 'Old paths kept alive by shims or re-exports hide the move: tests keep importing and patching the old module, and break at once when the shim is deleted. Pointing every import at the new path lets the shim go.',
    examples: { invalid: 'invalid/python-moved-module', valid: 'valid/new-paths' },
    fixSafety: 'Imports: safe — the fix rewrites the specifier to the path the configuration names and keeps the local names (`from app.text import yell as shout` when the name changed); a statement that also imports names that did not move keeps them, and the moved name gets a statement of its own below it (JS: single quotes and a semicolon). A Python `import old.module` without `as` is not fixed, because the code refers to it by its old dotted name. No fix is offered when the new place does not exist in the project (the module does not resolve, or a first-party module defines no such name): the finding then says to check the configuration. Patch targets: unsafe — `patch("new.mod.Name")` replaces the name where it now lives, which is not the same object a module that still imports it from the old place reads.',
    limitations: 'Relative Python imports are not compared. Uses of a moved name through its module (`old.mod.Name` after `import old.mod`) and `patch.object(old_mod, "Name")` are not rewritten.',
  },
  visit: {
    import(imp, ctx) {
      const { modules, names } = readMoves(ctx.options.moved);
      if (!modules.length && !names.length) return;
      if (checkNames(imp, ctx, names)) return; // the module-level move, if any, is reported once the names are split off
      if (!modules.length) return;
      const file = ctx.file.file;
      let hit: { old: string; to: string; shown?: string } | null;
      let fixable = true;
      if (ctx.file.language === 'python') {
        if (imp.level > 0) return; // relative imports name no absolute path (limitations)
        hit = renamed(imp.specifier, modules, '.');
        // `import old.mod` (no alias): the code reads `old.mod.x`, which the specifier alone cannot fix.
        if (imp.names.some((n) => n.imported === '*' && n.local === imp.specifier.split('.')[0])) fixable = false;
      } else {
        hit = imp.specifier.startsWith('.') ? renamedRelative(imp.specifier, file, modules) : renamed(imp.specifier, modules, '/');
      }
      if (!hit || hit.to === imp.specifier || isNewPlace(ctx, hit.to)) return;
      // The new module must offer every name imported here, or the rewritten import breaks.
      const named = imp.names.filter((n) => n.imported !== '*' && n.imported !== 'default' && !n.typeOnly).map((n) => n.imported);
      const note = newPlaceMissing(ctx, hit.to, null) ?? named.map((n) => newPlaceMissing(ctx, hit!.to, n)).find((m) => m !== null) ?? null;
      const edit = fixable && !note ? specifierEdit(imp, file, hit.to) : null;
      ctx.report({
        at: imp.specifierSpan, message: 'moved', data: { old: hit.old, new: hit.shown ?? hit.to },
        ...(note ? { suggestions: [note] } : {}),
        ...(edit ? { fix: { title: `Import from \`${hit.to}\``, applicability: 'safe' as const, edits: [edit] } } : {}),
      });
    },
    file(facts, ctx) {
      // Python patch targets written as strings: `patch("old.mod.Name")`, `monkeypatch.setattr("old.mod.x", v)`.
      const { modules, names } = readMoves(ctx.options.moved);
      if (facts.language !== 'python' || (!modules.length && !names.length)) return;
      for (const p of facts.patches ?? []) {
        const target = p.target;
        if (!target || p.kind === 'object') continue;
        let to: string | null = null;
        let note: string | null = null;
        for (const mv of names) {
          const old = `${mv.oldModule}.${mv.name}`;
          if (target === old || target.startsWith(old + '.')) {
            to = `${mv.newModule}.${mv.newName}${target.slice(old.length)}`;
            note = newPlaceMissing(ctx, mv.newModule, mv.newName);
            break;
          }
        }
        if (to === null) {
          const hit = renamed(target, modules, '.');
          to = hit?.to ?? null;
          const moved = hit && modules.find(([old]) => target === old || target.startsWith(old + '.'));
          if (moved) note = newPlaceMissing(ctx, moved[1], null);
        }
        if (!to || to === target) continue;
        const { start, end } = p.span;
        const inner = end - start === target.length + 2 && !note ? { start: start + 1, end: end - 1 } : null;
        ctx.report({
          at: p.span, message: 'movedPatch', data: { old: target, new: to },
          ...(note ? { suggestions: [note] } : {}),
          ...(inner ? { fix: { title: `Patch \`${to}\``, applicability: 'unsafe' as const, edits: [{ file: facts.file, ...inner, text: to }] } } : {}),
        });
      }
    },
  },
});
