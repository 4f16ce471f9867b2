/**
 * Resolves JS/TS import specifiers the way the test runners will load them: Node built-ins,
 * the runner's aliases, then TypeScript's own module resolution with the project's tsconfig,
 * and finally the package manifests for packages that are declared but not installed.
 * Lenient by design: anything vite or jest would load must never come back unresolved.
 */
import { listDir, readText, realpath } from '../fs/probe.js';
import path from 'node:path';
import { builtinModules } from 'node:module';
import ts from 'typescript';
import { distance } from 'fastest-levenshtein';
import { isTestFile, readPackageJson, workspacePackages, type JsRunnerConfig } from '../config/js-runners.js';
import type { Target, TsResolver } from './resolver-types.js';

const BUILTINS = new Set(builtinModules);
const ASSET_EXTS = new Set([
  '.css', '.scss', '.sass', '.less', '.styl', '.stylus', '.pcss', '.postcss',
  '.svg', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.ico', '.bmp', '.tiff',
  '.json', '.json5', '.jsonc', '.html', '.htm', '.vue', '.svelte', '.astro', '.wasm', '.txt', '.md', '.mdx',
  '.yaml', '.yml', '.toml', '.xml', '.csv', '.graphql', '.gql', '.glsl', '.woff', '.woff2', '.ttf', '.otf', '.eot',
  '.mp3', '.mp4', '.wav', '.webm', '.ogg', '.pdf', '.zip', '.node',
]);
/** Folders a package build writes (and .gitignore keeps out of a checkout). */
const BUILD_DIRS = new Set(['dist', 'build']);
const CODE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
/** Extensions vite tries for an extensionless import that TypeScript's resolution does not. */
const EXTRA_EXTS = ['.mts', '.cts', '.mjs', '.cjs'];
/** Query suffixes that make vite return the file's content or URL instead of the module. */
const ASSET_QUERIES = new Set(['raw', 'url', 'inline', 'no-inline', 'worker', 'sharedworker', 'init']);
/** vite's own URL space (`/@vite/client`, `/@fs/…`, `/@id/…`): served by the dev server, never a project file. */
const VITE_SPECIAL = /^\/@(vite|fs|id|react-refresh)(\/|$)/;
/** Packages that come with a runner: importing them is fine when the runner is declared. */
const IMPLIED_BY: Record<string, string[]> = {
  jest: ['@jest/globals', 'expect', 'jest-mock', '@jest/expect', 'jest-circus'],
  vitest: ['vite', '@vitest/expect', '@vitest/spy', '@vitest/runner', '@vitest/utils', 'chai', 'tinyspy'],
  mocha: [],
};

type Entry = 'file' | 'dir';

/** File-system reads memoised for the whole run (thousands of probes per project). */
class FsCache {
  private readonly dirs = new Map<string, Map<string, Entry> | null>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly reals = new Map<string, string>();

  /** The entries of a folder, or null when it is not a readable folder. Symlinks are followed. */
  entries(dir: string): Map<string, Entry> | null {
    let e = this.dirs.get(dir);
    if (e === undefined) { e = listDir(dir); this.dirs.set(dir, e); }
    return e;
  }
  private kind(p: string): Entry | undefined {
    const dir = path.dirname(p);
    if (dir === p) return 'dir';
    return this.entries(dir)?.get(path.basename(p));
  }
  fileExists = (p: string): boolean => this.kind(path.resolve(p)) === 'file';
  directoryExists = (p: string): boolean => this.kind(path.resolve(p)) === 'dir';
  readFile = (p: string): string | undefined => {
    if (this.texts.has(p)) return this.texts.get(p);
    const t = readText(p) ?? undefined;
    this.texts.set(p, t);
    return t;
  };
  realpath = (p: string): string => {
    let r = this.reals.get(p);
    if (r === undefined) {
      r = realpath(p);
      this.reals.set(p, r);
    }
    return r;
  };
  getDirectories = (p: string): string[] => {
    const e = this.entries(path.resolve(p));
    return e ? [...e].filter(([, k]) => k === 'dir').map(([n]) => n) : [];
  };
}

interface TsProject {
  id: number;
  configFile: string | null;
  /** The tsconfig's own options, as parsed (for the type checker). */
  options: ts.CompilerOptions;
  bundler: ts.CompilerOptions;
  bundlerCache: ts.ModuleResolutionCache;
  /** The tsconfig's own resolution mode, tried when bundler mode finds nothing. */
  original: { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache } | null;
  paths: { prefix: string; suffix: string; targets: string[] }[];
  pathsBase: string;
  baseUrl: string | undefined;
  /** For a solution-style tsconfig (`files: []` + `references`): the referenced projects, each with its files. */
  references: { project: TsProject; files: Set<string> }[];
  /** Bundler options without `paths` and `baseUrl`: what a runner that does not read them sees (made on first use). */
  plain?: { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache };
}

function splitQuery(spec: string): { bare: string; query: string } {
  // Only `?`: a leading `#` is a package import (`#config`).
  const i = spec.indexOf('?');
  return i < 0 ? { bare: spec, query: '' } : { bare: spec.slice(0, i), query: spec.slice(i + 1) };
}

function isRelative(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../');
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; null when it cannot be a package name. */
export function packageNameOf(spec: string): string | null {
  const parts = spec.split('/');
  if (spec.startsWith('@')) {
    if (parts.length < 2 || parts[0] === '@' || !parts[1]) return null;
    return `${parts[0]}/${parts[1]}`;
  }
  const name = parts[0]!;
  if (!name || /^[.~$#_]/.test(name)) return null;
  return name;
}

function isVirtual(spec: string): boolean {
  if (spec.startsWith('\0') || spec.startsWith('virtual:') || spec.startsWith('~icons/') || spec.startsWith('$')) return true;
  if (/^[a-zA-Z]:[\\/]/.test(spec)) return false; // a Windows drive path
  return spec.includes(':');
}

/** Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of one substring). */
function transposeDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1);
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}

function codeExtOf(name: string): string {
  if (name.endsWith('.d.ts')) return '.d.ts';
  const ext = path.extname(name);
  return CODE_EXTS.includes(ext) ? ext : '';
}

const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx', '.d.ts'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

export function createTsResolver(opts: { root: string; runners: JsRunnerConfig[] }): TsResolver {
  const root = path.resolve(opts.root);
  const fsc = new FsCache();
  const useCaseSensitiveFileNames = ts.sys.useCaseSensitiveFileNames;
  const getCanonical = (f: string) => (useCaseSensitiveFileNames ? f : f.toLowerCase());
  const host: ts.ModuleResolutionHost = {
    fileExists: fsc.fileExists,
    directoryExists: fsc.directoryExists,
    readFile: fsc.readFile,
    realpath: fsc.realpath,
    getDirectories: fsc.getDirectories,
    getCurrentDirectory: () => root,
    useCaseSensitiveFileNames,
  };
  const parseHost: ts.ParseConfigHost = {
    useCaseSensitiveFileNames,
    fileExists: fsc.fileExists,
    readFile: fsc.readFile,
    // File lists are not needed to resolve; enumerating them is the expensive part of parsing.
    readDirectory: () => [],
  };
  const runners = [...opts.runners].sort((a, b) => b.dir.length - a.dir.length);
  const memo = new Map<string, Target>();
  const configByDir = new Map<string, string | null>();
  const projects = new Map<string, TsProject>();
  let projectIds = 0;
  let workspace: Map<string, string> | null = null;
  const declaredByDir = new Map<string, Set<string>>();

  // ------------------------------------------------------------------ tsconfig

  function makeProject(configFile: string | null, options: ts.CompilerOptions, references: TsProject['references']): TsProject {
    const bundler: ts.CompilerOptions = {
      ...options,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowJs: true,
      resolveJsonModule: true,
      allowImportingTsExtensions: true,
      // Bundler mode already uses `import`, `types` and `default`; vite and jest also match these.
      customConditions: [...(options.customConditions ?? []), 'require', 'node'],
    };
    const dir = configFile ? path.dirname(configFile) : root;
    const mr = options.moduleResolution;
    const original =
      mr !== undefined && mr !== ts.ModuleResolutionKind.Bundler
        ? (() => {
            const o: ts.CompilerOptions = { ...options, allowJs: true, resolveJsonModule: true };
            return { options: o, cache: ts.createModuleResolutionCache(dir, getCanonical, o) };
          })()
        : null;
    const paths: TsProject['paths'] = [];
    for (const [pattern, targets] of Object.entries(options.paths ?? {})) {
      const star = pattern.indexOf('*');
      paths.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        targets: star < 0 ? targets.map((t) => `${t}\0exact`) : targets,
      });
    }
    return {
      id: projectIds++,
      configFile,
      options,
      bundler,
      bundlerCache: ts.createModuleResolutionCache(dir, getCanonical, bundler),
      original,
      paths,
      pathsBase: (options as { pathsBasePath?: string }).pathsBasePath ?? options.baseUrl ?? dir,
      baseUrl: options.baseUrl,
      references,
    };
  }

  function loadProject(configFile: string | null, depth = 0): TsProject {
    const key = configFile ?? '';
    const cached = projects.get(key);
    if (cached) return cached;
    let options: ts.CompilerOptions = {};
    const references: TsProject['references'] = [];
    if (configFile) {
      const read = ts.readConfigFile(configFile, fsc.readFile);
      if (!read.error && read.config && typeof read.config === 'object') {
        try {
          const parsed = ts.parseJsonConfigFileContent(read.config, parseHost, path.dirname(configFile), undefined, configFile);
          options = parsed.options;
          const raw = read.config as { files?: unknown; include?: unknown };
          const solution =
            (Array.isArray(raw.files) && raw.files.length === 0 && raw.include === undefined) ||
            (Array.isArray(raw.include) && raw.include.length === 0);
          if (solution && parsed.projectReferences && depth < 3) {
            for (const ref of parsed.projectReferences) {
              const refFile = fsc.directoryExists(ref.path) ? path.join(ref.path, 'tsconfig.json') : ref.path;
              if (!fsc.fileExists(refFile)) continue;
              const project = loadProject(refFile, depth + 1);
              references.push({ project, files: filesOf(refFile) });
            }
          }
        } catch {
          options = {};
        }
      }
    }
    const project = makeProject(configFile, options, references);
    projects.set(key, project);
    return project;
  }

  /** The files a referenced tsconfig covers (read once; only for solution-style configs). */
  function filesOf(configFile: string): Set<string> {
    try {
      const read = ts.readConfigFile(configFile, fsc.readFile);
      if (read.error) return new Set();
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configFile), undefined, configFile);
      return new Set(parsed.fileNames.map((f) => path.resolve(f)));
    } catch {
      return new Set();
    }
  }

  function nearestConfig(dir: string): string | null {
    const hit = configByDir.get(dir);
    if (hit !== undefined) return hit;
    let found: string | null = null;
    const ts1 = path.join(dir, 'tsconfig.json');
    const js1 = path.join(dir, 'jsconfig.json');
    if (fsc.fileExists(ts1)) found = ts1;
    else if (fsc.fileExists(js1)) found = js1;
    else {
      const parent = path.dirname(dir);
      const canGoUp = dir !== root && parent !== dir && (parent === root || parent.startsWith(root + path.sep));
      found = canGoUp ? nearestConfig(parent) : null;
    }
    configByDir.set(dir, found);
    return found;
  }

  function projectFor(file: string): TsProject {
    const project = loadProject(nearestConfig(path.dirname(file)));
    if (project.references.length === 0) return project;
    const owner = project.references.find((r) => r.files.has(file));
    return owner ? owner.project : (project.references.find((r) => r.project.paths.length > 0)?.project ?? project);
  }

  // ------------------------------------------------------------------ resolution helpers

  function plainOf(project: TsProject): { options: ts.CompilerOptions; cache: ts.ModuleResolutionCache } {
    if (!project.plain) {
      const { paths: _p, baseUrl: _b, pathsBasePath: _pb, ...rest } = project.bundler as ts.CompilerOptions & { pathsBasePath?: string };
      void _p; void _b; void _pb;
      const dir = project.configFile ? path.dirname(project.configFile) : root;
      project.plain = { options: rest, cache: ts.createModuleResolutionCache(dir, getCanonical, rest) };
    }
    return project.plain;
  }

  /** TypeScript's resolution; `plain`: as a runner that ignores tsconfig `paths`/`baseUrl` resolves. */
  function tsResolve(spec: string, fromFile: string, project: TsProject, plain = false): string | null {
    try {
      if (plain && (project.paths.length > 0 || project.baseUrl)) {
        const p = plainOf(project);
        return ts.resolveModuleName(spec, fromFile, p.options, host, p.cache).resolvedModule?.resolvedFileName ?? null;
      }
      const r = ts.resolveModuleName(spec, fromFile, project.bundler, host, project.bundlerCache).resolvedModule;
      if (r) return r.resolvedFileName;
      if (project.original) {
        const o = ts.resolveModuleName(spec, fromFile, project.original.options, host, project.original.cache).resolvedModule;
        if (o) return o.resolvedFileName;
      }
    } catch {
      // A resolution crash (odd package.json) is not the user's fault: handled as not found.
    }
    return null;
  }

  function inNodeModules(p: string): boolean {
    return p.split(/[\\/]/).includes('node_modules');
  }

  /** Is the package's own folder present in a `node_modules` from `dir` upward? */
  function installed(pkg: string, dir: string): boolean {
    for (let d = dir; ; ) {
      if (fsc.directoryExists(path.join(d, 'node_modules', pkg))) return true;
      const parent = path.dirname(d);
      if (parent === d) return false;
      d = parent;
    }
  }

  /** The workspace root above `root`, when `root` is one member of a larger workspace. */
  function outerWorkspaceRoot(): string | null {
    for (let d = path.dirname(root); d !== path.dirname(d); d = path.dirname(d)) {
      if (fsc.fileExists(path.join(d, 'pnpm-workspace.yaml'))) return d;
      const pj = fsc.fileExists(path.join(d, 'package.json')) ? readPackageJson(d) : null;
      if (pj && pj.workspaces) return d;
    }
    return null;
  }
  let outerRoot: string | null | undefined;

  function ownDeclared(dir: string): string[] {
    if (!fsc.fileExists(path.join(dir, 'package.json'))) return [];
    const pj = readPackageJson(dir);
    if (!pj) return [];
    const out: string[] = [];
    for (const field of [pj.dependencies, pj.devDependencies, pj.peerDependencies, pj.optionalDependencies]) {
      if (field && typeof field === 'object') out.push(...Object.keys(field));
    }
    return out;
  }

  /** Package names declared in the manifests from `dir` up to the root (and the workspace root). */
  function declared(dir: string): Set<string> {
    const hit = declaredByDir.get(dir);
    if (hit) return hit;
    const set = new Set(ownDeclared(dir));
    const parent = path.dirname(dir);
    const within = dir !== root && parent !== dir && (dir + path.sep).startsWith(root + path.sep);
    if (within) for (const n of declared(parent)) set.add(n);
    else {
      if (outerRoot === undefined) outerRoot = outerWorkspaceRoot();
      if (outerRoot) for (const n of ownDeclared(outerRoot)) set.add(n);
      if (dir !== root) for (const n of declared(root)) set.add(n);
    }
    for (const [runner, implied] of Object.entries(IMPLIED_BY)) if (set.has(runner)) for (const n of implied) set.add(n);
    declaredByDir.set(dir, set);
    return set;
  }

  function workspaceMembers(): Map<string, string> {
    if (!workspace) {
      workspace = new Map();
      const roots = [root];
      if (outerRoot === undefined) outerRoot = outerWorkspaceRoot();
      if (outerRoot) roots.push(outerRoot);
      for (const r of roots) for (const { name, dir } of workspacePackages(r)) if (!workspace.has(name)) workspace.set(name, dir);
    }
    return workspace;
  }

  /** Every string target in a package.json `exports` entry, in declaration order (any condition may be the one the runner uses). */
  function exportTargets(exp: unknown, subpath: string): string[] {
    const out: string[] = [];
    const leaves = (v: unknown, star: string | null): void => {
      if (typeof v === 'string') out.push(star === null ? v : v.split('*').join(star));
      else if (Array.isArray(v)) for (const x of v) leaves(x, star);
      else if (v && typeof v === 'object') for (const x of Object.values(v)) leaves(x, star);
    };
    if (typeof exp === 'string' || Array.isArray(exp)) {
      if (subpath === '.') leaves(exp, null);
      return out;
    }
    if (!exp || typeof exp !== 'object') return out;
    const keys = Object.keys(exp);
    if (!keys.some((k) => k.startsWith('.'))) {
      if (subpath === '.') leaves(exp, null);
      return out;
    }
    const map = exp as Record<string, unknown>;
    if (subpath in map) leaves(map[subpath], null);
    for (const k of keys) {
      const star = k.indexOf('*');
      if (star < 0) continue;
      const pre = k.slice(0, star);
      const post = k.slice(star + 1);
      if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= pre.length + post.length) {
        leaves(map[k], subpath.slice(pre.length, subpath.length - post.length));
      }
    }
    return out;
  }

  /** A first-party file for a path, trying TypeScript's resolution, the extra extensions vite tries, and `src/` for an unbuilt `dist/`. */
  function fileForPath(abs: string, fromFile: string, project: TsProject): string | null {
    const viaTs = tsResolve(abs, fromFile, project);
    if (viaTs) return viaTs;
    if (fsc.fileExists(abs)) return abs;
    for (const ext of EXTRA_EXTS) {
      if (fsc.fileExists(abs + ext)) return abs + ext;
      if (fsc.fileExists(path.join(abs, `index${ext}`))) return path.join(abs, `index${ext}`);
    }
    return null;
  }

  function workspaceEntry(dir: string, subpath: string, fromFile: string, project: TsProject): Target {
    const pj = readPackageJson(dir) ?? {};
    const candidates = exportTargets(pj.exports, subpath === '' ? '.' : `./${subpath}`);
    if (subpath === '') {
      for (const f of ['source', 'module', 'main', 'types', 'typings']) if (typeof pj[f] === 'string') candidates.push(pj[f] as string);
      candidates.push('src/index', 'index');
    } else candidates.push(subpath, `src/${subpath}`);
    for (const c of candidates) {
      const abs = path.resolve(dir, c);
      const f = fileForPath(abs, fromFile, project);
      // A declaration file is what the type checker reads; the runner loads code (`index.d.cts` next to `index.cjs`).
      if (f && !/\.d\.[cm]?ts$/.test(f)) return { kind: 'file', path: f };
      // An unbuilt `dist/x.js`: the runner's transform usually points at the sources.
      const rel = path.relative(dir, abs);
      const m = /^(?:dist|lib|build|out)[\\/](.*?)(?:\.d)?\.[cm]?[jt]sx?$/.exec(rel);
      if (m) {
        const src = fileForPath(path.join(dir, 'src', m[1]!), fromFile, project);
        if (src) return { kind: 'file', path: src };
        // The preferred entry is build output that is not there yet: later conditions (`require` → a
        // stub that throws, a `.d.cts`) are not what the runner loads. Cannot judge.
        if (!fsc.fileExists(abs)) return { kind: 'unknown' };
      }
    }
    // A sibling package that exists but whose entry we cannot find (not built yet, unusual layout): stay quiet.
    return { kind: 'unknown' };
  }

  // ------------------------------------------------------------------ did-you-mean

  function threshold(a: string, b: string): number {
    return Math.min(2, Math.max(1, Math.floor(Math.max(a.length, b.length) / 3)));
  }

  /** Edit distance counting a swap of two neighbours as one edit (`helpres` → `helpers`). */
  function editDistance(a: string, b: string): number {
    const lev = distance(a, b);
    if (lev <= 1 || Math.abs(a.length - b.length) > 2) return lev;
    return Math.min(lev, transposeDistance(a, b));
  }

  function renderSegment(spec: string, fromEnd: number, replacement: string): string {
    const parts = spec.split('/');
    const i = parts.length - 1 - fromEnd;
    if (i < 0) return spec;
    parts[i] = replacement;
    return parts.join('/');
  }

  /** Near-miss spellings of a missing path, rendered as the user would write the specifier. */
  function nearMisses(abs: string, spec: string, fromFile: string, project: TsProject): string[] {
    const dir = path.dirname(abs);
    const base = path.basename(abs);
    const entries = fsc.entries(dir);
    if (!entries) return missingFolderCandidates(abs, spec, fromFile, project);
    const written = codeExtOf(base);
    const assetExt = written ? '' : path.extname(base);
    const stem = written ? base.slice(0, -written.length) : assetExt ? base.slice(0, -assetExt.length) : base;
    const scored: { text: string; d: number }[] = [];
    for (const [name, kind] of entries) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      if (kind === 'dir') {
        const d = editDistance(name, stem);
        if (d > 0 && d <= threshold(name, stem) && !assetExt) scored.push({ text: name, d });
        continue;
      }
      const ext = codeExtOf(name);
      const nameStem = ext ? name.slice(0, -ext.length) : path.extname(name) ? name.slice(0, -path.extname(name).length) : name;
      if (ext && !assetExt) {
        const d = editDistance(nameStem, stem);
        if (d === 0 || d > threshold(nameStem, stem)) continue;
        // Keep the user's `.js` where it maps to the TS file (`./helpres.js` → `./helpers.js` for helpers.ts).
        const keepWritten = written && (ext === written || ext === '.d.ts' || TS_FOR_JS[written]?.includes(ext));
        const shown = nameStem + (written ? (keepWritten ? written : ext) : '');
        scored.push({ text: shown, d });
      } else {
        // Assets and other files: same stem with another extension, or a near spelling of the whole name.
        if (nameStem === stem && name !== base) scored.push({ text: name, d: 1 });
        else if (assetExt || written) {
          const d = editDistance(name, base);
          if (d > 0 && d <= threshold(name, base)) scored.push({ text: name, d });
        }
      }
    }
    scored.sort((a, b) => a.d - b.d || a.text.localeCompare(b.text));
    return [...new Set(scored.map((s) => renderSegment(spec, 0, s.text)))].slice(0, 5);
  }

  /** `./utls/helpers` where `utils/helpers` exists: fix the first missing folder. */
  function missingFolderCandidates(abs: string, spec: string, fromFile: string, project: TsProject): string[] {
    const segments: string[] = [];
    let d = abs;
    while (!fsc.directoryExists(path.dirname(d))) {
      segments.unshift(path.basename(d));
      const parent = path.dirname(d);
      if (parent === d) return [];
      d = parent;
    }
    // `d` is the first missing folder; `segments` the rest of the path below it.
    const parent = path.dirname(d);
    const missing = path.basename(d);
    const entries = fsc.entries(parent);
    if (!entries) return [];
    const out: { text: string; d: number }[] = [];
    for (const [name, kind] of entries) {
      if (kind !== 'dir' || name === 'node_modules' || name.startsWith('.')) continue;
      const dist = editDistance(name, missing);
      if (dist === 0 || dist > threshold(name, missing)) continue;
      const fixed = path.join(parent, name, ...segments);
      if (fileForPath(fixed, fromFile, project) || fsc.fileExists(fixed)) out.push({ text: renderSegment(spec, segments.length, name), d: dist });
    }
    out.sort((a, b) => a.d - b.d || a.text.localeCompare(b.text));
    return out.map((o) => o.text).slice(0, 5);
  }

  function unresolvedPath(abs: string, spec: string, fromFile: string, project: TsProject): Target {
    if (unbuiltOutput(abs)) return { kind: 'unknown' };
    return { kind: 'unresolved', reason: 'first-party', candidates: nearMisses(abs, spec, fromFile, project) };
  }

  /**
   * Is `abs` inside a package's build-output folder that is not there at all (`packages/x/dist/x.cjs.js`
   * before the build)? The package.json must name that folder. The build makes it: cannot judge.
   */
  function unbuiltOutput(abs: string): boolean {
    let d = abs;
    let missing: string | null = null;
    while (!fsc.directoryExists(path.dirname(d))) {
      const parent = path.dirname(d);
      if (parent === d) return false;
      d = parent;
    }
    // `d` is the first missing segment: the build folder itself (`../dist`, `./dist/x.js`), else not unbuilt
    // (a build folder that exists but lacks the file is a real miss).
    missing = path.basename(d);
    if (!BUILD_DIRS.has(missing)) return false;
    const pj = fsc.readFile(path.join(path.dirname(d), 'package.json'));
    return pj !== undefined && pj.includes(missing);
  }

  // ------------------------------------------------------------------ the steps

  /** A specifier that names a path (after alias or `paths` substitution), absolute. */
  function resolvePath(abs: string, spec: string, query: string, fromFile: string, project: TsProject): Target {
    const ext = path.extname(abs).toLowerCase();
    if (ASSET_EXTS.has(ext) || ASSET_QUERIES.has(query.split('&')[0]!)) {
      if (fsc.fileExists(abs)) return { kind: 'asset', path: abs };
      if (!ASSET_EXTS.has(ext)) {
        const f = fileForPath(abs, fromFile, project);
        if (f) return { kind: 'asset', path: f };
      }
      return unresolvedPath(abs, spec, fromFile, project);
    }
    const f = fileForPath(abs, fromFile, project);
    if (f) return inNodeModules(f) ? { kind: 'external', packageName: packageNameFromPath(f) ?? spec, status: 'installed' } : { kind: 'file', path: f };
    // An existing file with an extension we do not know (`.sh`, `.proto`): a loader plugin's business.
    if (ext && fsc.fileExists(abs)) return { kind: 'asset', path: abs };
    return unresolvedPath(abs, spec, fromFile, project);
  }

  function packageNameFromPath(p: string): string | null {
    const parts = p.split(/[\\/]/);
    const i = parts.lastIndexOf('node_modules');
    if (i < 0 || i + 1 >= parts.length) return null;
    const first = parts[i + 1]!;
    return first.startsWith('@') && parts[i + 2] ? `${first}/${parts[i + 2]}` : first;
  }

  function matchPaths(spec: string, project: TsProject): string[] | null {
    let best: { len: number; targets: string[] } | null = null;
    for (const p of project.paths) {
      const exact = p.targets[0]?.endsWith('\0exact');
      if (exact ? spec !== p.prefix : !(spec.startsWith(p.prefix) && spec.endsWith(p.suffix) && spec.length >= p.prefix.length + p.suffix.length)) continue;
      // The catch-all `*` says nothing about what is first-party.
      if (!exact && p.prefix === '' && p.suffix === '') continue;
      const star = exact ? '' : spec.slice(p.prefix.length, spec.length - p.suffix.length);
      const targets = p.targets.map((t) => path.resolve(project.pathsBase, exact ? t.replace('\0exact', '') : t.split('*').join(star)));
      if (!best || p.prefix.length > best.len) best = { len: p.prefix.length, targets };
    }
    return best ? best.targets : null;
  }

  /** The runner configs of the most specific folder that contains the file. */
  function runnersOf(fromFile: string): JsRunnerConfig[] {
    let dir: string | null = null;
    const out: JsRunnerConfig[] = [];
    for (const r of runners) {
      const rel = path.relative(r.dir, fromFile);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (dir !== null && r.dir !== dir) break;
      dir = r.dir;
      out.push(r);
    }
    return out;
  }

  function applyAlias(spec: string, aliases: JsRunnerConfig['alias']): string | null {
    for (const a of aliases) {
      if (typeof a.find === 'string') {
        if (spec === a.find || spec.startsWith(`${a.find}/`)) return a.replacement + spec.slice(a.find.length);
      } else {
        a.find.lastIndex = 0;
        if (a.find.test(spec)) {
          a.find.lastIndex = 0;
          return spec.replace(a.find, a.replacement);
        }
      }
    }
    return null;
  }

  function packageStatus(pkg: string, fromDir: string): 'installed' | 'declared' | null {
    if (installed(pkg, fromDir)) return 'installed';
    if (declared(fromDir).has(pkg)) return 'declared';
    return null;
  }

  function resolveBare(spec: string, fromFile: string, project: TsProject): Target {
    const fromDir = path.dirname(fromFile);
    if (spec.startsWith('#')) return { kind: 'unknown' }; // package.json `imports` TypeScript could not follow
    const pkg = packageNameOf(spec);
    // `@/x`, `~/x`: an alias from a config we do not read (webpack, nuxt): cannot judge.
    if (!pkg) return { kind: 'unknown' };
    if (pkg.startsWith('@types/')) return { kind: 'external', packageName: pkg, status: packageStatus(pkg, fromDir) ?? 'unknown' };
    const member = workspaceMembers().get(pkg);
    if (member) return workspaceEntry(member, spec.slice(pkg.length + 1), fromFile, project);
    const status = packageStatus(pkg, fromDir);
    if (status) return { kind: 'external', packageName: pkg, status };
    // `baseUrl` imports (`import 'utils/x'` with baseUrl `src`) of a folder that exists: a first-party path.
    if (project.baseUrl && spec.includes('/') && fsc.directoryExists(path.join(project.baseUrl, spec.split('/')[0]!))) {
      return unresolvedPath(path.resolve(project.baseUrl, spec), spec, fromFile, project);
    }
    const known = [...declared(fromDir)];
    const candidates = known
      .map((n) => ({ n, d: editDistance(n, pkg) }))
      .filter((x) => x.d > 0 && x.d <= threshold(x.n, pkg))
      .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
      .map((x) => x.n + spec.slice(pkg.length))
      .slice(0, 5);
    return { kind: 'unresolved', reason: 'package', candidates };
  }

  /**
   * The vitest/jest config that loads this file when that runner certainly ignores tsconfig `paths`
   * (a test or setup file of it), else null. Other files in its folder may be run by tools that
   * read `paths` (tsx, ts-node, bun): those keep resolving through them.
   */
  function pathlessLoader(file: string): JsRunnerConfig | null {
    let c = loaderMemo.get(file);
    if (c !== undefined) return c;
    c = isTestFile(runners, file) ?? runners.find((r) => r.setupFiles.includes(file)) ?? null;
    if (c && !((c.runner === 'vitest' || c.runner === 'jest') && c.tsconfigPaths === false)) c = null;
    loaderMemo.set(file, c);
    return c;
  }
  const loaderMemo = new Map<string, JsRunnerConfig | null>();

  function resolveUncached(fromFile: string, spec: string, project: TsProject, loader: JsRunnerConfig | null): Target {
    const fromDir = path.dirname(fromFile);
    if (spec.startsWith('node:')) return { kind: 'builtin', name: spec.slice(5) };
    if (BUILTINS.has(spec)) return { kind: 'builtin', name: spec };
    if (isVirtual(spec) || VITE_SPECIAL.test(spec)) return { kind: 'unknown' };
    const { bare, query } = splitQuery(spec);
    if (bare === '') return { kind: 'unknown' };

    // Runner aliases (vite `resolve.alias`, jest `moduleNameMapper`).
    const own = runnersOf(fromFile);
    const mapped = applyAlias(bare, own.flatMap((r) => r.alias));
    if (mapped !== null) {
      if (path.isAbsolute(mapped)) return resolvePath(mapped, bare, query, fromFile, project);
      if (isRelative(mapped)) return resolvePath(path.resolve(fromDir, mapped), bare, query, fromFile, project);
      if (mapped.startsWith('node:') || BUILTINS.has(mapped)) return { kind: 'builtin', name: mapped.replace(/^node:/, '') };
      // A mapper to a package (`identity-obj-proxy`, `preact/compat`).
      const pkg = packageNameOf(mapped);
      if (!pkg) return { kind: 'unknown' };
      return { kind: 'external', packageName: pkg, status: packageStatus(pkg, fromDir) ?? 'undeclared' };
    }

    if (isRelative(bare)) return resolvePath(path.resolve(fromDir, bare), bare, query, fromFile, project);
    if (path.isAbsolute(bare)) {
      // vite reads `/src/x` from its root first.
      const runnerDir = runners.find((r) => !path.relative(r.dir, fromFile).startsWith('..'))?.dir ?? root;
      const underRoot = path.join(runnerDir, bare);
      if (!fsc.directoryExists(path.dirname(bare)) && fsc.directoryExists(path.dirname(underRoot))) return resolvePath(underRoot, bare, query, fromFile, project);
      return resolvePath(bare, bare, query, fromFile, project);
    }

    const pathTargets = matchPaths(bare, project);
    if (loader) return resolveWithoutPaths(bare, query, fromFile, project, pathTargets, [loader, ...own.filter((r) => r !== loader)]);
    // tsconfig `paths` for assets: TypeScript only maps code files.
    const ext = path.extname(bare).toLowerCase();
    if (pathTargets && (ASSET_EXTS.has(ext) || ASSET_QUERIES.has(query))) {
      for (const t of pathTargets) if (fsc.fileExists(t)) return { kind: 'asset', path: t };
      const pkg = packageNameOf(bare);
      if (pkg && (workspaceMembers().has(pkg) || packageStatus(pkg, fromDir))) return resolveBare(bare, fromFile, project);
      return unresolvedPath(pathTargets[0]!, bare, fromFile, project);
    }

    const found = tsResolve(bare, fromFile, project);
    if (found) {
      if (!inNodeModules(found)) return { kind: 'file', path: found };
      const pkg = packageNameOf(bare) ?? packageNameFromPath(found) ?? bare;
      // Only `@types/x` is there: the types resolve, the package itself does not load.
      const typesOnly = /[\\/]node_modules[\\/]@types[\\/]/.test(found) && !pkg.startsWith('@types/');
      if (!typesOnly || installed(pkg, fromDir)) return { kind: 'external', packageName: pkg, status: 'installed' };
    }

    if (pathTargets) {
      for (const t of pathTargets) {
        const r = resolvePath(t, bare, query, fromFile, project);
        if (r.kind !== 'unresolved') return r;
      }
      // `paths` into build output that is not built (`vitest` → `packages/vitest/dist/index.d.ts`): the
      // package itself (a workspace sibling, an installed or declared one) is what the runner loads.
      const pkg = packageNameOf(bare);
      if (pkg && (workspaceMembers().has(pkg) || packageStatus(pkg, fromDir))) return resolveBare(bare, fromFile, project);
      return unresolvedPath(pathTargets[0]!, bare, fromFile, project);
    }
    // jest `moduleDirectories: ['node_modules', 'src']`: bare specifiers are also looked up there.
    for (const dir of own.flatMap((r) => r.moduleDirs ?? [])) {
      const abs = path.join(dir, bare);
      if (fileForPath(abs, fromFile, project) || fsc.fileExists(abs) || fsc.directoryExists(path.join(dir, bare.split('/')[0]!))) {
        return resolvePath(abs, bare, query, fromFile, project);
      }
    }
    const target = resolveBare(bare, fromFile, project);
    // A runner config we could not fully read may define aliases we do not know: stay quiet about packages.
    if (target.kind === 'unresolved' && target.reason === 'package' && own.some((r) => r.dynamic)) return { kind: 'unknown' };
    return target;
  }

  function hasPackageImports(dir: string): boolean {
    for (let d = dir; ; d = path.dirname(d)) {
      if (fsc.fileExists(path.join(d, 'package.json'))) return (readPackageJson(d) as { imports?: unknown } | null)?.imports !== undefined;
      if (path.dirname(d) === d) return false;
    }
  }

  /** A bare specifier as vitest/jest resolve it when they do not read tsconfig `paths`: `paths` only explain a failure. */
  function resolveWithoutPaths(bare: string, query: string, fromFile: string, project: TsProject, pathTargets: string[] | null, own: JsRunnerConfig[]): Target {
    const fromDir = path.dirname(fromFile);
    const found = tsResolve(bare, fromFile, project, true);
    if (found) {
      if (!inNodeModules(found)) return { kind: 'file', path: found };
      const pkg = packageNameOf(bare) ?? packageNameFromPath(found) ?? bare;
      const typesOnly = /[\\/]node_modules[\\/]@types[\\/]/.test(found) && !pkg.startsWith('@types/');
      if (!typesOnly || installed(pkg, fromDir)) return { kind: 'external', packageName: pkg, status: 'installed' };
    }
    for (const dir of own.flatMap((r) => r.moduleDirs ?? [])) {
      const abs = path.join(dir, bare);
      if (fileForPath(abs, fromFile, project) || fsc.fileExists(abs) || fsc.directoryExists(path.join(dir, bare.split('/')[0]!))) {
        return resolvePath(abs, bare, query, fromFile, project);
      }
    }
    const target = resolveBare(bare, fromFile, project);
    if (target.kind !== 'unresolved' && target.kind !== 'unknown') return target;
    const pkg = packageNameOf(bare);
    // A sibling workspace package (linked into node_modules on install): whatever `paths` say, the runner finds it.
    if (pkg && workspaceMembers().has(pkg)) return target;
    // package.json `imports` (read by the runner too) in a form TypeScript could not follow: cannot judge.
    if (bare.startsWith('#') && hasPackageImports(fromDir)) return target;
    // What only tsconfig `paths`/`baseUrl` would make of it.
    let viaPaths: string | null = null;
    if (pathTargets) {
      for (const t of pathTargets) {
        const r = resolvePath(t, bare, query, fromFile, project);
        if (r.kind === 'file' || r.kind === 'asset') { viaPaths = r.path; break; }
      }
    }
    if (!viaPaths) {
      const f = tsResolve(bare, fromFile, project);
      if (f && !inNodeModules(f)) viaPaths = f;
    }
    if (viaPaths) {
      const runner = own[0]!.runner;
      const rel = path.relative(root, viaPaths).split(path.sep).join('/');
      const how = runner === 'jest'
        ? 'jest does not read them: add a matching `moduleNameMapper` entry'
        : 'vitest does not read them without `vite-tsconfig-paths` (or `resolve.tsconfigPaths`): add the plugin or a matching `resolve.alias`';
      return {
        kind: 'unresolved', reason: 'first-party', candidates: [],
        detail: `only the tsconfig \`${pathTargets ? 'paths' : 'baseUrl'}\` map it (to \`${rel}\`); ${how}`,
      };
    }
    if (pathTargets) return unresolvedPath(pathTargets[0]!, bare, fromFile, project);
    if (target.kind === 'unresolved' && target.reason === 'package' && own.some((r) => r.dynamic)) return { kind: 'unknown' };
    return target;
  }

  return {
    projectOf(file: string) {
      const project = projectFor(path.resolve(file));
      return { configFile: project.configFile, options: project.options };
    },
    resolve(fromFile: string, specifier: string): Target {
      const file = path.resolve(fromFile);
      const project = projectFor(file);
      const loader = pathlessLoader(file);
      const key = `${project.id}\0${path.dirname(file)}\0${specifier}\0${loader ? runners.indexOf(loader) : ''}`;
      let t = memo.get(key);
      if (!t) {
        try {
          t = resolveUncached(file, specifier, project, loader);
        } catch {
          // One odd specifier must not end the run: cannot judge.
          t = { kind: 'unknown' };
        }
        memo.set(key, t);
      }
      return t;
    },
  };
}
