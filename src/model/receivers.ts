/**
 * Receiver inference: which first-party class an expression is an instance of, as far as the
 * facts say — constructor calls, annotations, `self`/`this` attributes assigned in the class,
 * module-level instances (also imported ones), and pytest fixtures (return annotation, or what
 * they return or yield). Python calls of functions and factories and items of module-level
 * collections are followed in receivers-python.ts.
 * Every answer is a class defined in the project; anything uncertain is null (stay quiet).
 */
import path from 'node:path';
import type { ClassFact, FileFacts, FixtureFact, MemberAccessFact, MemberFact, TestFact } from '../facts/types.js';
import { callResultClass, itemClass, originClass } from './receivers-python.js';
import type { ProjectModel } from './types.js';

export interface ClassRef { file: string; name: string }

/** A fixture as a test sees it, with the file defining it. */
export interface ScopedFixture { file: string; fixture: FixtureFact }

const MAX_HOPS = 8;

function topClass(facts: FileFacts | undefined, name: string): ClassFact | undefined {
  return facts?.classes.find((c) => c.name === name && c.topLevel);
}

/** Where the class named `dotted` (as written in `file`: local, imported, `mod.Class`) is defined in the project. */
export function resolveClass(model: ProjectModel, file: string, dotted: string, hops = 0): ClassRef | null {
  if (hops > MAX_HOPS) return null;
  const facts = model.facts(file);
  if (!facts) return null;
  const parts = dotted.split('.');
  const head = parts[0]!;
  if (parts.length === 1) {
    if (topClass(facts, head)) {
      // A second, non-class binding of the same name (`Helper = make_helper()`) makes it unknown.
      return facts.bindings.some((b) => b.name === head && (b.kind !== 'class' || b.rebound)) ? null : { file, name: head };
    }
    for (const imp of facts.imports) {
      if (imp.typeChecking && facts.language === 'python') continue;
      const n = imp.names.find((x) => x.local === head && x.imported !== '*');
      if (!n || imp.kind === 'mock') continue;
      const r = model.resolveImport(file, imp);
      if (r.kind !== 'first-party') return null;
      if (n.imported === 'default') {
        const f = model.facts(r.file);
        const exp = f?.exports.find((e) => e.name === 'default');
        const cls = exp && f?.classes.find((c) => c.topLevel && c.span.start >= exp.span.start && c.span.end <= exp.span.end);
        return cls ? { file: r.file, name: cls.name } : null;
      }
      const found = model.lookupExport(r.file, n.imported);
      if (found.kind !== 'found') return null;
      return resolveClass(model, found.file, n.imported, hops + 1);
    }
    return null;
  }
  // `mod.Class`: a namespace import (`import * as mod`, Python `import pkg.mod as m` / `import pkg.mod`) or a submodule import.
  for (const imp of facts.imports) {
    if (imp.kind === 'mock') continue;
    for (const n of imp.names) {
      if (n.local !== head) continue;
      const r = model.resolveImport(file, imp);
      if (r.kind !== 'first-party') return null;
      if (n.imported === '*') {
        // Python `import a.b` binds `a`: the rest must start with `b`.
        let rest = parts.slice(1);
        if (facts.language === 'python' && imp.specifier.includes('.') && n.local === imp.specifier.split('.')[0]) {
          const tail = imp.specifier.split('.').slice(1);
          if (tail.some((t, i) => rest[i] !== t)) return null;
          rest = rest.slice(tail.length);
        }
        return rest.length === 1 ? resolveClass(model, r.file, rest[0]!, hops + 1) : null;
      }
      const found = model.lookupExport(r.file, n.imported);
      if (found.kind === 'submodule' && parts.length === 2) return resolveClass(model, found.file, parts[1]!, hops + 1);
      return null;
    }
  }
  return null;
}

/** The class of the instance `written` (a class as written in `file`; in Python also a call of a function or factory) holds; `accessing` reads it. */
function instanceClass(model: ProjectModel, file: string, written: string, accessing: string): ClassRef | null {
  return model.languageOf(file) === 'python' ? callResultClass(model, file, written, accessing) : model.resolveClass(file, written);
}

/** The class of the instance a module-level name holds in `file` (`helper = Helper()`, or imported from a module that does). */
export function moduleInstance(model: ProjectModel, file: string, name: string, hops = 0, accessing = file): ClassRef | null {
  if (hops > MAX_HOPS) return null;
  const facts = model.facts(file);
  if (!facts) return null;
  const bindings = facts.bindings.filter((b) => b.name === name);
  const own = bindings.find((b) => b.kind !== 'import');
  if (own) {
    if (bindings.length !== 1 || !own.instanceOf || own.conditional) return null;
    return instanceClass(model, file, own.instanceOf, accessing);
  }
  for (const imp of facts.imports) {
    const n = imp.names.find((x) => x.local === name && x.imported !== '*' && x.imported !== 'default');
    if (!n || imp.kind === 'mock' || imp.typeOnly) continue;
    const r = model.resolveImport(file, imp);
    if (r.kind !== 'first-party') return null;
    const found = model.lookupExport(r.file, n.imported);
    return found.kind === 'found' ? moduleInstance(model, found.file, n.imported, hops + 1, accessing) : null;
  }
  return null;
}

/** The class defining `attr` for `className` (the class itself or a first-party base), with the member. */
export function memberOwner(model: ProjectModel, file: string, className: string, attr: string, seen = new Set<string>()): { file: string; className: string; member: MemberFact } | null {
  const key = `${file}#${className}`;
  if (seen.has(key) || seen.size > MAX_HOPS * 4) return null;
  seen.add(key);
  const facts = model.facts(file);
  const cls = topClass(facts, className);
  if (!facts || !cls) return null;
  const m = cls.members.find((x) => x.name === attr);
  if (m) return { file, className, member: m };
  for (const base of cls.bases) {
    if (base === null) return null;
    const where = model.resolveClass(file, base);
    if (!where) continue;
    const found = memberOwner(model, where.file, where.name, attr, seen);
    if (found) return found;
  }
  return null;
}

/**
 * The fixtures a pytest test (or fixture) in `file` inside classes `scope` can request, nearest
 * definition first: its class's, its module's, then each conftest.py from its folder up to the
 * project root. `complete` is false when a `pytest_plugins` module or a skipped conftest may add more.
 */
export function fixturesInScope(model: ProjectModel, file: string, scope: string[]): { fixtures: ScopedFixture[]; complete: boolean } {
  const facts = model.facts(file);
  const out: ScopedFixture[] = [];
  let complete = true;
  if (!facts) return { fixtures: out, complete: false };
  const own = facts.pytest?.fixtures ?? [];
  // Innermost class first, then the module's.
  for (let depth = scope.length; depth >= 0; depth--) {
    for (const fx of own) {
      if (fx.classScope.length === depth && fx.classScope.every((c, i) => scope[i] === c)) out.push({ file, fixture: fx });
    }
  }
  if (facts.bindings.some((b) => b.name === 'pytest_plugins')) complete = false;
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    const conftestFile = dir === '.' || dir === '' ? 'conftest.py' : `${dir}/conftest.py`;
    const conftest = conftestFile === file ? undefined : model.facts(conftestFile);
    if (conftest) {
      // A conftest test-lint did not analyse (over a budget, unreadable) may define any fixture.
      if (conftest.skipped || conftest.bindings.some((b) => b.name === 'pytest_plugins')) complete = false;
      for (const fx of conftest.pytest?.fixtures ?? []) if (fx.classScope.length === 0) out.push({ file: conftestFile, fixture: fx });
    }
    if (dir === '.' || dir === '/' || dir === '') break;
  }
  return { fixtures: out, complete };
}

function contains(outer: { start: number; end: number }, inner: { start: number; end: number }): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The test whose body holds the access and takes `name` as a parameter (not parametrized). */
function enclosingTestParam(facts: FileFacts, acc: MemberAccessFact, name: string): TestFact | FixtureFact | null {
  for (const t of facts.tests) {
    if (t.kind !== 'test' || !contains(t.span, acc.span) || !(t.params ?? []).includes(name)) continue;
    if ((t.parametrize ?? []).some((p) => p.argnames.includes(name))) return null;
    return t;
  }
  for (const fx of facts.pytest?.fixtures ?? []) {
    if (contains(fx.span, acc.span) && fx.params.includes(name)) return fx;
  }
  return null;
}

/** The first-party class the receiver of a member access is an instance of, or null. */
export function receiverClass(model: ProjectModel, file: string, acc: MemberAccessFact): ClassRef | null {
  const facts = model.facts(file);
  if (!facts) return null;
  const r = acc.receiver;
  switch (r.kind) {
    case 'new': return instanceClass(model, file, r.className, file);
    case 'self': return topClass(facts, r.className) ? { file, name: r.className } : null;
    case 'self-attr': {
      if (!topClass(facts, r.className)) return null;
      const owner = memberOwner(model, file, r.className, r.attr);
      if (!owner || !owner.member.instanceOf || (owner.member.kind !== 'attribute' && owner.member.kind !== 'field')) return null;
      return instanceClass(model, owner.file, owner.member.instanceOf, file);
    }
    default: break;
  }
  const b = acc.binding;
  if (!b) return null;
  if (b.kind === 'instance') return instanceClass(model, file, b.className, file);
  if (b.kind === 'item') return itemClass(model, file, b.of, file);
  if (r.kind === 'item') return b.kind === 'module' ? itemClass(model, file, r.name, file) : null;
  if (r.kind !== 'name') return null;
  if (b.kind === 'module') return moduleInstance(model, file, r.name);
  // An unannotated parameter of a pytest test or fixture: the fixture's return annotation, or what it returns or yields.
  if (facts.language !== 'python') return null;
  const owner = enclosingTestParam(facts, acc, r.name);
  if (!owner) return null;
  const scope = 'classScope' in owner ? owner.classScope : owner.scope;
  const { fixtures } = fixturesInScope(model, file, scope);
  // A fixture that requests a fixture of its own name gets the next definition up: stay quiet there.
  const defs = fixtures.filter((f) => f.fixture.name === r.name && f.fixture !== owner);
  const def = defs[0];
  if (!def) return null;
  // What the body builds is what the test gets; the annotation speaks when the body's value cannot be followed.
  const built = def.fixture.value ? originClass(model, def.file, def.fixture.value, file) : null;
  return built ?? (def.fixture.returns ? model.resolveClass(def.file, def.fixture.returns) : null);
}
