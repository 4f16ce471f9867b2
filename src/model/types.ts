/**
 * The project model's public face: what rules may ask about the whole project.
 * Built once from facts by `src/model/project.ts`; rules receive it read-only.
 */
import type { BindingFact, CalleeFact, ClassFact, FileFacts, FixtureFact, ImportFact, Language, MemberAccessFact, MemberFact, ParamSummary, Span } from '../facts/types.js';
import type { PytestConfig } from '../config/pytest.js';

/** Where an import leads. */
export type Resolution =
  /** A file of this project (in the model). */
  | { kind: 'first-party'; file: string }
  /** A Python package directory without `__init__.py` (namespace package) or a directory import target. */
  | { kind: 'namespace'; dir: string }
  /** A Node built-in or a Python stdlib module. */
  | { kind: 'builtin'; name: string }
  /** A third-party package. `status` says whether it is installed or declared. */
  | { kind: 'external'; packageName: string; status: 'installed' | 'declared' | 'undeclared' | 'unknown' }
  /** A non-code asset (css, json, svg…) that exists. */
  | { kind: 'asset'; file: string }
  /** Nothing found. `candidates` are near-miss specifiers for did-you-mean; `detail` says why when it is not plain absence. */
  | { kind: 'unresolved'; reason: 'first-party' | 'package' ; candidates: string[]; detail?: string }
  /** The resolver cannot judge (virtual module, runner-provided, dynamic): stay quiet. */
  | { kind: 'unknown' };

/** Does a module offer a name? */
export type ExportLookup =
  | { kind: 'found'; file: string; typeOnly: boolean }
  /** The module builds names at run time (`__getattr__`, CommonJS assignment, `export =`): cannot say. */
  | { kind: 'dynamic' }
  /** The chain reaches an external/unknown module: cannot say. */
  | { kind: 'unknown' }
  /** Python: the name is a submodule of a package (`from pkg import sub`). */
  | { kind: 'submodule'; file: string }
  | { kind: 'missing' };

/** Why a first-party module cannot load, with the chain that leads there. */
export interface LoadFailure {
  /** The file whose own content fails (the root cause). */
  rootFile: string;
  rootSpan: Span;
  /** A short description: "syntax error: …", "unresolved import './x'". */
  reason: string;
  /** The rule id that reports the root cause. */
  rootRule: string;
  /** Files from the importer's target down to the root, inclusive. */
  chain: string[];
}

export type { IndexDef, ProjectIndex } from './deps.js';
import type { IndexDef, ProjectIndex } from './deps.js';

export interface ProjectModel {
  readonly root: string;
  /**
   * All files in the model (discovered and reached through imports). Reading them all makes a
   * file's judgment depend on every file: rules look across files through `index` instead.
   */
  files(): Iterable<FileFacts>;
  /** The paths of all files in the model (no facts are read). */
  fileNames(): Iterable<string>;
  facts(file: string): FileFacts | undefined;
  /**
   * A project-wide index (src/model/deps.ts), built once per run from every file's contribution;
   * lookups are recorded with their answers, so a file is judged again only when one changed.
   */
  index<V>(def: IndexDef<V>): ProjectIndex<V>;
  /** Is this file a test file by the runner's patterns? */
  isTestFile(file: string): boolean;
  /**
   * Is this file test code: a test file, a `conftest.py`, or a module in a test folder (`tests/`,
   * `testing/`, `__tests__/`, `spec/`, `e2e/`…) or named as test support (`test_utils.py`, `testHelpers.ts`)?
   */
  isTestCode(file: string): boolean;
  /** Was this file named by the user (its findings are reported)? */
  isReported(file: string): boolean;
  /** Which runner runs this (test) file. */
  runnerOf(file: string): Runner;

  resolveImport(file: string, imp: ImportFact): Resolution;
  /** Does `file`'s module offer `name`? Follows re-exports, `export *`, `__all__`, star imports. */
  lookupExport(file: string, name: string): ExportLookup;
  /** Every name the module offers (for did-you-mean); follows re-export chains. */
  exportsOf(file: string): string[];
  /** The first-party load failure this module suffers (itself or transitively), or null. */
  loadFailure(file: string): LoadFailure | null;

  /** Top-level classes with this name across first-party modules. */
  classesNamed(name: string): { file: string; cls: ClassFact }[];
  /** The names of all top-level classes of the project, in file order. */
  classNames(): readonly string[];
  /** Members of a class including first-party bases; null when any base is unknown/external/dynamic. */
  membersOf(file: string, className: string): MemberFact[] | null;
  /** Like membersOf, but a Python base outside the project whose members are known (`str`, `dict`, exceptions, `unittest.TestCase`) counts as seen: its members by name. */
  knownMembersOf(file: string, className: string): MemberFact[] | null;

  /** Closest candidates to `name` (did-you-mean), best first, at most `max`. */
  nearest(name: string, candidates: Iterable<string>, max?: number): string[];

  /** Is `name` provided by the runtime to this file (builtins, host globals, runner-injected globals)? */
  isGlobal(file: string, name: string): boolean;
  /** Does `file` replace the first-party module `target` with a factory (`vi.mock('./m', () => …)`, `jest.mock`)? */
  mockedWithFactory(file: string, target: string): boolean;
  /** Does this import run (and so can fail) when its module loads? */
  runsAtLoad(file: string, imp: ImportFact): boolean;

  /** The language of a file. */
  languageOf(file: string): Language | undefined;
  /** pytest's configuration as read statically (ini file, rootdir, testpaths, patterns, plugins), or null. */
  pytestConfig(): Readonly<PytestConfig> | null;
  /** The pytest version the suite runs with, as far as the project shows it (installed in its virtualenv), or null. */
  pytestVersion(): string | null;

  // ---- receiver inference (src/model/receivers.ts)
  /** The first-party class named `dotted` as written in `file` (local, imported, `mod.Class`), or null. */
  resolveClass(file: string, dotted: string): ClassRef | null;
  /**
   * Python: the members a base outside the project (as written in `file`) gives its subclasses — none for
   * `object`/`Generic[…]`/`ABC`, the known list for builtins (`str`, `dict`, exceptions) and `unittest.TestCase` —
   * or null when the base is first-party or unknown.
   */
  externalBaseMembers(file: string, base: string): readonly string[] | null;
  /** Python: the first-party module a dotted name stands for in `file` through its imports (`import a.b`, `import a.b as m`, `from a import b`), or null. */
  resolveModuleName(file: string, dotted: string): string | null;
  /** Python: the first-party function `dotted` names in `file` (`f`, an imported `f`, `mod.f`) with the file defining it, or null. */
  resolveFunction(file: string, dotted: string): { file: string; binding: BindingFact } | null;
  /** Python: the parameters calling the first-party class `dotted` (as written in `file`) takes — `__init__`, dataclass or NamedTuple fields — or null when not certain. */
  constructorParams(file: string, dotted: string): ParamSummary | null;
  /** The first-party class the receiver of this access (in `file`) is statically an instance of, or null when not certain. */
  receiverClass(file: string, acc: MemberAccessFact): ClassRef | null;
  /**
   * pytest fixtures visible to a test in `file` inside classes `classScope`, nearest definition first
   * (class, module, conftest.py chain). `complete` is false when `pytest_plugins` may add more.
   */
  fixturesInScope(file: string, classScope: string[]): { fixtures: { file: string; fixture: FixtureFact }[]; complete: boolean };
  /**
   * The first-party function, method or fixture a call recorded in a body of `file` leads to
   * (src/model/callees.ts); 'unknown' when first-party code the facts cannot see may be called.
   */
  resolveCallee(file: string, callee: CalleeFact, from: CallerContext): CalleeTarget;
  /** Python distributions the project declares (normalised names: `pytest-mock`), or null when it declares none. */
  declaredDistributions(): ReadonlySet<string> | null;
  /**
   * TS: what the type checker says of this access's receiver, when the syntax could not settle it and the
   * checker was asked (src/model/ts-receivers.ts); null when it was not asked or cannot tell (`any`, external types).
   */
  checkedReceiver(file: string, acc: MemberAccessFact): CheckedReceiver | null;
}

/** TS: a receiver's type as the type checker sees it, when it is made of first-party classes and interfaces. */
export interface CheckedReceiver {
  /** The classes/interfaces the receiver is an instance of (one per union constituent), each with its declaring file. */
  types: { name: string; file: string }[];
  /** Member names of the receiver's apparent type, for did-you-mean. */
  members: string[];
  /** The accessed member is missing on every constituent. */
  missing: boolean;
}

export type { CalleeTarget, CallerContext } from './callees.js';
import type { CalleeTarget, CallerContext } from './callees.js';

/** A class defined in the project: its file and name. */
export interface ClassRef { file: string; name: string }

export type Runner = 'vitest' | 'jest' | 'mocha' | 'node-test' | 'pytest' | 'unittest' | 'unknown';
