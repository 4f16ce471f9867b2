/**
 * One walk over the light tree of a Python file: scopes and free names, imports with guards,
 * module bindings and exports, classes and members, member accesses, pytest/unittest tests,
 * and the compile-time checks CPython makes that tree-sitter does not.
 */
import type {
  BindingFact, ClassFact, EvalPhase, ExportFact, FileFacts, FrontEndOptions, ImportFact, ImportGuard,
  CallFact, CallableFact, ImportedName, InitFieldFact, MemberAccessFact, MemberFact, ParamSummary, PatchFact, ReceiverFact, Span, ValueOrigin,
} from '../../facts/types.js';
import type { LineIndex } from './positions.js';
import type { PyNode } from './parser.js';
import { makeNameMatcher, type FixtureFact, type ParametrizeFact, type PythonTestFact } from './pytest-facts.js';
import { Deadline } from '../../facts/deadline.js';
import { BodySummary } from '../body-summary.js';

type ScopeKind = 'module' | 'class' | 'function' | 'comprehension';

class Scope {
  /** name → the imported names bound under it here (for firstUse), or null for other bindings. */
  readonly bound = new Map<string, ImportedName[] | null>();
  globals: Set<string> | null = null;
  nonlocals: Map<string, PyNode> | null = null;
  /** name → the class every binding here constructs or is annotated with; PARAM for an unannotated parameter; null when mixed. */
  types: Map<string, string | null> | null = null;
  constructor(readonly kind: ScopeKind, readonly parent: Scope | null) {}
}

/** `Scope.types` marker of an unannotated parameter (a pytest fixture when the function is a test). */
const PARAM = '#param';

/** `Scope.types` prefix of a local that holds an item of a module-level name (`big = COUPONS[1]` → `[]COUPONS`); never leaves the analyzer. */
const ITEM = '[]';

/** A `Scope.types` entry that names a class or callee (not a parameter marker, not an item). */
function calleeType(t: string | null | undefined): string | null {
  return t && t !== PARAM && !t.startsWith(ITEM) ? t : null;
}

function sameOrigin(a: ValueOrigin, b: ValueOrigin): boolean {
  return a.kind === b.kind && (a.kind !== 'call' || a.callee === (b as typeof a).callee) && (a.kind !== 'item' || a.of === (b as typeof a).of);
}

/** Generic wrappers whose first argument is what a generator fixture yields. */
const YIELD_WRAPPERS = new Set(['Iterator', 'Generator', 'AsyncIterator', 'AsyncGenerator', 'Iterable', 'AsyncIterable']);

/** Patching calls by dotted name (receivers that are plain HTTP clients, `client.patch(url)`, are not listed). */
const PATCH_FUNCTIONS: Record<string, PatchFact['kind']> = {
  'patch': 'patch', 'mock.patch': 'patch', 'unittest.mock.patch': 'patch', 'mocker.patch': 'patch',
  'patch.object': 'object', 'mock.patch.object': 'object', 'unittest.mock.patch.object': 'object', 'mocker.patch.object': 'object',
  'monkeypatch.setattr': 'setattr', 'monkeypatch.delattr': 'delattr',
};

/** pytester's LineMatcher (`result.stdout`, `result.stderr`) checks: each raises on a mismatch. */
const LINE_MATCHER_CHECKS = new Set(['fnmatch_lines', 're_match_lines', 'no_fnmatch_line', 'no_re_match_line', 'fnmatch_lines_random', 're_match_lines_random']);

/** Calls whose literal attribute-name argument makes the attribute dynamic. */
const ATTR_FUNCTIONS = new Set(['hasattr', 'getattr', 'setattr', 'delattr']);

interface PendingRead {
  name: string;
  node: PyNode;
  scope: Scope;
  phase: EvalPhase;
  guarded: boolean;
  typeOnly: boolean;
  /** Set by resolveReads: the name resolves to a module-level binding. */
  module?: boolean;
}

/** Names a test's skip conditions read: its decorators, its class's decorators and `pytestmark`, `if …: pytest.skip()` in its body. */
function moduleNames(groups: PendingRead[][]): string[] {
  const out = new Set<string>();
  for (const g of groups) for (const r of g) if (r.module) out.add(r.name);
  return [...out];
}

interface FnCtx {
  async: boolean;
  lambda: boolean;
  /** For "'return' with value in async generator". */
  yields?: boolean;
  returnsValue?: PyNode;
  /** Callees of `return C(...)` / `yield C(...)`, to check a fixture's return annotation against what it builds. */
  returnedCalls?: string[];
  /** Every `return` / `yield` value (undefined: bare), judged when the body is complete and its locals' types are known. */
  produced?: { value: PyNode | undefined; yielded: boolean }[];
}

interface ClassCtx {
  fact: ClassFact;
  members: Map<string, MemberFact>;
  scopeNames: string[];
  /** pytest collects it (name matches python_classes) or unittest does (TestCase subclass). */
  pytestClass: boolean;
  unittestClass: boolean;
  skip: boolean;
  /** Reads of the class's (and enclosing classes') decorators and class-level `pytestmark`; filled while the body is walked. */
  markReads: PendingRead[][];
  /** The class's suite fact when pytest or unittest collects it (a class-level `pytestmark` adds to its marks). */
  suite?: PythonTestFact;
  /** Attribute/field name → the class every assignment constructs (null when they disagree). */
  attrTypes?: Map<string, string | null>;
}

interface MethodCtx {
  cls: ClassCtx;
  selfName: string | null;
  isClassMethod: boolean;
}

interface TestCtx {
  fact?: PythonTestFact;
  /** Reads of its decorators and skip conditions in its body. */
  reads: PendingRead[];
}

interface GuardCtx {
  guard: ImportGuard;
  phase: 'body' | 'handler' | 'else';
  seenImport: boolean;
}

export interface SyntaxIssue {
  message: string;
  start: number;
  end: number;
}

/** Module-level names Python defines implicitly. */
const IMPLICIT_GLOBALS = new Set([
  '__name__', '__file__', '__doc__', '__builtins__', '__spec__', '__loader__', '__package__', '__path__',
  '__annotations__', '__dict__', '__cached__',
]);
const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);
const NAME_ERRORS = new Set(['NameError', 'Exception', 'BaseException']);
const BROAD_ERRORS = new Set(['Exception', 'BaseException']);
const SIGNATURE_KEEPING_DECORATORS = new Set([
  'staticmethod', 'classmethod', 'property', 'abstractmethod', 'abc.abstractmethod', 'override',
  'typing.override', 'typing_extensions.override', 'functools.cached_property', 'cached_property',
  'abc.abstractproperty', 'typing.overload', 'overload',
]);
const FUTURE_FEATURES = new Set([
  'nested_scopes', 'generators', 'division', 'absolute_import', 'with_statement', 'print_function',
  'unicode_literals', 'barry_as_FLUFL', 'generator_stop', 'annotations',
]);
const UNITTEST_BASES = new Set([
  'unittest.TestCase', 'TestCase', 'IsolatedAsyncioTestCase', 'unittest.IsolatedAsyncioTestCase',
  'django.test.TestCase', 'SimpleTestCase', 'TransactionTestCase', 'LiveServerTestCase',
  'asynctest.TestCase', 'unittest.case.TestCase', 'AsyncTestCase', 'APITestCase',
]);
const STATEMENT_TYPES = new Set([
  'expression_statement', 'return_statement', 'delete_statement', 'raise_statement', 'pass_statement',
  'break_statement', 'continue_statement', 'global_statement', 'nonlocal_statement', 'assert_statement',
  'import_statement', 'import_from_statement', 'future_import_statement', 'print_statement',
  'exec_statement', 'type_alias_statement', 'if_statement', 'for_statement', 'while_statement',
  'try_statement', 'with_statement', 'function_definition', 'class_definition', 'decorated_definition',
  'match_statement',
]);
const TARGET_ERROR: Record<string, string> = {
  none: 'cannot assign to None', true: 'cannot assign to True', false: 'cannot assign to False',
  integer: 'cannot assign to literal', float: 'cannot assign to literal', string: 'cannot assign to literal',
  concatenated_string: 'cannot assign to literal', ellipsis: 'cannot assign to ellipsis',
  call: 'cannot assign to function call', lambda: 'cannot assign to lambda',
  await: 'cannot assign to await expression', conditional_expression: 'cannot assign to conditional expression',
  named_expression: 'cannot assign to named expression', comparison_operator: 'cannot assign to comparison',
  dictionary: 'cannot assign to dict literal', set: 'cannot assign to set display',
  list_comprehension: 'cannot assign to list comprehension', set_comprehension: 'cannot assign to set comprehension',
  dictionary_comprehension: 'cannot assign to dict comprehension', generator_expression: 'cannot assign to generator expression',
  binary_operator: 'cannot assign to expression', unary_operator: 'cannot assign to expression',
  boolean_operator: 'cannot assign to expression', not_operator: 'cannot assign to expression',
  yield: 'cannot assign to yield expression', dictionary_splat: 'cannot assign to expression',
};

function isTrivia(n: PyNode): boolean {
  return n.type === 'comment' || n.type === 'line_continuation';
}

/** The node's named children without comments (allocates; used on small nodes). */
function named(n: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (const c of n.children) if (c.named && !isTrivia(c)) out.push(c);
  return out;
}

function childOfType(n: PyNode, type: string): PyNode | undefined {
  for (const c of n.children) if (c.named && c.type === type) return c;
  return undefined;
}

/**
 * A `with` item: the context expression and the `as` target. tree-sitter-python attaches `as x`
 * to the innermost rightmost operand (`with a if c else b as x` parses as `a if c else (b as x)`);
 * CPython binds the whole expression's value, so the `as_pattern` is lifted out of the value.
 */
function splitWithTarget(v: PyNode): { value: PyNode; target: PyNode | null } {
  if (v.type === 'as_pattern') {
    const parts = named(v);
    const tgt = parts[parts.length - 1];
    return { value: parts[0] ?? v, target: tgt && tgt !== parts[0] ? tgt : null };
  }
  // Follow the rightmost child chain of an expression down to an `as_pattern`, copying the path.
  const last = v.children[v.children.length - 1];
  if (!last || !last.named || v.type === 'parenthesized_expression' || v.type === 'tuple' || v.type === 'call') {
    return { value: v, target: null };
  }
  const inner = splitWithTarget(last);
  if (!inner.target) return { value: v, target: null };
  return { value: { ...v, children: [...v.children.slice(0, -1), inner.value] }, target: inner.target };
}

function hasToken(n: PyNode, token: string): boolean {
  for (const c of n.children) if (!c.named && c.type === token) return true;
  return false;
}

export class PythonAnalyzer {
  readonly issues: SyntaxIssue[] = [];
  readonly fixtures: FixtureFact[] = [];
  private readonly reads: PendingRead[] = [];
  private readonly moduleScope = new Scope('module', null);
  private readonly moduleBindings = new Map<string, BindingFact>();
  private readonly exportIndex = new Map<string, ExportFact>();
  private readonly classIndex = new Map<string, ClassCtx>();
  private readonly nonlocalChecks: { scope: Scope; name: string; node: PyNode }[] = [];
  private readonly isTestFunction: (name: string) => boolean;
  private readonly isTestClass: (name: string) => boolean;
  private readonly version: number;
  private allState: string[] | null | undefined = undefined;

  // ---- walking context (saved and restored around nested constructs)
  private scope: Scope = this.moduleScope;
  private phase: EvalPhase = 'collect';
  private fn: FnCtx | null = null;
  private inLoop = false;
  private nameGuard = false;
  private swallow = false;
  private guard: GuardCtx | null = null;
  private typeChecking = false;
  private conditional = false;
  private cls: ClassCtx | null = null;
  private method: MethodCtx | null = null;
  private test: TestCtx | null = null;
  /** The test, function, method or fixture body being walked (nested functions and lambdas are part of it). */
  private body: BodySummary | null = null;
  private readonly callables: CallableFact[] = [];
  private readonly pytestmarks = new Set<string>();
  /** Reads go here too while a skip condition / `pytestmark` value is walked. */
  private readSink: PendingRead[] | null = null;
  private readonly pytestmarkReads: PendingRead[] = [];
  private readonly testReads: { fact: PythonTestFact; groups: PendingRead[][] }[] = [];
  /** The scope the last successful lookup() found the name in. */
  private lookupHit: Scope | null = null;
  private deferAnnotations = false;
  private classNames: string[] = [];
  /** The target being assigned a constructor call / annotated with a class (receiver inference). */
  private pendingInstance: { node: PyNode; cls: string | null } | null = null;
  /** A module-level name being assigned a literal collection, with the callee every item is a call of. */
  private pendingItems: { node: PyNode; callee: string | null } | null = null;
  /** Module-level name → the callee every item of every literal bound to it calls; null when any binding is something else. */
  private readonly moduleItems = new Map<string, string | null>();
  /** Member accesses on a name receiver, resolved to their binding once every scope is complete. */
  private readonly nameAccesses: { fact: MemberAccessFact; scope: Scope; name: string }[] = [];
  private readonly attrNames = new Set<string>();
  private readonly patches: PatchFact[] = [];
  /** `patch.object(obj, …)` / `monkeypatch.setattr(obj, …)`: the object's first name, resolved to its binding once every scope is complete. */
  private readonly patchObjects: { fact: PatchFact; scope: Scope; name: string }[] = [];
  /** Calls of a plain name (`f(…)`), kept when the name is the module-level binding where it is called (call-arity). */
  private readonly nameCalls: { fact: CallFact; scope: Scope }[] = [];

  constructor(
    private readonly text: string,
    private readonly li: LineIndex,
    private readonly facts: FileFacts,
    options: FrontEndOptions,
    private readonly deadline: Deadline = Deadline.NONE,
  ) {
    const v = options.pythonVersion ?? [3, 12];
    this.version = v[0] * 100 + v[1];
    this.isTestFunction = makeNameMatcher(options.pythonFunctions?.length ? options.pythonFunctions : ['test']);
    this.isTestClass = makeNameMatcher(options.pythonClasses?.length ? options.pythonClasses : ['Test']);
    // PEP 649: from 3.14 annotations are evaluated lazily.
    this.deferAnnotations = this.version >= 314;
  }

  // ======================================================================= entry

  run(root: PyNode): void {
    this.checkFutureImports(root);
    this.block(root);
    this.resolveReads();
    this.resolveReceivers();
    for (const chk of this.nonlocalChecks) {
      if (!this.enclosingFunctionBinds(chk.scope, chk.name)) {
        this.error(`no binding for nonlocal '${chk.name}' found`, chk.node);
      }
    }
    const m = this.facts.module;
    m.all = this.allState ?? null;
    if (this.attrNames.size) m.attrNames = [...this.attrNames];
    if (this.patches.length) this.facts.patches = this.patches;
    for (const { fact, groups } of this.testReads) {
      const names = moduleNames(groups);
      if (names.length) fact.moduleReads = names;
    }
    const markNames = moduleNames([this.pytestmarkReads]);
    if (markNames.length) m.pytestmarkReads = markNames;
    if (this.pytestmarks.size) m.pytestmarks = [...this.pytestmarks];
    if (this.callables.length) this.facts.callables = this.callables;
    for (const [name, t] of this.moduleScope.types ?? []) {
      const b = this.moduleBindings.get(name);
      const callee = calleeType(t);
      if (b && callee) b.instanceOf = callee;
    }
    for (const [name, callee] of this.moduleItems) {
      const b = this.moduleBindings.get(name);
      if (b && callee) b.itemInstanceOf = callee;
    }
    this.facts.bindings = [...this.moduleBindings.values()];
  }

  // ======================================================================= receiver inference

  private noteType(scope: Scope, name: string, t: string | null): void {
    const types = scope.types ?? (scope.types = new Map());
    const prev = types.get(name);
    types.set(name, prev === undefined || prev === t ? t : null);
  }

  private noteAttrType(cls: ClassCtx, name: string, t: string | null): void {
    const types = cls.attrTypes ?? (cls.attrTypes = new Map());
    const prev = types.get(name);
    types.set(name, prev === undefined || prev === t ? t : null);
  }

  private noteModuleItems(name: string, callee: string | null): void {
    const prev = this.moduleItems.get(name);
    this.moduleItems.set(name, prev === undefined || prev === callee ? callee : null);
  }

  /** `[C(…), C(…)]`, `(C(…),)`, `{C(…)}`, `{"k": C(…)}`: the callee every item (dict: value) calls; null otherwise. */
  private literalItemsCallee(n: PyNode | undefined): string | null {
    if (!n || !['list', 'tuple', 'set', 'dictionary'].includes(n.type)) return null;
    let callee: string | null = null;
    for (const c of named(n)) {
      if (c.type === 'comment') continue;
      const v = n.type === 'dictionary' ? (c.type === 'pair' ? c.children[c.children.length - 1] : undefined) : c;
      const k = this.constructed(v);
      if (!k || (callee !== null && callee !== k)) return null;
      callee = k;
    }
    return callee;
  }

  /** The class a value constructs (`Helper(...)`, `mod.Helper(...)`), as written; null otherwise. */
  private constructed(value: PyNode | undefined): string | null {
    if (!value || value.type !== 'call') return null;
    const fn = value.children[0];
    return fn ? this.dotted(fn) : null;
  }

  /** The class an annotation names (`Helper`, `mod.Helper`, `"Helper"`); with `unwrapYield`, `Iterator[Helper]` → Helper. */
  private annotationClass(typeNode: PyNode | undefined, unwrapYield = false): string | null {
    if (!typeNode) return null;
    let e: PyNode | undefined = typeNode.type === 'type' ? named(typeNode)[0] : typeNode;
    if (!e) return null;
    if (unwrapYield && (e.type === 'generic_type' || e.type === 'subscript')) {
      const head = e.type === 'subscript' ? e.children[0] : named(e)[0];
      const headName = head ? this.dotted(head) : null;
      if (headName && YIELD_WRAPPERS.has(headName.slice(headName.lastIndexOf('.') + 1))) {
        const args = e.type === 'subscript' ? named(e).slice(1) : named(named(e)[1] ?? e).filter((x) => x !== head);
        const first = args[0];
        return first ? this.annotationClass(first) : null;
      }
      return null;
    }
    if (e.type === 'string') {
      const v = this.stringValue(e);
      return v !== null && /^[A-Za-z_][\w.]*$/.test(v) ? v : null;
    }
    return e.type === 'identifier' || e.type === 'attribute' ? this.dotted(e) : null;
  }

  /** Give every member access on a name receiver the binding the name has where it is read. */
  private resolveReceivers(): void {
    const calls: CallFact[] = [];
    for (const { fact, scope } of this.nameCalls) if (this.bindingScope(scope, fact.name) === this.moduleScope) calls.push(fact);
    if (calls.length) this.facts.calls = calls;
    for (const { fact, scope, name } of this.patchObjects) if (this.bindingScope(scope, name) === this.moduleScope) fact.objectModuleLevel = true;
    for (const { fact, scope, name } of this.nameAccesses) {
      const s = this.bindingScope(scope, name);
      if (!s) continue;
      if (s === this.moduleScope) { fact.binding = { kind: 'module' }; continue; }
      if (fact.receiver.kind === 'item') continue; // an item of a local collection: not followed
      const t = s.types?.get(name);
      if (t === PARAM) fact.binding = { kind: 'parameter' };
      else if (t?.startsWith(ITEM)) {
        const of = t.slice(ITEM.length);
        if (this.bindingScope(s, of) === this.moduleScope) fact.binding = { kind: 'item', of };
      } else if (t) fact.binding = { kind: 'instance', className: t };
    }
  }

  /** The scope binding `name` where it is read in `scope` (class scopes are skipped from nested functions), or null. */
  private bindingScope(scope: Scope, name: string): Scope | null {
    {
      let s: Scope | null = scope;
      let first = true;
      while (s) {
        if (s.kind === 'class' && !first) { s = s.parent; continue; }
        if (s.kind !== 'module' && s.globals?.has(name)) { s = this.moduleScope; break; }
        if (s.nonlocals?.has(name)) { s = null; break; }
        if (s.bound.has(name)) break;
        first = false;
        s = s.parent;
      }
      return s;
    }
  }

  // ======================================================================= helpers

  private t(n: PyNode): string {
    return this.text.slice(n.start, n.end);
  }

  private span(n: PyNode): Span {
    return this.li.span(n.start, n.end);
  }

  private error(message: string, n: PyNode): void {
    this.issues.push({ message, start: n.start, end: n.end });
  }

  /** Records a returned/yielded value, and the callee of a call expression (`return HomeFactory(...)`). */
  private noteReturnedCall(value: PyNode | undefined, yielded: boolean, yieldNode?: PyNode): void {
    if (!this.fn) return;
    // `yield from g()` gives g's items: not a value this summary can name.
    (this.fn.produced ??= []).push({ value: yieldNode && hasToken(yieldNode, 'from') ? yieldNode : value, yielded });
    if (!value) return;
    // `entry = MockConfigEntry(...); return entry`: a local whose every binding constructs one class.
    const local = value.type === 'identifier' ? this.scope.types?.get(this.t(value)) : undefined;
    const callee = value.type === 'call' && value.children[0] ? this.dotted(value.children[0]) : calleeType(local);
    if (callee) (this.fn.returnedCalls ??= []).push(callee);
  }

  /**
   * What every `return` (`yielded`: every `yield`) of a finished function gives, or null when one
   * gives anything else or they disagree. `clsName` is a classmethod's first parameter (`cls(…)`).
   */
  private producedOrigin(fn: FnCtx, fnScope: Scope, yielded: boolean, clsName: string | null): ValueOrigin | null {
    let out: ValueOrigin | null = null;
    for (const p of fn.produced ?? []) {
      if (p.yielded !== yielded) continue;
      const v = p.value;
      if (!v || v.type === 'none') continue; // `return` / `return None`: nothing to call a method on either way
      let o: ValueOrigin | null = null;
      if (v.type === 'call') {
        const callee = v.children[0] ? this.dotted(v.children[0]) : null;
        if (callee) o = callee === clsName ? { kind: 'cls' } : { kind: 'call', callee };
      } else if (v.type === 'identifier') {
        // A local of the function whose every binding agrees (read now that the body is complete).
        const t = fnScope.bound.has(this.t(v)) ? fnScope.types?.get(this.t(v)) : undefined;
        if (t && t !== PARAM && !t.startsWith(ITEM)) o = { kind: 'call', callee: t };
        else if (t?.startsWith(ITEM) && !fnScope.bound.has(t.slice(ITEM.length))) o = { kind: 'item', of: t.slice(ITEM.length) };
      } else {
        const of = this.itemOf(v);
        // An item of a name the function does not bind: module-level (only module functions and top-level methods get a summary).
        if (of && !fnScope.bound.has(of)) o = { kind: 'item', of };
      }
      if (!o || (out && !sameOrigin(out, o))) return null;
      out = o;
    }
    return out;
  }

  /** `NAME[…]` → NAME (an item of a plain name); null otherwise. */
  private itemOf(n: PyNode | undefined): string | null {
    if (!n || n.type !== 'subscript') return null;
    const obj = n.children[0];
    return obj && obj.type === 'identifier' ? this.t(obj) : null;
  }

  /** Dotted name of `a`, `a.b.c`; null for anything else. */
  private dotted(n: PyNode): string | null {
    if (n.type === 'identifier') return this.t(n);
    if (n.type === 'attribute') {
      const obj = n.children[0];
      const attr = n.children[n.children.length - 1];
      if (!obj || !attr || attr.type !== 'identifier') return null;
      const left = this.dotted(obj);
      return left === null ? null : left + '.' + this.t(attr);
    }
    if (n.type === 'dotted_name') {
      const parts: string[] = [];
      for (const c of n.children) if (c.type === 'identifier') parts.push(this.t(c));
      return parts.join('.');
    }
    return null;
  }

  /** The dotted name a decorator applies (`@a.b(...)` → 'a.b'). */
  private decoratorName(dec: PyNode): string | null {
    const e = named(dec)[0];
    if (!e) return null;
    if (e.type === 'call') return e.children[0] ? this.dotted(e.children[0]) : null;
    return this.dotted(e);
  }

  /** String literal value when `n` is a plain (non-f) string or concatenation of them. */
  private stringValue(n: PyNode): string | null {
    if (n.type === 'concatenated_string') {
      let out = '';
      for (const c of named(n)) {
        const v = this.stringValue(c);
        if (v === null) return null;
        out += v;
      }
      return out;
    }
    if (n.type !== 'string') return null;
    let out = '';
    for (const c of n.children) {
      if (c.type === 'string_start') {
        if (/[fFbB]/.test(this.t(c))) return null;
      } else if (c.type === 'string_content') {
        if (c.children.length) {
          // escapes: keep it simple, only accept plain content
          for (const e of c.children) if (e.type !== 'escape_sequence') return null;
          return null;
        }
        out += this.t(c);
      } else if (c.type === 'interpolation') return null;
    }
    return out;
  }

  // ======================================================================= scopes

  private bind(name: string, node: PyNode, kind: BindingFact['kind'], imported?: ImportedName, params?: ParamSummary): void {
    let scope = this.scope;
    if (scope.kind !== 'module' && scope.globals?.has(name)) scope = this.moduleScope;
    const prev = scope.bound.get(name);
    if (imported) {
      if (prev) prev.push(imported);
      else scope.bound.set(name, [imported]);
    } else if (prev === undefined) scope.bound.set(name, null);
    const instance = this.pendingInstance && this.pendingInstance.node === node ? this.pendingInstance.cls : null;
    this.noteType(scope, name, instance);
    if (scope.kind === 'class' && this.cls && scope === this.scope) this.noteAttrType(this.cls, name, calleeType(instance));
    if (scope === this.moduleScope) this.noteModuleItems(name, this.pendingItems && this.pendingItems.node === node ? this.pendingItems.callee : null);

    if (this.guard && kind === 'variable' && (this.guard.phase !== 'body' || this.guard.seenImport)) {
      if (!this.guard.guard.flags.includes(name)) this.guard.guard.flags.push(name);
    }
    if (scope === this.moduleScope) this.moduleBinding(name, node, kind, params, scope !== this.scope);
    else if (scope.kind === 'class' && this.cls && kind !== 'function') this.addMember(this.cls, name, 'field', node, false);
  }

  private moduleBinding(name: string, node: PyNode, kind: BindingFact['kind'], params: ParamSummary | undefined, viaGlobal: boolean): void {
    const conditional = this.conditional || viaGlobal;
    const existing = this.moduleBindings.get(name);
    if (existing) {
      if (!conditional) existing.conditional = false;
      // Bound again (`@overload` stubs, `f = wrap(f)`): the signature is no longer one known thing.
      existing.rebound = true;
      delete existing.params;
      delete existing.returns;
      return;
    }
    const span = this.span(node);
    const b: BindingFact = { name, kind, span, conditional };
    if (params) b.params = params;
    this.moduleBindings.set(name, b);
    const e: ExportFact = { name, kind: 'local', typeOnly: false, span };
    this.exportIndex.set(name, e);
    this.facts.exports.push(e);
  }

  private read(name: string, node: PyNode, typeOnly = false): void {
    if (IMPLICIT_GLOBALS.has(name)) return;
    if (name === '__class__' && this.method) return;
    const r: PendingRead = { name, node, scope: this.scope, phase: this.phase, guarded: this.nameGuard, typeOnly: typeOnly || this.typeChecking };
    this.reads.push(r);
    if (this.readSink) this.readSink.push(r);
  }

  private resolveReads(): void {
    const refs = this.facts.references;
    for (const r of this.reads) {
      this.deadline.tick();
      this.lookupHit = null;
      const found = this.lookup(r.scope, r.name);
      if (found !== undefined && this.lookupHit === this.moduleScope) r.module = true;
      if (found === undefined) {
        const ref: FileFacts['references'][number] = { name: r.name, span: this.span(r.node), phase: r.phase };
        if (r.typeOnly) ref.typeOnly = true;
        if (r.guarded) ref.guarded = true;
        refs.push(ref);
      } else if (found) {
        const phase: EvalPhase | null = r.typeOnly ? 'run' : r.phase;
        for (const imp of found) {
          if (imp.firstUse === null || (phase === 'collect' && !r.typeOnly)) {
            if (imp.firstUse !== 'collect') imp.firstUse = phase;
          }
        }
      }
    }
  }

  /** undefined: unbound in every enclosing scope; null: bound (not an import); array: import names. */
  private lookup(start: Scope, name: string): ImportedName[] | null | undefined {
    let s: Scope | null = start;
    let first = true;
    while (s) {
      if (s.kind === 'class' && !first) { s = s.parent; continue; }
      if (s.kind !== 'module' && s.globals?.has(name)) { this.lookupHit = this.moduleScope; return this.moduleScope.bound.get(name); }
      if (s.nonlocals?.has(name)) { s = s.parent; first = false; continue; }
      const b = s.bound.get(name);
      if (b !== undefined) { this.lookupHit = s; return b; }
      first = false;
      s = s.parent;
    }
    return undefined;
  }

  private enclosingFunctionBinds(scope: Scope, name: string): boolean {
    for (let s = scope.parent; s && s.kind !== 'module'; s = s.parent) {
      if (s.kind === 'function' && (s.bound.has(name) || s.nonlocals?.has(name))) return true;
    }
    return false;
  }

  // ======================================================================= statements

  private block(n: PyNode): void {
    for (const c of n.children) if (c.named) this.stmt(c);
  }

  private stmt(n: PyNode): void {
    this.deadline.tick();
    switch (n.type) {
      case 'expression_statement': return this.expressionStatement(n);
      case 'return_statement':
        if (!this.fn || this.fn.lambda) this.error("'return' outside function", n);
        else {
          if (named(n).length && !this.fn.returnsValue) this.fn.returnsValue = n;
          this.noteReturnedCall(named(n)[0], false);
        }
        return this.exprChildren(n);
      case 'delete_statement': return this.deleteStatement(n);
      case 'raise_statement':
        // `if …: raise AssertionError(…)` directly in a body is a hand-written check.
        if (this.body && named(n).length) this.body.raises(this.fn);
        return this.exprChildren(n);
      case 'pass_statement': return;
      case 'break_statement':
        if (!this.inLoop) this.error("'break' outside loop", n);
        return;
      case 'continue_statement':
        if (!this.inLoop) this.error("'continue' not properly in loop", n);
        return;
      case 'global_statement': return this.globalStatement(n);
      case 'nonlocal_statement': return this.nonlocalStatement(n);
      case 'assert_statement':
        if (this.body) this.body.asserts = true;
        return this.exprChildren(n);
      case 'import_statement': return this.importStatement(n);
      case 'import_from_statement':
      case 'future_import_statement': return this.importFrom(n);
      case 'print_statement': case 'exec_statement':
        return this.printStatement(n);
      case 'type_alias_statement': return this.typeAlias(n);
      case 'if_statement': return this.ifStatement(n);
      case 'for_statement': return this.forStatement(n);
      case 'while_statement': return this.whileStatement(n);
      case 'try_statement': return this.tryStatement(n);
      case 'with_statement': return this.withStatement(n);
      case 'function_definition': return this.functionDef(n, []);
      case 'class_definition': return this.classDef(n, []);
      case 'decorated_definition': return this.decorated(n);
      case 'match_statement': return this.matchStatement(n);
      case 'block': return this.block(n);
      case 'comment': return;
      case 'ERROR': return this.errorNode(n);
      default: return this.expr(n);
    }
  }

  /**
   * tree-sitter reads `print x` (Python 2) but also `print (x)` and `print >>f, x` as print
   * statements; the last two are valid Python 3 expressions. Only a word, number or string right
   * after the keyword is CPython's "Missing parentheses" error.
   */
  private printStatement(n: PyNode): void {
    const kw = n.type === 'print_statement' ? 'print' : 'exec';
    let i = n.start + kw.length;
    while (i < n.end && (this.text.charCodeAt(i) === 32 || this.text.charCodeAt(i) === 9)) i++;
    const ch = this.text[i] ?? '';
    if (/[\p{L}\p{N}_'"]/u.test(ch)) {
      this.error(`Missing parentheses in call to '${kw}'. Did you mean ${kw}(...)?`, n);
    }
    this.reads.push({ name: kw, node: { ...n, end: n.start + kw.length }, scope: this.scope, phase: this.phase, guarded: this.nameGuard, typeOnly: this.typeChecking });
    this.exprChildren(n);
  }

  /** Inside a parse error, keep reading whole statements (imports survive) but no loose expressions. */
  private errorNode(n: PyNode): void {
    for (const c of n.children) {
      if (!c.named) continue;
      if (STATEMENT_TYPES.has(c.type) || c.type === 'ERROR' || c.type === 'block') this.stmt(c);
    }
  }

  /** Runs `fn` with `conditional` set when at module level (names bound only on some paths). */
  private compound(fn: () => void): void {
    const saved = this.conditional;
    if (this.scope === this.moduleScope) this.conditional = true;
    fn();
    this.conditional = saved;
  }

  private expressionStatement(n: PyNode): void {
    for (const c of n.children) {
      if (!c.named) continue;
      switch (c.type) {
        case 'assignment': this.assignment(c); break;
        case 'augmented_assignment': this.augmented(c); break;
        case 'named_expression':
          this.error('invalid syntax', c);
          this.expr(c);
          break;
        case 'list_splat':
          this.error("can't use starred expression here", c);
          this.expr(c);
          break;
        default:
          if (c.type === 'comment') break;
          this.exprStatementValue(c);
      }
    }
  }

  private exprStatementValue(c: PyNode): void {
    this.expr(c);
  }

  private assignment(n: PyNode): void {
    const kids = n.children;
    const left = kids[0]!;
    let typeNode: PyNode | undefined;
    let right: PyNode | undefined;
    for (let i = 1; i < kids.length; i++) {
      const k = kids[i]!;
      if (!k.named) continue;
      if (k.type === 'type' && !typeNode && !right) typeNode = k;
      else if (k.type !== 'comment') right = k;
    }
    if (left.type === 'list_splat_pattern' || left.type === 'list_splat') {
      this.error('starred assignment target must be in a list or tuple', left);
    }
    if (right) {
      if (right.type === 'assignment') this.assignment(right);
      else if (right.type === 'augmented_assignment') this.augmented(right);
      else {
        if (right.type === 'list_splat') this.error("can't use starred expression here", right);
        const sink = this.readSink;
        if (!sink && left.type === 'identifier' && this.t(left) === 'pytestmark') {
          this.readSink = this.scope === this.moduleScope ? this.pytestmarkReads
            : this.scope.kind === 'class' && this.cls ? (this.cls.markReads[this.cls.markReads.length - 1] ?? null) : null;
          const marks = this.markNames(right);
          if (this.scope === this.moduleScope) for (const m of marks) this.pytestmarks.add(m);
          else if (this.scope.kind === 'class' && this.cls?.suite) this.cls.suite.marks = [...(this.cls.suite.marks ?? []), ...marks];
        }
        this.expr(right);
        this.readSink = sink;
      }
    }
    if (typeNode) {
      let single = left;
      while ((single.type === 'parenthesized_expression' || (single.type === 'tuple_pattern' && !hasToken(single, ','))) && named(single).length === 1) single = named(single)[0]!;
      if (single.type !== 'identifier' && single.type !== 'attribute' && single.type !== 'subscript') {
        this.error('only single target (not tuple) can be annotated', left);
      }
      this.annotation(typeNode, this.scope.kind === 'function' || this.scope.kind === 'comprehension');
      if (!right && left.type === 'identifier') {
        // `x: int` binds nothing at run time; at class level it declares a field.
        const name = this.t(left);
        if (this.scope.kind === 'class' && this.cls) {
          this.addMember(this.cls, name, 'field', left, false);
          this.noteAttrType(this.cls, name, this.annotationClass(typeNode));
        }
        if (this.scope.kind !== 'module') this.scope.bound.set(name, this.scope.bound.get(name) ?? null);
        else if (!this.moduleScope.bound.has(name)) this.moduleScope.bound.set(name, null);
        return;
      }
    }
    if (left.type === 'identifier' || left.type === 'attribute') {
      const item = left.type === 'identifier' ? this.itemOf(right) : null;
      this.pendingInstance = { node: left, cls: this.annotationClass(typeNode) ?? this.constructed(right) ?? (item ? ITEM + item : null) };
      if (left.type === 'identifier' && this.scope === this.moduleScope) this.pendingItems = { node: left, callee: this.literalItemsCallee(right) };
    }
    this.target(left, 'variable');
    this.pendingInstance = null;
    this.pendingItems = null;
    if (this.scope === this.moduleScope && left.type === 'identifier' && this.t(left) === '__all__' && right) {
      this.allState = right ? this.staticStrings(right) : null;
    }
    // chained targets are handled by the recursive assignment on `right`
  }

  /** `["a", "b"]` / `("a",)` / `[…] + […]` → the strings; null when not static. */
  private staticStrings(n: PyNode): string[] | null {
    if (n.type === 'list' || n.type === 'tuple' || n.type === 'parenthesized_expression') {
      const out: string[] = [];
      for (const c of named(n)) {
        const v = this.stringValue(c);
        if (v === null) {
          if (c.type === 'tuple' || c.type === 'list') {
            const inner = this.staticStrings(c);
            if (inner === null) return null;
            out.push(...inner);
            continue;
          }
          return null;
        }
        out.push(v);
      }
      return out;
    }
    if (n.type === 'binary_operator' && hasToken(n, '+')) {
      const [a, b] = named(n);
      if (!a || !b) return null;
      const l = this.staticStrings(a);
      const r = this.staticStrings(b);
      return l && r ? [...l, ...r] : null;
    }
    return null;
  }

  private augmented(n: PyNode): void {
    const left = n.children[0]!;
    const right = n.children[n.children.length - 1]!;
    this.expr(right);
    if (left.type === 'identifier') {
      const name = this.t(left);
      this.read(name, left);
      this.bind(name, left, 'variable');
      if (this.scope === this.moduleScope && name === '__all__') {
        const extra = this.staticStrings(right);
        this.allState = extra && this.allState ? [...this.allState, ...extra] : null;
      }
    } else if (left.type === 'attribute') {
      this.attributeLoad(left, undefined);
      this.selfAttributeTarget(left);
    } else if (left.type === 'subscript') {
      this.expr(left);
    } else {
      const what = left.type === 'pattern_list' || left.type === 'tuple' || left.type === 'expression_list' ? 'tuple' : left.type === 'list' || left.type === 'list_pattern' ? 'list' : 'expression';
      this.error(`'${what}' is an illegal expression for augmented assignment`, left);
    }
  }

  /** Store context: binds names, records self attributes, reports invalid targets. */
  private target(n: PyNode, kind: BindingFact['kind']): void {
    switch (n.type) {
      case 'identifier': {
        const name = this.t(n);
        if (name === '__debug__') this.error('cannot assign to __debug__', n);
        this.bind(name, n, kind);
        return;
      }
      case 'pattern_list': case 'tuple_pattern': case 'list_pattern': case 'tuple': case 'list':
      case 'expression_list': case 'parenthesized_expression': {
        let stars = 0;
        for (const c of n.children) {
          if (!c.named || c.type === 'comment') continue;
          if (c.type === 'list_splat_pattern' || c.type === 'list_splat') stars++;
          this.target(c, kind);
        }
        if (stars > 1) this.error('multiple starred expressions in assignment', n);
        return;
      }
      case 'list_splat_pattern': case 'list_splat': {
        const inner = named(n)[0];
        if (inner) this.target(inner, kind);
        return;
      }
      case 'attribute': {
        this.expr(n.children[0]!);
        this.selfAttributeTarget(n);
        // `Helper.extra = f` / `obj.attr = v`: the attribute may exist at run time on any class.
        const obj = n.children[0]!;
        const attr = n.children[n.children.length - 1]!;
        if (attr.type === 'identifier' && !(obj.type === 'identifier' && this.method && this.t(obj) === this.method.selfName)) this.attrNames.add(this.t(attr));
        return;
      }
      case 'subscript':
        this.exprChildren(n);
        return;
      case 'as_pattern_target': case 'type':
        for (const c of named(n)) this.target(c, kind);
        return;
      case 'ERROR': case 'comment':
        return;
      default: {
        const msg = TARGET_ERROR[n.type];
        if (msg) this.error(msg, n);
        this.expr(n);
      }
    }
  }

  /** `self.x = …` inside a method: an attribute of the class. */
  private selfAttributeTarget(n: PyNode): void {
    const m = this.method;
    if (!m || !m.selfName) return;
    const obj = n.children[0]!;
    const attr = n.children[n.children.length - 1]!;
    if (obj.type === 'identifier' && attr.type === 'identifier' && this.t(obj) === m.selfName) {
      this.addMember(m.cls, this.t(attr), 'attribute', attr, m.isClassMethod);
      this.noteAttrType(m.cls, this.t(attr), this.pendingInstance && this.pendingInstance.node === n ? calleeType(this.pendingInstance.cls) : null);
    }
  }

  private addMember(cls: ClassCtx, name: string, kind: MemberFact['kind'], node: PyNode, isStatic: boolean, params?: ParamSummary): void {
    const existing = cls.members.get(name);
    if (existing) {
      // A second definition (`@overload` stubs, a redefinition, `m = wrap(m)`): its signature is no longer one known thing.
      delete existing.params;
      delete existing.returns;
      // a method or property wins over a plain attribute of the same name
      if ((kind === 'method' || kind === 'property') && existing.kind !== kind && existing.kind !== 'property') {
        existing.kind = kind;
        existing.static = isStatic;
        if (params) existing.params = params;
      }
      return;
    }
    const m: MemberFact = { name, kind, static: isStatic, span: this.span(node) };
    if (params) m.params = params;
    cls.members.set(name, m);
    cls.fact.members.push(m);
  }

  private deleteStatement(n: PyNode): void {
    for (const c of named(n)) {
      const targets = c.type === 'expression_list' ? named(c) : [c];
      for (const t of targets) {
        if (t.type === 'identifier') this.bind(this.t(t), t, 'other');
        // `del obj.attr` reads `obj` only: `attr` is an attribute name, not a variable.
        else if (t.type === 'attribute') this.expr(t.children[0]!);
        else if (t.type === 'subscript') this.exprChildren(t);
        else if (t.type === 'tuple' || t.type === 'list' || t.type === 'parenthesized_expression') this.target(t, 'other');
        else if (t.type !== 'comment') {
          const msg = TARGET_ERROR[t.type];
          this.error(msg ? msg.replace('assign to', 'delete') : 'cannot delete expression', t);
        }
      }
    }
  }

  private globalStatement(n: PyNode): void {
    for (const c of n.children) {
      if (c.type !== 'identifier') continue;
      const name = this.t(c);
      if (this.scope.kind === 'module') continue;
      (this.scope.globals ??= new Set()).add(name);
      if (this.scope.kind === 'function' && this.scope.bound.has(name)) {
        this.error(this.paramNames?.has(name) ? `name '${name}' is parameter and global` : `name '${name}' is assigned to before global declaration`, c);
      }
      this.moduleScope.bound.set(name, this.moduleScope.bound.get(name) ?? null);
      this.moduleBinding(name, c, 'variable', undefined, true);
    }
  }

  private paramNames: Set<string> | null = null;

  private nonlocalStatement(n: PyNode): void {
    for (const c of n.children) {
      if (c.type !== 'identifier') continue;
      const name = this.t(c);
      if (this.scope.kind === 'module') {
        this.error('nonlocal declaration not allowed at module level', n);
        return;
      }
      (this.scope.nonlocals ??= new Map()).set(name, c);
      if (name === '__class__') continue;
      if (this.paramNames?.has(name) && this.scope.kind === 'function') this.error(`name '${name}' is parameter and nonlocal`, c);
      this.nonlocalChecks.push({ scope: this.scope, name, node: c });
    }
  }

  // ---------------------------------------------------------------- imports

  private newImport(kind: ImportFact['kind'], specifier: string, level: number, n: PyNode, specNode: PyNode): ImportFact {
    const imp: ImportFact = {
      kind, specifier, level, names: [], span: this.span(n), specifierSpan: this.span(specNode),
      phase: this.phase, typeOnly: false,
    };
    if (this.typeChecking) imp.typeChecking = true;
    if (this.guard) {
      if (this.guard.phase === 'body') {
        imp.guard = this.guard.guard;
        this.guard.seenImport = true;
      } else this.guard.guard.hasFallback = true;
    }
    this.facts.imports.push(imp);
    return imp;
  }

  private importStatement(n: PyNode): void {
    for (const c of n.children) {
      if (c.type !== 'dotted_name' && c.type !== 'aliased_import') continue;
      const dn = c.type === 'aliased_import' ? childOfType(c, 'dotted_name') : c;
      if (!dn) continue;
      const spec = this.dotted(dn) ?? this.t(dn);
      const imp = this.newImport('import', spec, 0, n, dn);
      let localNode: PyNode = dn;
      let local = spec.split('.')[0]!;
      if (c.type === 'aliased_import') {
        const alias = c.children[c.children.length - 1]!;
        if (alias.type === 'identifier') { localNode = alias; local = this.t(alias); }
      }
      const name: ImportedName = { imported: '*', local, span: this.span(localNode), typeOnly: false, firstUse: null };
      imp.names.push(name);
      this.bind(local, localNode, 'import', name);
    }
  }

  private importFrom(n: PyNode): void {
    const kids = n.children;
    let i = 0;
    while (i < kids.length && !(kids[i]!.named && kids[i]!.type !== 'comment')) i++;
    const mod = kids[i];
    if (!mod) return;
    let level = 0;
    let spec = '';
    let specNode = mod;
    if (n.type === 'future_import_statement') spec = '__future__';
    else if (mod.type === 'relative_import') {
      for (const c of mod.children) {
        if (c.type === 'import_prefix') level = c.end - c.start;
        else if (c.type === 'dotted_name') spec = this.dotted(c) ?? '';
      }
    } else spec = this.dotted(mod) ?? this.t(mod);
    const imp = this.newImport('import', spec, level, n, specNode);
    const isFuture = n.type === 'future_import_statement';
    for (let j = n.type === 'future_import_statement' ? 0 : i + 1; j < kids.length; j++) {
      const c = kids[j]!;
      if (c.type === 'wildcard_import') {
        imp.names.push({ imported: '*', local: '*', span: this.span(c), typeOnly: false, firstUse: null });
        if (this.scope.kind !== 'module') this.error('import * only allowed at module level', n);
        if (this.scope === this.moduleScope) {
          this.facts.exports.push({ name: '*', kind: 'star', from: '.'.repeat(level) + spec, typeOnly: false, span: this.span(n) });
        }
        continue;
      }
      if (c.type !== 'dotted_name' && c.type !== 'aliased_import') continue;
      const dn = c.type === 'aliased_import' ? childOfType(c, 'dotted_name') : c;
      if (!dn) continue;
      const imported = this.dotted(dn) ?? this.t(dn);
      let local = imported;
      let localNode = dn;
      if (c.type === 'aliased_import') {
        const alias = c.children[c.children.length - 1]!;
        if (alias.type === 'identifier') { local = this.t(alias); localNode = alias; }
      }
      if (isFuture) {
        if (imported === 'annotations') {
          this.facts.module.futureAnnotations = true;
          this.deferAnnotations = true;
        } else if (imported === 'braces') this.error('not a chance', dn);
        else if (!FUTURE_FEATURES.has(imported)) this.error(`future feature ${imported} is not defined`, dn);
      }
      // The whole clause (`Name as alias`), as the JS front-end gives it: reports and fixes start at the imported name.
      const name: ImportedName = { imported, local, span: this.span(c), typeOnly: false, firstUse: null };
      imp.names.push(name);
      this.bind(local, localNode, 'import', name);
    }
  }

  /** `from __future__ import` must come first (after the docstring and other future imports). */
  private checkFutureImports(root: PyNode): void {
    let allowed = true;
    let first = true;
    for (const c of root.children) {
      if (!c.named || c.type === 'comment') continue;
      if (c.type === 'future_import_statement') {
        if (!allowed) this.error('from __future__ imports must occur at the beginning of the file', c);
      } else if (first && c.type === 'expression_statement' && c.children.length === 1 && (c.children[0]!.type === 'string' || c.children[0]!.type === 'concatenated_string')) {
        // the docstring
      } else allowed = false;
      first = false;
    }
  }

  private typeAlias(n: PyNode): void {
    if (this.version < 312) this.error('invalid syntax', n);
    const [left, right] = named(n);
    const nameNode = left?.type === 'type' ? named(left)[0] : left;
    if (nameNode?.type === 'identifier') this.bind(this.t(nameNode), nameNode, 'variable');
    if (right) this.annotation(right, true);
  }

  // ---------------------------------------------------------------- compound statements

  private isTypeCheckingTest(cond: PyNode): boolean {
    const d = this.dotted(cond);
    return d !== null && (d === 'TYPE_CHECKING' || d.endsWith('.TYPE_CHECKING'));
  }

  private ifStatement(n: PyNode): void {
    this.compound(() => {
      let tc = false;
      let sawCondition = false;
      for (const c of n.children) {
        if (!c.named) continue;
        if (!sawCondition && c.type !== 'comment') {
          sawCondition = true;
          this.skipCondition(c, n);
          tc = this.isTypeCheckingTest(c);
          continue;
        }
        if (c.type === 'block') {
          const saved = this.typeChecking;
          if (tc) this.typeChecking = true;
          this.block(c);
          this.typeChecking = saved;
        } else if (c.type === 'elif_clause') {
          const parts = named(c);
          if (parts[0]) this.skipCondition(parts[0], c);
          for (const p of parts.slice(1)) if (p.type === 'block') this.block(p);
        } else if (c.type === 'else_clause') {
          for (const p of named(c)) if (p.type === 'block') this.block(p);
        }
      }
    });
  }

  /** An `if`/`elif` condition; in a test body whose branch skips (`pytest.skip()`, `self.skipTest()`), its reads are the test's. */
  private skipCondition(cond: PyNode, clause: PyNode): void {
    const test = this.test;
    if (!test || this.readSink) return this.expr(cond);
    const branch = clause.children.find((x) => x.type === 'block');
    if (!branch || !/\b(skip|skipTest)\s*\(/.test(this.t(branch))) return this.expr(cond);
    this.readSink = test.reads;
    this.expr(cond);
    this.readSink = null;
  }

  private forStatement(n: PyNode): void {
    const isAsync = hasToken(n, 'async');
    if (isAsync && !this.fn?.async) this.error("'async for' outside async function", n);
    this.compound(() => {
      const parts = named(n);
      let idx = 0;
      const left = parts[idx++];
      // right side: everything up to the body block
      const rights: PyNode[] = [];
      while (idx < parts.length && parts[idx]!.type !== 'block') rights.push(parts[idx++]!);
      for (const r of rights) this.expr(r);
      if (left) this.target(left, 'variable');
      const body = parts[idx++];
      if (body) this.loopBody(body);
      for (; idx < parts.length; idx++) if (parts[idx]!.type === 'else_clause') this.elseClause(parts[idx]!);
    });
  }

  private loopBody(body: PyNode): void {
    const saved = this.inLoop;
    this.inLoop = true;
    this.block(body);
    this.inLoop = saved;
  }

  private elseClause(n: PyNode): void {
    for (const p of named(n)) if (p.type === 'block') this.block(p);
  }

  private whileStatement(n: PyNode): void {
    this.compound(() => {
      const parts = named(n);
      if (parts[0]) this.expr(parts[0]);
      for (const p of parts.slice(1)) {
        if (p.type === 'block') this.loopBody(p);
        else if (p.type === 'else_clause') this.elseClause(p);
      }
    });
  }

  /** The exception names an except clause catches, as written; [] for a bare `except:`. */
  private handlerInfo(clause: PyNode): { catches: string[]; bare: boolean; asName: PyNode | null; body: PyNode | null; typeExpr: PyNode | null } {
    let typeExpr: PyNode | null = null;
    let asName: PyNode | null = null;
    let body: PyNode | null = null;
    let commaForm = false;
    for (const c of clause.children) {
      if (!c.named) { if (c.type === ',' && typeExpr) commaForm = true; continue; }
      if (c.type === 'block') body = c;
      else if (c.type === 'comment') continue;
      else if (!typeExpr) typeExpr = c;
    }
    if (commaForm) this.error('multiple exception types must be parenthesized', clause);
    let te = typeExpr;
    if (te?.type === 'as_pattern') {
      const parts = named(te);
      te = parts[0] ?? null;
      const tgt = parts[parts.length - 1];
      if (tgt && tgt.type === 'as_pattern_target') asName = named(tgt)[0] ?? null;
    }
    const catches: string[] = [];
    const collect = (e: PyNode): void => {
      if (e.type === 'tuple' || e.type === 'parenthesized_expression') for (const c of named(e)) collect(c);
      else catches.push(this.dotted(e) ?? this.t(e));
    };
    if (te) collect(te);
    return { catches, bare: !te, asName, body, typeExpr };
  }

  private tryStatement(n: PyNode): void {
    this.compound(() => {
      const clauses = named(n);
      const handlers = clauses.filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
      const infos = handlers.map((h) => this.handlerInfo(h));
      let catchesImport = false;
      let catchesName = false;
      let swallows = false;
      const allCatches: string[] = [];
      let star = false;
      let plain = false;
      infos.forEach((info, i) => {
        const h = handlers[i]!;
        const isStar = h.type === 'except_group_clause' || hasToken(h, '*');
        if (isStar) star = true; else plain = true;
        if (info.bare && i !== infos.length - 1) this.error("default 'except:' must be last", h);
        allCatches.push(...info.catches);
        const last = (s: string) => s.slice(s.lastIndexOf('.') + 1);
        if (info.bare || info.catches.some((c) => IMPORT_ERRORS.has(last(c)))) catchesImport = true;
        if (info.bare || info.catches.some((c) => NAME_ERRORS.has(last(c)))) catchesName = true;
        if ((info.bare || info.catches.some((c) => BROAD_ERRORS.has(last(c)))) && info.body && this.isPassLike(info.body)) swallows = true;
      });
      if (star) {
        if (this.version < 311) this.error('invalid syntax', handlers.find((h) => h.type === 'except_group_clause' || hasToken(h, '*'))!);
        if (plain) this.error("cannot have both 'except' and 'except*' on the same 'try'", n);
      }

      const guardCtx: GuardCtx | null = catchesImport
        ? { guard: { catches: allCatches, flags: [], hasFallback: false }, phase: 'body', seenImport: false }
        : null;
      // try body
      const body = clauses.find((c) => c.type === 'block');
      const saved = { guard: this.guard, nameGuard: this.nameGuard, swallow: this.swallow };
      if (guardCtx) this.guard = guardCtx;
      if (catchesName) this.nameGuard = true;
      if (swallows) this.swallow = true;
      if (body) this.block(body);
      this.nameGuard = saved.nameGuard;
      this.swallow = saved.swallow;
      // handlers: flags and fallbacks belong to this guard
      if (guardCtx) guardCtx.phase = 'handler';
      infos.forEach((info) => {
        if (info.typeExpr) {
          const savedG = this.guard;
          this.guard = saved.guard;
          this.expr(info.typeExpr.type === 'as_pattern' ? named(info.typeExpr)[0]! : info.typeExpr);
          this.guard = savedG;
        }
        if (info.asName) this.target(info.asName, 'other');
        if (info.body) this.block(info.body);
      });
      for (const c of clauses) {
        if (c.type === 'else_clause') {
          if (guardCtx) guardCtx.phase = 'else';
          this.elseClause(c);
        }
      }
      this.guard = saved.guard;
      for (const c of clauses) if (c.type === 'finally_clause') this.elseClause(c);
    });
  }

  /** A handler body that only swallows: pass, `...`, continue, break, bare return / return None. */
  private isPassLike(body: PyNode): boolean {
    for (const s of body.children) {
      if (!s.named || s.type === 'comment') continue;
      if (s.type === 'pass_statement' || s.type === 'continue_statement' || s.type === 'break_statement') continue;
      if (s.type === 'expression_statement' && s.children.length === 1 && (s.children[0]!.type === 'ellipsis' || s.children[0]!.type === 'string')) continue;
      if (s.type === 'return_statement') {
        const v = named(s)[0];
        if (!v || v.type === 'none') continue;
      }
      return false;
    }
    return true;
  }

  private withStatement(n: PyNode): void {
    const isAsync = hasToken(n, 'async');
    if (isAsync && !this.fn?.async) this.error("'async with' outside async function", n);
    this.compound(() => {
      for (const c of n.children) {
        if (c.type === 'with_clause') {
          for (const item of c.children) {
            if (item.type !== 'with_item') continue;
            const v = named(item)[0];
            if (!v) continue;
            const split = splitWithTarget(v);
            if (split.target) {
              this.expr(split.value);
              this.target(split.target, 'variable');
            } else this.expr(v);
          }
        } else if (c.type === 'block') this.block(c);
      }
    });
  }

  private matchStatement(n: PyNode): void {
    if (this.version < 310) this.error('invalid syntax', n);
    this.compound(() => {
      for (const c of n.children) {
        if (!c.named || c.type === 'comment') continue;
        if (c.type === 'block') {
          for (const cc of c.children) if (cc.type === 'case_clause') this.caseClause(cc);
        } else if (c.type === 'case_clause') this.caseClause(c);
        else this.expr(c);
      }
    });
  }

  private caseClause(n: PyNode): void {
    for (const c of n.children) {
      if (!c.named) continue;
      if (c.type === 'case_pattern') this.pattern(c);
      else if (c.type === 'if_clause') this.exprChildren(c);
      else if (c.type === 'block') this.block(c);
    }
  }

  /** Match patterns: captures bind, dotted value patterns and class names read. */
  private pattern(n: PyNode): void {
    switch (n.type) {
      case 'dotted_name': {
        const ids = n.children.filter((c) => c.type === 'identifier');
        if (ids.length === 1) {
          const name = this.t(ids[0]!);
          if (name !== '_') this.bind(name, ids[0]!, 'variable');
        } else if (ids[0]) this.read(this.t(ids[0]), ids[0]);
        return;
      }
      case 'class_pattern': {
        for (const c of n.children) {
          if (c.type === 'dotted_name') {
            const first = c.children.find((x) => x.type === 'identifier');
            if (first) this.read(this.t(first), first);
          } else if (c.named) this.pattern(c);
        }
        return;
      }
      case 'keyword_pattern': {
        const parts = named(n);
        for (const p of parts.slice(1)) this.pattern(p);
        return;
      }
      case 'splat_pattern': case 'as_pattern': {
        const parts = named(n);
        parts.forEach((p, i) => {
          if (p.type === 'identifier') {
            const name = this.t(p);
            if (name !== '_') this.bind(name, p, 'variable');
          } else if (i === 0 || p.type !== 'identifier') this.pattern(p);
        });
        return;
      }
      case 'dict_pattern': {
        for (const c of n.children) {
          if (!c.named) continue;
          if (c.type === 'case_pattern' || c.type === 'splat_pattern') this.pattern(c);
          else this.expr(c); // keys are literals or value patterns
        }
        return;
      }
      case 'identifier': {
        const name = this.t(n);
        if (name !== '_') this.bind(name, n, 'variable');
        return;
      }
      case 'string': case 'concatenated_string': case 'integer': case 'float': case 'true': case 'false':
      case 'none': case 'complex_pattern': case 'comment':
        return;
      default:
        for (const c of n.children) if (c.named) this.pattern(c);
    }
  }

  // ---------------------------------------------------------------- definitions

  private decorated(n: PyNode): void {
    const decorators: PyNode[] = [];
    for (const c of n.children) {
      if (c.type === 'decorator') decorators.push(c);
      else if (c.type === 'function_definition') this.functionDef(c, decorators);
      else if (c.type === 'class_definition') this.classDef(c, decorators);
    }
  }

  /** Decorators run at definition time, in the enclosing scope; returns their dotted names. */
  private decorators(decs: PyNode[]): string[] {
    const names: string[] = [];
    for (const d of decs) {
      this.exprChildren(d);
      const name = this.decoratorName(d);
      if (name) names.push(name);
    }
    return names;
  }

  private functionDef(n: PyNode, decs: PyNode[]): void {
    const isAsync = hasToken(n, 'async');
    let nameNode: PyNode | undefined;
    let params: PyNode | undefined;
    let returnType: PyNode | undefined;
    let body: PyNode | undefined;
    let typeParams: PyNode | undefined;
    for (const c of n.children) {
      if (!c.named) continue;
      if (c.type === 'identifier' && !nameNode) nameNode = c;
      else if (c.type === 'parameters') params = c;
      else if (c.type === 'type') returnType = c;
      else if (c.type === 'block') body = c;
      else if (c.type === 'type_parameter') typeParams = c;
    }
    if (!nameNode) return;
    const name = this.t(nameNode);
    const decStart = this.reads.length;
    const decoratorNames = this.decorators(decs);
    const decEnd = this.reads.length;

    const inClass = this.scope.kind === 'class' ? this.cls : null;
    const isStatic = inClass !== null && decoratorNames.some((d) => d === 'staticmethod');
    const isClassMethod = inClass !== null && decoratorNames.some((d) => d === 'classmethod');
    const isProperty = inClass !== null && decoratorNames.some((d) => d === 'property' || d.endsWith('.setter') || d.endsWith('.getter') || d.endsWith('.deleter') || d.endsWith('cached_property'));
    const dropFirst = inClass !== null && !isStatic;

    // type parameters live in their own scope around the signature and the body
    const outerScope = this.scope;
    if (typeParams) {
      if (this.version < 312) this.error('invalid syntax', typeParams);
      this.scope = new Scope('function', outerScope);
      this.typeParameters(typeParams);
    }
    const sig = this.parameters(params, dropFirst, isClassMethod);
    if (returnType) this.annotation(returnType, false);
    const summary: ParamSummary = { ...sig.summary, decorated: decoratorNames.some((d) => !SIGNATURE_KEEPING_DECORATORS.has(d)) };
    const fnScope = new Scope('function', this.scope);
    this.scope = outerScope;

    // the binding of the name happens after decorators and defaults ran
    if (inClass) {
      if (name === '__getattr__' || name === '__getattribute__') inClass.fact.dynamicMembers = true;
      this.addMember(inClass, name, isProperty ? 'property' : 'method', nameNode, isStatic || isClassMethod, isProperty ? undefined : summary);
      this.scope.bound.set(name, this.scope.bound.get(name) ?? null);
    } else {
      this.bind(name, nameNode, 'function', undefined, summary);
      if (this.scope === this.moduleScope && name === '__getattr__') this.facts.module.dynamicExports = true;
    }

    // tests and fixtures
    let testCtx: TestCtx | null = null;
    const atModule = this.scope === this.moduleScope;
    const isFixture = decoratorNames.some((d) => d === 'pytest.fixture' || d === 'fixture' || d === 'pytest_asyncio.fixture');
    if (isFixture && (atModule || inClass)) {
      this.recordFixture(n, nameNode, decs, decoratorNames, sig.fixtureParams, isAsync);
      const returns = this.annotationClass(returnType, true) ?? this.annotationClass(returnType);
      if (returns) this.fixtures[this.fixtures.length - 1]!.returns = returns;
    }
    else if (!isFixture) {
      const isTest = atModule
        ? this.isTestFunction(name)
        : inClass !== null && ((inClass.unittestClass && name.startsWith('test')) || (inClass.pytestClass && this.isTestFunction(name)));
      if (isTest) {
        testCtx = { reads: this.reads.slice(decStart, decEnd) };
        this.recordTest(n, nameNode, decs, decoratorNames, sig.fixtureParams, isAsync, inClass, testCtx);
        this.testReads.push({ fact: testCtx.fact!, groups: [testCtx.reads, ...(inClass?.markReads ?? [])] });
      }
    }

    // the body runs later, in its own scope
    const saved = this.saveContext();
    this.scope = fnScope;
    this.phase = 'run';
    this.fn = { async: isAsync, lambda: false };
    this.inLoop = false;
    this.nameGuard = false;
    this.swallow = false;
    this.guard = null;
    this.cls = null;
    if (inClass) this.method = { cls: inClass, selfName: dropFirst ? sig.firstName : null, isClassMethod };
    if (testCtx) this.test = testCtx;
    // A test's body, or a top-level function's, method's or fixture's; a function nested in a body is part of that body.
    const ownBody = testCtx || (this.body === null && (atModule || inClass)) ? new BodySummary(this.fn, testCtx !== null) : null;
    if (ownBody) this.body = ownBody;
    this.paramNames = sig.names;
    const fixtureFact = isFixture && (atModule || inClass) ? this.fixtures[this.fixtures.length - 1] : undefined;
    for (const p of sig.bindings) {
      const pn = this.t(p);
      fnScope.bound.set(pn, null);
      let t = sig.types.get(pn);
      // pytest never passes a parameter with a default (parametrizing one is a collection error), nor does unittest: `h=Helper()` is what the test gets.
      if (t === null && (testCtx || fixtureFact)) t = sig.defaults.get(pn) ?? null;
      this.noteType(fnScope, pn, t === undefined ? PARAM : t);
    }
    if (body) this.block(body);
    const fnCtx = this.fn;
    if (fnCtx) this.recordProduced(fnCtx, fnScope, inClass ?? atModule, name, summary, fixtureFact, isClassMethod ? sig.firstName : null);
    // `def f() -> HomematicipHAP: return HomeFactory(...)`: a body that builds another class contradicts the annotation.
    if (fixtureFact?.returns && fnCtx?.returnedCalls?.some((c) => /^[A-Z]/.test(c.split('.').pop()!) && c.split('.').pop() !== fixtureFact.returns!.split('.').pop())) {
      delete fixtureFact.returns;
    }
    if (fnCtx && fnCtx.async && fnCtx.yields && fnCtx.returnsValue) this.error("'return' with value in async generator", fnCtx.returnsValue);
    this.restoreContext(saved);
    if (ownBody && testCtx?.fact) {
      testCtx.fact.hasAssertion = ownBody.asserts;
      const calls = ownBody.calls();
      if (calls) testCtx.fact.calls = calls;
    } else if (ownBody) {
      const kind: CallableFact['kind'] = fixtureFact ? 'fixture' : inClass ? 'method' : 'function';
      this.callables.push(ownBody.toCallable(name, kind, this.span(nameNode), inClass ? { className: inClass.fact.name } : undefined));
    }
  }

  /**
   * After a body: what a module-level function or a method gives its callers (`BindingFact.returns`,
   * `MemberFact.returns`), and what an unannotated fixture gives its tests (`FixtureFact.value`).
   */
  private recordProduced(fn: FnCtx, fnScope: Scope, where: ClassCtx | boolean, name: string, summary: ParamSummary, fixture: FixtureFact | undefined, clsName: string | null): void {
    if (fixture) {
      const value = this.producedOrigin(fn, fnScope, fn.yields === true, clsName);
      if (value) fixture.value = value;
      return;
    }
    // A coroutine or a generator is what the caller gets; a decorator may wrap the result.
    if (fn.async || fn.yields || summary.decorated) return;
    // `where`: the class the method belongs to, or whether the function is defined at module level.
    const owner = typeof where === 'object' ? where.members.get(name) : where ? this.moduleBindings.get(name) : undefined;
    // Still this definition's (a second binding of the name drops `params`, and `returns` with it).
    if (!owner || owner.params !== summary) return;
    const returns = this.producedOrigin(fn, fnScope, false, clsName);
    if (returns) owner.returns = returns;
  }

  private typeParameters(n: PyNode): void {
    for (const c of n.children) {
      if (!c.named) continue;
      const id = c.type === 'identifier' ? c : c.children.find((x) => x.type === 'identifier');
      if (id) this.scope.bound.set(this.t(id), null);
      // bounds are evaluated lazily
      for (const x of named(c)) if (x !== id && x.type !== 'identifier') this.annotation(x, true);
    }
  }

  private saveContext() {
    return {
      scope: this.scope, phase: this.phase, fn: this.fn, inLoop: this.inLoop, nameGuard: this.nameGuard,
      swallow: this.swallow, guard: this.guard, cls: this.cls, method: this.method, test: this.test, body: this.body,
      paramNames: this.paramNames, conditional: this.conditional, typeChecking: this.typeChecking,
    };
  }

  private restoreContext(s: ReturnType<PythonAnalyzer['saveContext']>): void {
    this.scope = s.scope; this.phase = s.phase; this.fn = s.fn; this.inLoop = s.inLoop; this.nameGuard = s.nameGuard;
    this.swallow = s.swallow; this.guard = s.guard; this.cls = s.cls; this.method = s.method; this.test = s.test; this.body = s.body;
    this.paramNames = s.paramNames; this.conditional = s.conditional; this.typeChecking = s.typeChecking;
  }

  /**
   * Walks a parameter list: defaults and annotations are evaluated now (enclosing scope); the names
   * are returned to be bound in the function scope. Reports CPython's signature errors.
   */
  private parameters(params: PyNode | undefined, dropFirst: boolean, _isClassMethod: boolean) {
    const summary = { required: 0, positional: 0, variadic: false, keywordVariadic: false, requiredKeywords: [] as string[] };
    const bindings: PyNode[] = [];
    const names = new Set<string>();
    const fixtureParams: string[] = [];
    const types = new Map<string, string | null>();
    /** Unannotated parameters with a default: the callee the default calls (`h=Helper()`), or null. */
    const defaults = new Map<string, string | null>();
    let firstName: string | null = null;
    if (!params) return { summary, bindings, names, fixtureParams, firstName, types, defaults };
    let keywordOnly = false;
    let sawDefault = false;
    let sawSlash = false;
    let bareStar: PyNode | null = null;
    let afterBareStar = false;
    let index = 0;
    const addName = (id: PyNode): string => {
      const nm = this.t(id);
      if (names.has(nm)) this.error(`duplicate argument '${nm}' in function definition`, id);
      names.add(nm);
      bindings.push(id);
      return nm;
    };
    for (const p of params.children) {
      if (!p.named || isTrivia(p)) continue;
      if (summary.keywordVariadic) this.error('arguments cannot follow var-keyword argument', p);
      let nameNode: PyNode | undefined;
      let hasDefault = false;
      switch (p.type) {
        case 'identifier': nameNode = p; break;
        case 'typed_parameter': {
          const inner = p.children[0]!;
          const typeNode = childOfType(p, 'type');
          if (typeNode) this.annotation(typeNode, false);
          if (inner.type === 'list_splat_pattern' || inner.type === 'dictionary_splat_pattern') {
            const id = childOfType(inner, 'identifier');
            if (id) addName(id);
            if (inner.type === 'list_splat_pattern') { summary.variadic = true; keywordOnly = true; }
            else summary.keywordVariadic = true;
            index++;
            continue;
          }
          nameNode = inner.type === 'identifier' ? inner : undefined;
          if (nameNode) types.set(this.t(nameNode), this.annotationClass(typeNode));
          break;
        }
        case 'default_parameter': case 'typed_default_parameter': {
          hasDefault = true;
          nameNode = p.children[0];
          const typeNode = childOfType(p, 'type');
          if (typeNode) this.annotation(typeNode, false);
          if (nameNode) types.set(this.t(nameNode), typeNode ? this.annotationClass(typeNode) : null);
          const value = p.children[p.children.length - 1];
          if (value && value !== nameNode && value !== typeNode) {
            this.expr(value);
            if (nameNode && !typeNode) defaults.set(this.t(nameNode), this.constructed(value));
          }
          break;
        }
        case 'list_splat_pattern': {
          const id = childOfType(p, 'identifier');
          if (id) addName(id);
          if (keywordOnly) this.error('* argument may appear only once', p);
          summary.variadic = true;
          keywordOnly = true;
          index++;
          continue;
        }
        case 'keyword_separator':
          if (keywordOnly) this.error('* argument may appear only once', p);
          keywordOnly = true;
          bareStar = p;
          afterBareStar = false;
          index++;
          continue;
        case 'positional_separator':
          if (this.version < 308) this.error('invalid syntax', p);
          if (sawSlash) this.error('/ may appear only once', p);
          if (keywordOnly) this.error('/ must be ahead of *', p);
          sawSlash = true;
          // parameters before `/` are positional-only: pytest does not pass fixtures to them
          fixtureParams.length = 0;
          continue;
        case 'dictionary_splat_pattern': {
          const id = childOfType(p, 'identifier');
          if (id) addName(id);
          summary.keywordVariadic = true;
          index++;
          continue;
        }
        default:
          continue;
      }
      if (!nameNode || nameNode.type !== 'identifier') { index++; continue; }
      const nm = addName(nameNode);
      if (bareStar) afterBareStar = true;
      if (index === 0) firstName = nm;
      const skipFirst = index === 0 && dropFirst;
      index++;
      if (!keywordOnly) {
        if (hasDefault) sawDefault = true;
        else if (sawDefault) {
          this.error(this.version >= 312 ? 'parameter without a default follows parameter with a default' : 'non-default argument follows default argument', p);
        }
        if (!skipFirst) {
          summary.positional++;
          if (!hasDefault) summary.required++;
        }
      } else if (!hasDefault) summary.requiredKeywords.push(nm);
      // pytest resolves parameters without defaults as fixtures
      if (!skipFirst && !hasDefault) fixtureParams.push(nm);
    }
    if (bareStar && !afterBareStar) this.error('named arguments must follow bare *', bareStar);
    return { summary, bindings, names, fixtureParams, firstName, types, defaults };
  }

  /** An annotation: evaluated at definition time unless deferred (future import, 3.14, function locals). */
  private annotation(n: PyNode, neverEvaluated: boolean): void {
    if (n.type === 'string') return; // string annotations are not parsed
    const deferred = neverEvaluated || this.deferAnnotations;
    if (!deferred) return this.expr(n);
    const savedPhase = this.phase;
    const savedTc = this.typeChecking;
    this.typeChecking = true; // marks reads typeOnly
    this.phase = 'run';
    this.expr(n);
    this.phase = savedPhase;
    this.typeChecking = savedTc;
  }

  private classDef(n: PyNode, decs: PyNode[]): void {
    let nameNode: PyNode | undefined;
    let args: PyNode | undefined;
    let body: PyNode | undefined;
    let typeParams: PyNode | undefined;
    for (const c of n.children) {
      if (!c.named) continue;
      if (c.type === 'identifier' && !nameNode) nameNode = c;
      else if (c.type === 'argument_list') args = c;
      else if (c.type === 'block') body = c;
      else if (c.type === 'type_parameter') typeParams = c;
    }
    if (!nameNode) return;
    const name = this.t(nameNode);
    const decStart = this.reads.length;
    const decoratorNames = this.decorators(decs);
    const ownMarkReads = this.reads.slice(decStart);
    const outerScope = this.scope;
    if (typeParams) {
      if (this.version < 312) this.error('invalid syntax', typeParams);
      this.scope = new Scope('function', outerScope);
      this.typeParameters(typeParams);
    }
    const bases: (string | null)[] = [];
    let dynamic = false;
    if (args) {
      this.callArguments(args);
      for (const a of args.children) {
        if (!a.named || a.type === 'comment') continue;
        if (a.type === 'keyword_argument') {
          const k = a.children[0];
          if (k && this.t(k) === 'metaclass') dynamic = true;
          continue;
        }
        if (a.type === 'dictionary_splat') { dynamic = true; continue; }
        if (a.type === 'subscript') bases.push(this.dotted(a.children[0]!));
        else bases.push(this.dotted(a));
      }
    }
    const classScope = new Scope('class', this.scope);
    this.scope = outerScope;
    const topLevel = this.fn === null && this.classNames.length === 0 && this.scope === this.moduleScope;
    const fact: ClassFact = { name, span: this.span(nameNode), bases, members: [], decorators: decoratorNames, dynamicMembers: dynamic, topLevel };
    const outerCls = this.method?.cls ?? null;
    void outerCls;
    const inheritedUnittest = bases.some((b) => b !== null && (UNITTEST_BASES.has(b) || this.classIndex.get(b)?.unittestClass === true));
    const nestedInTestClass = this.classNames.length > 0 && this.cls !== null && (this.cls.pytestClass || this.cls.unittestClass);
    const collectable = this.fn === null && (this.scope === this.moduleScope || nestedInTestClass);
    const ctx: ClassCtx = {
      fact, members: new Map(), scopeNames: [...this.classNames],
      unittestClass: collectable && inheritedUnittest,
      pytestClass: collectable && !inheritedUnittest && this.isTestClass(name),
      skip: decoratorNames.some(isSkipMark) || (this.cls?.skip ?? false),
      markReads: [...(this.cls?.markReads ?? []), ownMarkReads],
    };
    if (this.scope === this.moduleScope) this.classIndex.set(name, ctx);

    // A class statement binds its name in the scope it runs in: in a class body that is the class
    // scope (a later base list or decorator there reads it), in a method the function scope.
    if (this.cls && this.scope.kind === 'class') this.addMember(this.cls, name, 'field', nameNode, true);
    this.bind(name, nameNode, 'class');

    if (ctx.pytestClass || ctx.unittestClass) {
      ctx.suite = {
        name, scope: [...this.classNames], kind: 'suite', span: this.span(n), nameSpan: this.span(nameNode),
        only: false, skip: ctx.skip, todo: false, dynamicName: false, hasAssertion: null, marks: decoratorNames,
      };
      this.facts.tests.push(ctx.suite);
    }

    const saved = this.saveContext();
    this.scope = classScope;
    this.fn = null;
    this.inLoop = false;
    this.cls = ctx;
    this.method = null;
    this.classNames.push(name);
    if (body) this.block(body);
    this.classNames.pop();
    this.restoreContext(saved);
    for (const [attr, t] of ctx.attrTypes ?? []) {
      const m = ctx.members.get(attr);
      if (t && m && (m.kind === 'attribute' || m.kind === 'field')) m.instanceOf = t;
    }
    const initFields = this.initFields(decs, bases, body);
    if (initFields) fact.initFields = initFields;
    this.facts.classes.push(fact);
  }

  /** `@dataclass` / `class P(NamedTuple)`: the constructor parameters its fields generate (`ClassFact.initFields`); undefined when not one or not plain. */
  private initFields(decs: PyNode[], bases: (string | null)[], body: PyNode | undefined): ClassFact['initFields'] {
    let kind: 'dataclass' | 'namedtuple' | null = null;
    let kwOnly = false;
    for (const d of decs) {
      const e = named(d)[0];
      const callee = e?.type === 'call' ? e.children[0] : e;
      const name = callee ? this.dotted(callee) : null;
      if (name !== 'dataclass' && name !== 'dataclasses.dataclass') continue;
      kind = 'dataclass';
      if (e?.type !== 'call') continue;
      const options = this.keywordArgs(e);
      if (!options) return undefined;
      for (const [k, v] of options) {
        // `init=False` keeps the inherited constructor; options that are not literals cannot be read.
        if (k === 'init' && v?.type !== 'true') return undefined;
        if (k === 'kw_only') { if (v?.type === 'true') kwOnly = true; else if (v?.type !== 'false') return undefined; }
      }
    }
    if (!kind && bases.some((b) => b !== null && (b === 'NamedTuple' || b.endsWith('.NamedTuple')))) kind = 'namedtuple';
    if (!kind || !body) return undefined;
    const fields: InitFieldFact[] = [];
    for (const st of named(body)) {
      if (['comment', 'function_definition', 'decorated_definition', 'class_definition', 'pass_statement'].includes(st.type)) continue;
      // Fields declared under `if`/`try`…: not plain enough to read.
      if (st.type !== 'expression_statement') return undefined;
      const a = named(st)[0];
      const typeNode = a?.type === 'assignment' ? childOfType(a, 'type') : undefined;
      if (!a || !typeNode) continue; // a docstring, a plain class attribute: not a field
      const left = a.children[0]!;
      if (left.type !== 'identifier') return undefined;
      const ann = this.annotationHead(typeNode);
      if (ann === 'ClassVar') continue;
      if (ann === 'KW_ONLY') { kwOnly = true; continue; }
      const value = named(a).find((c) => c !== left && c !== typeNode && c.type !== 'comment');
      const field: InitFieldFact = { name: this.t(left), hasDefault: value !== undefined, kwOnly };
      if (kind === 'dataclass' && value?.type === 'call' && /(^|\.)field$/.test(this.dotted(value.children[0]!) ?? '')) {
        field.hasDefault = false;
        let init = true;
        const options = this.keywordArgs(value);
        if (!options) return undefined;
        for (const [k, v] of options) {
          if (k === 'default' || k === 'default_factory') field.hasDefault = true;
          else if (k === 'init') { if (v?.type === 'false') init = false; else if (v?.type !== 'true') return undefined; }
          else if (k === 'kw_only') { if (v?.type === 'true') field.kwOnly = true; else if (v?.type === 'false') field.kwOnly = false; else return undefined; }
        }
        if (!init) continue;
      }
      fields.push(field);
    }
    return { kind, fields };
  }

  /** A call's keyword arguments as [name, value]; null when it has positional or unpacked arguments. */
  private keywordArgs(call: PyNode): [string, PyNode | null][] | null {
    const args = childOfType(call, 'argument_list');
    const out: [string, PyNode | null][] = [];
    for (const a of args ? named(args) : []) {
      if (a.type === 'comment') continue;
      if (a.type !== 'keyword_argument') return null;
      out.push([this.t(a.children[0]!), a.children[a.children.length - 1] ?? null]);
    }
    return out;
  }

  /** The last name of an annotation's head: `ClassVar[int]` / `t.ClassVar[int]` / `"ClassVar[int]"` → 'ClassVar'. */
  private annotationHead(typeNode: PyNode): string | null {
    const e = named(typeNode)[0];
    if (!e) return null;
    if (e.type === 'string') return /^\s*(?:\w+\.)*(\w+)/.exec(this.stringValue(e) ?? '')?.[1] ?? null;
    const head = e.type === 'subscript' ? e.children[0] : e.type === 'generic_type' ? named(e)[0] : e;
    const name = head ? this.dotted(head) : null;
    return name ? name.slice(name.lastIndexOf('.') + 1) : null;
  }

  private recordTest(n: PyNode, nameNode: PyNode, decs: PyNode[], marks: string[], params: string[], isAsync: boolean, cls: ClassCtx | null, ctx: TestCtx): void {
    const mockArgs = this.mockPatchCount(decs);
    const t: PythonTestFact = {
      name: this.t(nameNode), scope: [...this.classNames], kind: 'test', span: this.span(n), nameSpan: this.span(nameNode),
      only: false, skip: marks.some(isSkipMark) || (cls?.skip ?? false), todo: false, dynamicName: false,
      hasAssertion: null, async: isAsync, marks, params: params.slice(mockArgs),
    };
    const parametrize = this.parametrizeFacts(decs);
    if (parametrize.length) t.parametrize = parametrize;
    t.hasAssertion = false;
    this.facts.tests.push(t);
    ctx.fact = t;
  }

  /** `@mock.patch("x")` decorators without `new` inject leading positional arguments (pytest drops them). */
  private mockPatchCount(decs: PyNode[]): number {
    let count = 0;
    for (const d of decs) {
      const e = named(d)[0];
      if (!e || e.type !== 'call') continue;
      const fname = this.dotted(e.children[0]!);
      if (!fname || !/(^|\.)patch(\.object|\.multiple|\.dict)?$/.test(fname)) continue;
      if (fname.endsWith('.dict') || fname.endsWith('.multiple')) continue;
      const args = childOfType(e, 'argument_list');
      if (!args) continue;
      const argList = named(args);
      const positional = argList.filter((a) => a.type !== 'keyword_argument').length;
      const hasNew = argList.some((a) => a.type === 'keyword_argument' && this.t(a.children[0]!) === 'new');
      const newPositional = fname.endsWith('.object') ? positional >= 3 : positional >= 2;
      if (!hasNew && !newPositional) count++;
    }
    return count;
  }

  private parametrizeFacts(decs: PyNode[]): ParametrizeFact[] {
    const out: ParametrizeFact[] = [];
    for (const d of decs) {
      const e = named(d)[0];
      if (!e || e.type !== 'call') continue;
      const fname = this.dotted(e.children[0]!);
      if (!fname || !(fname === 'pytest.mark.parametrize' || fname.endsWith('mark.parametrize'))) continue;
      const args = childOfType(e, 'argument_list');
      if (!args) continue;
      let argnamesNode: PyNode | undefined;
      let argvaluesNode: PyNode | undefined;
      const positional = named(args).filter((a) => a.type !== 'keyword_argument');
      argnamesNode = positional[0];
      argvaluesNode = positional[1];
      for (const a of named(args)) {
        if (a.type !== 'keyword_argument') continue;
        const k = this.t(a.children[0]!);
        const v = a.children[a.children.length - 1]!;
        if (k === 'argnames') argnamesNode = v;
        else if (k === 'argvalues') argvaluesNode = v;
      }
      if (!argnamesNode) continue;
      let argnames: string[] | null;
      const s = this.stringValue(argnamesNode);
      if (s !== null) argnames = s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
      else argnames = this.staticStrings(argnamesNode);
      if (!argnames) continue;
      const valueArity: (number | null)[] = [];
      let valuesStatic = false;
      if (argvaluesNode && (argvaluesNode.type === 'list' || argvaluesNode.type === 'tuple')) {
        valuesStatic = true;
        for (const v of named(argvaluesNode)) {
          if (v.type === 'call' && /(^|\.)param$/.test(this.dotted(v.children[0]!) ?? '')) {
            const pa = childOfType(v, 'argument_list');
            valueArity.push(pa ? named(pa).filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat').length : 0);
          } else if (argnames.length === 1) valueArity.push(1);
          else if (v.type === 'tuple' || v.type === 'list') valueArity.push(named(v).some((x) => x.type === 'list_splat') ? null : named(v).length);
          else if (v.type === 'parenthesized_expression') valueArity.push(1);
          else valueArity.push(null);
        }
      }
      out.push({ argnames, valueArity, valuesStatic, span: this.span(d) });
    }
    return out;
  }

  private recordFixture(n: PyNode, nameNode: PyNode, decs: PyNode[], decoratorNames: string[], params: string[], isAsync: boolean): void {
    const fnName = this.t(nameNode);
    const f: FixtureFact = {
      name: fnName, functionName: fnName, renamed: false, span: this.span(n), nameSpan: this.span(nameNode),
      params: params.slice(this.mockPatchCount(decs)), autouse: false, scope: null, classScope: [...this.classNames], async: isAsync,
      parametrized: false,
      otherDecorators: decoratorNames.filter((d) => d !== 'pytest.fixture' && d !== 'fixture' && d !== 'pytest_asyncio.fixture'),
    };
    for (const d of decs) {
      const e = named(d)[0];
      if (!e || e.type !== 'call') continue;
      const args = childOfType(e, 'argument_list');
      if (!args) continue;
      for (const a of named(args)) {
        if (a.type !== 'keyword_argument') continue;
        const k = this.t(a.children[0]!);
        const v = a.children[a.children.length - 1]!;
        if (k === 'autouse') f.autouse = v.type === 'true';
        else if (k === 'scope') f.scope = this.stringValue(v);
        else if (k === 'name') {
          const s = this.stringValue(v);
          if (s !== null) { f.name = s; f.renamed = true; }
        } else if (k === 'params') f.parametrized = true;
      }
    }
    this.fixtures.push(f);
  }

  // ======================================================================= expressions

  private exprChildren(n: PyNode): void {
    for (const c of n.children) if (c.named) this.expr(c);
  }

  private expr(n: PyNode): void {
    this.deadline.tick();
    switch (n.type) {
      case 'identifier': return this.read(this.t(n), n);
      case 'attribute': return this.attributeLoad(n, undefined);
      case 'call': return this.call(n);
      case 'integer': return this.integer(n);
      case 'float': case 'true': case 'false': case 'none': case 'ellipsis': case 'comment':
      case 'escape_sequence': case 'string_start': case 'string_end': case 'type_conversion':
      case 'line_continuation': case 'keyword_separator': case 'positional_separator':
        return;
      case 'string': return this.string(n);
      case 'string_content': case 'format_specifier': case 'interpolation':
        return this.exprChildren(n);
      case 'lambda': return this.lambda(n);
      case 'list_comprehension': case 'set_comprehension': case 'generator_expression': case 'dictionary_comprehension':
        return this.comprehension(n);
      case 'named_expression': return this.walrus(n);
      case 'keyword_argument': {
        const v = n.children[n.children.length - 1];
        if (v && v !== n.children[0]) this.expr(v);
        return;
      }
      case 'await':
        if (this.comprehensionKind && this.comprehensionKind !== 'generator expression' && !this.fn?.async) {
          this.error('asynchronous comprehension outside of an asynchronous function', n);
        } else if (!this.fn || !this.fn.async) {
          this.error(this.fn ? "'await' outside async function" : "'await' outside function", n);
        }
        return this.exprChildren(n);
      case 'yield':
        if (this.comprehensionKind) this.error(`'yield' inside ${this.comprehensionKind}`, n);
        else if (!this.fn) this.error("'yield' outside function", n);
        else { this.fn.yields = true; this.noteReturnedCall(named(n)[0], true, n); }
        if (this.fn && this.fn.async && hasToken(n, 'from')) this.error("'yield from' inside async function", n);
        return this.exprChildren(n);
      case 'comparison_operator':
        if (hasToken(n, '<>')) this.error('invalid syntax', n);
        return this.exprChildren(n);
      case 'ERROR': return;
      case 'assignment': case 'augmented_assignment':
        // only reachable in broken trees
        return;
      default: return this.exprChildren(n);
    }
  }

  private integer(n: PyNode): void {
    const s = this.t(n);
    if (s.length > 1 && s.charCodeAt(0) === 48) {
      const c1 = s.charCodeAt(1) | 32;
      if (c1 !== 120 && c1 !== 111 && c1 !== 98 && c1 !== 106 && c1 !== 101 && /^0[0-9_]*[1-9]/.test(s) && !/[jJ]$/.test(s)) {
        this.error('leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', n);
      }
    }
    const last = s.charCodeAt(s.length - 1) | 32;
    if (last === 108 /* l */) this.error('invalid decimal literal', n);
  }

  /** f-strings: walk interpolations; before 3.12 reject quote reuse, backslashes and comments inside them. */
  private string(n: PyNode): void {
    const kids = n.children;
    const s0 = kids[0];
    if (s0 && s0.end - s0.start === 1 && this.text.charCodeAt(s0.start) === 96) this.error('invalid syntax', n);
    if (s0 && s0.end - s0.start > 1 && /[bB]/.test(this.text.slice(s0.start, s0.end)) && /[^\x00-\x7f]/.test(this.t(n))) {
      this.error('bytes can only contain ASCII literal characters', n);
    }
    if (kids.length <= 2) return;
    let quote = '';
    for (const c of kids) {
      if (c.type === 'string_start') {
        const s = this.t(c);
        if (!/[fF]/.test(s)) return;
        quote = s.replace(/^[A-Za-z]+/, '');
      } else if (c.type === 'interpolation') {
        if (this.version < 312) this.checkOldInterpolation(c, quote);
        this.exprChildren(c);
      } else if (c.type === 'string_content') {
        for (const cc of c.children) if (cc.type === 'interpolation') this.exprChildren(cc);
      }
    }
  }

  private checkOldInterpolation(c: PyNode, quote: string): void {
    // the expression part: everything but a format spec (which may hold its own interpolations)
    let end = c.end;
    for (const k of c.children) if (k.type === 'format_specifier') { end = k.start; break; }
    const body = this.text.slice(c.start, end);
    if (body.includes('\\')) this.error('f-string expression part cannot include a backslash', c);
    else if (quote && body.includes(quote.length === 3 ? quote : quote[0]!)) this.error("f-string: expecting '}'", c);
    else if (body.includes('#')) this.error("f-string expression part cannot include '#'", c);
    else {
      for (const k of c.children) {
        if (k.type === 'format_specifier') {
          for (const kk of k.children) if (kk.type === 'interpolation') this.checkOldInterpolation(kk, quote);
        }
      }
    }
  }

  private lambda(n: PyNode): void {
    let params: PyNode | undefined;
    let body: PyNode | undefined;
    for (const c of n.children) {
      if (!c.named) continue;
      if (c.type === 'lambda_parameters') params = c;
      else if (c.type !== 'comment') body = c;
    }
    const sig = this.parameters(params, false, false);
    const saved = this.saveContext();
    this.scope = new Scope('function', this.scope);
    for (const p of sig.bindings) this.scope.bound.set(this.t(p), null);
    this.phase = 'run';
    this.fn = { async: false, lambda: true };
    this.inLoop = false;
    this.cls = null;
    this.paramNames = sig.names;
    const savedKind = this.comprehensionKind;
    this.comprehensionKind = null;
    if (body) this.expr(body);
    this.comprehensionKind = savedKind;
    this.restoreContext(saved);
  }

  private comprehensionKind: string | null = null;

  private comprehension(n: PyNode): void {
    const savedKind = this.comprehensionKind;
    const savedFn = this.fn;
    this.comprehensionKind = COMPREHENSION_NAMES[n.type] ?? 'comprehension';
    // `await` makes a generator expression asynchronous, which is allowed anywhere
    if (n.type === 'generator_expression' && !this.fn?.async) this.fn = { async: true, lambda: true };
    try {
      this.comprehensionBody(n);
    } finally {
      this.comprehensionKind = savedKind;
      this.fn = savedFn;
    }
  }

  private comprehensionBody(n: PyNode): void {
    let body: PyNode | undefined;
    const clauses: PyNode[] = [];
    for (const c of n.children) {
      if (!c.named || c.type === 'comment') continue;
      if (c.type === 'for_in_clause' || c.type === 'if_clause') clauses.push(c);
      else if (!body) body = c;
    }
    const outer = this.scope;
    const compScope = new Scope('comprehension', outer);
    let first = true;
    for (const cl of clauses) {
      if (cl.type === 'for_in_clause') {
        if (hasToken(cl, 'async') && !this.fn?.async && n.type !== 'generator_expression') {
          this.error('asynchronous comprehension outside of an asynchronous function', cl);
        }
        if (hasToken(cl, ',')) this.error('invalid syntax', cl);
        const parts = named(cl);
        const left = parts[0];
        // the first iterable is evaluated in the enclosing scope
        this.scope = first ? outer : compScope;
        for (const r of parts.slice(1)) this.expr(r);
        this.scope = compScope;
        if (left) this.target(left, 'variable');
        first = false;
      } else {
        this.scope = compScope;
        this.exprChildren(cl);
      }
    }
    this.scope = compScope;
    if (body) this.expr(body);
    this.scope = outer;
  }

  private walrus(n: PyNode): void {
    const parts = named(n);
    const nameNode = parts[0];
    const value = parts[parts.length - 1];
    if (value && value !== nameNode) this.expr(value);
    if (!nameNode || nameNode.type !== 'identifier') {
      if (nameNode) this.error(`cannot use assignment expressions with ${nameNode.type}`, nameNode);
      return;
    }
    // binds in the nearest enclosing non-comprehension scope
    const saved = this.scope;
    let s = this.scope;
    const wname = this.t(nameNode);
    while (s.kind === 'comprehension' && s.parent) {
      if (s.bound.has(wname)) this.error(`assignment expression cannot rebind comprehension iteration variable '${wname}'`, nameNode);
      s = s.parent;
    }
    if (s !== saved && s.kind === 'class') this.error('assignment expression within a comprehension cannot be used in a class body', n);
    this.scope = s;
    this.bind(this.t(nameNode), nameNode, 'variable');
    this.scope = saved;
  }

  /** A call: member access with call info, argument order checks, assertion and dynamic-import detection. */
  private call(n: PyNode): void {
    const fnNode = n.children[0]!;
    const args = n.children[1];
    let info: { args: number; spread: boolean; keywords: string[] } | undefined;
    if (args && args.type === 'argument_list') {
      info = this.callArguments(args);
    } else if (args && args.type === 'generator_expression') {
      info = { args: 1, spread: false, keywords: [] };
      this.expr(args);
    }
    if (fnNode.type === 'attribute') this.attributeLoad(fnNode, info);
    else this.expr(fnNode);
    if (fnNode.type === 'identifier' && info) {
      const fact: CallFact = { name: this.t(fnNode), span: this.span(fnNode), phase: this.phase, call: info };
      if (this.swallow) fact.swallowed = true;
      this.nameCalls.push({ fact, scope: this.scope });
    }

    if (this.body && !this.body.asserts) this.noteCallee(fnNode, args);
    const fname = this.dotted(fnNode);
    if (fname === null) return;
    if (args?.type === 'argument_list') this.patchCall(fname, args);
    const last = fname.slice(fname.lastIndexOf('.') + 1);
    if ((fname === '__import__' || fname === 'importlib.import_module' || fname === 'import_module') && args?.type === 'argument_list') {
      const first = named(args)[0];
      const spec = first ? this.stringValue(first) : null;
      if (spec !== null && first) {
        const m = /^\.*/.exec(spec)!;
        this.newImport('dynamic', spec.slice(m[0].length), m[0].length, n, first);
      }
    }
    if (ATTR_FUNCTIONS.has(last) && args?.type === 'argument_list') {
      // hasattr(x, "m") guards, getattr(x, "m", d), setattr(x, "m", v), monkeypatch.setattr("pkg.mod.m", v)
      const [a0, a1] = named(args);
      const first = a0 ? this.stringValue(a0) : null;
      const second = a1 ? this.stringValue(a1) : null;
      if (second !== null) this.attrNames.add(second);
      else if (first !== null && last === 'setattr') this.attrNames.add(first.slice(first.lastIndexOf('.') + 1));
      else if (last === 'setattr' || last === 'delattr') this.facts.module.dynamicAttrs = true;
    }
    if (fname === 'setattr' && this.method && args?.type === 'argument_list') {
      const first = named(args)[0];
      if (first && first.type === 'identifier' && this.t(first) === this.method.selfName) this.method.cls.fact.dynamicMembers = true;
    }
  }

  /** `patch("pkg.mod.Name")`, `patch.object(C, "attr")`, `monkeypatch.setattr("pkg.mod.x", v)`: record literal targets. */
  private patchCall(fname: string, args: PyNode): void {
    const kind = PATCH_FUNCTIONS[fname];
    if (!kind) return;
    const all = named(args);
    const positional = all.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
    let lenient = all.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
    for (const a of all) {
      if (a.type !== 'keyword_argument') continue;
      const k = this.t(a.children[0]!);
      const v = a.children[a.children.length - 1]!;
      if ((k === 'create' && v.type !== 'false') || (k === 'raising' && v.type !== 'true')) lenient = true;
    }
    const [a0, a1] = positional;
    if (!a0) return;
    const s0 = this.stringValue(a0);
    const base = { lenient, phase: this.phase, ...(this.swallow ? { swallowed: true } : {}) };
    if (kind === 'patch') {
      if (s0 !== null) this.patches.push({ kind, target: s0, span: this.span(a0), ...base });
      return;
    }
    const s1 = a1 ? this.stringValue(a1) : null;
    if (kind === 'object') {
      const obj = this.dotted(a0);
      if (obj !== null && s1 !== null && a1) this.patchObject({ kind, object: obj, attribute: s1, span: this.span(a1), ...base });
      return;
    }
    // monkeypatch.setattr("pkg.mod.x", value) / monkeypatch.setattr(obj, "x", value) / delattr alike
    if (s0 !== null && (kind === 'delattr' ? positional.length <= 1 || this.stringValue(a1!) === null : positional.length === 2)) {
      this.patches.push({ kind, target: s0, span: this.span(a0), ...base });
    } else if (s1 !== null && a1) {
      const obj = this.dotted(a0);
      if (obj !== null) this.patchObject({ kind, object: obj, attribute: s1, span: this.span(a1), ...base });
    }
  }

  private patchObject(fact: PatchFact & { object: string }): void {
    this.patches.push(fact);
    this.patchObjects.push({ fact, scope: this.scope, name: fact.object.split('.')[0]! });
  }

  /** Evaluates call arguments and checks CPython's ordering rules. */
  private callArguments(args: PyNode): { args: number; spread: boolean; keywords: string[] } {
    let positional = 0;
    let spread = false;
    const keywords: string[] = [];
    let sawKeyword = false;
    let sawDoubleStar = false;
    for (const a of args.children) {
      if (!a.named || isTrivia(a)) continue;
      switch (a.type) {
        case 'keyword_argument': {
          const k = this.t(a.children[0]!);
          if (keywords.includes(k)) this.error(`keyword argument repeated: ${k}`, a);
          keywords.push(k);
          sawKeyword = true;
          this.expr(a);
          break;
        }
        case 'list_splat':
          if (sawDoubleStar) this.error('iterable argument unpacking follows keyword argument unpacking', a);
          spread = true;
          this.expr(a);
          break;
        case 'dictionary_splat':
          sawDoubleStar = true;
          spread = true;
          this.expr(a);
          break;
        case 'parenthesized_list_splat':
          spread = true;
          this.expr(a);
          break;
        default:
          if (sawDoubleStar) this.error('positional argument follows keyword argument unpacking', a);
          else if (sawKeyword) this.error('positional argument follows keyword argument', a);
          if (a.type === 'generator_expression' && this.text.charCodeAt(a.start) !== 40 && named(args).length > 1) {
            this.error('Generator expression must be parenthesized', a);
          }
          positional++;
          this.expr(a);
      }
    }
    return { args: positional, spread, keywords };
  }

  /**
   * In a test's or helper's body: is this call an assertion form (`assert*`/`expect*` calls, `fail`,
   * `raises`/`warns`/`deprecated_call`, `pytest.approx`, pytester's LineMatcher checks such as
   * `result.stdout.fnmatch_lines`, which raise on a mismatch)? If not, record the callee and the
   * plain names passed to it.
   */
  private noteCallee(fnNode: PyNode, args: PyNode | undefined): void {
    const body = this.body!;
    // The called name itself, whatever its receiver (`mocks[k].assert_called_once()`).
    const lastNode = fnNode.type === 'attribute' ? fnNode.children[fnNode.children.length - 1] : fnNode;
    const last = lastNode?.type === 'identifier' ? this.t(lastNode) : null;
    if (last !== null && (last.startsWith('assert') || last === 'fail' || last === 'raises' || last === 'warns' || last === 'deprecated_call'
      || last === 'expect' || last.startsWith('expect_') || (fnNode.type === 'attribute' && LINE_MATCHER_CHECKS.has(last))
      || (last === 'approx' && this.dotted(fnNode) === 'pytest.approx'))) {
      body.asserts = true;
      return;
    }
    const callee = this.calleeName(fnNode);
    if (!callee) return;
    const { name, at, chained } = callee;
    body.call(name, at, chained);
    if (args?.type !== 'argument_list') return;
    for (const a of named(args)) {
      const v = a.type === 'keyword_argument' ? a.children[a.children.length - 1] : a;
      if (v?.type === 'identifier') body.call(this.t(v), v.start, false, true);
    }
  }

  /** The marks a `pytestmark` value names: `pytest.mark.a`, `pytest.mark.b(…)`, or a list/tuple of them. */
  private markNames(v: PyNode): string[] {
    if (v.type === 'list' || v.type === 'tuple' || v.type === 'parenthesized_expression') return named(v).flatMap((x) => this.markNames(x));
    const d = this.dotted(v.type === 'call' ? v.children[0]! : v);
    return d ? [d] : [];
  }

  /** The callee as eslint-plugin-jest names it: dotted, stepping through calls; the method's first parameter written `self`. */
  private calleeName(n: PyNode, depth = 0): { name: string; at: number; chained: boolean } | null {
    if (depth > 32) return null;
    if (n.type === 'identifier') {
      const t = this.t(n);
      return { name: this.method?.selfName === t ? 'self' : t, at: n.start, chained: false };
    }
    if (n.type === 'attribute') {
      const obj = n.children[0];
      const attr = n.children[n.children.length - 1];
      if (!obj || !attr || attr.type !== 'identifier' || attr === obj) return null;
      const left = this.calleeName(obj, depth + 1);
      return left && { name: `${left.name}.${this.t(attr)}`, at: attr.start, chained: left.chained };
    }
    if (n.type === 'call') {
      const inner = n.children[0];
      const left = inner ? this.calleeName(inner, depth + 1) : null;
      return left && { ...left, chained: true };
    }
    if (n.type === 'parenthesized_expression' || n.type === 'await') {
      const inner = named(n)[0];
      return inner ? this.calleeName(inner, depth + 1) : null;
    }
    return null;
  }

  /** `obj.attr` in Load context: evaluates `obj` and records a member access with a known receiver. */
  private attributeLoad(n: PyNode, call: { args: number; spread: boolean; keywords: string[] } | undefined): void {
    const obj = n.children[0]!;
    const attr = n.children[n.children.length - 1]!;
    this.expr(obj);
    if (attr.type !== 'identifier' || attr === obj) return;
    const member = this.t(attr);
    const receiver = this.receiver(obj);
    if (!receiver) return;
    const fact: MemberAccessFact = { receiver, member, span: this.span(attr), phase: this.phase };
    if (call) fact.call = call;
    if (this.swallow) fact.swallowed = true;
    this.facts.memberAccesses.push(fact);
    if (receiver.kind === 'name' || receiver.kind === 'item') this.nameAccesses.push({ fact, scope: this.scope, name: receiver.name });
  }

  private receiver(obj: PyNode): ReceiverFact | null {
    if (obj.type === 'identifier') {
      const name = this.t(obj);
      const m = this.method;
      if (m && m.selfName === name) return { kind: 'self', className: m.cls.fact.name };
      return { kind: 'name', name };
    }
    if (obj.type === 'attribute') {
      const inner = obj.children[0]!;
      const attr = obj.children[obj.children.length - 1]!;
      const m = this.method;
      if (m && inner.type === 'identifier' && attr.type === 'identifier' && this.t(inner) === m.selfName) {
        return { kind: 'self-attr', className: m.cls.fact.name, attr: this.t(attr) };
      }
      return null;
    }
    if (obj.type === 'call') {
      const args = obj.children[1];
      const fname = this.dotted(obj.children[0]!);
      if (fname && args) return { kind: 'new', className: fname };
    }
    const item = this.itemOf(obj);
    if (item) return { kind: 'item', name: item };
    return null;
  }
}

const COMPREHENSION_NAMES: Record<string, string> = {
  list_comprehension: 'list comprehension', set_comprehension: 'set comprehension',
  dictionary_comprehension: 'dict comprehension', generator_expression: 'generator expression',
};

function isSkipMark(d: string): boolean {
  return d === 'pytest.mark.skip' || d === 'mark.skip' || d === 'unittest.skip' || d === 'skip'
    || d === 'unittest.skipIf' || d === 'skipIf' || d === 'unittest.skipUnless' || d === 'skipUnless';
}
