import type { Deadline } from './deadline.js';

/**
 * Per-file facts: the plain, serialisable data a language front-end extracts from one file.
 * Facts never say what is a problem; rules decide that from the project model built on them.
 * Everything here must survive `structuredClone` / JSON (worker threads, the content cache).
 */

export type Language = 'python' | 'ts' | 'js';

/** The runner phase a finding breaks (DESIGN.md "Phases"). */
export type Phase = 'collect' | 'run' | 'skip' | 'integrity';

/** When an expression is evaluated: while the file loads, or while a test runs. */
export type EvalPhase = 'collect' | 'run';

/** A range in a file. Lines and columns are 1-based (ESLint's convention); offsets are 0-based UTF-16. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
}

export interface ParseErrorFact {
  message: string;
  span: Span;
  /** A code from the parser, e.g. TS1005, or 'python' for CPython-compatible checks. */
  code?: string;
}

export type TextIssueKind =
  | 'nul-byte'
  | 'invalid-utf8'
  | 'bom-inside'
  | 'utf16'
  | 'mojibake'
  | 'conflict-marker'
  /** The file could not be read or was over the size or time budget; `detail` says why. */
  | 'unreadable';

export interface TextIssueFact {
  kind: TextIssueKind;
  span: Span;
  /** Kind-specific detail: the marker text, the byte offset, the repaired text for mojibake. */
  detail?: string;
  /** For mojibake: the suggested replacement of the span. */
  replacement?: string;
  /** Mojibake: the repaired text also appears, correctly encoded, elsewhere in the file (a test of a fixer: input and expected output). */
  repairedElsewhere?: boolean;
  /** Python: where the damage sits — CPython never decodes comments, and reads a BOM only inside strings and comments. */
  where?: 'comment' | 'string' | 'code';
}

/** A run of consecutive whole-line comments (`#` / `//`), or one whole-line JS/TS block comment, uncommented. */
export interface CommentRunFact {
  /** From the first comment's start to the last comment's end. */
  span: Span;
  /** Comment lines in the run, and how many of them are not blank. */
  lines: number;
  nonBlankLines: number;
  /**
   * The uncommented, dedented text parses as code in the file's language and has at least one
   * line that only code has (a call, an assignment, a keyword). null = not checked (fewer than 2 non-blank lines).
   */
  parsesAsCode: boolean | null;
  /** The uncommented lines, joined by '\n' (runs of 2+ lines, or one line with an upper-case marker-like word). */
  text: string;
  /** JS/TS: a whole-line `/* … *\/` block ('block') or a `/** … *\/` / `/*! … *\/` documentation or licence block ('doc'); absent for `#` / `//` runs. */
  style?: 'block' | 'doc';
}

/** One name brought in by an import. `imported` is 'default' for default imports, '*' for namespace/star. */
export interface ImportedName {
  imported: string;
  local: string;
  span: Span;
  typeOnly: boolean;
  /**
   * The earliest phase in which the local binding is read in this file:
   * 'collect' (top level, describe body, decorators…), 'run' (test or function body), or null (never read).
   */
  firstUse: EvalPhase | null;
}

export type ImportKind =
  | 'import'          // JS `import … from`, Python `import x` / `from x import y`
  | 'side-effect'     // JS `import './x'`
  | 'export-from'     // JS `export … from` / `export * from`
  | 'dynamic'         // JS `import('x')` with a literal
  | 'require'         // JS `require('x')` with a literal
  | 'mock';           // vi.mock / jest.mock / vi.doMock path

export interface ImportGuard {
  /** The exception types the surrounding try catches (as written), e.g. ['ImportError']. */
  catches: string[];
  /** Names assigned in the except handler (flags such as `HAS_X = False`). */
  flags: string[];
  /** True when the except/fallback branch imports something else in its place (`except ImportError: import json`). */
  hasFallback: boolean;
}

export interface ImportFact {
  kind: ImportKind;
  /** The module as written: './helpers', '@/x', 'node:fs', 'pkg.sub', or the dotted module of `from .sub import x`. */
  specifier: string;
  /** Python: the number of leading dots of a relative import (0 for absolute). JS: always 0. */
  level: number;
  names: ImportedName[];
  span: Span;
  /** The span of the specifier string / dotted name, for fixes and precise reports. */
  specifierSpan: Span;
  /** When the import statement itself runs. Function-local imports run with the function. */
  phase: EvalPhase;
  typeOnly: boolean;
  /** Inside `if TYPE_CHECKING:` (python) — never executed. */
  typeChecking?: boolean;
  guard?: ImportGuard;
  /** JS `vi.mock(path, factory)` — with a factory the module need not exist in some runners. */
  hasFactory?: boolean;
}

export type ExportKind = 'local' | 'reexport' | 'star' | 'namespace-reexport' | 'export-equals';

/** A name a module offers to importers. Python modules list every top-level binding here. */
export interface ExportFact {
  name: string;
  kind: ExportKind;
  /** For re-exports: the specifier of the module re-exported from. */
  from?: string;
  /** For `export { a as b } from`: the original name ('a'). */
  imported?: string;
  typeOnly: boolean;
  span: Span;
}

export interface MemberFact {
  name: string;
  kind: 'method' | 'property' | 'field' | 'attribute' | 'accessor';
  static: boolean;
  span: Span;
  /** For methods: the parameter summary, for call-arity. */
  params?: ParamSummary;
  /**
   * Attributes and fields: the class of the instance it holds, as written (`self.h = Helper()`,
   * `h: Helper`, `helper = new Helper()`), when every assignment in the class agrees.
   */
  instanceOf?: string;
  /** Python methods: what every `return` gives (see `ValueOrigin`); `cls(…)` in a classmethod is `{ kind: 'cls' }`. */
  returns?: ValueOrigin;
}

/**
 * Python: where a value comes from, as far as one file's syntax says. `call`: a call of a name as
 * written (`Helper(…)`, `make_helper(…)`, `Cls.create(…)`, `mod.make(…)` — a class or a function, the
 * model decides); `cls`: `cls(…)` in a classmethod (the class the method is called on); `item`: an
 * item of a module-level name (`COUPONS[1]`, see `BindingFact.itemInstanceOf`).
 * A function's `returns` is set only when every `return` with a value gives the same origin (bare
 * `return` / `return None` aside), and never for generators, `async def` or decorated functions.
 */
export type ValueOrigin =
  | { kind: 'call'; callee: string }
  | { kind: 'cls' }
  | { kind: 'item'; of: string };

export interface ParamSummary {
  /** Positional parameters without a default (excluding self/cls for methods). */
  required: number;
  /** All positional parameters (excluding self/cls). */
  positional: number;
  /** `*args` / `...rest`. */
  variadic: boolean;
  /** `**kwargs`. */
  keywordVariadic: boolean;
  /** Keyword-only parameter names without a default. */
  requiredKeywords: string[];
  /** Decorated in a way that may change the signature. */
  decorated: boolean;
}

export interface ClassFact {
  name: string;
  span: Span;
  /** Base classes as written (dotted names; null for an expression that is not a name). */
  bases: (string | null)[];
  members: MemberFact[];
  decorators: string[];
  /** True when members can appear dynamically: __getattr__, __getattribute__, index signatures. */
  dynamicMembers: boolean;
  /** Defined at module top level (not nested in a function). */
  topLevel: boolean;
  /**
   * Python: the constructor parameters a `@dataclass` class statement (not `init=False`) or a
   * `class P(NamedTuple)` statement generates from its fields, in order. Absent for other classes,
   * and when the decorator's options or the class body are not plain enough to read.
   */
  initFields?: { kind: 'dataclass' | 'namedtuple'; fields: InitFieldFact[] };
}

/** One parameter of a generated constructor (`a: int` → required, `b: int = 0` / `field(default_factory=…)` → optional). */
export interface InitFieldFact {
  name: string;
  hasDefault: boolean;
  /** After `_: KW_ONLY`, `field(kw_only=True)`, or in a `@dataclass(kw_only=True)` class. */
  kwOnly: boolean;
}

export interface ReferenceFact {
  /** A name read but bound nowhere in the file's scopes (a global or a missing name). */
  name: string;
  span: Span;
  phase: EvalPhase;
  /** The reference is a `typeof x` / type position (TS) — not evaluated. */
  typeOnly?: boolean;
  /** Read inside a try whose handlers catch NameError/Exception (python) or a `typeof x` guard (JS). */
  guarded?: boolean;
}

/** A summary of what a receiver expression is, as far as syntax says. */
export type ReceiverFact =
  | { kind: 'name'; name: string }                 // helper.x()
  | { kind: 'self'; className: string }            // self.x / this.x inside class C
  | { kind: 'self-attr'; className: string; attr: string } // self.helper.x
  | { kind: 'new'; className: string }             // new C().x / C().x
  | { kind: 'item'; name: string }                 // COUPONS[1].x (python)
  | { kind: 'other' };

export interface MemberAccessFact {
  receiver: ReceiverFact;
  member: string;
  span: Span;
  phase: EvalPhase;
  /** Positional argument count when the access is called, with whether a spread/star is passed. */
  call?: { args: number; spread: boolean; keywords: string[] };
  /** TS: an optional call (`h.m?.()`), skipped when the member is missing. */
  optionalCall?: boolean;
  /** Inside `try … except Exception: pass` or similar swallowing handlers. */
  swallowed?: boolean;
  /** What the receiver name is bound to where it is read (python/ts), when the syntax settles it. */
  binding?: ReceiverBinding;
  /** TS: where a type checker can tell the receiver's type that the syntax leaves open. */
  typeQuery?: TypeQueryFact;
}

/**
 * TS only: a receiver whose type the syntax leaves open but whose origin it can name —
 * `const h = makeHelper()`, `const { h } = setup()`, `let h: ReturnType<typeof f>`, `this.h`, `h.getter`.
 * Absent for receivers typed `any`/`unknown` by syntax and for those with no nameable origin.
 */
export interface TypeQueryFact {
  /** The names, as written in the file, the type flows from (callees, annotation types, classes). */
  from: string[];
  /**
   * For `let h;` assigned later (`beforeEach(() => { h = make() })`), where a checker calls `h` itself
   * `any`: every value assigned to it, as 0-based offsets `[start, end)` (their types must agree).
   * Absent: ask about the receiver expression itself (the one the member name follows).
   */
  values?: { start: number; end: number }[];
}

/** The binding a receiver name resolves to, as far as one file's syntax says. */
export type ReceiverBinding =
  /** A local whose every assignment constructs this class (`x = Helper()`, `const x = new Helper()`) or an annotated local/parameter (`h: Helper`). */
  | { kind: 'instance'; className: string }
  /** An unannotated parameter of the enclosing function (for a pytest test or fixture: a fixture). */
  | { kind: 'parameter' }
  /** The module-level binding of the name (see `BindingFact.instanceOf` and the file's imports). */
  | { kind: 'module' }
  /** Python: a local whose every assignment is an item of one module-level name (`big = COUPONS[1]`). */
  | { kind: 'item'; of: string };

/** A call of a plain name that is the module-level binding where it is called (`helper(1, 2)`). Python only. */
export interface CallFact {
  name: string;
  /** The callee name's span. */
  span: Span;
  phase: EvalPhase;
  call: { args: number; spread: boolean; keywords: string[] };
  swallowed?: boolean;
}

export interface TestFact {
  name: string;
  /** The enclosing describe titles / class names, outermost first. */
  scope: string[];
  kind: 'test' | 'suite';
  span: Span;
  /** The span of the name/title, for reporting. */
  nameSpan: Span;
  only: boolean;
  skip: boolean;
  todo: boolean;
  /** Title is not a plain literal (template, `.each`, computed) — cannot be compared. */
  dynamicName: boolean;
  /** The body contains an assertion form (expect, assert, pytest.raises…). null = not analysed. */
  hasAssertion: boolean | null;
  /** When `hasAssertion` is false: what the body calls (or passes on), to follow into first-party helpers. */
  calls?: CalleeFact[];
  /** Python: the test is `async def`. */
  async?: boolean;
  /** Python: decorator/mark names on the test (e.g. 'pytest.mark.parametrize'). */
  marks?: string[];
  /** Python: parameter names of the test function. */
  params?: string[];
  /** Python: `@pytest.mark.parametrize` decorators on the test. */
  parametrize?: ParametrizeFact[];
  /**
   * Python: module-level names its skip conditions read — its decorators (`skipif(not HAS_X, …)`),
   * the decorators and `pytestmark` of its classes, and `if …:` conditions in its body whose branch
   * calls `skip(…)`/`skipTest(…)`. Absent when none.
   */
  moduleReads?: string[];
}

/**
 * A call a body makes (or a function name it passes on, `run(check)`), as far as syntax names the
 * callee. The name is dotted the way eslint-plugin-jest's `getNodeName` builds it: calls in the chain
 * are stepped through (`client.get(url).expect` → `client.get.expect`, then `chained`), and
 * the receiver of a method is written `self` (Python, whatever the first parameter is called) or `this` (JS).
 */
export interface CalleeFact {
  name: string;
  /** Offset of the callee's last name: links a member call to its MemberAccessFact and a plain name to its scope. */
  at: number;
  /** The chain steps through a call (`make().check`): the name is for matching, not for resolution. */
  chained?: boolean;
  /** A plain name passed as an argument (`runTest(checkToggle)`), not called here. */
  passed?: boolean;
}

/**
 * A named function, method or pytest fixture a test may call, summarised: whether its body
 * (nested functions and lambdas included) contains an assertion form and, when it does not,
 * what it calls. Functions nested in another function's or a test's body are part of that body.
 */
export interface CallableFact {
  name: string;
  /** 'method': defined directly in class `className`; 'fixture': a pytest fixture (`name` is the function's name). */
  kind: 'function' | 'method' | 'fixture';
  className?: string;
  /** The span of its name where it is defined. */
  span: Span;
  /** JS: bound in a function's scope (a `describe` callback, another function), from `localScope.start` to `.end`; absent at module level. */
  localScope?: { start: number; end: number };
  asserts: boolean;
  /** When `asserts` is false: what the body calls. */
  calls?: CalleeFact[];
}

// ---- pytest-specific facts (Python front-end) ----

/** One `@pytest.mark.parametrize(argnames, argvalues)` on a test. */
export interface ParametrizeFact {
  /** Names from `"a,b"` / `"a, b"` / `["a", "b"]` / `("a", "b")`. */
  argnames: string[];
  /**
   * One entry per element of a literal argvalues list/tuple: tuple/list length, positional
   * argument count of `pytest.param(...)`, 1 for every value when there is a single argname,
   * null when the element's arity cannot be read from syntax (a name, a call…).
   */
  valueArity: (number | null)[];
  /** False when argvalues is not a literal list/tuple (then valueArity is empty). */
  valuesStatic: boolean;
  /** The span of the decorator. */
  span: Span;
}


/** A function decorated with `@pytest.fixture` / `@fixture` / `@pytest_asyncio.fixture`. */
export interface FixtureFact {
  /** The name tests request: the `name=` override when given, otherwise the function name. */
  name: string;
  functionName: string;
  /** True when `name=` overrides the function name. */
  renamed: boolean;
  span: Span;
  nameSpan: Span;
  /** Parameters pytest resolves as fixtures (same rules as TestFact.params). */
  params: string[];
  autouse: boolean;
  /** `scope=` as a string literal ('function', 'module'…); null when absent or not a literal. */
  scope: string | null;
  /** Enclosing class names, outermost first (a fixture defined in a test class). */
  classScope: string[];
  async: boolean;
  /** The fixture has `params=[…]` (it is parametrized). */
  parametrized: boolean;
  /** Other decorators (dotted names) on the fixture, e.g. 'pytest.mark.skip' (mark-on-fixture). */
  otherDecorators: string[];
  /** The class the fixture returns or yields, from its return annotation (`-> Helper`, `-> Iterator[Helper]`). */
  returns?: string;
  /** What every `return` (a generator fixture: every `yield`) gives, when they agree (what the test really gets, whatever the annotation says). */
  value?: ValueOrigin;
}

/** A patch target written as a literal (unittest.mock / pytest-mock / monkeypatch). */
export interface PatchFact {
  /** `patch` / `mocker.patch` (string target), `object` (`patch.object(C, "attr")`), `setattr` / `delattr` (monkeypatch). */
  kind: 'patch' | 'object' | 'setattr' | 'delattr';
  /** The dotted string target (`pkg.mod.Name`) of the string forms. */
  target?: string;
  /** `patch.object(C, "attr")` / `monkeypatch.setattr(C, "attr", v)`: the object as written and the attribute. */
  object?: string;
  attribute?: string;
  /** Python: the object's first name is the module-level binding where the patch is written (no local or parameter shadows it). */
  objectModuleLevel?: boolean;
  /** `create=True` (patch) or `raising=False` (monkeypatch): a missing target is allowed. */
  lenient: boolean;
  /** The span of the target / attribute string. */
  span: Span;
  phase: EvalPhase;
  swallowed?: boolean;
}

export interface PytestFacts {
  fixtures: FixtureFact[];
}


export interface SuppressionFact {
  kind: 'next-line' | 'line' | 'file';
  /** Rule ids; empty = all rules. */
  rules: string[];
  span: Span;
  /** The line the suppression applies to (for 'next-line' / 'line'). */
  targetLine: number;
  /** Another tool's comment test-lint honours (`# noqa: F821`): never reported as an unused suppression. */
  foreign?: boolean;
}

/** A module-level binding (Python: every top-level name; JS: every top-level declaration). */
export interface BindingFact {
  name: string;
  kind: 'function' | 'class' | 'variable' | 'import' | 'parameter' | 'other';
  span: Span;
  /** Python: only bound on some paths (in an if/try at top level). */
  conditional?: boolean;
  /** Python: bound more than once (`Helper = wrap(Helper)`, a redefinition): the first kind is not what it holds. */
  rebound?: boolean;
  params?: ParamSummary;
  /** A variable whose every assignment constructs this class (`helper = Helper()`), or annotated with it. */
  instanceOf?: string;
  /** Python: a variable bound once to a list/tuple/set/dict literal whose every item (dict: value) is a call of this name (`COUPONS = [Coupon(…), Coupon(…)]`). */
  itemInstanceOf?: string;
  /** Python functions: what every `return` gives (see `ValueOrigin`). */
  returns?: ValueOrigin;
}

export interface FileFacts {
  /** Project-relative POSIX path. */
  file: string;
  language: Language;
  /** Content hash (sha1 hex of the bytes). */
  hash: string;
  /** Size in bytes. */
  size: number;
  parseErrors: ParseErrorFact[];
  textIssues: TextIssueFact[];
  imports: ImportFact[];
  exports: ExportFact[];
  bindings: BindingFact[];
  classes: ClassFact[];
  references: ReferenceFact[];
  memberAccesses: MemberAccessFact[];
  tests: TestFact[];
  suppressions: SuppressionFact[];
  /** Python: pytest fixtures defined in the file. */
  pytest?: PytestFacts;
  /** Runs of whole-line comments (src/frontends/text/comments.ts); absent when not computed. */
  comments?: CommentRunFact[];
  /** Python: `patch("pkg.mod.Name")`, `patch.object(C, "attr")`, `monkeypatch.setattr(...)` targets written as literals. */
  patches?: PatchFact[];
  /** Python: calls of plain names bound at module level (`f(…)`, for call-arity); absent when none. */
  calls?: CallFact[];
  /**
   * TS: every property name the file declares — class members, interface and type-literal members,
   * object-literal keys, `this.x = …` / `obj.x = …` assignments. The type stage asks the checker only about
   * members no first-party file declares (src/model/ts-receivers.ts). Absent when none.
   */
  memberNames?: string[];
  /** Named functions, methods and fixtures with what their bodies check and call (assertion-free-test follows them); absent when none. */
  callables?: CallableFact[];
  /** Module-level flags: dynamic `__getattr__`, `__all__` list, star imports, CommonJS `module.exports = …`. */
  module: ModuleFlags;
  /**
   * The file was not analysed (unreadable, or over the size or time budget): its fact lists are
   * empty because nothing is known, not because it defines nothing (see `skippedFacts`).
   */
  skipped?: 'unreadable' | 'size' | 'time';
}

export interface ModuleFlags {
  /** Python `def __getattr__` at top level; JS: `module.exports = <non-object>` or assignments we cannot list. */
  dynamicExports: boolean;
  /** Python `__all__` when it is a static list; null when absent or not static. */
  all: string[] | null;
  /** The file uses CommonJS (`module.exports`/`exports.x`). */
  commonjs: boolean;
  /** Python `from __future__ import annotations`. */
  futureAnnotations?: boolean;
  /** JS: the file is an ES module (has import/export syntax). */
  esm?: boolean;
  /**
   * Attribute names this file handles dynamically: string literals given to hasattr/getattr/setattr/delattr
   * (Python) and attributes assigned on receivers other than `self`/`this` (`Helper.extra = f`).
   */
  attrNames?: string[];
  /** setattr/delattr with a computed name, `Object.assign` / `Object.defineProperty` on an object: members may appear at run time. */
  dynamicAttrs?: boolean;
  /** Python: module-level names a module-level `pytestmark = …` reads (it applies to every test in the file). */
  pytestmarkReads?: string[];
  /** Python: the marks a module-level `pytestmark = …` applies to every test in the file (dotted, as written: `pytest.mark.smoke`). */
  pytestmarks?: string[];
}

export function emptyFacts(file: string, language: Language, hash: string, size: number): FileFacts {
  return {
    file, language, hash, size,
    parseErrors: [], textIssues: [], imports: [], exports: [], bindings: [], classes: [],
    references: [], memberAccesses: [], tests: [], suppressions: [],
    module: { dynamicExports: false, all: null, commonjs: false },
  };
}

/**
 * The facts of a file test-lint did not analyse: one `unreadable` text issue saying why, and
 * module flags that say "anything may be defined here", so a module importing it, patching it
 * or inheriting from it is judged as if it were dynamic (no false missing-export or missing-fixture).
 */
export function skippedFacts(file: string, language: Language, hash: string, size: number, why: NonNullable<FileFacts['skipped']>, detail: string): FileFacts {
  const facts = emptyFacts(file, language, hash, size);
  facts.skipped = why;
  facts.module.dynamicExports = true;
  facts.module.dynamicAttrs = true;
  facts.textIssues.push(skippedIssue(detail));
  return facts;
}

/** The text issue saying why a file was not analysed (`detail` completes "the file …"), at its first line. */
export function skippedIssue(detail: string): TextIssueFact {
  return { kind: 'unreadable', span: { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 }, detail };
}

/** A front-end: bytes of one file in, facts out. Never reads other files, never decides a problem. */
export interface FrontEnd {
  languages: Language[];
  extract(input: FrontEndInput): FileFacts;
}

export interface FrontEndInput {
  file: string;
  /** Decoded text (BOM stripped, invalid sequences replaced). */
  text: string;
  hash: string;
  size: number;
  language: Language;
  /** Front-end options that change facts (part of the cache key): python target version, test name patterns. */
  options: FrontEndOptions;
  /** The per-file time budget: the front-end checks it while it works and lets `TimeBudgetExceeded` through. */
  deadline?: Deadline;
}

export interface FrontEndOptions {
  /** Python target version, e.g. [3, 12]. */
  pythonVersion: [number, number];
  /** pytest python_functions / python_classes patterns (globs). */
  pythonFunctions: string[];
  pythonClasses: string[];
  /** The file is a test file (matched by the runner patterns). */
  isTest: boolean;
}
