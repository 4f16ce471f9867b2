/**
 * Callee resolution: which first-party function, method or fixture a call recorded in a test's or
 * helper's body (`CalleeFact`) leads to — a helper in the same file (JS: the innermost scope that
 * declares it), an imported one (following re-exports), `mod.helper` on an imported module, a
 * method of the caller's class or its first-party bases, a method of a receiver whose class the
 * facts settle, or a pytest fixture the test requests and calls.
 */
import type { CalleeFact, CallableFact, FileFacts } from '../facts/types.js';
import { fixturesInScope, memberOwner } from './receivers.js';
import type { ProjectModel } from './types.js';

/** Where a call leads. */
export type CalleeTarget =
  | { kind: 'callable'; file: string; callable: CallableFact }
  /** First-party code the facts cannot see into (a class with a base outside the project, a dynamic module): it may check something. */
  | { kind: 'unknown' }
  /** A builtin, an external package, a local value, or nothing the facts name. */
  | { kind: 'none' };

/** Who makes the call: the class of a method (for `self.x()`), a pytest test's class scope and fixture parameters. */
export interface CallerContext {
  className?: string;
  classScope?: string[];
  params?: string[];
}

/** unittest.TestCase methods that check nothing (its `assert*`/`fail*` are assertion forms already). */
const TESTCASE_PLAIN_METHODS = new Set([
  'setUp', 'tearDown', 'setUpClass', 'tearDownClass', 'asyncSetUp', 'asyncTearDown', 'addCleanup', 'addAsyncCleanup',
  'doCleanups', 'enterContext', 'enterAsyncContext', 'subTest', 'skipTest', 'id', 'shortDescription', 'run', 'debug',
  'countTestCases', 'defaultTestResult', 'addTypeEqualityFunc',
]);

const NONE: CalleeTarget = { kind: 'none' };
const UNKNOWN: CalleeTarget = { kind: 'unknown' };

function callableIn(facts: FileFacts | undefined, pick: (c: CallableFact) => boolean): CallableFact | undefined {
  return facts?.callables?.find(pick);
}

/** Python: a test function or method called as a helper (`entity_test_helpers.test_update(…)`, `self.test_simple()`). */
function testFunction(facts: FileFacts | undefined, name: string, className?: string): CallableFact | undefined {
  if (facts?.language !== 'python') return undefined;
  const t = facts.tests.find((x) => x.kind === 'test' && x.name === name && x.hasAssertion !== null
    && (className === undefined ? x.scope.length === 0 : x.scope[x.scope.length - 1] === className));
  if (!t) return undefined;
  const c: CallableFact = { name, kind: className === undefined ? 'function' : 'method', span: t.nameSpan, asserts: t.hasAssertion === true };
  if (className !== undefined) c.className = className;
  if (t.calls) c.calls = t.calls;
  return c;
}

const MAX_HOPS = 8;

/** The module-level function `name` of `file`, following re-exports (`from .impl import check`, `export { check } from`). */
function moduleFunction(model: ProjectModel, file: string, name: string, hops: number): CalleeTarget {
  const found = model.lookupExport(file, name);
  if (found.kind === 'dynamic' || found.kind === 'unknown') return UNKNOWN;
  if (found.kind !== 'found') return NONE;
  const facts = model.facts(found.file);
  if (name === 'default') {
    const exp = facts?.exports.find((e) => e.name === 'default' && e.kind === 'local');
    const c = exp && callableIn(facts, (x) => !x.localScope && !x.className && x.span.start >= exp.span.start && x.span.end <= exp.span.end);
    return c ? { kind: 'callable', file: found.file, callable: c } : NONE;
  }
  const c = callableIn(facts, (x) => x.name === name && x.kind !== 'method' && !x.localScope) ?? testFunction(facts, name);
  if (c) return { kind: 'callable', file: found.file, callable: c };
  // Python lists imported names as the module's own: follow the import there.
  return facts && hops < MAX_HOPS ? plainName(model, facts, name, -1, hops + 1) : NONE;
}

/** The first-party module a name bound by an import in `file` stands for (`import * as h`, `import pkg.mod as m`, `from pkg import mod`), with the rest of the dotted name. */
function importedModule(model: ProjectModel, facts: FileFacts, parts: string[]): { file: string; rest: string[] } | null | 'unknown' {
  const head = parts[0]!;
  for (const imp of facts.imports) {
    if (imp.kind === 'mock' || imp.typeOnly || imp.typeChecking) continue;
    const n = imp.names.find((x) => x.local === head);
    if (!n) continue;
    const r = model.resolveImport(facts.file, imp);
    if (r.kind !== 'first-party' && r.kind !== 'namespace') return r.kind === 'unknown' ? 'unknown' : null;
    if (n.imported === '*') {
      if (r.kind !== 'first-party') return null;
      let rest = parts.slice(1);
      // Python `import a.b` binds `a`: the call must go through `a.b.`.
      if (facts.language === 'python' && imp.specifier.includes('.') && n.local === imp.specifier.split('.')[0]) {
        const tail = imp.specifier.split('.').slice(1);
        if (tail.some((t, i) => rest[i] !== t)) return null;
        rest = rest.slice(tail.length);
      }
      return { file: r.file, rest };
    }
    if (r.kind !== 'first-party') return null;
    const found = model.lookupExport(r.file, n.imported);
    return found.kind === 'submodule' ? { file: found.file, rest: parts.slice(1) } : null;
  }
  return null;
}

/** A plain name called in `file` at `at`: a helper declared in an enclosing scope, a module-level one, an imported one. */
function plainName(model: ProjectModel, facts: FileFacts, name: string, at: number, hops = 0): CalleeTarget {
  let best: CallableFact | undefined;
  for (const c of facts.callables ?? []) {
    if (c.name !== name || c.kind === 'method') continue;
    const s = c.localScope;
    if (s && (at < s.start || at >= s.end)) continue;
    if (!best || (s && (!best.localScope || s.end - s.start < best.localScope.end - best.localScope.start))) best = c;
  }
  best ??= testFunction(facts, name);
  if (best) return { kind: 'callable', file: facts.file, callable: best };
  for (const imp of facts.imports) {
    if (imp.kind === 'mock' || imp.typeOnly || imp.typeChecking) continue;
    const n = imp.names.find((x) => x.local === name && x.imported !== '*');
    if (!n) continue;
    const r = model.resolveImport(facts.file, imp);
    if (r.kind === 'unknown') return UNKNOWN;
    if (r.kind !== 'first-party') return NONE;
    if (model.mockedWithFactory(facts.file, r.file)) return NONE;
    return moduleFunction(model, r.file, n.imported, hops);
  }
  return NONE;
}

/** JS: `t.equal()` where `t` is an object literal of helpers (`const t = { equal(a, b) {…} }`), here or imported. */
function objectMember(model: ProjectModel, facts: FileFacts, parts: string[], at: number): CalleeTarget | null {
  if (facts.language === 'python' || parts.length !== 2) return null;
  const local = plainName(model, { ...facts, imports: [] }, parts.join('.'), at);
  if (local.kind === 'callable') return local;
  for (const imp of facts.imports) {
    if (imp.kind === 'mock' || imp.typeOnly) continue;
    const n = imp.names.find((x) => x.local === parts[0] && x.imported !== '*' && x.imported !== 'default');
    if (!n) continue;
    const r = model.resolveImport(facts.file, imp);
    if (r.kind !== 'first-party') return null;
    const found = model.lookupExport(r.file, n.imported);
    if (found.kind !== 'found') return null;
    const name = `${n.imported}.${parts[1]}`;
    const c = callableIn(model.facts(found.file), (x) => x.name === name && !x.localScope);
    return c ? { kind: 'callable', file: found.file, callable: c } : null;
  }
  return null;
}

/** `self.name()` in a method of `className`: the method in the class or a first-party base. */
function ownMethod(model: ProjectModel, file: string, className: string, name: string): CalleeTarget {
  const owner = memberOwner(model, file, className, name);
  if (!owner) return model.membersOf(file, className) === null && !TESTCASE_PLAIN_METHODS.has(name) ? UNKNOWN : NONE;
  if (owner.member.kind !== 'method') return NONE; // an attribute holding some callable
  const facts = model.facts(owner.file);
  const c = callableIn(facts, (x) => x.className === owner.className && x.name === name) ?? testFunction(facts, name, owner.className);
  return c ? { kind: 'callable', file: owner.file, callable: c } : NONE;
}

export function resolveCallee(model: ProjectModel, file: string, callee: CalleeFact, from: CallerContext): CalleeTarget {
  const facts = model.facts(file);
  if (!facts || callee.chained) return NONE;
  const parts = callee.name.split('.');
  if (parts.length === 1) {
    const name = parts[0]!;
    if (facts.language === 'python' && from.params?.includes(name)) {
      if (callee.passed) return NONE; // the fixture's value passed on, not its function
      // A fixture the test requests and calls: the fixture returned a helper (its body includes the helper's).
      const { fixtures, complete } = fixturesInScope(model, file, from.classScope ?? []);
      const def = fixtures.find((f) => f.fixture.name === name);
      if (!def) return complete ? NONE : UNKNOWN;
      const c = callableIn(model.facts(def.file), (x) => x.kind === 'fixture' && x.span.start === def.fixture.nameSpan.start);
      return c ? { kind: 'callable', file: def.file, callable: c } : NONE;
    }
    return plainName(model, facts, name, callee.at);
  }
  if ((parts[0] === 'self' || parts[0] === 'this') && parts.length === 2) {
    return from.className && facts.language === 'python' ? ownMethod(model, file, from.className, parts[1]!) : NONE;
  }
  const mod = importedModule(model, facts, parts);
  if (mod === 'unknown') return UNKNOWN;
  if (mod) return mod.rest.length === 1 ? moduleFunction(model, mod.file, mod.rest[0]!, 0) : NONE;
  const member = objectMember(model, facts, parts, callee.at);
  if (member) return member;
  // `helper.check()` on a receiver whose class the facts settle (local instance, annotated fixture, `self.helper`).
  const acc = facts.memberAccesses.find((a) => a.span.start === callee.at && a.call);
  const cls = acc ? model.receiverClass(file, acc) : null;
  if (!cls) return NONE;
  const owner = memberOwner(model, cls.file, cls.name, parts[parts.length - 1]!);
  if (!owner || owner.member.kind !== 'method') return NONE;
  const c = callableIn(model.facts(owner.file), (x) => x.className === owner.className && x.name === owner.member.name);
  return c ? { kind: 'callable', file: owner.file, callable: c } : NONE;
}
