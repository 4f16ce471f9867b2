/**
 * Python receiver inference beyond constructor calls and annotations: what a call of a first-party
 * function or of a classmethod/staticmethod factory gives (`BindingFact.returns`, `MemberFact.returns`),
 * and what an item of a module-level collection literal holds (`BindingFact.itemInstanceOf`).
 * The front-end records the syntax; every answer here is a class defined in the project, or null.
 */
import type { BindingFact, FileFacts, ValueOrigin } from '../facts/types.js';
import { memberOwner, type ClassRef } from './receivers.js';
import { knownBaseMembers } from './python-known-bases.js';
import type { ProjectModel } from './types.js';

const MAX_HOPS = 8;

/** Methods that put other values into a list, dict or set. */
const MUTATORS = new Set(['append', 'extend', 'insert', 'update', 'setdefault', 'add', '__setitem__']);

/** A module-level binding and the file defining it. */
export interface BindingRef { file: string; binding: BindingFact }

/** Does `facts` patch something named `name` (`patch("pkg.mod.name")`, `patch.object(x, "name")`, `monkeypatch.setattr(x, "name", …)`)? */
function patchesName(facts: FileFacts | undefined, name: string): boolean {
  return (facts?.patches ?? []).some((p) => p.attribute === name || (p.target !== undefined && (p.target === name || p.target.endsWith(`.${name}`))));
}

/** The first-party module file a dotted prefix names in `facts` (`import m`, `import a.b`, `import a.b as m`, `from pkg import mod`), or null. */
export function moduleNamed(model: ProjectModel, facts: FileFacts, parts: string[]): string | null {
  const head = parts[0]!;
  for (const imp of facts.imports) {
    if (imp.kind !== 'import' || imp.typeChecking) continue;
    const n = imp.names.find((x) => x.local === head);
    if (!n) continue;
    if (imp.guard) return null;
    const r = model.resolveImport(facts.file, imp);
    if (r.kind !== 'first-party') return null;
    if (n.imported === '*') {
      // `import a.b` binds `a`: the dotted name must spell the module; `import a.b as m` binds `m` to it.
      const spelled = imp.specifier.includes('.') && n.local === imp.specifier.split('.')[0] ? imp.specifier : n.local;
      if (parts.join('.') === spelled) return r.file;
      continue;
    }
    const found = model.lookupExport(r.file, n.imported);
    return found.kind === 'submodule' && parts.length === 1 ? found.file : null;
  }
  return null;
}

/** The module-level binding `name` stands for in `file`, followed through first-party `from m import name`; null when bound more than one way or conditionally. */
export function definingBinding(model: ProjectModel, file: string, name: string, hops = 0): BindingRef | null {
  if (hops > MAX_HOPS) return null;
  const facts = model.facts(file);
  if (!facts || facts.language !== 'python' || facts.module.dynamicExports) return null;
  const bs = facts.bindings.filter((b) => b.name === name);
  const b = bs[0];
  if (bs.length !== 1 || !b || b.conditional || b.rebound) return null;
  if (b.kind !== 'import') return { file, binding: b };
  for (const imp of facts.imports) {
    const n = imp.names.find((x) => x.local === name);
    if (!n) continue;
    if (imp.kind !== 'import' || imp.typeChecking || imp.guard || n.imported === '*') return null;
    const r = model.resolveImport(file, imp);
    if (r.kind !== 'first-party') return null;
    const found = model.lookupExport(r.file, n.imported);
    return found.kind === 'found' ? definingBinding(model, found.file, n.imported, hops + 1) : null;
  }
  return null;
}

/** The first-party function `dotted` names in `file` (`f`, imported `f`, `mod.f`), or null. */
export function resolveFunction(model: ProjectModel, file: string, dotted: string): BindingRef | null {
  const parts = dotted.split('.');
  let where: string | null = file;
  if (parts.length > 1) {
    const facts = model.facts(file);
    where = facts ? moduleNamed(model, facts, parts.slice(0, -1)) : null;
  }
  const found = where ? definingBinding(model, where, parts[parts.length - 1]!) : null;
  return found && found.binding.kind === 'function' ? found : null;
}

/**
 * The class of what `callee(…)` gives, as written in `file`: a first-party class, what a first-party
 * function returns, or what a `Cls.factory(…)` classmethod/staticmethod returns. A name patched in
 * `accessing` (the file reading the receiver) or in `file` is a mock: null.
 */
export function callResultClass(model: ProjectModel, file: string, callee: string, accessing: string, hops = 0): ClassRef | null {
  if (hops > MAX_HOPS) return null;
  const cls = model.resolveClass(file, callee);
  if (cls) return cls;
  const facts = model.facts(file);
  if (!facts || facts.language !== 'python') return null;
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  if (patchesName(model.facts(accessing), last) || patchesName(facts, last)) return null;
  const fn = resolveFunction(model, file, callee);
  if (fn) return fn.binding.returns ? originClass(model, fn.file, fn.binding.returns, accessing, hops + 1) : null;
  const dot = callee.lastIndexOf('.');
  if (dot < 0) return null;
  const owner = model.resolveClass(file, callee.slice(0, dot));
  if (!owner) return null;
  // A factory called on the class: `cls(…)` builds the class it is called on (a subclass when called on one).
  const m = memberOwner(model, owner.file, owner.name, last);
  if (!m || m.member.kind !== 'method' || !m.member.static || !m.member.returns) return null;
  return m.member.returns.kind === 'cls' ? owner : originClass(model, m.file, m.member.returns, accessing, hops + 1);
}

/** The class of an item of the module-level collection `name` in `file` (`COUPONS[1]` with `COUPONS = [Coupon(…), …]`). */
export function itemClass(model: ProjectModel, file: string, name: string, accessing: string, hops = 0): ClassRef | null {
  const def = definingBinding(model, file, name);
  if (!def || !def.binding.itemInstanceOf) return null;
  // `COUPONS.append(Other())` in its module or in the test: items of other classes.
  for (const f of [model.facts(def.file), model.facts(accessing)]) {
    if (f?.memberAccesses.some((a) => a.receiver.kind === 'name' && a.receiver.name === name && a.binding?.kind === 'module' && MUTATORS.has(a.member))) return null;
  }
  return callResultClass(model, def.file, def.binding.itemInstanceOf, accessing, hops + 1);
}

/** Bases that add no instance members, by their full dotted name. */
const NEUTRAL_BASES = new Set(['object', 'builtins.object', 'typing.Generic', 'typing_extensions.Generic', 'abc.ABC']);

/** The full dotted name an imported name stands for in `file` (`t.Generic` with `import typing as t` → 'typing.Generic'); null when not imported absolutely. */
export function importedFullName(model: ProjectModel, file: string, dotted: string): string | null {
  const facts = model.facts(file);
  if (!facts || facts.language !== 'python') return null;
  const parts = dotted.split('.');
  for (const imp of facts.imports) {
    if (imp.kind !== 'import' || imp.level > 0) continue;
    const n = imp.names.find((x) => x.local === parts[0]);
    if (!n) continue;
    // `import typing as t` binds the module, `import a.b` binds `a`; `from typing import Generic as G` binds the name.
    const mod = imp.specifier.includes('.') && n.local === imp.specifier.split('.')[0] ? n.local : imp.specifier;
    return [n.imported === '*' ? mod : `${imp.specifier}.${n.imported}`, ...parts.slice(1)].join('.');
  }
  return null;
}

/** Is `base` (as written in `file`'s class statement) `object`, `Generic[…]` or `ABC`, however imported (`import typing as t` → `t.Generic`)? */
export function neutralBase(model: ProjectModel, file: string, base: string): boolean {
  if (base === 'object' || base === 'Generic' || base === 'typing.Generic') return true;
  const full = importedFullName(model, file, base);
  return full !== null && NEUTRAL_BASES.has(full);
}

/**
 * The members a base outside the project gives a subclass in `file`: none for `object`/`Generic`/`ABC`,
 * the known list for builtins (`str`, `dict`, exceptions) and unittest's test cases; null when unknown.
 */
export function externalBaseMembers(model: ProjectModel, file: string, base: string): readonly string[] | null {
  if (neutralBase(model, file, base)) return [];
  const facts = model.facts(file);
  if (!facts || facts.language !== 'python') return null;
  // A builtin by its plain name, unless the module binds that name itself.
  if (!base.includes('.') && !facts.bindings.some((b) => b.name === base)) return model.isGlobal(file, base) ? knownBaseMembers(base) : null;
  const full = importedFullName(model, file, base);
  return full ? knownBaseMembers(full) : null;
}

/** The class of the value an origin recorded in `file` gives (`cls` needs the class a method is called on: null here). */
export function originClass(model: ProjectModel, file: string, origin: ValueOrigin, accessing: string, hops = 0): ClassRef | null {
  if (origin.kind === 'call') return callResultClass(model, file, origin.callee, accessing, hops);
  if (origin.kind === 'item') return itemClass(model, file, origin.of, accessing, hops);
  return null;
}
