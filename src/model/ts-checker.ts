/**
 * The TypeScript type checker, asked only about receivers the syntax could not settle
 * (src/model/ts-receivers.ts). Loaded lazily by the type stage (src/engine/type-check.ts): a run
 * with no such receiver — every Python-only and JS-only run — never imports it.
 *
 * One program per tsconfig, whose root names are only the test files with a question (the compiler
 * follows their imports) plus the tsconfig's own first-party `.d.ts` files (ambient augmentations).
 * Imports resolve through the project's resolver and only to first-party files: every package is
 * left unresolved, so its values are `any` and nothing typed by a package is ever judged, and no
 * package's declarations are parsed. `types: []` keeps `@types/*` out for the same reason.
 *
 * A receiver is judged only when its type is made of classes and interfaces declared in first-party
 * source files (not `.d.ts`), with no index signature and no base class the program cannot see;
 * `any`, `unknown`, type parameters, primitives and package types are never judged.
 */
import path from 'node:path';
import ts from 'typescript';
import type { CheckedReceiver } from './types.js';
import type { ReceiverQuery } from './ts-receivers.js';
import { isFile, readSourceText, readText } from '../fs/probe.js';

/** A receiver query (src/model/ts-receivers.ts) whose `file` is an absolute path. */
export type CheckerQuery = ReceiverQuery;

export interface CheckerProject {
  /** The tsconfig (absolute), or null: its options and its own `.d.ts` files make the program. */
  configFile: string | null;
  options: ts.CompilerOptions;
  queries: CheckerQuery[];
}

export interface CheckerHost {
  /** The first-party file (absolute) `specifier` leads to from `fromFile`, or null (packages, assets, unresolved). */
  resolve(fromFile: string, specifier: string): string | null;
  /** In-memory text of a file (editor buffers, fix passes), or undefined to read the disk. */
  textOf(file: string): string | undefined;
  /** Is this absolute path a first-party source file (inside the project, outside node_modules)? */
  isFirstParty(file: string): boolean;
}

export interface CheckerResult {
  /** By query key; absent = cannot judge. Files in `types` are absolute. */
  answers: Map<string, CheckedReceiver>;
  /** Source files in the programs (lib files included) and how many of them are first-party. */
  files: number;
  firstPartyFiles: number;
  /** CPU seconds spent building the programs (parse, bind) and answering the queries. */
  programSeconds: number;
  querySeconds: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

const EXTENSIONS: [string, ts.Extension][] = [
  ['.d.ts', ts.Extension.Dts], ['.d.mts', ts.Extension.Dmts], ['.d.cts', ts.Extension.Dcts],
  ['.tsx', ts.Extension.Tsx], ['.mts', ts.Extension.Mts], ['.cts', ts.Extension.Cts], ['.ts', ts.Extension.Ts],
];

function extensionOf(file: string): ts.Extension | null {
  for (const [suffix, ext] of EXTENSIONS) if (file.endsWith(suffix)) return ext;
  return null; // JS and assets: left unresolved (checkJs is off), so their values are `any`
}

/** Host libraries (DOM, web workers): a third of the program's cost, and no first-party class needs them to be judged. */
const HOST_LIB = /^lib\.(dom|webworker|scripthost)\b/;

/**
 * The project's ECMAScript libraries without the host ones: its `lib` list, or its target's default.
 * A first-party class extending a DOM class then has an unknown base and is not judged.
 */
function esLibs(options: ts.CompilerOptions): string[] {
  if (options.lib) return options.lib.map((l) => path.basename(l)).filter((l) => !HOST_LIB.test(l));
  const def = ts.getDefaultLibFileName(options); // lib.d.ts (ES5 + DOM) or lib.esXXXX.full.d.ts
  return [def === 'lib.d.ts' ? 'lib.es5.d.ts' : def.replace(/\.full\.d\.ts$/, '.d.ts')];
}

function programOptions(base: ts.CompilerOptions): ts.CompilerOptions {
  const { paths: _p, baseUrl: _b, rootDirs: _r, plugins: _pl, tsBuildInfoFile: _t, ...rest } = base;
  void _p; void _b; void _r; void _pl; void _t;
  return {
    ...rest,
    lib: esLibs(base),
    noEmit: true, skipLibCheck: true, types: [], typeRoots: [], allowJs: false, checkJs: false,
    composite: false, incremental: false, declaration: false, declarationMap: false, sourceMap: false,
  };
}

/** First-party `.d.ts` files the tsconfig includes (global and module augmentations nobody imports). */
function ambientFiles(configFile: string | null, host: CheckerHost): string[] {
  if (!configFile) return [];
  try {
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
      ...ts.sys, readFile: (f) => readText(f) ?? undefined, fileExists: isFile, onUnRecoverableConfigFileDiagnostic: () => {},
    });
    return (parsed?.fileNames ?? []).map((f) => path.resolve(f)).filter((f) => /\.d\.[cm]?ts$/.test(f) && host.isFirstParty(f));
  } catch {
    return [];
  }
}

/** Parsed files shared by the programs of one run (several tsconfigs read the same lib and helper files). */
type SourceFileCache = Map<string, ts.SourceFile | undefined>;

function createProgram(project: CheckerProject, roots: string[], host: CheckerHost, parsed: SourceFileCache): ts.Program {
  const options = programOptions(project.options);
  const compilerHost = ts.createCompilerHost(options, true);
  // What the program reads from disk is observed like every other model read (the run cache re-checks it).
  compilerHost.readFile = (f) => readSourceText(f) ?? undefined;
  compilerHost.fileExists = (f) => isFile(f);
  const readDefault = compilerHost.getSourceFile.bind(compilerHost);
  compilerHost.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (parsed.has(key)) return parsed.get(key);
    const text = host.textOf(path.resolve(fileName));
    const sf = text !== undefined ? ts.createSourceFile(fileName, text, languageVersion, true) : readDefault(fileName, languageVersion, onError, shouldCreate);
    parsed.set(key, sf);
    return sf;
  };
  compilerHost.resolveModuleNameLiterals = (literals, containingFile) => literals.map((lit) => {
    const file = host.resolve(containingFile, lit.text);
    const extension = file && host.isFirstParty(file) ? extensionOf(file) : null;
    return { resolvedModule: file && extension ? { resolvedFileName: file, extension, isExternalLibraryImport: false } : undefined };
  });
  compilerHost.resolveTypeReferenceDirectiveReferences = (refs) => refs.map(() => ({ resolvedTypeReferenceDirective: undefined }));
  return ts.createProgram({ rootNames: [...roots, ...ambientFiles(project.configFile, host)], options, host: compilerHost });
}

/** The outermost node spanning exactly `[start, end)` (start without trivia). */
function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | null {
  let n: ts.Node = sf;
  for (;;) {
    if (n !== sf && n.getStart(sf) === start && n.end === end) return n;
    let next: ts.Node | undefined;
    ts.forEachChild(n, (c) => {
      if (c.pos <= start && end <= c.end) { next = c; return true; }
      return undefined;
    });
    if (!next) return null;
    n = next;
  }
}

/** Judges types against first-party declarations for one program. */
class Judge {
  private readonly checker: ts.TypeChecker;
  private readonly basesKnown = new Map<ts.Symbol, boolean>();

  constructor(private readonly program: ts.Program, private readonly host: CheckerHost) {
    this.checker = program.getTypeChecker();
  }

  /** Every declaration in a first-party source file (not a `.d.ts`, not a lib file)? */
  private firstPartyDecls(sym: ts.Symbol | undefined): boolean {
    const decls = sym?.declarations;
    if (!decls || decls.length === 0) return false;
    return decls.every((d) => {
      const sf = d.getSourceFile();
      return !sf.isDeclarationFile && !this.program.isSourceFileDefaultLibrary(sf) && this.host.isFirstParty(path.resolve(sf.fileName));
    });
  }

  /** The class/interface a type is an instance of (itself, or the generic it instantiates), or null. */
  private classOrInterface(t: ts.Type): ts.InterfaceType | null {
    if (!(t.flags & ts.TypeFlags.Object)) return null;
    const o = t as ts.ObjectType;
    const target = o.objectFlags & ts.ObjectFlags.Reference ? (o as ts.TypeReference).target : o;
    return target.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface) ? target as ts.InterfaceType : null;
  }

  /** Are all of a class's/interface's bases seen (none `any`: a package or an unresolved import), transitively? */
  private basesSeen(t: ts.InterfaceType): boolean {
    const sym = t.symbol;
    const known = this.basesKnown.get(sym);
    if (known !== undefined) return known;
    this.basesKnown.set(sym, true); // cycle guard
    let ok = true;
    for (const d of sym.declarations ?? []) {
      if (!ts.isClassLike(d) && !ts.isInterfaceDeclaration(d)) continue;
      for (const h of d.heritageClauses ?? []) {
        if (h.token !== ts.SyntaxKind.ExtendsKeyword) continue;
        for (const e of h.types) {
          const base = this.checker.getTypeAtLocation(e);
          if (base.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) ok = false;
        }
      }
    }
    if (ok) {
      for (const base of this.checker.getBaseTypes(t)) {
        const ci = this.classOrInterface(base);
        if (!ci) { if (!(base.flags & ts.TypeFlags.Object) || this.checker.getIndexInfosOfType(base).length) ok = false; continue; }
        if (this.firstPartyDecls(ci.symbol) && !this.basesSeen(ci)) ok = false;
      }
    }
    this.basesKnown.set(sym, ok);
    return ok;
  }

  /** A first-party class/interface instance type with every base seen: its name and file; null otherwise. */
  private firstPartyInstance(t: ts.Type): { name: string; file: string } | null {
    const ci = this.classOrInterface(t);
    if (!ci || !this.firstPartyDecls(ci.symbol) || !this.basesSeen(ci)) return null;
    return { name: ci.symbol.getName(), file: path.resolve(ci.symbol.declarations![0]!.getSourceFile().fileName) };
  }

  private memberNames(t: ts.Type): string[] {
    return this.checker.getPropertiesOfType(t).map((p) => p.getName()).filter((n) => !n.startsWith('__#'));
  }

  /** The receiver's type as first-party classes/interfaces, with whether `member` is missing on all of them; null = cannot judge. */
  judge(t: ts.Type, member: string): CheckedReceiver | null {
    if (t.flags & ts.TypeFlags.Union) {
      const parts = (t as ts.UnionType).types.filter((p) => !(p.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      if (parts.length === 0) return null;
      const out: CheckedReceiver = { types: [], members: [], missing: true };
      for (const p of parts) {
        const one = this.judge(p, member);
        if (!one) return null;
        out.types.push(...one.types);
        out.members.push(...one.members);
        if (!one.missing) out.missing = false;
      }
      out.members = [...new Set(out.members)];
      return out;
    }
    if (this.checker.getIndexInfosOfType(t).length > 0) return null;
    if (t.flags & ts.TypeFlags.Intersection) {
      // `Helper & Extra`: every part a first-party class/interface or object literal type; named by its classes.
      const types: { name: string; file: string }[] = [];
      for (const p of (t as ts.IntersectionType).types) {
        const inst = this.firstPartyInstance(p);
        if (inst) { types.push(inst); continue; }
        const anonymous = p.flags & ts.TypeFlags.Object && (p as ts.ObjectType).objectFlags & ts.ObjectFlags.Anonymous;
        if (!anonymous || !this.firstPartyDecls(p.symbol)) return null;
      }
      if (types.length === 0) return null;
      return { types, members: this.memberNames(t), missing: !this.checker.getPropertyOfType(t, member) };
    }
    const inst = this.firstPartyInstance(t);
    if (!inst) return null;
    return { types: [inst], members: this.memberNames(t), missing: !this.checker.getPropertyOfType(t, member) };
  }

  /** The receiver's type, or the one type of every value the query lists. */
  typeOf(q: CheckerQuery): ts.Type | null {
    const sf = this.program.getSourceFile(q.file);
    if (!sf) return null;
    if (!q.values) {
      const name = nodeAt(sf, q.memberAt.start, q.memberAt.end);
      const access = name?.parent;
      if (!access || !ts.isPropertyAccessExpression(access) || access.name !== name) return null;
      return this.checker.getTypeAtLocation(access.expression);
    }
    let type: ts.Type | null = null;
    for (const r of q.values) {
      const node = nodeAt(sf, r.start, r.end);
      if (!node) return null;
      const t = this.checker.getTypeAtLocation(node);
      if (type && t !== type) return null;
      type = t;
    }
    return type;
  }
}

/** Answer every query: one program per tsconfig, rooted at the files asked about. */
export function checkReceivers(projects: CheckerProject[], host: CheckerHost): CheckerResult {
  const answers = new Map<string, CheckedReceiver>();
  const seen = new Set<string>();
  let firstPartyFiles = 0;
  let programSeconds = 0;
  let querySeconds = 0;
  const parsed: SourceFileCache = new Map();
  for (const project of projects) {
    if (project.queries.length === 0) continue;
    const roots = [...new Set(project.queries.map((q) => q.file))];
    let start = process.cpuUsage();
    const program = createProgram(project, roots, host, parsed);
    const judge = new Judge(program, host);
    programSeconds += cpuSince(start);
    start = process.cpuUsage();
    for (const sf of program.getSourceFiles()) {
      if (seen.has(sf.fileName)) continue;
      seen.add(sf.fileName);
      if (host.isFirstParty(path.resolve(sf.fileName))) firstPartyFiles++;
    }
    for (const q of project.queries) {
      const t = judge.typeOf(q);
      const answer = t && judge.judge(t, q.member);
      if (answer) answers.set(q.key, answer);
    }
    querySeconds += cpuSince(start);
  }
  return { answers, files: seen.size, firstPartyFiles, programSeconds, querySeconds };
}
