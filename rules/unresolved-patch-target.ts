import { defineIndex, defineRule, dynamicAttrNames, quoteList, type ClassRef, type FileFacts, type ImportFact, type PatchFact, type ProjectModel, type RuleContext } from '../src/rule-kit/index.js';
import { classChain } from './unknown-member.js';

type M = 'noModule' | 'noName' | 'noAttribute' | 'mockNoModule' | 'mockNoModuleVitest';

/** Class decorators known to add no members beyond the fields already listed (as unknown-member). */
const SAFE_DECORATORS = new Set([
  'dataclass', 'dataclasses.dataclass', 'total_ordering', 'functools.total_ordering', 'final', 'typing.final',
  'unique', 'enum.unique', 'runtime_checkable', 'typing.runtime_checkable',
]);

type Step = { kind: 'module'; file: string } | { kind: 'namespace'; dir: string } | { kind: 'class'; ref: ClassRef };

function resolveModule(model: ProjectModel, file: string, dotted: string): Step | null {
  const r = model.resolveImport(file, { kind: 'import', specifier: dotted, level: 0 } as ImportFact);
  if (r.kind === 'first-party') return { kind: 'module', file: r.file };
  if (r.kind === 'namespace') return { kind: 'namespace', dir: r.dir };
  return null;
}

/** The members of a first-party class when all of them are known, or null. */
function knownMembers(model: ProjectModel, ref: ClassRef): string[] | null {
  const members = model.knownMembersOf(ref.file, ref.name);
  const chain = members && classChain(model, ref);
  if (!members || !chain) return null;
  for (const { facts, cls } of chain) {
    if (cls.dynamicMembers || facts.module.dynamicAttrs) return null;
    if (cls.decorators.some((d) => !SAFE_DECORATORS.has(d))) return null;
  }
  return members.map((m) => m.name);
}


/** Where else a top-level name is defined in the project (the class or function moved). */
function elsewhere(model: ProjectModel, name: string, notIn: string): string[] {
  return model.index(PY_DEFINERS).get(name).filter((f) => f !== notIn).slice(0, 3);
}
const PY_DEFINERS = defineIndex<string>('py-top-defs', (f) => (f.language === 'python'
  ? [...new Set(f.bindings.filter((b) => b.kind === 'class' || b.kind === 'function').map((b) => b.name))].map((n) => [n, f.file] as const) : []));

function report(ctx: RuleContext<M>, p: PatchFact, message: M, data: Record<string, string>, suggestions: string[]): void {
  ctx.report({ at: p.span, phase: p.swallowed ? 'integrity' : 'run', message, data, suggestions });
}

/** A missing `name` in module `file` (or namespace `dir`): did-you-mean over its names, and where the name lives now. */
function missingName(ctx: RuleContext<M>, p: PatchFact, target: string, mod: string, name: string, names: string[], modFile: string): void {
  const suggestions: string[] = [];
  const near = ctx.model.nearest(name, names.filter((n) => !(n.startsWith('__') && n.endsWith('__'))));
  if (near.length) suggestions.push(`did you mean ${quoteList(near.map((n) => `${mod}.${n}`))}?`);
  const other = elsewhere(ctx.model, name, modFile);
  if (other.length) suggestions.push(`\`${name}\` is defined in ${quoteList(other)}: patch it where the code under test looks it up`);
  report(ctx, p, 'noName', { target, mod, name }, suggestions);
}

/** `patch("pkg.mod.Name")`, `monkeypatch.setattr("pkg.mod.attr", v)`: walk the dotted path as mock/pytest import it. */
function checkDotted(ctx: RuleContext<M>, p: PatchFact, target: string): void {
  const { model, file } = ctx;
  const parts = target.split('.');
  if (parts.length < 2 || parts.some((x) => !/^[A-Za-z_]\w*$/.test(x))) return;
  let cur = resolveModule(model, file.file, parts[0]!);
  if (!cur) return; // stdlib, external or unknown: not ours to judge
  for (let i = 1; i < parts.length; i++) {
    const name = parts[i]!;
    const last = i === parts.length - 1;
    const prefix = parts.slice(0, i).join('.');
    if (cur.kind === 'namespace') {
      const sub = resolveModule(model, file.file, `${prefix}.${name}`);
      if (sub) { cur = sub; continue; }
      if (last && p.lenient) return;
      report(ctx, p, last ? 'noName' : 'noModule', { target, mod: prefix, name }, []);
      return;
    }
    if (cur.kind === 'class') {
      if (!last) return; // an attribute of an attribute: not followed
      const members = knownMembers(model, cur.ref);
      if (!members || members.includes(name) || p.lenient || dynamicAttrNames(model).has(name)) return;
      const near = model.nearest(name, members.filter((n) => !(n.startsWith('__') && n.endsWith('__'))));
      report(ctx, p, 'noAttribute', { target, cls: cur.ref.name, name, file: cur.ref.file }, near.length ? [`did you mean ${quoteList(near)}?`] : []);
      return;
    }
    const modFacts = model.facts(cur.file);
    if (!modFacts || modFacts.language !== 'python' || model.loadFailure(cur.file)) return;
    const found = model.lookupExport(cur.file, name);
    if (found.kind === 'submodule') {
      const sub = resolveModule(model, file.file, `${prefix}.${name}`);
      if (!sub) return;
      cur = sub;
      continue;
    }
    if (found.kind === 'missing') {
      if (last && p.lenient) return;
      // mock.patch creates a builtin name (`open`, `float`, `print`) on a module: `create` is implied there.
      if (last && p.kind === 'patch' && model.isGlobal(cur.file, name)) return;
      // (Not `dynamicName`: the front-end lists every monkeypatch.setattr target's last part there, this very one included.)
      if (modFacts.module.dynamicAttrs) return;
      if (!last) { report(ctx, p, 'noModule', { target, mod: prefix, name }, []); return; }
      missingName(ctx, p, target, prefix, name, model.exportsOf(cur.file), cur.file);
      return;
    }
    if (found.kind !== 'found' || last) return;
    const ref = model.resolveClass(cur.file, name);
    if (!ref) return; // a function, a variable, an imported module: not followed
    cur = { kind: 'class', ref };
  }
}

/** `patch.object(mod, "f")`, `monkeypatch.setattr(mod, "f", v)` on an imported first-party module: the module must define `f`. */
function checkModuleObject(ctx: RuleContext<M>, p: PatchFact, object: string, attribute: string, modFile: string): void {
  const { model } = ctx;
  const mod = model.facts(modFile);
  if (!mod || mod.language !== 'python' || mod.module.dynamicAttrs || model.loadFailure(modFile)) return;
  if (model.lookupExport(modFile, attribute).kind !== 'missing') return;
  // mock.patch.object creates a builtin name (`open`, `print`) on a module, as mock.patch does; monkeypatch does not.
  if (p.kind === 'object' && model.isGlobal(modFile, attribute)) return;
  missingName(ctx, p, `${object}.${attribute}`, object, attribute, model.exportsOf(modFile), modFile);
}

/** `patch.object(Cls, "attr")`, `monkeypatch.setattr(Cls, "attr", v)`: the class (or first-party module) must define the attribute. */
function checkObject(ctx: RuleContext<M>, p: PatchFact, object: string, attribute: string): void {
  const { model, file } = ctx;
  if (p.lenient) return;
  // A module the file imports, where no local or parameter of the same name shadows it (valid/python-existing-targets).
  const modFile = p.objectModuleLevel ? model.resolveModuleName(file.file, object) : null;
  if (modFile) return checkModuleObject(ctx, p, object, attribute, modFile);
  const ref = model.resolveClass(file.file, object);
  if (!ref) return;
  const members = knownMembers(model, ref);
  if (!members || members.includes(attribute) || dynamicAttrNames(model).has(attribute)) return;
  const near = model.nearest(attribute, members.filter((n) => !(n.startsWith('__') && n.endsWith('__'))));
  report(ctx, p, 'noAttribute', { target: `${object}.${attribute}`, cls: ref.name, name: attribute, file: ref.file }, near.length ? [`did you mean ${quoteList(near)}?`] : []);
}

function checkPython(file: FileFacts, ctx: RuleContext<M>): void {
  for (const p of file.patches ?? []) {
    if (p.target !== undefined) checkDotted(ctx, p, p.target);
    else if (p.object !== undefined && p.attribute !== undefined) checkObject(ctx, p, p.object, p.attribute);
  }
}

/** `vi.mock(path)` / `jest.mock(path)` whose path resolves to nothing. */
function checkMocks(file: FileFacts, ctx: RuleContext<M>): void {
  const { model } = ctx;
  const runner = model.runnerOf(file.file);
  if (runner !== 'vitest' && runner !== 'jest') return;
  for (const imp of file.imports) {
    if (imp.kind !== 'mock') continue;
    const r = model.resolveImport(file.file, imp);
    if (r.kind !== 'unresolved' || r.reason !== 'first-party') continue;
    // vitest serves a factory for any id; jest does too with `{ virtual: true }`, which the facts do not record.
    if (imp.hasFactory) continue;
    const suggestions = r.candidates.length ? [`did you mean ${quoteList(r.candidates)}?`] : [];
    if (runner === 'vitest') {
      ctx.report({ at: imp.specifierSpan, phase: 'integrity', message: 'mockNoModuleVitest', data: { spec: imp.specifier }, suggestions });
    } else {
      ctx.report({ at: imp.specifierSpan, phase: 'collect', message: 'mockNoModule', data: { spec: imp.specifier }, suggestions });
    }
  }
}

export default defineRule({
  id: 'unresolved-patch-target',
  phase: ['collect', 'run', 'integrity'],
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  messages: {
    noModule: 'patch target `{target}`: module `{mod}` has no submodule or attribute `{name}`',
    noName: 'patch target `{target}`: module `{mod}` does not define `{name}`',
    noAttribute: 'patch target `{target}`: class `{cls}` (`{file}`) has no attribute `{name}`',
    mockNoModule: '`jest.mock(\'{spec}\')` names a module that does not exist: jest fails to load the file ("Cannot find module")',
    mockNoModuleVitest: '`vi.mock(\'{spec}\')` names a module that does not exist: the mock applies to nothing, and the module the test means is not mocked',
  },
  docs: {
    summary: 'A patch whose target does not exist: `mock.patch("pkg.mod.Name")` / `mocker.patch(…)` / `monkeypatch.setattr("pkg.mod.attr", …)` naming a first-party module or name that is not there, `patch.object(Cls, "attr")` / `patch.object(mod, "name")` on a first-party class or imported module without that attribute, `vi.mock(path)` / `jest.mock(path)` of a path that resolves to nothing.',
    why: 'Python: mock and monkeypatch import the module and look the attribute up when the patch starts, so the test fails with ModuleNotFoundError or AttributeError (unless `create=True` / `raising=False`). Tests that patch a name where it no longer lives fail, or worse, pass while patching nothing. jest: `jest.mock` of a missing path fails the file at load. vitest: the mock silently applies to nothing, so the test runs against the real module.',
    examples: { invalid: 'invalid/python-moved-targets', valid: 'valid/python-existing-targets' },
    limitations: 'Only literal targets are read. `patch.object(mod, …)` / `monkeypatch.setattr(mod, …)` are judged when `mod` is the module-level import where the patch is written (not a local or parameter of that name). Targets whose first module is stdlib, third-party or unknown are not judged; neither are attributes of values that are not classes or modules, classes with an unknown base, `__getattr__`, decorators other than `dataclass`, or names some file handles with setattr/hasattr. Instance attributes assigned in `__init__` count as present (so a `patch.object` of one is missed). `vi.mock`/`jest.mock` with a factory are not judged (vitest serves the factory for any id; jest does with `{ virtual: true }`).',
  },
  visit: {
    file(file, ctx) {
      if (file.language === 'python') checkPython(file, ctx);
      else checkMocks(file, ctx);
    },
  },
});
