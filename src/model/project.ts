/**
 * The project model: joins every file's facts and answers the cross-file questions rules ask
 * (where does this import lead, does that module define this name, can this module load).
 * Built from facts alone plus the resolvers; it never parses.
 */
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import type { ClassFact, FileFacts, ImportFact, Language, MemberFact } from '../facts/types.js';
import type { PythonResolver, Target, TsResolver } from './resolver-types.js';
import type { ExportLookup, LoadFailure, ProjectModel, Resolution, Runner } from './types.js';
import { PYTHON_BUILTINS, jsGlobalsFor } from './globals.js';
import type { PytestConfig } from '../config/pytest.js';
import { fixturesInScope, receiverClass, resolveClass } from './receivers.js';
import { externalBaseMembers, moduleNamed, resolveFunction } from './receivers-python.js';
import { constructorParams } from './python-constructors.js';
import { readDeclaredDeps } from './python-packages.js';
import { listNames } from '../fs/probe.js';
import type { BindingFact, CalleeFact, FixtureFact, MemberAccessFact, ParamSummary } from '../facts/types.js';
import { resolveCallee, type CalleeTarget, type CallerContext } from './callees.js';
import type { ClassRef } from './types.js';
import type { JsRunnerConfig } from '../config/js-runners.js';
import { CheckedReceivers } from './ts-receivers.js';
import type { CheckedReceiver } from './types.js';
import { DepRecorder, Deps, IndexImpl, TrackedMemo, defineIndex, indexDefNamed, type Contribution, type IndexDef, type ProjectIndex } from './deps.js';

/** A file whose facts are read only when a query needs them (an incremental run's unchanged files). */
interface LazyFacts { lazy: true; language: Language; load(): FileFacts }
const isLazy = (f: FileFacts | LazyFacts): f is LazyFacts => (f as LazyFacts).lazy === true;

/** Attributes every Python module object has, whatever its source defines (`__path__`: packages only). */
const PY_MODULE_ATTRIBUTES = new Set([
  '__name__', '__doc__', '__file__', '__loader__', '__package__', '__spec__', '__dict__', '__class__',
  '__cached__', '__builtins__',
]);

/** Folders that hold tests and their support code. */
const TEST_FOLDER = /^(?:tests?|testing|__tests__|__mocks__|spec|specs|e2e|test[-_]?utils?|test[-_]?helpers?|test[-_]?support)$/i;
/** Module names of test support code: `test_utils.py`, `testHelpers.ts`, `spec-helper.js`, `pytester.py`. */
const TEST_SUPPORT_FILE = /^(?:tests?|testing|spec|pytester)(?:[-_]?(?:utils?|helpers?|support|common|lib|tools))?\.[^.]+$|(?:^|[-_.])(?:test|tests|testing|spec)(?:[-_]?(?:utils?|helpers?|support|common|lib|tools))\.[^.]+$/i;

export interface ProjectSetup {
  root: string;
  tsResolver: TsResolver | null;
  pyResolver: PythonResolver | null;
  isTestFile(file: string): boolean;
  runnerOf(file: string): Runner;
  runnerGlobals(file: string): boolean;
  /** pytest's configuration, when the project was set up with one. */
  pytestConfig?(): PytestConfig | null;
  /** The JS runner configs (for the names their `define` / jest `globals` make global). */
  jsRunners?: JsRunnerConfig[];
}

/** Top-level class name → [file, position in its `classes`]. */
const CLASSES = defineIndex<[string, number]>('classes', (f) => f.classes.flatMap((c, i) => (c.topLevel ? [[c.name, [f.file, i]] as const] : [])));
/** A file's suppression comments, under its own path (settling findings reads them without loading the facts). */
const SUPPRESSIONS = defineIndex<FileFacts['suppressions']>('suppressions', (f) => (f.suppressions.length ? [[f.file, f.suppressions]] : []));

export class Project implements ProjectModel {
  readonly root: string;
  private readonly byFile = new Map<string, FileFacts | LazyFacts>();
  private readonly reported = new Set<string>();
  /** Import resolutions by file, then level, then specifier (nested: no key string is built per query). */
  private readonly resolutions = new Map<string, Map<string, Resolution>[]>();
  private readonly submodules = new Map<string, Map<string, Resolution>>();
  private readonly failures = new Map<string, { value: LoadFailure | null; deps: Deps | undefined }>();
  private readonly globalTests = new Map<string, (name: string) => boolean>();
  private readonly definesByDir = new Map<string, Set<string>>();
  private readonly indexes = new Map<string, IndexImpl<unknown>>();
  /** Records what each judgment reads (src/model/deps.ts); off unless the run keeps a record. */
  readonly recorder = new DepRecorder();
  /** An incremental run: contributions of an earlier run, by index name then file, valid for the files added lazily (unchanged). */
  private prior: ReadonlyMap<string, ReadonlyMap<string, Contribution>> | null = null;
  private readonly unchanged = new Set<string>();

  constructor(private readonly setup: ProjectSetup) {
    this.root = setup.root;
  }

  // ---- building -------------------------------------------------------------------------

  add(facts: FileFacts, reported: boolean): void {
    this.byFile.set(facts.file, facts);
    if (reported) this.reported.add(facts.file);
    this.indexes.clear();
  }

  /** A file whose facts are loaded when first read (an incremental run's unchanged files). */
  addLazy(file: string, language: Language, load: () => FileFacts, reported: boolean): void {
    this.byFile.set(file, { lazy: true, language, load });
    this.unchanged.add(file);
    if (reported) this.reported.add(file);
    this.indexes.clear();
  }

  /** Index contributions of an earlier run, valid for the files added lazily (their facts are not read to build indexes). */
  usePriorContributions(contributions: ReadonlyMap<string, ReadonlyMap<string, Contribution>>): void {
    this.prior = contributions;
    this.indexes.clear();
  }

  /** The facts of a file, loading them if needed; not recorded. */
  private raw(file: string): FileFacts | undefined {
    const f = this.byFile.get(file);
    if (f === undefined || !isLazy(f)) return f;
    const facts = f.load();
    this.byFile.set(file, facts);
    return facts;
  }

  /** The facts of a file, recorded as read by the open judgment. */
  private get(file: string): FileFacts | undefined {
    if (this.recorder.active) this.recorder.file(file);
    return this.raw(file);
  }

  /** Is the file's facts object in memory (an incremental run loads only what its judgments read)? */
  isLoaded(file: string): boolean {
    const f = this.byFile.get(file);
    return f !== undefined && !isLazy(f);
  }

  /** First-party files that imports lead to but that are not in the model yet. */
  unvisitedTargets(files: Iterable<FileFacts>): string[] {
    const out = new Set<string>();
    for (const f of files) {
      for (const imp of f.imports) {
        const r = this.resolveImport(f.file, imp);
        if (r.kind === 'first-party' && !this.byFile.has(r.file)) out.add(r.file);
        if (f.language === 'python' && (r.kind === 'first-party' || r.kind === 'namespace')) {
          // `from pkg import sub` loads pkg/sub.py: bring submodules named in from-imports in too.
          for (const n of imp.names) {
            if (n.imported === '*') continue;
            const sub = this.pySubmodule(r, n.imported);
            if (sub && sub.kind === 'first-party' && !this.byFile.has(sub.file)) out.add(sub.file);
          }
        }
      }
    }
    return [...out];
  }

  // ---- queries --------------------------------------------------------------------------

  /** Every file's facts: the open judgment then depends on every file (rules look across files through `index`). */
  files(): Iterable<FileFacts> {
    if (this.recorder.active) this.recorder.everything();
    return [...this.byFile.keys()].map((f) => this.raw(f)!);
  }
  /** The files of the model, in the order they were added (no facts are read). */
  fileNames(): Iterable<string> { return this.byFile.keys(); }
  facts(file: string): FileFacts | undefined { return this.get(file); }

  index<V>(def: IndexDef<V>): ProjectIndex<V> {
    let ix = this.indexes.get(def.name) as IndexImpl<V> | undefined;
    if (ix) return ix;
    const prior = this.prior?.get(def.name);
    const parts = new Map<string, Contribution>();
    this.recorder.apart(() => {
      for (const file of this.byFile.keys()) {
        // An earlier run's contributions hold every file (an absent one contributed nothing).
        const part = prior && this.unchanged.has(file) ? prior.get(file) ?? [] : [...def.contribute(this.raw(file)!, this)];
        parts.set(file, part);
      }
    });
    ix = new IndexImpl<V>(def.name, this.recorder, parts);
    this.indexes.set(def.name, ix as IndexImpl<unknown>);
    return ix;
  }

  /** A defined index by name (an incremental run checks recorded lookups before any rule asks); null when no module defines it. */
  indexNamed(name: string): IndexImpl<unknown> | null {
    const def = indexDefNamed(name);
    return def ? this.index(def) as IndexImpl<unknown> : null;
  }

  /** The indexes this run built, by name (for the run record). */
  builtIndexes(): ReadonlyMap<string, IndexImpl<unknown>> { return this.indexes; }
  isTestFile(file: string): boolean { return this.setup.isTestFile(file); }
  isReported(file: string): boolean { return this.reported.has(file); }
  isTestCode(file: string): boolean {
    if (this.setup.isTestFile(file)) return true;
    const parts = file.split('/');
    const base = parts.pop()!;
    return base === 'conftest.py' || TEST_SUPPORT_FILE.test(base) || parts.some((d) => TEST_FOLDER.test(d));
  }
  runnerOf(file: string): Runner { return this.setup.runnerOf(file); }
  languageOf(file: string): Language | undefined { return this.byFile.get(file)?.language; }
  suppressionsOf(file: string): FileFacts['suppressions'] {
    return this.index(SUPPRESSIONS).get(file)[0] ?? [];
  }
  pytestConfig(): PytestConfig | null { return this.setup.pytestConfig?.() ?? null; }
  pytestVersion(): string | null { return this.setup.pyResolver?.installedVersion('pytest') ?? null; }

  isGlobal(file: string, name: string): boolean {
    if (this.languageOf(file) === 'python') return PYTHON_BUILTINS.has(name);
    if (this.configDefines(file).has(name)) return true;
    const runner = this.runnerOf(file);
    const key = `${runner}\0${this.setup.runnerGlobals(file)}`;
    let test = this.globalTests.get(key);
    if (!test) { test = jsGlobalsFor(runner, this.setup.runnerGlobals(file)); this.globalTests.set(key, test); }
    return test(name);
  }

  /** vite `define` / jest `globals` names of the runner configs of the most specific folder holding the file. */
  private configDefines(file: string): ReadonlySet<string> {
    const dir = path.dirname(this.abs(file));
    let set = this.definesByDir.get(dir);
    if (set) return set;
    set = new Set<string>();
    let best = -1;
    for (const c of this.setup.jsRunners ?? []) {
      if (!c.defines?.length || c.dir.length < best) continue;
      const rel = path.relative(c.dir, dir);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (c.dir.length > best) { set.clear(); best = c.dir.length; }
      for (const d of c.defines) set.add(d);
    }
    this.definesByDir.set(dir, set);
    return set;
  }

  private abs(file: string): string { return path.resolve(this.root, file); }
  private rel(abs: string): string { return path.relative(this.root, abs).split(path.sep).join('/'); }

  private fromTarget(t: Target): Resolution {
    switch (t.kind) {
      case 'file': return { kind: 'first-party', file: this.rel(t.path) };
      case 'namespace': return { kind: 'namespace', dir: this.rel(t.path) };
      case 'asset': return { kind: 'asset', file: this.rel(t.path) };
      default: return t;
    }
  }

  resolveImport(file: string, imp: ImportFact): Resolution {
    let byLevel = this.resolutions.get(file);
    if (!byLevel) this.resolutions.set(file, (byLevel = []));
    const memo = (byLevel[imp.level] ??= new Map());
    let r = memo.get(imp.specifier);
    if (r) return r;
    const lang = this.languageOf(file);
    if (lang === 'python') {
      r = this.setup.pyResolver ? this.fromTarget(this.setup.pyResolver.resolveModule(this.abs(file), imp.specifier, imp.level)) : { kind: 'unknown' };
    } else {
      r = this.setup.tsResolver ? this.fromTarget(this.setup.tsResolver.resolve(this.abs(file), imp.specifier)) : { kind: 'unknown' };
    }
    memo.set(imp.specifier, r);
    return r;
  }

  /** Python: the submodule `name` of a resolved package, if it exists. */
  private pySubmodule(pkg: Resolution, name: string): Resolution | null {
    if (!this.setup.pyResolver) return null;
    const base = pkg.kind === 'first-party' ? pkg.file : pkg.kind === 'namespace' ? pkg.dir : null;
    if (base === null) return null;
    if (pkg.kind === 'first-party' && !/(^|\/)__init__\.pyi?$/.test(base)) return null;
    let memo = this.submodules.get(base);
    if (!memo) this.submodules.set(base, (memo = new Map()));
    const cached = memo.get(name);
    if (cached) return cached.kind === 'unknown' ? null : cached;
    const t = this.setup.pyResolver.resolveSubmodule(this.abs(base), name);
    const r: Resolution = t ? this.fromTarget(t) : { kind: 'unknown' };
    memo.set(name, r);
    return t ? r : null;
  }

  lookupExport(file: string, name: string): ExportLookup {
    return this.lookup(file, name, new Set());
  }

  private lookup(file: string, name: string, seen: Set<string>): ExportLookup {
    if (seen.has(file)) return { kind: 'missing' };
    seen.add(file);
    const facts = this.get(file);
    if (!facts) return { kind: 'unknown' };
    if (facts.parseErrors.length > 0 && facts.exports.length === 0) return { kind: 'unknown' };
    const local = facts.exports.find((e) => e.name === name && (e.kind === 'local' || e.kind === 'namespace-reexport'));
    if (local) return { kind: 'found', file, typeOnly: local.typeOnly };
    if (facts.language === 'python' && (PY_MODULE_ATTRIBUTES.has(name) || (name === '__path__' && path.basename(file) === '__init__.py'))) {
      return { kind: 'found', file, typeOnly: false };
    }
    let unknown = false;
    for (const e of facts.exports) {
      if (e.kind === 'reexport' && e.name === name) {
        const r = this.resolveExportSource(file, e.from!);
        if (r.kind !== 'first-party') return r.kind === 'unresolved' ? { kind: 'missing' } : { kind: 'unknown' };
        const inner = this.lookup(r.file, e.imported ?? name, seen);
        return inner.kind === 'missing' ? inner : inner.kind === 'found' ? { ...inner, typeOnly: inner.typeOnly || e.typeOnly } : inner;
      }
    }
    if (facts.language === 'python') {
      const sub = this.pySubmodule({ kind: 'first-party', file }, name);
      if (sub) return { kind: 'submodule', file: sub.kind === 'first-party' ? sub.file : sub.kind === 'namespace' ? sub.dir : file };
    }
    for (const e of facts.exports) {
      if (e.kind !== 'star') continue;
      if (name === 'default' && facts.language !== 'python') continue; // `export *` never re-exports default
      const r = this.resolveExportSource(file, e.from!);
      if (r.kind !== 'first-party') { if (r.kind !== 'unresolved') unknown = true; continue; }
      const target = this.get(r.file);
      if (facts.language === 'python' && target && name.startsWith('_') && !target.module.all?.includes(name)) continue;
      if (facts.language === 'python' && target?.module.all && !target.module.all.includes(name)) continue;
      const inner = this.lookup(r.file, name, seen);
      if (inner.kind !== 'missing') return inner;
    }
    if (facts.module.dynamicExports || facts.exports.some((e) => e.kind === 'export-equals')) return { kind: 'dynamic' };
    if (facts.module.commonjs && facts.language !== 'python') {
      if (name === 'default') return { kind: 'found', file, typeOnly: false };
      if (facts.exports.length === 0) return { kind: 'dynamic' };
    }
    if (unknown) return { kind: 'unknown' };
    return { kind: 'missing' };
  }

  /** Where an `export … from` / `from x import *` source leads, from `file`. */
  private resolveExportSource(file: string, from: string): Resolution {
    const facts = this.get(file)!;
    if (facts.language === 'python') {
      const level = /^\.*/.exec(from)![0].length;
      return this.resolveImport(file, { specifier: from.slice(level), level } as ImportFact);
    }
    return this.resolveImport(file, { specifier: from, level: 0 } as ImportFact);
  }

  exportsOf(file: string): string[] {
    const out = new Set<string>();
    const walk = (f: string, seen: Set<string>) => {
      if (seen.has(f)) return;
      seen.add(f);
      const facts = this.get(f);
      if (!facts) return;
      for (const e of facts.exports) {
        if (e.kind === 'star') {
          const r = this.resolveExportSource(f, e.from!);
          if (r.kind === 'first-party') walk(r.file, seen);
        } else if (e.kind !== 'export-equals') out.add(e.name);
      }
    };
    walk(file, new Set());
    return [...out];
  }

  loadFailure(file: string): LoadFailure | null {
    const known = this.failures.get(file);
    if (known) {
      this.recorder.replay(known.deps);
      return known.value;
    }
    // The entry is the cycle guard: a module in an import cycle is judged on its own content.
    const entry = { value: null as LoadFailure | null, deps: this.recorder.enabled ? new Deps() : undefined };
    this.failures.set(file, entry);
    entry.value = entry.deps ? this.recorder.into(entry.deps, () => this.computeLoadFailure(file)) : this.computeLoadFailure(file);
    return entry.value;
  }

  private computeLoadFailure(file: string): LoadFailure | null {
    const facts = this.get(file);
    if (!facts) return null;
    const marker = facts.textIssues.find((t) => t.kind === 'conflict-marker');
    if (marker) return { rootFile: file, rootSpan: marker.span, reason: 'has a merge-conflict marker', rootRule: 'conflict-marker', chain: [file] };
    if (facts.parseErrors.length > 0) {
      const e = facts.parseErrors[0];
      return { rootFile: file, rootSpan: e.span, reason: `has a syntax error (${e.message})`, rootRule: 'syntax-error', chain: [file] };
    }
    for (const imp of facts.imports) {
      if (!this.runsAtLoad(facts, imp)) continue;
      const r = this.resolveImport(file, imp);
      if (r.kind === 'unresolved' && (r.reason === 'first-party' || facts.language !== 'python')) {
        return { rootFile: file, rootSpan: imp.specifierSpan, reason: `imports \`${imp.specifier}\`, which does not resolve`, rootRule: 'unresolved-import', chain: [file] };
      }
      if (r.kind !== 'first-party' && r.kind !== 'namespace') continue;
      if (r.kind === 'first-party') {
        const inner = this.loadFailure(r.file);
        if (inner) return { ...inner, chain: [file, ...inner.chain] };
      }
      if (facts.language === 'python' && r.kind === 'first-party') {
        for (const n of imp.names) {
          if (n.imported === '*' || imp.kind !== 'import' || !isFromImport(imp)) continue;
          if (this.lookupExport(r.file, n.imported).kind === 'missing') {
            return { rootFile: file, rootSpan: n.span, reason: `imports \`${n.imported}\` from \`${imp.specifier || '.'}\`, which does not define it`, rootRule: 'missing-export', chain: [file] };
          }
        }
      }
    }
    if (facts.language === 'python' && !facts.exports.some((e) => e.kind === 'star')) {
      const ref = facts.references.find((r) => r.phase === 'collect' && !r.guarded && !r.typeOnly && !PYTHON_BUILTINS.has(r.name));
      if (ref) return { rootFile: file, rootSpan: ref.span, reason: `uses \`${ref.name}\` at import time, which is not defined`, rootRule: 'undefined-name', chain: [file] };
    }
    return null;
  }

  /** Does this import run (and so can fail) when the module loads? */
  runsAtLoad(file: string | FileFacts, imp: ImportFact): boolean {
    const facts = typeof file === 'string' ? this.get(file) : file;
    if (!facts) return false;
    if (imp.phase !== 'collect' || imp.typeOnly || imp.typeChecking || imp.guard) return false;
    if (imp.kind === 'mock' || imp.kind === 'dynamic') return false;
    if (facts.file.endsWith('.d.ts') || facts.file.endsWith('.pyi')) return false;
    return true;
  }

  mockedWithFactory(file: string, target: string): boolean {
    const facts = this.get(file);
    if (!facts) return false;
    return facts.imports.some((i) => {
      if (i.kind !== 'mock' || !i.hasFactory) return false;
      const r = this.resolveImport(file, i);
      return r.kind === 'first-party' && r.file === target;
    });
  }

  classesNamed(name: string): { file: string; cls: ClassFact }[] {
    return this.classIndex().get(name).map(([file, i]) => ({ file, cls: this.get(file)!.classes[i]! }));
  }

  classNames(): readonly string[] { return this.classIndex().keys(); }

  /** Top-level class name → [file, position in its `classes`]. */
  private classIndex(): ProjectIndex<[string, number]> {
    return this.index(CLASSES);
  }

  membersOf(file: string, className: string): MemberFact[] | null {
    return this.members(file, className, new Set(), false);
  }

  knownMembersOf(file: string, className: string): MemberFact[] | null {
    return this.members(file, className, new Set(), true);
  }

  private members(file: string, className: string, seen: Set<string>, knownExternal: boolean): MemberFact[] | null {
    const key = `${file}#${className}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const facts = this.get(file);
    const cls = facts?.classes.find((c) => c.name === className && c.topLevel);
    if (!facts || !cls || cls.dynamicMembers) return null;
    const out = [...cls.members];
    for (const base of cls.bases) {
      if (base === null) return null;
      const external = facts.language === 'python' ? externalBaseMembers(this, file, base) : null;
      if (external && (external.length === 0 || knownExternal)) {
        // Members of a builtin or unittest base: names only (no signature, so call-arity stays quiet on them).
        out.push(...external.map((name): MemberFact => ({ name, kind: 'attribute', static: false, span: cls.span })));
        continue;
      }
      const where = this.findClass(facts, base);
      if (!where) return null;
      const inherited = this.members(where.file, where.name, seen, knownExternal);
      if (!inherited) return null;
      out.push(...inherited);
    }
    return out;
  }

  /** Where a class named in `facts` (by a local name or an imported one) is defined in the project. */
  private findClass(facts: FileFacts, dotted: string): { file: string; name: string } | null {
    if (dotted.includes('.')) return null;
    if (facts.classes.some((c) => c.name === dotted && c.topLevel)) return { file: facts.file, name: dotted };
    for (const imp of facts.imports) {
      const n = imp.names.find((x) => x.local === dotted && x.imported !== '*');
      if (!n) continue;
      const r = this.resolveImport(facts.file, imp);
      if (r.kind !== 'first-party') return null;
      const found = this.lookupExport(r.file, n.imported);
      if (found.kind !== 'found') return null;
      return { file: found.file, name: n.imported === 'default' ? this.defaultClassName(found.file) ?? dotted : n.imported };
    }
    return null;
  }

  private defaultClassName(file: string): string | null {
    const f = this.get(file);
    const exp = f?.exports.find((e) => e.name === 'default');
    if (!f || !exp) return null;
    const cls = f.classes.find((c) => c.span.start >= exp.span.start && c.span.end <= exp.span.end);
    return cls?.name ?? null;
  }

  nearest(name: string, candidates: Iterable<string>, max = 3): string[] {
    return nearestNames(name, candidates, max);
  }

  // ---- receiver inference ---------------------------------------------------------------

  private readonly classRefs = new TrackedMemo<ClassRef | null>(this.recorder);
  resolveClass(file: string, dotted: string): ClassRef | null {
    return this.classRefs.get(file, dotted, () => resolveClass(this, file, dotted));
  }
  receiverClass(file: string, acc: MemberAccessFact): ClassRef | null { return receiverClass(this, file, acc); }
  externalBaseMembers(file: string, base: string): readonly string[] | null { return externalBaseMembers(this, file, base); }
  resolveFunction(file: string, dotted: string): { file: string; binding: BindingFact } | null { return resolveFunction(this, file, dotted); }
  resolveModuleName(file: string, dotted: string): string | null {
    const facts = this.get(file);
    return facts ? moduleNamed(this, facts, dotted.split('.')) : null;
  }
  constructorParams(file: string, dotted: string): ParamSummary | null { return constructorParams(this, file, dotted); }
  fixturesInScope(file: string, classScope: string[]): { fixtures: { file: string; fixture: FixtureFact }[]; complete: boolean } {
    return fixturesInScope(this, file, classScope);
  }

  // ---- TS receivers the type checker settled (src/engine/types.ts fills them before the rules run)

  private readonly checked = new CheckedReceivers();
  checkedReceiver(file: string, acc: MemberAccessFact): CheckedReceiver | null { return this.checked.get(file, acc); }
  recordCheckedReceiver(key: string, answer: CheckedReceiver): void { this.checked.set(key, answer); }

  resolveCallee(file: string, callee: CalleeFact, from: CallerContext): CalleeTarget { return resolveCallee(this, file, callee, from); }

  private declared: Set<string> | null | undefined;
  declaredDistributions(): ReadonlySet<string> | null {
    if (this.declared !== undefined) return this.declared;
    const dirs = [this.root];
    const rootdir = this.pytestConfig()?.rootdir;
    if (rootdir) dirs.push(rootdir);
    const deps = readDeclaredDeps(dirs, listNames);
    this.declared = deps.sources.length ? deps.distributions : null;
    return this.declared;
  }
}

function isFromImport(imp: ImportFact): boolean {
  // Python `import a.b` has one '*' name; `from m import x` has named ones.
  return !(imp.names.length === 1 && imp.names[0].imported === '*');
}

/** Did-you-mean: candidates within an edit distance that scales with length, or sharing word parts. */
export function nearestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = name.toLowerCase();
  const words = new Set(lower.split(/[_\-.]|(?=[A-Z])/).filter((w) => w.length > 2));
  const scored: { c: string; score: number }[] = [];
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const cl = c.toLowerCase();
    const d = Math.min(distance(lower, cl), osaDistance(lower, cl));
    const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
    let score = d <= limit ? d : Infinity;
    // `resetDb` → `resetDatabase`: one name is a prefix of the other (at least 4 characters shared).
    if (score === Infinity && Math.min(lower.length, cl.length) >= 4 && (cl.startsWith(lower) || lower.startsWith(cl))) score = 5;
    if (score === Infinity && words.size > 0) {
      const cw = cl.split(/[_\-.]|(?=[A-Z])/).filter((w) => w.length > 2);
      const shared = cw.filter((w) => words.has(w)).length;
      if (shared >= 2 && shared >= Math.ceil(Math.max(words.size, cw.length) / 2)) score = 10 - shared;
    }
    if (score !== Infinity) scored.push({ c, score });
  }
  scored.sort((a, b) => a.score - b.score || a.c.localeCompare(b.c));
  return scored.slice(0, max).map((s) => s.c);
}

/** Optimal string alignment distance (Damerau: an adjacent transposition costs 1), bounded input sizes. */
export function osaDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return distance(a, b);
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i]![0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
    }
  }
  return rows[a.length]![b.length]!;
}
