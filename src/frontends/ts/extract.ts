/**
 * One walk over TypeScript's own AST of one file, producing plain facts: imports (with the
 * phase each local is first read), exports, top-level bindings, classes, free references,
 * member accesses, tests and suppressions.
 *
 * Scopes: declarations collect in their scope during the walk; a reference that its own scope
 * cannot settle yet waits there, and moves to the parent when the scope closes. So hoisting
 * (`var`, functions, use-before-declaration in closures) needs no second pass: a scope is only
 * closed once all of its declarations have been seen.
 */
import ts from 'typescript';
import type {
  BindingFact, CallableFact, ClassFact, EvalPhase, ExportFact, FileFacts, ImportedName, ImportFact,
  MemberAccessFact, MemberFact, ParamSummary, ReceiverFact, TestFact,
} from '../../facts/types.js';
import { spanMaker, type SpanOf } from './span.js';
import { Deadline } from '../../facts/deadline.js';
import { exprOrigin, typeOrigin } from './type-origins.js';
import { BodySummary } from '../body-summary.js';

const K = ts.SyntaxKind;

/** What a name means: a value, a type, or both (classes, enums, imports, namespaces). */
const VALUE = 1;
const TYPE = 2;
const BOTH = 3;

/** How a reference reads its name. */
const enum Mode {
  /** A value read, evaluated. */
  Value,
  /** A type reference (`x: Foo`): erased. */
  Type,
  /** `typeof x` inside a type: names a value, never evaluated. */
  TypeofType,
  /** `export { x }`: either meaning satisfies it. */
  Either,
}

interface Decl {
  meaning: number; imp: ImportedName | null;
  /** The class a local holds (`const x = new C()`, `x: C`); null when unknown or mixed (receiver inference). */
  inst?: string | null;
  /** TS: where the local's type comes from, for a type checker (TypeQueryFact); null when `any` or mixed. */
  origin?: Origin | null;
}

/**
 * The names a local's type flows from. `assigns` is set for `let h;` declared without a type or a
 * value: its type is then that of the values assigned to it later (their offsets are collected).
 */
interface Origin { from: string[]; assigns: { start: number; end: number }[] | null }

/** `[start, end)` of a node without its leading trivia. */
type Range = { start: number; end: number };

interface Ref {
  name: string; id: ts.Identifier; phase: EvalPhase; mode: Mode;
  guarded: boolean;
  /** Counts as a read of an import (for firstUse). */
  use: boolean;
  /** The member access this identifier is the receiver of (`ns.x`): it names the module's binding only if the name settles there. */
  access?: MemberAccessFact;
  /** TS: the identifier is assigned this value (`h = make()`); null for assignments whose value cannot be named (`h += 1`, destructuring). */
  assign?: ts.Expression | null;
}

class Scope {
  decls: Map<string, Decl> | null = null;
  refs: Ref[] | null = null;
  constructor(readonly parent: Scope | null, readonly fn: boolean, readonly args: boolean) {}
}

/** What a function being entered is to the runner. */
const enum FnMode { Plain, KeepPhase, Suite, Test }

interface TestCtx { fact: TestFact; param: string | null }

interface ClassCtx {
  fact: ClassFact | null; isStatic: boolean; members: Map<string, MemberFact>; attrs: Map<string, MemberFact>;
  /** Field / `this.x` name → the class every assignment constructs (null when they disagree). */
  attrTypes: Map<string, string | null>;
  /** TS: field / `this.x` name → the names its type flows from (null: `any` or unnameable). */
  attrOrigins: Map<string, string[] | null>;
  /** TS: `this.x.m` accesses in the class, whose type query is settled when the class ends. */
  selfAccesses: MemberAccessFact[];
}

function noteAttrOrigin(origins: Map<string, string[] | null>, name: string, from: string[] | null): void {
  const prev = origins.get(name);
  origins.set(name, prev === null || from === null ? null : [...new Set([...(prev ?? []), ...from])]);
}

/** The class a type annotation names (`Helper`, `ns.Helper`, `Helper<T>`); null for any other type. */
function typeClass(t: ts.TypeNode | undefined): string | null {
  if (!t || t.kind !== K.TypeReference) return null;
  const n = (t as ts.TypeReferenceNode).typeName;
  return n.kind === K.Identifier ? n.text : `${dottedEntity(n.left)}.${n.right.text}`;
}

function dottedEntity(n: ts.EntityName): string {
  return n.kind === K.Identifier ? n.text : `${dottedEntity(n.left)}.${n.right.text}`;
}

/** The class `new C(…)` constructs, as written; null for any other expression. */
function constructedClass(e: ts.Expression | undefined): string | null {
  if (!e) return null;
  const x = skipParens(e);
  return x.kind === K.NewExpression ? dottedName((x as ts.NewExpression).expression) : null;
}

function noteAttrType(types: Map<string, string | null>, name: string, t: string | null): void {
  const prev = types.get(name);
  types.set(name, prev === undefined || prev === t ? t : null);
}

/** AST depth past which the walk stops descending (its own stack is the limit, not the input). */
const MAX_DEPTH = 1500;

const TEST_BASES: Record<string, { suite: boolean; only?: boolean; skip?: boolean }> = {
  describe: { suite: true }, suite: { suite: true }, context: { suite: true },
  fdescribe: { suite: true, only: true },
  xdescribe: { suite: true, skip: true }, xcontext: { suite: true, skip: true }, xsuite: { suite: true, skip: true },
  it: { suite: false }, test: { suite: false }, specify: { suite: false },
  fit: { suite: false, only: true },
  xit: { suite: false, skip: true }, xtest: { suite: false, skip: true }, xspecify: { suite: false, skip: true },
};
/** Playwright's suite and test modifiers (`test.describe.serial`, `test.fixme`). */
const PLAYWRIGHT_MODIFIERS = new Set(['serial', 'parallel', 'fixme']);
const TEST_MODIFIERS = new Set(['only', 'skip', 'todo', 'concurrent', 'sequential', 'fails', 'failing', 'shuffle', 'each', 'skipIf', 'runIf', 'for']);
/** Modifiers that are called before the test call itself: `it.each(table)(…)`. */
const CALL_MODIFIERS = new Set(['each', 'skipIf', 'runIf', 'for']);
const MOCK_FNS = new Set(['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock', 'requireActual', 'requireMock', 'createMockFromModule']);
const MOCK_FACTORY_FNS = new Set(['mock', 'doMock']);
/** Array methods whose callbacks run synchronously, while the caller runs. */
const SYNC_CALLBACKS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find', 'findIndex']);
/** node:test / tap context assertions: `t.equal(…)`. */
const CONTEXT_ASSERTS = new Set(['equal', 'strictEqual', 'deepEqual', 'deepStrictEqual', 'notEqual', 'ok', 'notOk', 'throws', 'rejects', 'doesNotThrow', 'match', 'same', 'fail', 'plan', 'snapshot']);

function isAssertName(name: string): boolean {
  const c = name.charCodeAt(0);
  return (c === 101 && name.startsWith('expect')) || (c === 97 && name.startsWith('assert')) || (c === 115 && name.startsWith('should'))
    || name === 'fail'; // jest's and jasmine's `fail(…)`, `t.fail(…)`
}

function isStringLike(node: ts.Node | undefined): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return node !== undefined && (node.kind === K.StringLiteral || node.kind === K.NoSubstitutionTemplateLiteral);
}

function skipParens(node: ts.Expression): ts.Expression {
  while (node.kind === K.ParenthesizedExpression) node = (node as ts.ParenthesizedExpression).expression;
  return node;
}

function isFunctionLike(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return node.kind === K.ArrowFunction || node.kind === K.FunctionExpression;
}

function modifiersOf(node: ts.Node): ts.NodeArray<ts.ModifierLike> | undefined {
  return (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const mods = modifiersOf(node);
  if (!mods) return false;
  for (const m of mods) if (m.kind === kind) return true;
  return false;
}

/** `a.b.c` as text; null when the expression is not a dotted name. */
function dottedName(node: ts.Node): string | null {
  if (node.kind === K.Identifier) return (node as ts.Identifier).text;
  if (node.kind === K.PropertyAccessExpression) {
    const p = node as ts.PropertyAccessExpression;
    const left = dottedName(p.expression);
    return left === null || p.name.kind !== K.Identifier ? null : `${left}.${p.name.text}`;
  }
  if (node.kind === K.ParenthesizedExpression) return dottedName((node as ts.ParenthesizedExpression).expression);
  if (node.kind === K.ExpressionWithTypeArguments) return dottedName((node as ts.ExpressionWithTypeArguments).expression);
  return null;
}

/** The static text of a property name, or null for computed names. */
function propName(name: ts.PropertyName | ts.ModuleExportName): string | null {
  switch (name.kind) {
    case K.Identifier: case K.PrivateIdentifier: case K.StringLiteral: case K.NumericLiteral:
    case K.NoSubstitutionTemplateLiteral:
      return (name as ts.Identifier).text;
    case K.ComputedPropertyName: {
      const e = (name as ts.ComputedPropertyName).expression;
      return isStringLike(e) ? e.text : null;
    }
    default: return null;
  }
}

function paramSummary(params: ts.NodeArray<ts.ParameterDeclaration>, decorated: boolean): ParamSummary {
  let required = 0, positional = 0, variadic = false, optionalSeen = false;
  for (const p of params) {
    if (p.name.kind === K.Identifier && p.name.text === 'this') continue;
    if (p.dotDotDotToken) { variadic = true; continue; }
    positional++;
    if (p.questionToken || p.initializer) optionalSeen = true;
    else if (!optionalSeen) required++;
  }
  return { required, positional, variadic, keywordVariadic: false, requiredKeywords: [], decorated };
}

function isLexicalDeclaration(s: ts.Statement): boolean {
  switch (s.kind) {
    case K.VariableStatement:
      return ((s as ts.VariableStatement).declarationList.flags & ts.NodeFlags.BlockScoped) !== 0;
    case K.ClassDeclaration: case K.FunctionDeclaration: case K.EnumDeclaration: case K.ModuleDeclaration:
    case K.InterfaceDeclaration: case K.TypeAliasDeclaration: case K.ImportEqualsDeclaration:
      return true;
    default: return false;
  }
}

export class Walker {
  private readonly sf: ts.SourceFile;
  private readonly spanOf: SpanOf;
  private readonly facts: FileFacts;
  private readonly moduleScope: Scope;
  private scope: Scope;
  private phase: EvalPhase = 'collect';
  private depth = 0;
  /** Set just before visiting a function node: what that function is to the runner. */
  private fnMode = FnMode.Plain;
  private suiteTitle = '';
  private pendingTest: TestCtx | null = null;
  private suites: string[] = [];
  private test: TestCtx | null = null;
  /** The test or named helper function body being walked (functions nested in it are part of it); null in describe bodies and at top level. */
  private body: BodySummary | null = null;
  /** Functions bound to a name outside any body, found before they are visited: `const f = () => …` → `f`, `const t = { eq() {…} }` → `t.eq`. */
  private readonly helperNames = new Map<ts.Node, { name: string; at: ts.Node }>();
  /** Spans of the functions enclosing the walk, innermost last (the local scope of a helper declared there). */
  private readonly fnSpans: { start: number; end: number }[] = [];
  private readonly callables: CallableFact[] = [];
  private cls: ClassCtx | null = null;
  /** Inside `declare global { … }`: declarations are globals, not bindings. */
  private ambientGlobal = false;
  /** The property access being called by the call expression visited now. */
  private calleeOf: ts.Node | null = null;
  private callInfo: { args: number; spread: boolean; keywords: string[] } | undefined;
  /** The call `callInfo` describes is optional (`h.m?.()`). */
  private optionalCall = false;
  /** The assignment target being visited now (not a read for member accesses). */
  private writeTarget: ts.Node | null = null;
  /** A `require(…)` / `import(…)` call already recorded by its declaration or mock. */
  private handled: ts.Node | null = null;
  private pendingClassName: string | null = null;
  /** Member names assigned on receivers other than `this` (ModuleFlags.attrNames). */
  private attrNames: Set<string> | null = null;
  /** Names bound to `test.extend(…)` / `it.extend(…)`, with the base they extend. */
  private testAliases: Map<string, string> | null = null;
  /** Inside the body of a `test.skip` / `xit`: the runner never calls it, nothing in it can fail. */
  private skippedBody = 0;
  /** The receiver identifier of the member access just recorded, until its reference is made. */
  private pendingAccess: { id: ts.Node; fact: MemberAccessFact } | null = null;
  private readonly bindingIndex = new Map<string, BindingFact>();
  private readonly exportIndex = new Map<string, ExportFact>();
  /** TS facts for a type checker (TypeQueryFact) are collected. */
  private readonly types: boolean;
  /** TS: receivers that are locals or named imports, settled into type queries when the file ends (all assignments seen). */
  private readonly typedReceivers: { fact: MemberAccessFact; decl: Decl; name: string }[] = [];
  /** TS: `h.getter.m` accesses and the access of their receiver (`h.getter`), kept only if that one has a type query. */
  private readonly chains: { fact: MemberAccessFact; inner: MemberAccessFact }[] = [];
  /** TS: the chain access waiting for the access of its receiver expression. */
  private chainParent: { node: ts.Node; fact: MemberAccessFact } | null = null;
  /** TS: the identifier being assigned now and its value. */
  private pendingAssign: { id: ts.Node; value: ts.Expression | null } | null = null;
  /** TS: inside a destructuring assignment target (`({ h } = x)`). */
  private patternAssign = 0;
  /** TS: property names the file declares (FileFacts.memberNames). */
  private readonly memberNames: Set<string> | null;
  readonly cb = (n: ts.Node): void => this.visit(n);
  readonly typeCb = (n: ts.Node): void => this.visitType(n);

  constructor(sf: ts.SourceFile, facts: FileFacts, private readonly deadline: Deadline = Deadline.NONE) {
    this.sf = sf;
    this.facts = facts;
    this.spanOf = spanMaker(sf);
    this.moduleScope = new Scope(null, true, false);
    this.scope = this.moduleScope;
    this.types = facts.language === 'ts';
    this.memberNames = this.types ? new Set() : null;
  }

  private declaresMember(name: ts.PropertyName | undefined): void {
    if (!this.memberNames || !name) return;
    const n = propName(name);
    if (n !== null) this.memberNames.add(n);
  }

  run(): void {
    for (const s of this.sf.statements) this.visit(s);
    this.closeScope(this.moduleScope);
    if (this.attrNames) this.facts.module.attrNames = [...this.attrNames];
    if (this.types) this.settleTypeQueries();
    if (this.memberNames?.size) this.facts.memberNames = [...this.memberNames];
    if (this.callables.length) this.facts.callables = this.callables;
  }

  /** Type queries of receivers that are locals (every assignment is seen now), then of `h.getter.m` chains. */
  private settleTypeQueries(): void {
    for (const { fact, decl, name } of this.typedReceivers) {
      // An imported value (`import { helper } from './setup'`): its type comes from the module that exports it.
      const o = decl.imp ? (decl.imp.imported === '*' || decl.imp.typeOnly ? null : { from: [name], assigns: null }) : decl.origin;
      if (!o || o.from.length === 0 || (o.assigns && o.assigns.length === 0)) continue;
      fact.typeQuery = o.assigns ? { from: o.from, values: o.assigns } : { from: o.from };
    }
    // Outer chains were recorded before their inner ones: settle inner first.
    for (let i = this.chains.length - 1; i >= 0; i--) {
      const { fact, inner } = this.chains[i]!;
      if (!inner.typeQuery) continue;
      fact.typeQuery = { from: inner.typeQuery.from };
      this.facts.memberAccesses.push(fact);
    }
  }

  private range(node: ts.Node): Range {
    return { start: node.getStart(this.sf), end: node.end };
  }

  /** Record where a declared local's type comes from; a second declaration of the name makes it unknown. */
  private noteOrigin(scope: Scope, name: string, origin: Origin | null): void {
    const d = scope.decls?.get(name);
    if (!d) return;
    d.origin = d.origin === undefined ? origin : null;
  }

  /** A value assigned to a local: for `let h;` it is where the type comes from. */
  private noteAssign(d: Decl, value: ts.Expression | null): void {
    const o = d.origin;
    if (!o || !o.assigns) return;
    const from = value ? exprOrigin(value) : null;
    if (!from || !value) { d.origin = null; return; }
    o.assigns.push(this.range(value));
    for (const n of from) if (!o.from.includes(n)) o.from.push(n);
  }

  private span(node: ts.Node) {
    return this.spanOf(node.getStart(this.sf), node.end);
  }

  // ---------------------------------------------------------------- scopes

  private fnScope(): Scope {
    let s = this.scope;
    while (!s.fn && s.parent) s = s.parent;
    return s;
  }

  private declare(name: string, meaning: number, scope: Scope, imp: ImportedName | null = null): void {
    const decls = scope.decls ?? (scope.decls = new Map());
    const d = decls.get(name);
    if (d) { d.meaning |= meaning; if (imp && !d.imp) d.imp = imp; }
    else decls.set(name, { meaning, imp });
  }

  /** Declare a name and, at module top level, record it as a binding. */
  private bind(id: ts.Identifier, meaning: number, scope: Scope, kind: BindingFact['kind'] | null,
    params?: ParamSummary, imp: ImportedName | null = null): void {
    const name = id.text;
    this.declare(name, meaning, scope, imp);
    if (kind === null || scope !== this.moduleScope || this.ambientGlobal) return;
    const prev = this.bindingIndex.get(name);
    if (prev) {
      if (params && kind === 'function' && prev.kind === 'function') prev.params = params;
      return;
    }
    const b: BindingFact = { name, kind, span: this.span(id) };
    if (params) b.params = params;
    this.bindingIndex.set(name, b);
    this.facts.bindings.push(b);
  }

  /** Record the class a declared name holds; a second, different declaration makes it unknown. */
  private noteInstance(scope: Scope, name: string, inst: string | null): void {
    const d = scope.decls?.get(name);
    if (!d) return;
    d.inst = d.inst === undefined || d.inst === inst ? inst : null;
    if (scope === this.moduleScope) {
      const b = this.bindingIndex.get(name);
      if (b) { if (d.inst) b.instanceOf = d.inst; else delete b.instanceOf; }
    }
  }

  private ref(id: ts.Identifier, mode: Mode, guarded = false, use = true): void {
    const name = id.text;
    if (name === '') return;
    const r: Ref = { name, id, phase: this.phase, mode, guarded: guarded || this.skippedBody > 0, use };
    if (this.pendingAccess && this.pendingAccess.id === id) { r.access = this.pendingAccess.fact; this.pendingAccess = null; }
    if (this.types) {
      if (this.pendingAssign && this.pendingAssign.id === id) { r.assign = this.pendingAssign.value; this.pendingAssign = null; }
      else if (this.patternAssign > 0) r.assign = null;
    }
    const s = this.scope;
    const d = s.decls?.get(name);
    if (d && (d.meaning & need(mode))) { this.resolved(d, r, s); return; }
    (s.refs ?? (s.refs = [])).push(r);
  }

  private resolved(d: Decl, r: Ref, s: Scope): void {
    if (r.assign !== undefined) this.noteAssign(d, r.assign);
    if (r.access && this.types && (d.imp || d.origin)) this.typedReceivers.push({ fact: r.access, decl: d, name: r.name });
    // A local (parameter, inner const) shadows the module's binding: `(a) => a.charCodeAt(0)` says nothing about `import * as a`.
    if (r.access && s !== this.moduleScope) {
      r.access.receiver = { kind: 'other' };
      if (d.inst) r.access.binding = { kind: 'instance', className: d.inst };
    } else if (r.access) r.access.binding = { kind: 'module' };
    const imp = d.imp;
    if (imp && r.use && (r.mode === Mode.Value || r.mode === Mode.Either) && imp.firstUse !== 'collect') {
      imp.firstUse = r.phase === 'collect' ? 'collect' : 'run';
    }
  }

  private closeScope(s: Scope): void {
    const refs = s.refs;
    if (!refs) return;
    s.refs = null;
    const parent = s.parent;
    for (const r of refs) {
      const d = s.decls?.get(r.name);
      if (d && (d.meaning & need(r.mode))) { this.resolved(d, r, s); continue; }
      if (s.args && r.name === 'arguments' && r.mode === Mode.Value) continue;
      if (parent) (parent.refs ?? (parent.refs = [])).push(r);
      else {
        const fact: FileFacts['references'][number] = { name: r.name, span: this.span(r.id), phase: r.phase };
        if (r.mode === Mode.Type || r.mode === Mode.TypeofType) fact.typeOnly = true;
        if (r.guarded) fact.guarded = true;
        this.facts.references.push(fact);
      }
    }
  }

  private enter(fn: boolean, args = false): Scope {
    const s = new Scope(this.scope, fn, args);
    this.scope = s;
    return s;
  }

  private leave(s: Scope): void {
    this.closeScope(s);
    this.scope = s.parent ?? this.moduleScope;
  }

  // ---------------------------------------------------------------- facts helpers

  /** `export` on a declaration of the module itself (not of a namespace or `declare global`). */
  private isExported(node: ts.Node): boolean {
    return this.scope === this.moduleScope && !this.ambientGlobal && hasModifier(node, K.ExportKeyword);
  }

  private addExport(name: string, node: ts.Node, typeOnly: boolean, kind: ExportFact['kind'] = 'local', from?: string, imported?: string): void {
    const key = kind === 'star' ? `*${from}` : name;
    const prev = this.exportIndex.get(key);
    if (prev) { if (!typeOnly) prev.typeOnly = false; return; }
    const e: ExportFact = { name, kind, typeOnly, span: this.span(node) };
    if (from !== undefined) e.from = from;
    if (imported !== undefined) e.imported = imported;
    this.exportIndex.set(key, e);
    this.facts.exports.push(e);
  }

  private addImport(kind: ImportFact['kind'], spec: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, node: ts.Node,
    names: ImportedName[], typeOnly = false): ImportFact {
    // A declaration file is never loaded by a runner: its imports are types only.
    if (this.sf.isDeclarationFile) { typeOnly = true; for (const n of names) n.typeOnly = true; }
    const f: ImportFact = {
      kind, specifier: spec.text, level: 0, names, span: this.span(node),
      specifierSpan: this.span(spec), phase: this.phase, typeOnly,
    };
    this.facts.imports.push(f);
    return f;
  }

  private importedName(imported: string, local: string, node: ts.Node, typeOnly: boolean): ImportedName {
    return { imported, local, span: this.span(node), typeOnly, firstUse: null };
  }

  // ---------------------------------------------------------------- the walk

  visit(node: ts.Node): void {
    this.deadline.tick();
    if (++this.depth > MAX_DEPTH) { this.depth--; return; }
    const k = node.kind;
    if (k >= K.FirstTypeNode && k <= K.LastTypeNode) { this.depth--; this.visitType(node); return; }
    switch (k) {
      case K.Identifier: this.ref(node as ts.Identifier, Mode.Value); break;
      case K.PropertyAccessExpression: this.visitPropertyAccess(node as ts.PropertyAccessExpression); break;
      case K.CallExpression: this.visitCall(node as ts.CallExpression); break;
      case K.ThrowStatement:
        // `if (…) throw new Error(…)` directly in a body is a hand-written check.
        if (this.body) this.body.raises(this.fnSpans[this.fnSpans.length - 1]);
        ts.forEachChild(node, this.cb);
        break;
      case K.BinaryExpression: this.visitBinary(node as ts.BinaryExpression); break;
      case K.TypeOfExpression: {
        const operand = skipParens((node as ts.TypeOfExpression).expression);
        if (operand.kind === K.Identifier) this.ref(operand as ts.Identifier, Mode.Value, true);
        else this.visit(operand);
        break;
      }
      case K.ArrowFunction: case K.FunctionExpression: case K.FunctionDeclaration:
        this.visitFunction(node as ts.FunctionLikeDeclaration);
        break;
      case K.MethodDeclaration: case K.GetAccessor: case K.SetAccessor: {
        // Object literal methods: `this` is the object, not a class.
        const m = node as ts.MethodDeclaration;
        this.declaresMember(m.name);
        if (m.name.kind === K.ComputedPropertyName) this.visit(m.name.expression);
        const cls = this.cls;
        this.cls = null;
        this.visitFunction(m);
        this.cls = cls;
        break;
      }
      case K.ClassDeclaration: case K.ClassExpression: this.visitClass(node as ts.ClassLikeDeclaration); break;
      case K.VariableStatement: this.visitVariableStatement(node as ts.VariableStatement); break;
      case K.VariableDeclarationList: this.visitVarList(node as ts.VariableDeclarationList, false, false); break;
      case K.Block: this.visitBlock((node as ts.Block).statements); break;
      case K.ModuleBlock: this.visitBlock((node as ts.ModuleBlock).statements); break;
      case K.CaseBlock: {
        const s = this.enter(false);
        ts.forEachChild(node, this.cb);
        this.leave(s);
        break;
      }
      case K.ForStatement: case K.ForInStatement: case K.ForOfStatement: {
        const init = (node as ts.ForStatement).initializer;
        if (init && init.kind === K.VariableDeclarationList && (init.flags & ts.NodeFlags.BlockScoped)) {
          const s = this.enter(false);
          ts.forEachChild(node, this.cb);
          this.leave(s);
        } else ts.forEachChild(node, this.cb);
        break;
      }
      case K.CatchClause: {
        const c = node as ts.CatchClause;
        const s = this.enter(false);
        if (c.variableDeclaration) {
          this.declarePattern(c.variableDeclaration.name, s, null, null);
          if (c.variableDeclaration.type) this.visitType(c.variableDeclaration.type);
        }
        for (const st of c.block.statements) this.visit(st);
        this.leave(s);
        break;
      }
      case K.LabeledStatement: this.visit((node as ts.LabeledStatement).statement); break;
      case K.MetaProperty:
        if ((node as ts.MetaProperty).keywordToken === K.ImportKeyword) this.facts.module.esm = true;
        break;
      case K.BreakStatement: case K.ContinueStatement: case K.DebuggerStatement:
      case K.JsxClosingElement: case K.NamespaceExportDeclaration: case K.MissingDeclaration:
        break;
      case K.ImportDeclaration: this.visitImport(node as ts.ImportDeclaration); break;
      case K.ImportEqualsDeclaration: this.visitImportEquals(node as ts.ImportEqualsDeclaration); break;
      case K.ExportDeclaration: this.visitExportDeclaration(node as ts.ExportDeclaration); break;
      case K.ExportAssignment: this.visitExportAssignment(node as ts.ExportAssignment); break;
      case K.ModuleDeclaration: this.visitModule(node as ts.ModuleDeclaration); break;
      case K.EnumDeclaration: this.visitEnum(node as ts.EnumDeclaration); break;
      case K.InterfaceDeclaration: this.visitInterface(node as ts.InterfaceDeclaration); break;
      case K.TypeAliasDeclaration: this.visitTypeAlias(node as ts.TypeAliasDeclaration); break;
      case K.TypeParameter: this.visitTypeParameter(node as ts.TypeParameterDeclaration); break;
      case K.PropertyAssignment: {
        const p = node as ts.PropertyAssignment;
        this.declaresMember(p.name);
        if (p.name.kind === K.ComputedPropertyName) this.visit(p.name.expression);
        this.visit(p.initializer);
        break;
      }
      case K.ShorthandPropertyAssignment: {
        const p = node as ts.ShorthandPropertyAssignment;
        this.declaresMember(p.name);
        this.ref(p.name, Mode.Value);
        if (p.objectAssignmentInitializer) this.visit(p.objectAssignmentInitializer);
        break;
      }
      case K.JsxOpeningElement: case K.JsxSelfClosingElement: {
        const j = node as ts.JsxOpeningElement;
        this.visitJsxTag(j.tagName);
        if (j.typeArguments) for (const t of j.typeArguments) this.visitType(t);
        this.visit(j.attributes);
        break;
      }
      case K.JsxAttribute: {
        const init = (node as ts.JsxAttribute).initializer;
        if (init) this.visit(init);
        break;
      }
      case K.Decorator: this.visit((node as ts.Decorator).expression); break;
      case K.ExpressionWithTypeArguments: {
        const e = node as ts.ExpressionWithTypeArguments;
        this.visit(e.expression);
        if (e.typeArguments) for (const t of e.typeArguments) this.visitType(t);
        break;
      }
      default:
        ts.forEachChild(node, this.cb);
    }
    this.depth--;
  }

  private visitBlock(statements: ts.NodeArray<ts.Statement>): void {
    let lexical = false;
    for (const s of statements) if (isLexicalDeclaration(s)) { lexical = true; break; }
    if (!lexical) { for (const s of statements) this.visit(s); return; }
    const scope = this.enter(false);
    for (const s of statements) this.visit(s);
    this.leave(scope);
  }

  private visitJsxTag(tag: ts.JsxTagNameExpression): void {
    if (tag.kind === K.Identifier) {
      const name = tag.text;
      const c = name.charCodeAt(0);
      if (c >= 97 && c <= 122 || name.includes('-')) return; // intrinsic element
      this.ref(tag, Mode.Value);
    } else if (tag.kind === K.PropertyAccessExpression) {
      let e: ts.Expression = tag;
      while (e.kind === K.PropertyAccessExpression) e = (e as ts.PropertyAccessExpression).expression;
      if (e.kind === K.Identifier) this.ref(e as ts.Identifier, Mode.Value);
    }
  }

  // ---------------------------------------------------------------- types

  private visitType(node: ts.Node): void {
    this.deadline.tick();
    if (++this.depth > MAX_DEPTH) { this.depth--; return; }
    if (this.memberNames && (node.kind === K.PropertySignature || node.kind === K.MethodSignature)) this.declaresMember((node as ts.PropertySignature).name);
    switch (node.kind) {
      case K.TypeReference: {
        const t = node as ts.TypeReferenceNode;
        this.refEntity(t.typeName, Mode.Type);
        if (t.typeArguments) for (const a of t.typeArguments) this.visitType(a);
        break;
      }
      case K.ExpressionWithTypeArguments: {
        const t = node as ts.ExpressionWithTypeArguments;
        this.refEntity(t.expression, Mode.Type);
        if (t.typeArguments) for (const a of t.typeArguments) this.visitType(a);
        break;
      }
      case K.TypeQuery: {
        const t = node as ts.TypeQueryNode;
        this.refEntity(t.exprName, Mode.TypeofType);
        if (t.typeArguments) for (const a of t.typeArguments) this.visitType(a);
        break;
      }
      case K.ImportType: {
        const t = node as ts.ImportTypeNode;
        if (t.typeArguments) for (const a of t.typeArguments) this.visitType(a);
        break;
      }
      case K.ComputedPropertyName: this.refEntity((node as ts.ComputedPropertyName).expression, Mode.TypeofType); break;
      case K.TypeParameter: this.visitTypeParameter(node as ts.TypeParameterDeclaration); break;
      case K.FunctionType: case K.ConstructorType: case K.CallSignature: case K.ConstructSignature:
      case K.MethodSignature: case K.IndexSignature: {
        const t = node as ts.SignatureDeclarationBase;
        if (t.name && t.name.kind === K.ComputedPropertyName) this.visitType(t.name);
        const s = t.typeParameters ? this.enter(false) : null;
        if (t.typeParameters) for (const p of t.typeParameters) this.visitTypeParameter(p);
        for (const p of t.parameters) if (p.type) this.visitType(p.type);
        if (t.type) this.visitType(t.type);
        if (s) this.leave(s);
        break;
      }
      case K.MappedType: {
        const t = node as ts.MappedTypeNode;
        const s = this.enter(false);
        this.visitTypeParameter(t.typeParameter);
        if (t.nameType) this.visitType(t.nameType);
        if (t.type) this.visitType(t.type);
        if (t.members) for (const m of t.members) this.visitType(m);
        this.leave(s);
        break;
      }
      case K.ConditionalType: {
        const t = node as ts.ConditionalTypeNode;
        const s = this.enter(false);
        this.visitType(t.checkType);
        this.visitType(t.extendsType);
        this.visitType(t.trueType);
        this.leave(s);
        this.visitType(t.falseType);
        break;
      }
      case K.InferType: {
        // Declared in the enclosing conditional type's scope.
        this.visitTypeParameter((node as ts.InferTypeNode).typeParameter);
        break;
      }
      case K.TypePredicate: {
        const t = (node as ts.TypePredicateNode).type;
        if (t) this.visitType(t);
        break;
      }
      case K.PropertySignature: {
        const p = node as ts.PropertySignature;
        if (p.name.kind === K.ComputedPropertyName) this.visitType(p.name);
        if (p.type) this.visitType(p.type);
        break;
      }
      case K.Identifier: case K.PrivateIdentifier: case K.QualifiedName: break;
      default: ts.forEachChild(node, this.typeCb);
    }
    this.depth--;
  }

  /** The leftmost name of `a.b.c` (qualified name or property chain). */
  private refEntity(node: ts.Node, mode: Mode): void {
    let e = node;
    for (;;) {
      if (e.kind === K.QualifiedName) e = (e as ts.QualifiedName).left;
      else if (e.kind === K.PropertyAccessExpression) e = (e as ts.PropertyAccessExpression).expression;
      else break;
    }
    if (e.kind === K.Identifier) this.ref(e as ts.Identifier, mode);
  }

  private visitTypeParameter(p: ts.TypeParameterDeclaration): void {
    this.declare(p.name.text, TYPE, this.scope);
    if (p.constraint) this.visitType(p.constraint);
    if (p.default) this.visitType(p.default);
  }

  private visitInterface(node: ts.InterfaceDeclaration): void {
    if (this.isExported(node)) this.addExport(hasModifier(node, K.DefaultKeyword) ? 'default' : node.name.text, node.name, true);
    this.declare(node.name.text, TYPE, this.scope);
    const s = node.typeParameters ? this.enter(false) : null;
    if (node.typeParameters) for (const p of node.typeParameters) this.visitTypeParameter(p);
    if (node.heritageClauses) for (const h of node.heritageClauses) for (const t of h.types) this.visitType(t);
    for (const m of node.members) this.visitType(m);
    if (s) this.leave(s);
  }

  private visitTypeAlias(node: ts.TypeAliasDeclaration): void {
    if (this.isExported(node)) this.addExport(node.name.text, node.name, true);
    this.declare(node.name.text, TYPE, this.scope);
    const s = node.typeParameters ? this.enter(false) : null;
    if (node.typeParameters) for (const p of node.typeParameters) this.visitTypeParameter(p);
    this.visitType(node.type);
    if (s) this.leave(s);
  }

  // ---------------------------------------------------------------- declarations

  /** Declare every name of a binding pattern; visit defaults and computed keys as reads. */
  private declarePattern(name: ts.BindingName, scope: Scope, kind: BindingFact['kind'] | null,
    imports: Map<string, ImportedName> | null, exported = false, typeOnly = false): void {
    if (name.kind === K.Identifier) {
      const imp = imports?.get(name.text) ?? null;
      this.bind(name, VALUE, scope, imp ? 'import' : kind, undefined, imp);
      if (exported) this.addExport(name.text, name, typeOnly);
      return;
    }
    if (++this.depth > MAX_DEPTH) { this.depth--; return; }
    for (const el of name.elements) {
      if (el.kind === K.OmittedExpression) continue;
      if (el.propertyName && el.propertyName.kind === K.ComputedPropertyName) this.visit(el.propertyName.expression);
      this.declarePattern(el.name, scope, kind, imports, exported, typeOnly);
      if (el.initializer) this.visit(el.initializer);
    }
    this.depth--;
  }

  private visitVariableStatement(node: ts.VariableStatement): void {
    const exported = this.isExported(node);
    if (exported) this.facts.module.esm = true;
    this.visitVarList(node.declarationList, exported, hasModifier(node, K.DeclareKeyword));
  }

  private visitVarList(list: ts.VariableDeclarationList, exported: boolean, ambient: boolean): void {
    const target = (list.flags & ts.NodeFlags.BlockScoped) ? this.scope : this.fnScope();
    for (const d of list.declarations) {
      const imports = this.requireNames(d);
      this.declarePattern(d.name, target, 'variable', imports, exported, ambient);
      if (d.name.kind === K.Identifier && d.initializer) this.noteTestAlias(d.name.text, d.initializer);
      if (d.name.kind === K.Identifier) {
        // `const x = new C()` / `let x: C`: the class the local holds (receiver inference).
        const inst = typeClass(d.type) ?? ((list.flags & ts.NodeFlags.Const) && !d.type ? constructedClass(d.initializer) : null);
        this.noteInstance(target, d.name.text, inst);
      }
      if (this.types) this.noteDeclOrigin(d, target, (list.flags & ts.NodeFlags.Const) !== 0);
      if (d.type) this.visitType(d.type);
      if (d.initializer) {
        const init = skipParens(d.initializer);
        if (init.kind === K.ClassExpression && !(init as ts.ClassExpression).name && d.name.kind === K.Identifier) {
          this.pendingClassName = d.name.text;
        }
        if (d.name.kind === K.Identifier && !this.body) this.noteHelpers(d.name, init);
        this.visit(d.initializer);
        this.pendingClassName = null;
      }
    }
  }

  /** TS: where the type of each name a variable declaration binds comes from (its annotation, its value, or later assignments). */
  private noteDeclOrigin(d: ts.VariableDeclaration, scope: Scope, isConst: boolean): void {
    let origin: Origin | null;
    if (d.type) {
      const from = typeOrigin(d.type);
      origin = from && { from, assigns: null };
    } else if (d.initializer) {
      const from = exprOrigin(d.initializer);
      origin = from && { from, assigns: null };
    } else {
      // `let h;` assigned later (`beforeEach(() => { h = make() })`): the checker calls it `any` where it is read.
      origin = isConst || d.name.kind !== K.Identifier ? null : { from: [], assigns: [] };
    }
    const names = (n: ts.BindingName): void => {
      if (n.kind === K.Identifier) { this.noteOrigin(scope, n.text, origin && { from: origin.from, assigns: origin.assigns }); return; }
      for (const el of n.elements) if (el.kind !== K.OmittedExpression) names(el.name);
    };
    names(d.name);
  }

  /** `const x = require('m')`, `const { a } = require('m')`, `const a = require('m').a`: record the import with its names. */
  private requireNames(d: ts.VariableDeclaration): Map<string, ImportedName> | null {
    if (!d.initializer) return null;
    let init = skipParens(d.initializer);
    let member: string | null = null;
    if (init.kind === K.PropertyAccessExpression) {
      const p = init as ts.PropertyAccessExpression;
      if (p.name.kind !== K.Identifier) return null;
      member = p.name.text;
      init = skipParens(p.expression);
    }
    if (init.kind !== K.CallExpression) return null;
    const call = init as ts.CallExpression;
    if (call.expression.kind !== K.Identifier || (call.expression as ts.Identifier).text !== 'require'
      || call.arguments.length !== 1 || !isStringLike(call.arguments[0])) return null;
    const names: ImportedName[] = [];
    const map = new Map<string, ImportedName>();
    if (d.name.kind === K.Identifier) {
      const n = this.importedName(member ?? '*', d.name.text, d.name, false);
      names.push(n); map.set(n.local, n);
    } else if (d.name.kind === K.ObjectBindingPattern && member === null) {
      for (const el of d.name.elements) {
        if (el.name.kind !== K.Identifier || el.dotDotDotToken) continue;
        const imported = el.propertyName ? propName(el.propertyName) : el.name.text;
        if (imported === null) continue;
        const n = this.importedName(imported, el.name.text, el, false);
        names.push(n); map.set(n.local, n);
      }
    }
    this.addImport('require', call.arguments[0] as ts.StringLiteral, d, names);
    this.handled = call;
    return map;
  }

  /**
   * Names for the helpers a declaration outside any body binds: `const f = () => …`, the methods
   * and function-valued properties of `const t = { equal(a, b) {…}, ok: (x) => … }` (`t.equal`),
   * and `const check = baseCheck.bind(null, true)` (a helper that calls `baseCheck`).
   */
  private noteHelpers(name: ts.Identifier, init: ts.Expression): void {
    if (isFunctionLike(init)) { this.helperNames.set(init, { name: name.text, at: name }); return; }
    if (init.kind === K.ObjectLiteralExpression) {
      for (const p of (init as ts.ObjectLiteralExpression).properties) {
        if (!p.name || p.name.kind !== K.Identifier) continue;
        const fn = p.kind === K.MethodDeclaration ? p : p.kind === K.PropertyAssignment ? skipParens(p.initializer) : null;
        if (fn && (fn.kind === K.MethodDeclaration || isFunctionLike(fn))) this.helperNames.set(fn, { name: `${name.text}.${p.name.text}`, at: p.name });
      }
      return;
    }
    if (init.kind !== K.CallExpression) return;
    const callee = (init as ts.CallExpression).expression;
    if (callee.kind !== K.PropertyAccessExpression || (callee as ts.PropertyAccessExpression).name.text !== 'bind') return;
    const target = skipParens((callee as ts.PropertyAccessExpression).expression);
    if (target.kind !== K.Identifier) return;
    const body = new BodySummary();
    body.call((target as ts.Identifier).text, target.getStart(this.sf), false);
    this.callables.push(body.toCallable(name.text, 'function', this.span(name), this.localScope()));
  }

  /** Where a helper declared here is visible: the innermost enclosing function, or the module (undefined). */
  private localScope(): { localScope: { start: number; end: number } } | undefined {
    const f = this.fnSpans[this.fnSpans.length - 1];
    return f ? { localScope: f } : undefined;
  }

  private visitFunction(node: ts.FunctionLikeDeclaration): void {
    const mode = this.fnMode;
    this.fnMode = FnMode.Plain;
    const bound = this.helperNames.get(node);
    const k = node.kind;
    if (k === K.FunctionDeclaration) {
      const name = node.name as ts.Identifier | undefined;
      const exported = this.isExported(node);
      const typeOnly = hasModifier(node, K.DeclareKeyword);
      if (name) {
        this.bind(name, VALUE, this.scope, 'function', paramSummary(node.parameters, false));
        // Annex B: a function declared in a block is also visible in its function (sloppy JS).
        if (!this.scope.fn) this.declare(name.text, VALUE, this.fnScope());
      }
      if (exported) {
        this.facts.module.esm = true;
        const isDefault = hasModifier(node, K.DefaultKeyword);
        this.addExport(isDefault ? 'default' : name?.text ?? 'default', name ?? node, typeOnly);
      }
    }
    const phase = this.phase;
    const test = this.test;
    const cls = this.cls;
    const outerBody = this.body;
    const suiteCount = this.suites.length;
    // A named helper outside any body (module level, a describe callback) gets its own summary.
    const declared = k === K.FunctionDeclaration ? (node.name as ts.Identifier | undefined) : undefined;
    const helperName = declared ? { name: declared.text, at: declared as ts.Node } : bound;
    const helper = mode === FnMode.Plain && !outerBody && helperName ? { ...helperName, scope: this.localScope() } : null;
    const fnSpan = { start: node.getStart(this.sf), end: node.end };
    if (mode === FnMode.Test || helper) this.body = new BodySummary(fnSpan, mode === FnMode.Test);
    else if (mode === FnMode.Suite) this.body = null;
    const ownBody = mode === FnMode.Test || helper ? this.body : null;
    this.fnSpans.push(fnSpan);
    const s = this.enter(true, k !== K.ArrowFunction);
    if (k === K.FunctionExpression && node.name) this.declare(node.name.text, VALUE, s);
    if (k === K.FunctionDeclaration || k === K.FunctionExpression) this.cls = null;
    if (mode === FnMode.Plain || mode === FnMode.Test) this.phase = 'run';
    if (mode === FnMode.Suite) this.suites.push(this.suiteTitle);
    if (mode === FnMode.Test) this.test = this.pendingTest;
    if (node.typeParameters) for (const p of node.typeParameters) this.visitTypeParameter(p);
    for (const p of node.parameters) {
      const pm = modifiersOf(p);
      if (pm) for (const m of pm) if (m.kind === K.Decorator) this.visit(m);
      if (!(p.name.kind === K.Identifier && p.name.text === 'this')) this.declarePattern(p.name, s, null, null);
      if (p.name.kind === K.Identifier && p.name.text !== 'this') this.noteInstance(s, p.name.text, p.dotDotDotToken ? null : typeClass(p.type));
      if (this.types && p.name.kind === K.Identifier && p.type && !p.dotDotDotToken) {
        const from = typeOrigin(p.type);
        this.noteOrigin(s, p.name.text, from && { from, assigns: null });
      }
      if (p.type) this.visitType(p.type);
      if (p.initializer) this.visit(p.initializer);
    }
    if (node.type) this.visitType(node.type);
    const body = node.body;
    if (body) {
      if (body.kind === K.Block) for (const st of (body as ts.Block).statements) this.visit(st);
      else this.visit(body);
    }
    this.leave(s);
    this.fnSpans.pop();
    if (ownBody && mode === FnMode.Test && this.test && this.test.fact.hasAssertion !== null) {
      this.test.fact.hasAssertion = ownBody.asserts;
      const calls = ownBody.calls();
      if (calls) this.test.fact.calls = calls;
    } else if (ownBody && helper) {
      this.callables.push(ownBody.toCallable(helper.name, 'function', this.span(helper.at), helper.scope));
    }
    this.phase = phase;
    this.test = test;
    this.body = outerBody;
    this.cls = cls;
    if (this.suites.length !== suiteCount) this.suites.length = suiteCount;
  }

  private visitClass(node: ts.ClassLikeDeclaration): void {
    const isDecl = node.kind === K.ClassDeclaration;
    const name = node.name?.text ?? this.pendingClassName;
    this.pendingClassName = null;
    const topLevel = this.scope === this.moduleScope;
    const mods = modifiersOf(node);
    if (isDecl) {
      if (node.name) this.bind(node.name, BOTH, this.scope, 'class');
      if (this.isExported(node)) {
        this.facts.module.esm = true;
        this.addExport(hasModifier(node, K.DefaultKeyword) ? 'default' : node.name?.text ?? 'default', node.name ?? node,
          hasModifier(node, K.DeclareKeyword));
      }
    }
    const decorators: string[] = [];
    if (mods) for (const m of mods) if (m.kind === K.Decorator) {
      const e = skipParens(m.expression);
      const callee = e.kind === K.CallExpression ? (e as ts.CallExpression).expression : e;
      const dn = dottedName(callee);
      if (dn) decorators.push(dn);
      this.visit(m);
    }
    const fact: ClassFact | null = name ? {
      name, span: this.span(node.name ?? node), bases: [], members: [], decorators, dynamicMembers: false, topLevel,
    } : null;
    if (fact) this.facts.classes.push(fact);
    const s = this.enter(false);
    if (!isDecl && node.name) this.declare(node.name.text, BOTH, s);
    if (node.typeParameters) for (const p of node.typeParameters) this.visitTypeParameter(p);
    if (node.heritageClauses) for (const h of node.heritageClauses) {
      for (const t of h.types) {
        if (h.token === K.ExtendsKeyword) {
          fact?.bases.push(dottedName(t.expression));
          this.visit(t);
        } else this.visitType(t);
      }
    }
    const ctx: ClassCtx = { fact, isStatic: false, members: new Map(), attrs: new Map(), attrTypes: new Map(), attrOrigins: new Map(), selfAccesses: [] };
    const outerCls = this.cls;
    const phase = this.phase;
    for (const m of node.members) this.visitMember(m, ctx, phase);
    this.cls = outerCls;
    this.phase = phase;
    this.leave(s);
    if (fact) for (const [n, a] of ctx.attrs) if (!ctx.members.has(n)) fact.members.push(a);
    if (fact) for (const m of fact.members) {
      const t = ctx.attrTypes.get(m.name);
      if (t && (m.kind === 'field' || m.kind === 'attribute')) m.instanceOf = t;
    }
    for (const acc of ctx.selfAccesses) {
      const from = acc.receiver.kind === 'self-attr' ? ctx.attrOrigins.get(acc.receiver.attr) : null;
      if (from && from.length) acc.typeQuery = { from };
    }
  }

  private addMember(ctx: ClassCtx, name: string, kind: MemberFact['kind'], isStatic: boolean, node: ts.Node, params?: ParamSummary, hasBody = false): void {
    this.memberNames?.add(name);
    const fact = ctx.fact;
    if (!fact) return;
    const prev = ctx.members.get(name);
    if (prev) {
      if (params && hasBody && prev.kind === 'method') prev.params = params;
      return;
    }
    const m: MemberFact = { name, kind, static: isStatic, span: this.span(node) };
    if (params) m.params = params;
    ctx.members.set(name, m);
    fact.members.push(m);
  }

  private visitMember(m: ts.ClassElement, ctx: ClassCtx, classPhase: EvalPhase): void {
    const isStatic = hasModifier(m, K.StaticKeyword);
    const mods = modifiersOf(m);
    this.phase = classPhase;
    this.cls = null;
    if (mods) for (const d of mods) if (d.kind === K.Decorator) this.visit(d);
    const nameNode = m.name;
    if (nameNode && nameNode.kind === K.ComputedPropertyName) this.visit(nameNode.expression);
    const name = nameNode ? propName(nameNode) : null;
    const decorated = !!mods?.some((d) => d.kind === K.Decorator);
    const memberCtx: ClassCtx = { ...ctx, isStatic };
    switch (m.kind) {
      case K.Constructor: {
        const c = m as ts.ConstructorDeclaration;
        for (const p of c.parameters) {
          if (p.name.kind === K.Identifier && modifiersOf(p)?.some((x) => x.kind !== K.Decorator)) {
            this.addMember(ctx, p.name.text, 'field', false, p.name);
            noteAttrType(ctx.attrTypes, p.name.text, typeClass(p.type));
            if (this.types) noteAttrOrigin(ctx.attrOrigins, p.name.text, p.type ? typeOrigin(p.type) : null);
          }
        }
        this.cls = memberCtx;
        this.visitFunction(c);
        break;
      }
      case K.MethodDeclaration: {
        const md = m as ts.MethodDeclaration;
        if (name !== null) this.addMember(ctx, name, 'method', isStatic, nameNode!, paramSummary(md.parameters, decorated), !!md.body);
        this.cls = memberCtx;
        this.visitFunction(md);
        break;
      }
      case K.GetAccessor: case K.SetAccessor: {
        if (name !== null) this.addMember(ctx, name, 'accessor', isStatic, nameNode!);
        this.cls = memberCtx;
        this.visitFunction(m as ts.AccessorDeclaration);
        break;
      }
      case K.PropertyDeclaration: {
        const p = m as ts.PropertyDeclaration;
        if (name !== null) this.addMember(ctx, name, 'field', isStatic, nameNode!);
        if (name !== null) noteAttrType(ctx.attrTypes, name, typeClass(p.type) ?? (p.type ? null : constructedClass(p.initializer)));
        if (name !== null && this.types && !isStatic) {
          noteAttrOrigin(ctx.attrOrigins, name, p.type ? typeOrigin(p.type) : p.initializer ? exprOrigin(p.initializer) : null);
        }
        if (p.type) this.visitType(p.type);
        if (p.initializer) {
          this.cls = memberCtx;
          if (!isStatic) this.phase = 'run';
          this.visit(p.initializer);
        }
        break;
      }
      case K.ClassStaticBlockDeclaration: {
        this.cls = memberCtx;
        const s = this.enter(true, true);
        for (const st of (m as ts.ClassStaticBlockDeclaration).body.statements) this.visit(st);
        this.leave(s);
        break;
      }
      case K.IndexSignature:
        if (ctx.fact) ctx.fact.dynamicMembers = true;
        this.visitType(m);
        break;
      default: break;
    }
  }

  private visitEnum(node: ts.EnumDeclaration): void {
    this.bind(node.name, BOTH, this.scope, 'other');
    if (this.isExported(node)) {
      this.facts.module.esm = true;
      this.addExport(node.name.text, node.name, hasModifier(node, K.DeclareKeyword));
    }
    const s = this.enter(false);
    for (const m of node.members) { const n = propName(m.name); if (n !== null) this.declare(n, VALUE, s); }
    for (const m of node.members) if (m.initializer) this.visit(m.initializer);
    this.leave(s);
  }

  private visitModule(node: ts.ModuleDeclaration): void {
    if (node.name.kind !== K.Identifier) return; // `declare module 'x' { … }`: out of scope
    if (node.flags & ts.NodeFlags.GlobalAugmentation) {
      const saved = this.ambientGlobal;
      const scope = this.scope;
      this.ambientGlobal = true;
      this.scope = this.moduleScope;
      if (node.body && node.body.kind === K.ModuleBlock) for (const s of node.body.statements) this.visit(s);
      this.scope = scope;
      this.ambientGlobal = saved;
      return;
    }
    this.bind(node.name, BOTH, this.scope, 'other');
    if (this.isExported(node)) {
      this.facts.module.esm = true;
      this.addExport(node.name.text, node.name, hasModifier(node, K.DeclareKeyword));
    }
    if (!node.body) return;
    const s = this.enter(true);
    if (node.body.kind === K.ModuleBlock) for (const st of node.body.statements) this.visit(st);
    else this.visit(node.body);
    this.leave(s);
  }

  // ---------------------------------------------------------------- imports and exports

  private visitImport(node: ts.ImportDeclaration): void {
    this.facts.module.esm = true;
    const spec = node.moduleSpecifier;
    if (!isStringLike(spec)) return;
    const clause = node.importClause;
    if (!clause) { this.addImport('side-effect', spec, node, []); return; }
    const typeOnly = clause.isTypeOnly;
    const names: ImportedName[] = [];
    if (clause.name) {
      const n = this.importedName('default', clause.name.text, clause.name, typeOnly);
      names.push(n);
      this.bind(clause.name, BOTH, this.scope, 'import', undefined, n);
    }
    const nb = clause.namedBindings;
    if (nb) {
      if (nb.kind === K.NamespaceImport) {
        const n = this.importedName('*', nb.name.text, nb, typeOnly);
        names.push(n);
        this.bind(nb.name, BOTH, this.scope, 'import', undefined, n);
      } else {
        for (const el of nb.elements) {
          const n = this.importedName(propName(el.propertyName ?? el.name) ?? el.name.text, el.name.text, el, typeOnly || el.isTypeOnly);
          names.push(n);
          this.bind(el.name, BOTH, this.scope, 'import', undefined, n);
        }
      }
    }
    const allTypes = typeOnly || (names.length > 0 && names.every((n) => n.typeOnly));
    this.addImport('import', spec, node, names, allTypes);
  }

  private visitImportEquals(node: ts.ImportEqualsDeclaration): void {
    const exported = this.isExported(node);
    const ref = node.moduleReference;
    if (ref.kind === K.ExternalModuleReference) {
      const n = this.importedName('*', node.name.text, node.name, node.isTypeOnly);
      this.bind(node.name, BOTH, this.scope, 'import', undefined, n);
      if (isStringLike(ref.expression)) this.addImport('require', ref.expression, node, [n], node.isTypeOnly);
    } else {
      this.bind(node.name, BOTH, this.scope, 'other');
      this.refEntity(ref, Mode.Either);
    }
    if (exported) this.addExport(node.name.text, node.name, node.isTypeOnly);
  }

  private visitExportDeclaration(node: ts.ExportDeclaration): void {
    this.facts.module.esm = true;
    const typeOnly = node.isTypeOnly;
    const spec = node.moduleSpecifier;
    const clause = node.exportClause;
    if (spec) {
      if (!isStringLike(spec)) return;
      const from = spec.text;
      const names: ImportedName[] = [];
      if (!clause) {
        names.push(this.importedName('*', '*', node, typeOnly));
        this.addExport('*', node, typeOnly, 'star', from);
      } else if (clause.kind === K.NamespaceExport) {
        const name = propName(clause.name) ?? '';
        names.push(this.importedName('*', name, clause, typeOnly));
        this.addExport(name, clause.name, typeOnly, 'namespace-reexport', from);
      } else {
        for (const el of clause.elements) {
          const local = propName(el.name) ?? '';
          const imported = el.propertyName ? propName(el.propertyName) ?? local : local;
          const t = typeOnly || el.isTypeOnly;
          names.push(this.importedName(imported, local, el, t));
          this.addExport(local, el, t, 'reexport', from, imported);
        }
      }
      const allTypes = typeOnly || (names.length > 0 && names.every((n) => n.typeOnly));
      this.addImport('export-from', spec, node, names, allTypes);
      return;
    }
    if (clause && clause.kind === K.NamedExports) {
      for (const el of clause.elements) {
        this.addExport(propName(el.name) ?? '', el, typeOnly || el.isTypeOnly);
        const local = el.propertyName ?? el.name;
        if (local.kind === K.Identifier) this.ref(local, Mode.Either, false, false);
      }
    }
  }

  private visitExportAssignment(node: ts.ExportAssignment): void {
    const e = skipParens(node.expression);
    if (node.isExportEquals) {
      this.facts.module.commonjs = true;
      this.addExport('export=', node, false, 'export-equals');
    } else {
      this.facts.module.esm = true;
      this.addExport('default', node, false);
    }
    if (e.kind === K.Identifier) this.ref(e as ts.Identifier, Mode.Either);
    else this.visit(node.expression);
  }

  /** `module.exports = …`, `exports.a = …`, `module.exports.a = …`. */
  private commonJsAssignment(left: ts.Expression, right: ts.Expression): void {
    const isModuleExports = (e: ts.Expression): boolean => e.kind === K.PropertyAccessExpression
      && (e as ts.PropertyAccessExpression).name.text === 'exports'
      && (e as ts.PropertyAccessExpression).expression.kind === K.Identifier
      && ((e as ts.PropertyAccessExpression).expression as ts.Identifier).text === 'module';
    const isExports = (e: ts.Expression): boolean => isModuleExports(e)
      || (e.kind === K.Identifier && (e as ts.Identifier).text === 'exports');
    const mod = this.facts.module;
    if (isModuleExports(left)) {
      mod.commonjs = true;
      const r = skipParens(right);
      if (r.kind !== K.ObjectLiteralExpression) { mod.dynamicExports = true; return; }
      for (const p of (r as ts.ObjectLiteralExpression).properties) {
        const name = p.kind === K.SpreadAssignment ? null : propName(p.name);
        if (name === null) mod.dynamicExports = true;
        else this.addExport(name, p.name ?? p, false);
      }
      return;
    }
    let obj: ts.Expression | null = null, name: string | null = null, at: ts.Node = left;
    if (left.kind === K.PropertyAccessExpression) {
      const p = left as ts.PropertyAccessExpression;
      obj = p.expression; name = p.name.text; at = p.name;
    } else if (left.kind === K.ElementAccessExpression) {
      const p = left as ts.ElementAccessExpression;
      obj = p.expression;
      if (isStringLike(p.argumentExpression)) { name = p.argumentExpression.text; at = p.argumentExpression; }
    }
    if (obj && isExports(obj)) {
      mod.commonjs = true;
      if (name === null) mod.dynamicExports = true;
      else if (name !== '__esModule') this.addExport(name, at, false);
    }
  }

  // ---------------------------------------------------------------- expressions

  private visitBinary(node: ts.BinaryExpression): void {
    const op = node.operatorToken.kind;
    if (op >= K.FirstAssignment && op <= K.LastAssignment) {
      const left = node.left;
      if (op === K.EqualsToken || op === K.BarBarEqualsToken || op === K.QuestionQuestionEqualsToken || op === K.AmpersandAmpersandEqualsToken) {
        if (left.kind === K.PropertyAccessExpression || left.kind === K.ElementAccessExpression) {
          if (op === K.EqualsToken) this.commonJsAssignment(left, node.right);
          const p = left as ts.PropertyAccessExpression;
          if (left.kind === K.PropertyAccessExpression && p.expression.kind === K.ThisKeyword && this.cls?.fact && p.name.kind !== K.PrivateIdentifier) {
            const attrs = this.cls.attrs;
            this.memberNames?.add(p.name.text);
            if (!attrs.has(p.name.text)) {
              attrs.set(p.name.text, { name: p.name.text, kind: 'attribute', static: this.cls.isStatic, span: this.span(p.name) });
            }
            noteAttrType(this.cls.attrTypes, p.name.text, op === K.EqualsToken ? constructedClass(node.right) : null);
            if (this.types && !this.cls.isStatic) noteAttrOrigin(this.cls.attrOrigins, p.name.text, op === K.EqualsToken ? exprOrigin(node.right) : null);
          } else if (left.kind === K.PropertyAccessExpression && p.expression.kind !== K.ThisKeyword && p.name.kind === K.Identifier) {
            // `Helper.prototype.extra = f` / `obj.extra = v`: the member may exist at run time.
            (this.attrNames ??= new Set()).add(p.name.text);
            this.memberNames?.add(p.name.text);
          }
        }
        this.writeTarget = left;
      }
      const pattern = this.types && (left.kind === K.ObjectLiteralExpression || left.kind === K.ArrayLiteralExpression);
      if (this.types && left.kind === K.Identifier) this.pendingAssign = { id: left, value: op === K.EqualsToken ? node.right : null };
      if (pattern) this.patternAssign++;
      this.visit(left);
      if (pattern) this.patternAssign--;
      this.pendingAssign = null;
      this.writeTarget = null;
      this.visit(node.right);
      return;
    }
    // Left-nested chains (`a + b + c …`) iteratively: generated code makes them thousands long.
    const spine: ts.BinaryExpression[] = [];
    let e: ts.Expression = node;
    while (e.kind === K.BinaryExpression) {
      const b = e as ts.BinaryExpression;
      const o = b.operatorToken.kind;
      if (o >= K.FirstAssignment && o <= K.LastAssignment) break;
      spine.push(b);
      e = b.left;
    }
    this.visit(e);
    for (let i = spine.length - 1; i >= 0; i--) this.visit(spine[i].right);
  }

  private receiverOf(e: ts.Expression): ReceiverFact | null {
    switch (e.kind) {
      case K.Identifier: return { kind: 'name', name: (e as ts.Identifier).text };
      case K.ThisKeyword: {
        const c = this.cls?.fact;
        return c ? { kind: 'self', className: c.name } : null;
      }
      case K.PropertyAccessExpression: {
        const p = e as ts.PropertyAccessExpression;
        const c = this.cls?.fact;
        return c && p.expression.kind === K.ThisKeyword ? { kind: 'self-attr', className: c.name, attr: p.name.text } : null;
      }
      case K.ParenthesizedExpression: {
        const inner = skipParens(e);
        return inner.kind === K.NewExpression ? this.receiverOf(inner) : null;
      }
      case K.NewExpression: {
        const n = dottedName((e as ts.NewExpression).expression);
        return n ? { kind: 'new', className: n } : null;
      }
      default: return null;
    }
  }

  private visitPropertyAccess(node: ts.PropertyAccessExpression): void {
    const call = this.calleeOf === node ? this.callInfo : undefined;
    this.calleeOf = null;
    const chain = this.chainParent && this.chainParent.node === node ? this.chainParent : null;
    this.chainParent = null;
    if (this.body && node.name.text === 'should') this.body.asserts = true; // chai: x.should.be.true
    if (node !== this.writeTarget) {
      const receiver = this.receiverOf(node.expression);
      if (receiver) {
        const f: MemberAccessFact = { receiver, member: node.name.text, span: this.span(node.name), phase: this.phase };
        if (call) f.call = call;
        if (call && this.optionalCall) f.optionalCall = true;
        this.facts.memberAccesses.push(f);
        if (receiver.kind === 'name') this.pendingAccess = { id: node.expression, fact: f };
        if (this.types && receiver.kind === 'self-attr') this.cls!.selfAccesses.push(f);
        if (chain) this.chains.push({ fact: chain.fact, inner: f });
      } else if (this.types && node.expression.kind === K.PropertyAccessExpression) {
        // `h.getter.m`: kept (settleTypeQueries) only when `h.getter`'s own receiver has a type query.
        const f: MemberAccessFact = { receiver: { kind: 'other' }, member: node.name.text, span: this.span(node.name), phase: this.phase };
        if (call) f.call = call;
        if (chain) this.chains.push({ fact: chain.fact, inner: f });
        this.chainParent = { node: node.expression, fact: f };
      }
    }
    this.writeTarget = null;
    this.visit(node.expression);
    this.chainParent = null;
  }

  private visitCall(node: ts.CallExpression): void {
    const callee = node.expression;
    const args = node.arguments;
    const arg0 = args[0] as ts.Expression | undefined;
    if (callee.kind === K.ImportKeyword) {
      if (isStringLike(arg0) && this.handled !== node) this.addImport('dynamic', arg0, node, []);
      for (const a of args) this.visit(a);
      return;
    }
    let keepArgs = false;
    if (callee.kind === K.Identifier) {
      const name = (callee as ts.Identifier).text;
      if (name === 'require' && args.length === 1 && isStringLike(arg0) && this.handled !== node) {
        this.addImport('require', arg0, node, []);
      } else if (arg0 && this.testBase(name)) {
        this.visitTestCall(node, this.testBase(name)!, []);
        return;
      }
    } else if (callee.kind === K.PropertyAccessExpression) {
      const p = callee as ts.PropertyAccessExpression;
      const obj = p.expression;
      const method = p.name.text;
      if (obj.kind === K.Identifier) {
        const objName = (obj as ts.Identifier).text;
        if ((objName === 'vi' || objName === 'jest') && MOCK_FNS.has(method) && arg0) {
          this.mockCall(node, method, arg0);
          keepArgs = true;
        }
        if (objName === 'Object' && (method === 'assign' || method === 'defineProperty' || method === 'defineProperties') && arg0
          && !(skipParens(arg0).kind === K.Identifier && (skipParens(arg0) as ts.Identifier).text === 'exports')
          && skipParens(arg0).kind !== K.ObjectLiteralExpression) {
          this.facts.module.dynamicAttrs = true;
        }
        if (objName === 'Object' && method === 'defineProperty' && args.length >= 2) {
          const target = skipParens(args[0]);
          if (target.kind === K.Identifier && (target as ts.Identifier).text === 'exports' && isStringLike(args[1])) {
            this.facts.module.commonjs = true;
            if (args[1].text !== '__esModule') this.addExport(args[1].text, args[1], false);
          }
        }
      }
      if (SYNC_CALLBACKS.has(method)) keepArgs = true;
      if (method === 'run' && !this.test) this.ruleTesterRun(node);
    }
    if (arg0 && (callee.kind === K.PropertyAccessExpression || callee.kind === K.CallExpression || callee.kind === K.TaggedTemplateExpression)) {
      const t = this.matchTest(callee);
      if (t) { this.visitTestCall(node, t.base, t.mods); return; }
    }
    if (this.body && !this.body.asserts) this.noteCallee(callee, args);
    // The callee
    const inner = skipParens(callee);
    if (isFunctionLike(inner)) this.fnMode = FnMode.KeepPhase; // IIFE
    if (callee.kind === K.PropertyAccessExpression) {
      let spread = false, n = 0;
      for (const a of args) { if (a.kind === K.SpreadElement) spread = true; else n++; }
      this.calleeOf = callee;
      this.callInfo = { args: n, spread, keywords: [] };
      this.optionalCall = node.questionDotToken !== undefined;
    }
    this.visit(callee);
    this.calleeOf = null;
    this.fnMode = FnMode.Plain;
    if (node.typeArguments) for (const t of node.typeArguments) this.visitType(t);
    for (const a of args) {
      if (keepArgs && isFunctionLike(a)) this.fnMode = FnMode.KeepPhase;
      this.visit(a);
      this.fnMode = FnMode.Plain;
    }
  }

  private mockCall(node: ts.CallExpression, method: string, arg0: ts.Expression): void {
    let spec: ts.Expression = arg0;
    if (spec.kind === K.CallExpression && (spec as ts.CallExpression).expression.kind === K.ImportKeyword) {
      this.handled = spec;
      spec = (spec as ts.CallExpression).arguments[0];
    }
    if (!isStringLike(spec)) return;
    const f = this.addImport('mock', spec, node, []);
    if (MOCK_FACTORY_FNS.has(method)) {
      const factory = node.arguments[1];
      f.hasFactory = factory !== undefined && (isFunctionLike(factory) || factory.kind === K.ObjectLiteralExpression);
    }
  }

  /** `it.only`, `describe.each(t)`, `test.skipIf(c)`… → the base name and modifiers; null when not a test call. */
  private matchTest(callee: ts.Expression): { base: string; mods: string[] } | null {
    const mods: string[] = [];
    let e: ts.Expression = callee;
    for (let i = 0; i < 8; i++) {
      if (e.kind === K.PropertyAccessExpression) {
        const p = e as ts.PropertyAccessExpression;
        const m = p.name.text;
        // Playwright: `test.describe(…)`, `test.describe.serial(…)` are suites.
        if (m === 'describe' && p.expression.kind === K.Identifier) {
          const b = this.testBase((p.expression as ts.Identifier).text);
          return b && !TEST_BASES[b]!.suite ? { base: 'describe', mods } : null;
        }
        if (!TEST_MODIFIERS.has(m) && !PLAYWRIGHT_MODIFIERS.has(m)) return null;
        if (i === 0 && CALL_MODIFIERS.has(m)) return null; // `it.each(table)` is the inner call
        mods.push(m);
        e = p.expression;
      } else if (e.kind === K.CallExpression || e.kind === K.TaggedTemplateExpression) {
        const inner = e.kind === K.CallExpression ? (e as ts.CallExpression).expression : (e as ts.TaggedTemplateExpression).tag;
        if (inner.kind !== K.PropertyAccessExpression || !CALL_MODIFIERS.has((inner as ts.PropertyAccessExpression).name.text)) return null;
        e = inner;
      } else if (e.kind === K.Identifier) {
        const base = this.testBase((e as ts.Identifier).text);
        return base ? { base, mods } : null;
      } else return null;
    }
    return null;
  }

  /** The runner's test function a name stands for: itself, or what a `test.extend(…)` alias extends. */
  private testBase(name: string): string | null {
    if (Object.hasOwn(TEST_BASES, name)) return name;
    return this.testAliases?.get(name) ?? null;
  }

  /** `const myTest = test.extend({…})` (also chained `.extend(…).extend(…)`): `myTest(…)` defines tests. */
  private noteTestAlias(name: string, init: ts.Expression): void {
    let e = skipParens(init);
    let extended = false;
    for (let i = 0; i < 16 && e.kind === K.CallExpression; i++) {
      const callee = (e as ts.CallExpression).expression;
      if (callee.kind !== K.PropertyAccessExpression || (callee as ts.PropertyAccessExpression).name.text !== 'extend') return;
      extended = true;
      e = skipParens((callee as ts.PropertyAccessExpression).expression);
    }
    if (!extended || e.kind !== K.Identifier) return;
    const base = this.testBase((e as ts.Identifier).text);
    if (base && !TEST_BASES[base]!.suite) (this.testAliases ??= new Map()).set(name, base);
  }

  /** Visit a test callee chain without mistaking its inner calls for tests. */
  private visitTestCallee(e: ts.Expression): void {
    for (let i = 0; i < 16; i++) {
      if (e.kind === K.PropertyAccessExpression) e = (e as ts.PropertyAccessExpression).expression;
      else if (e.kind === K.CallExpression) {
        const c = e as ts.CallExpression;
        for (const a of c.arguments) this.visit(a);
        e = c.expression;
      } else if (e.kind === K.TaggedTemplateExpression) {
        const t = e as ts.TaggedTemplateExpression;
        this.visit(t.template);
        e = t.tag;
      } else { this.visit(e); return; }
    }
  }

  /**
   * ESLint's `RuleTester#run('rule', rule, { valid: […], invalid: […] })` defines a suite of tests
   * through the runner's `describe`/`it`: one test fact stands for them (its cases are data).
   */
  private ruleTesterRun(node: ts.CallExpression): void {
    const [title, , cases] = node.arguments;
    if (node.arguments.length !== 3 || !isStringLike(title) || !cases) return;
    const obj = skipParens(cases);
    if (obj.kind !== K.ObjectLiteralExpression) return;
    const keys = (obj as ts.ObjectLiteralExpression).properties.map((p) => (p.name && p.name.kind === K.Identifier ? p.name.text : ''));
    if (!keys.includes('valid') && !keys.includes('invalid')) return;
    this.facts.tests.push({
      name: title.text, scope: this.suites.slice(), kind: 'test', span: this.span(node), nameSpan: this.span(title),
      only: false, skip: false, todo: false, dynamicName: true, hasAssertion: true,
    });
  }

  private visitTestCall(node: ts.CallExpression, base: string, mods: string[]): void {
    const info = TEST_BASES[base];
    const args = node.arguments;
    const title = args[0];
    const literal = isStringLike(title);
    let name = literal ? title.text : title.getText(this.sf);
    if (name.length > 200) name = name.slice(0, 200);
    let fn: ts.ArrowFunction | ts.FunctionExpression | null = null;
    for (let i = 1; i < args.length; i++) if (isFunctionLike(args[i])) { fn = args[i] as ts.ArrowFunction; break; }
    const has = (m: string) => mods.includes(m);
    const fact: TestFact = {
      name, scope: this.suites.slice(), kind: info.suite ? 'suite' : 'test',
      span: this.span(node), nameSpan: this.span(title),
      only: !!info.only || has('only'), skip: !!info.skip || has('skip') || has('fixme'), todo: has('todo'),
      dynamicName: !literal || has('each') || has('for'),
      hasAssertion: info.suite || !fn ? null : false,
    };
    if (!this.test) this.facts.tests.push(fact);
    this.visitTestCallee(node.expression);
    if (node.typeArguments) for (const t of node.typeArguments) this.visitType(t);
    for (const a of args) {
      if (a === fn) {
        if (info.suite) { this.fnMode = FnMode.Suite; this.suiteTitle = name; }
        else {
          const p = fn.parameters[0];
          this.fnMode = FnMode.Test;
          this.pendingTest = { fact, param: p && p.name.kind === K.Identifier ? p.name.text : null };
        }
      }
      // A skipped test's body never runs (a skipped suite's body still runs, to collect its tests).
      const skippedBody = a === fn && !info.suite && fact.skip;
      if (skippedBody) this.skippedBody++;
      this.visit(a);
      if (skippedBody) this.skippedBody--;
      this.fnMode = FnMode.Plain;
      this.pendingTest = null;
    }
  }

  /**
   * In a test's or helper's body: is this call an assertion form (a name in the chain starting with
   * `expect`/`assert`/`should`, `t.equal(…)` on a node:test/tap context)? If not, record the callee
   * (dotted as eslint-plugin-jest's getNodeName builds it) and the plain names passed to it.
   */
  private noteCallee(callee: ts.Expression, args: ts.NodeArray<ts.Expression>): void {
    const body = this.body!;
    const param = this.test?.param ?? null;
    const parts: string[] = [];
    let e: ts.Expression = callee;
    let lastProp: string | null = null;
    let chained = false;
    let broken = false;
    let at = -1;
    for (let i = 0; i < 64; i++) {
      switch (e.kind) {
        case K.Identifier: case K.ThisKeyword: {
          const n = e.kind === K.ThisKeyword ? 'this' : (e as ts.Identifier).text;
          if (isAssertName(n) || (n === param && lastProp !== null && CONTEXT_ASSERTS.has(lastProp))) { body.asserts = true; return; }
          if (broken) return;
          parts.push(n);
          if (at < 0) at = e.getStart(this.sf);
          body.call(parts.reverse().join('.'), at, chained);
          for (const a of args) if (a.kind === K.Identifier) body.call((a as ts.Identifier).text, a.getStart(this.sf), false, true);
          return;
        }
        case K.PropertyAccessExpression: {
          const p = e as ts.PropertyAccessExpression;
          const n = p.name.text;
          if (isAssertName(n)) { body.asserts = true; return; }
          parts.push(n);
          if (at < 0) at = p.name.getStart(this.sf);
          lastProp = n;
          e = p.expression;
          break;
        }
        case K.CallExpression: e = (e as ts.CallExpression).expression; lastProp = null; chained = true; break;
        case K.ElementAccessExpression: broken = true; e = (e as ts.ElementAccessExpression).expression; break;
        case K.NonNullExpression: case K.ParenthesizedExpression: case K.AwaitExpression: case K.AsExpression:
          e = (e as ts.NonNullExpression).expression; break;
        default: return;
      }
    }
  }
}

function need(mode: Mode): number {
  return mode === Mode.Type ? TYPE : mode === Mode.Either ? BOTH : VALUE;
}
