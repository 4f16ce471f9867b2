/**
 * Python module resolution as pytest sees it: the sys.path that pytest's import mode builds
 * from test files and conftests, `pythonpath`, installed (editable) first-party projects,
 * the stdlib, a local virtualenv, and the project's declared dependencies.
 *
 * The model of sys.path, in the order Python searches it:
 *  1. compiled-in modules and the stdlib modules pytest has already imported (never shadowed);
 *  2. prepend mode: the "basedir" of the importing test file / conftest first (pytest inserts it at
 *     sys.path[0] just before importing the file), then the basedirs of every other collected test
 *     file and conftest (the union over the session: lenient, as collection order decides which are
 *     there at a given moment), then `pythonpath` entries (inserted at configure time, so after
 *     every later insert); importlib mode: only `pythonpath`, plus the top-level directories of
 *     collected test files (pytest imports `tests/test_x.py` as `tests.test_x` and registers
 *     its parent `tests` in sys.modules — measured with pytest 9.0.3);
 *  3. the stdlib;
 *  4. site-packages: first-party projects assumed installed in editable mode (see `installedRoots`),
 *     `.pth`/`.egg-link`/editable-finder paths of the virtualenv, the virtualenv's site-packages;
 *  5. append mode: the basedirs, last.
 * A name found nowhere is external: installed (in the venv), declared (by the project's
 * dependency files), undeclared or unknown — never guessed.
 */
import { listDir, readText } from '../fs/probe.js';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import { fnmatchToRegExp, norecurseMatcher, pythonVersionFrom, parseIni, readToml, type PytestConfig } from '../config/pytest.js';
import { importNamesOf, readDeclaredDeps, type DeclaredDeps } from './python-packages.js';
import { BUILTIN_MODULE_NAMES, PYTEST_PRELOADED, isStdlib } from './python-stdlib.js';
import type { PythonResolver, Target } from './resolver-types.js';

export interface PythonResolverOptions {
  /** The project root (absolute): where test-lint runs, as pytest's invocation directory. */
  root: string;
  pytest: PytestConfig;
  /** A virtualenv directory; `undefined`: look for one (`$VIRTUAL_ENV`, `.venv`, `venv`, `env`); `null`: none. */
  venv?: string | null;
  /**
   * Python files already discovered (absolute). Test files and conftests among them give the
   * prepend-mode basedirs. Without it the resolver walks the collection roots itself once.
   */
  files?: Iterable<string>;
  /** Target Python version; default from the project's files (`pythonVersionFrom`). */
  pythonVersion?: [number, number];
}

// ---------------------------------------------------------------------------------------
// File-system cache: one readdir per directory, for the whole run.

interface DirIndex {
  files: Set<string>;
  dirs: Set<string>;
  /** Stems of extension modules (`name.cpython-311-x86_64-linux-gnu.so` → `name`). */
  extStems: Set<string>;
  /** Entries that are symbolic links (not followed when walking the tree). */
  links: Set<string>;
}

const EXT_MODULE = /^([^.]+)\.(?:[^.]+\.)?(?:so|pyd)$/;

class DirCache {
  private readonly indexes = new Map<string, DirIndex | null>();

  index(dir: string): DirIndex | null {
    let idx = this.indexes.get(dir);
    if (idx !== undefined) return idx;
    idx = null;
    const links = new Set<string>();
    const entries = listDir(dir, links);
    if (entries) {
      idx = { files: new Set(), dirs: new Set(), extStems: new Set(), links };
      for (const [name, kind] of entries) {
        if (kind === 'dir') idx.dirs.add(name);
        else {
          idx.files.add(name);
          const ext = EXT_MODULE.exec(name);
          if (ext) idx.extStems.add(ext[1]!);
        }
      }
    }
    this.indexes.set(dir, idx);
    return idx;
  }

  isFile(p: string): boolean {
    return this.index(path.dirname(p))?.files.has(path.basename(p)) ?? false;
  }

  isDir(p: string): boolean {
    const parent = path.dirname(p);
    if (parent === p) return true;
    return this.index(parent)?.dirs.has(path.basename(p)) ?? false;
  }
}

// ---------------------------------------------------------------------------------------
// What one directory offers for one name (CPython's FileFinder order: package, module, namespace).

type Lookup =
  | { kind: 'pkg'; init: string | null; dir: string } // init null: compiled `__init__`
  | { kind: 'module'; file: string | null }            // file null: extension module / .pyc
  | { kind: 'ns'; dir: string }
  | { kind: 'stub' };                                  // only a `.pyi`: exists for type checkers only

function lookupIn(fs: DirCache, dir: string, name: string): Lookup | null {
  const idx = fs.index(dir);
  if (!idx) return null;
  let stub = idx.files.has(`${name}.pyi`);
  if (idx.dirs.has(name)) {
    const sub = path.join(dir, name);
    const subIdx = fs.index(sub);
    if (subIdx?.files.has('__init__.py')) return { kind: 'pkg', init: path.join(sub, '__init__.py'), dir: sub };
    if (subIdx && (subIdx.extStems.has('__init__') || subIdx.files.has('__init__.pyc'))) return { kind: 'pkg', init: null, dir: sub };
    if (subIdx?.files.has('__init__.pyi')) stub = true;
  }
  if (idx.files.has(`${name}.py`)) return { kind: 'module', file: path.join(dir, `${name}.py`) };
  if (idx.extStems.has(name) || idx.files.has(`${name}.pyc`)) return { kind: 'module', file: null };
  if (stub) return { kind: 'stub' };
  if (idx.dirs.has(name)) return { kind: 'ns', dir: path.join(dir, name) };
  return null;
}

// ---------------------------------------------------------------------------------------
// Search path model.

type Entry =
  /** A directory of the project's own code. `only`: restricts it to these top-level names. */
  | { kind: 'first-party'; dir: string; only?: ReadonlySet<string> }
  /** A directory of third-party code (venv site-packages, or a .pth path outside the project). */
  | { kind: 'site'; dir: string }
  /** Where the stdlib sits on sys.path. */
  | { kind: 'stdlib' }
  /** setuptools' editable finder: top-level name → package directory. */
  | { kind: 'mapped'; map: ReadonlyMap<string, string> };

/** A module found by name. */
type Found =
  | { kind: 'pkg'; init: string | null; dirs: string[]; parts: string[]; firstParty: boolean; dynamic: boolean }
  | { kind: 'module'; file: string | null; parts: string[]; firstParty: boolean }
  | { kind: 'ns'; dirs: string[]; parts: string[]; firstParty: boolean }
  | { kind: 'builtin'; name: string }
  | { kind: 'stub' }
  /** A third-party module found in site-packages. */
  | { kind: 'installed'; top: string }
  | { kind: 'missing'; parts: string[]; candidates: string[]; firstParty: boolean };

const IDENT = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export { fnmatchToRegExp };

/** Names pytest's own installation always brings. */
const PYTEST_IMPORTS = ['pytest', '_pytest', 'py', 'pluggy', 'iniconfig', 'packaging'];
/** Installer tooling usually present in an environment but rarely declared: never called undeclared. */
const TOOLING_IMPORTS = new Set(['setuptools', 'pkg_resources', '_distutils_hack', 'pip', 'wheel', 'distutils']);
/** Files at a project's top level that do not make it a flat-layout package. */
const NON_PACKAGE_TOP_FILES = new Set(['setup.py', 'conftest.py', 'noxfile.py', 'fabfile.py', 'tasks.py', 'manage.py', 'docs', 'conf.py']);

/**
 * Did-you-mean: candidates within edit distance 2 or sharing a prefix, best first.
 * `strict` (top-level names, where a miss may just be an undeclared package): distance only,
 * at most 1 for names of up to 4 characters.
 */
function near(name: string, candidates: Iterable<string>, strict = false): string[] {
  const scored: [string, number][] = [];
  const lower = name.toLowerCase();
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const d = distance(lower, c.toLowerCase());
    const prefix = !strict && Math.min(lower.length, c.length) >= 3
      && (c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
    if (d <= (strict && lower.length <= 4 ? 1 : 2) || prefix) scored.push([c, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([c]) => c).slice(0, 5);
}

/** PEP 503 name normalisation, with `_` as the separator (as wheel folder names write it). */
const distKey = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '_');

function safeRead(file: string, max = 256 * 1024): string | null {
  return readText(file, max);
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function createPythonResolver(opts: PythonResolverOptions): PythonResolver {
  const fs = new DirCache();
  const root = path.resolve(opts.root);
  const cfg = opts.pytest;
  const version = opts.pythonVersion ?? pythonVersionFrom(cfg, cfg.rootdir);
  const testPatterns = cfg.pythonFiles.map(fnmatchToRegExp);
  const norecurse = norecurseMatcher(cfg);

  const isTestFile = (file: string): boolean => {
    const base = path.basename(file);
    return base === 'conftest.py' || (base.endsWith('.py') && testPatterns.some((re) => re.test(base)));
  };

  /** pytest's `resolve_package_path`: the outermost directory upward that is still a package. */
  const packagePath = (file: string): string | null => {
    let result: string | null = null;
    let dir = path.dirname(file);
    for (;;) {
      if (!fs.index(dir)?.files.has('__init__.py') || !IDENT.test(path.basename(dir))) break;
      result = dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return result;
  };

  /** The directory pytest's prepend/append mode puts on sys.path for a test file or conftest. */
  const basedirOf = (file: string): string => {
    const pkg = packagePath(file);
    return pkg ? path.dirname(pkg) : path.dirname(file);
  };

  // ---- the session: test files, conftests and projects found once ----------------------

  interface Session {
    basedirs: string[];
    /** importlib mode: top-level directory names (under rootdir) of collected test files. */
    importlibTops: Set<string>;
    projectDirs: string[];
    installedRoots: string[];
    venv: Venv | null;
    declared: DeclaredDeps;
    pytestImports: Set<string>;
    /** Modules the build writes into the source tree (absolute `.py` paths): absent from a fresh checkout. */
    generated: Set<string>;
  }

  interface Venv {
    siteDirs: string[];
    /** Directories added by `.pth` files and `.egg-link`s. */
    extraDirs: string[];
    editableMap: Map<string, string>;
    systemSite: boolean;
  }

  let session: Session | null = null;

  const skipDir = (dir: string, name: string): boolean =>
    norecurse(path.join(dir, name)) || (fs.index(path.join(dir, name))?.files.has('pyvenv.cfg') ?? false);

  const collectionRoots = (): string[] => {
    if (cfg.testpaths.length === 0) return [root];
    const out: string[] = [];
    for (const tp of cfg.testpaths) {
      if (/[*?[]/.test(tp)) {
        // A glob in testpaths: rare; fall back to walking the whole root rather than globbing per pattern.
        out.push(root);
        continue;
      }
      const abs = path.resolve(cfg.rootdir, tp);
      if (fs.isDir(abs) || fs.isFile(abs)) out.push(abs);
    }
    return out.length > 0 ? out : [root];
  };

  /** Walk the project once: test files and conftests (under the collection roots) and project roots. */
  const walk = (): { tests: string[]; projectDirs: string[] } => {
    const tests: string[] = [];
    const projectDirs: string[] = [];
    const roots = collectionRoots();
    const inCollection = (p: string) => roots.some((r) => isInside(p, r));
    const visited = new Set<string>();
    const visit = (dir: string, depth: number) => {
      if (visited.has(dir) || depth > 64) return;
      visited.add(dir);
      const idx = fs.index(dir);
      if (!idx) return;
      if ((idx.files.has('pyproject.toml') || idx.files.has('setup.py') || idx.files.has('setup.cfg')) && !idx.files.has('__init__.py')) projectDirs.push(dir);
      if (inCollection(dir)) {
        for (const f of idx.files) if (isTestFile(f)) tests.push(path.join(dir, f));
      }
      for (const d of [...idx.dirs].sort()) {
        if (idx.links.has(d) || skipDir(dir, d)) continue;
        visit(path.join(dir, d), depth + 1);
      }
    };
    visit(root, 0);
    for (const r of roots) if (!isInside(r, root)) visit(r, 0);
    // Conftests in the ancestors of a collection root, up to the rootdir (pytest's confcutdir), load too.
    for (const r of roots) {
      for (let d = path.dirname(r); isInside(d, cfg.rootdir); d = path.dirname(d)) {
        if (fs.isFile(path.join(d, 'conftest.py'))) tests.push(path.join(d, 'conftest.py'));
        if (d === cfg.rootdir || path.dirname(d) === d) break;
      }
    }
    if (opts.files) {
      for (const f of opts.files) if (isTestFile(f) && (path.basename(f) === 'conftest.py' || inCollection(f))) tests.push(path.resolve(f));
    }
    return { tests, projectDirs };
  };

  /** Does this directory hold a Python project declaration (so its code is assumed pip-installed)? */
  const declaresProject = (dir: string): boolean => {
    const idx = fs.index(dir);
    if (!idx) return false;
    // Inside a package, `setup.py` & co. are modules (`homeassistant/setup.py` is `homeassistant.setup`), not a project.
    if (idx.files.has('__init__.py')) return false;
    if (idx.files.has('setup.py')) return true;
    if (idx.files.has('pyproject.toml')) {
      const doc = readToml(path.join(dir, 'pyproject.toml'));
      const tool = doc?.['tool'] as Record<string, unknown> | undefined;
      if (doc?.['project'] || tool?.['poetry'] || tool?.['flit'] || tool?.['hatch'] || tool?.['pdm']) return true;
    }
    if (idx.files.has('setup.cfg')) {
      const text = safeRead(path.join(dir, 'setup.cfg'));
      if (text && parseIni(text).get('metadata')?.has('name')) return true;
    }
    return false;
  };

  /** Does a directory directly hold importable Python code (a package or a module)? */
  const holdsPython = (dir: string, ignore: ReadonlySet<string> = new Set()): boolean => {
    const idx = fs.index(dir);
    if (!idx) return false;
    for (const f of idx.files) if (f.endsWith('.py') && !ignore.has(f)) return true;
    for (const d of idx.dirs) {
      if (ignore.has(d) || !IDENT.test(d)) continue;
      if (fs.index(path.join(dir, d))?.files.has('__init__.py')) return true;
    }
    return false;
  };

  /** Explicit package directories from build configuration (`package-dir`, poetry `from`). */
  const configuredSourceDirs = (dir: string): string[] => {
    const out: string[] = [];
    const doc = readToml(path.join(dir, 'pyproject.toml'));
    const tool = (doc?.['tool'] ?? {}) as Record<string, any>;
    const pkgDir = tool['setuptools']?.['package-dir'];
    if (pkgDir && typeof pkgDir[''] === 'string') out.push(path.resolve(dir, pkgDir['']));
    for (const p of Array.isArray(tool['poetry']?.['packages']) ? tool['poetry']['packages'] : []) {
      if (p && typeof p.from === 'string') out.push(path.resolve(dir, p.from));
    }
    const cfgText = fs.isFile(path.join(dir, 'setup.cfg')) ? safeRead(path.join(dir, 'setup.cfg')) : null;
    const pd = cfgText ? parseIni(cfgText).get('options')?.get('package_dir') : undefined;
    const m = pd ? /(?:^|\n)\s*=\s*(\S+)/.exec(pd) : null;
    if (m) out.push(path.resolve(dir, m[1]!));
    const setupPy = fs.isFile(path.join(dir, 'setup.py')) ? safeRead(path.join(dir, 'setup.py')) : null;
    const sm = setupPy ? /package_dir\s*=\s*\{\s*['"]{2}\s*:\s*['"]([^'"]+)['"]/.exec(setupPy) : null;
    if (sm) out.push(path.resolve(dir, sm[1]!));
    return out;
  };

  /**
   * Assumption (no false alarms on well-formed projects): a directory that declares a Python
   * project (setup.py, pyproject `[project]`/`[tool.poetry]`/…, setup.cfg `[metadata]`) is
   * installed in editable mode in the environment tests run in, as `pip install -e .` does:
   *  - src layout (`src/` holding a package or module, or a configured package dir): `src/` is on sys.path;
   *  - flat layout (a top-level package or module other than setup.py/conftest.py): the project dir is on sys.path.
   */
  const installedRoots = (projectDirs: string[]): string[] => {
    const out: string[] = [];
    for (const dir of projectDirs) {
      if (!declaresProject(dir)) continue;
      const configured = configuredSourceDirs(dir).filter((d) => fs.isDir(d));
      if (configured.length > 0) { out.push(...configured); continue; }
      const src = path.join(dir, 'src');
      if (fs.isDir(src) && holdsPython(src)) { out.push(src); continue; }
      if (holdsPython(dir, NON_PACKAGE_TOP_FILES)) out.push(dir);
    }
    return [...new Set(out)];
  };

  const findVenv = (): Venv | null => {
    let dir: string | null | undefined = opts.venv;
    const hasCfg = (d: string) => fs.isFile(path.join(d, 'pyvenv.cfg'));
    if (dir === null) return null;
    if (dir !== undefined) dir = path.resolve(root, dir);
    else {
      const env = process.env['VIRTUAL_ENV'];
      if (env && hasCfg(path.resolve(env))) dir = path.resolve(env);
      else dir = ['.venv', 'venv', 'env'].map((n) => path.join(root, n)).find(hasCfg);
    }
    if (!dir || !fs.isDir(dir)) return null;
    const siteDirs: string[] = [];
    for (const lib of ['lib', 'lib64']) {
      for (const py of [...(fs.index(path.join(dir, lib))?.dirs ?? [])].sort()) {
        if (!/^(python|pypy)3/.test(py)) continue;
        const sp = path.join(dir, lib, py, 'site-packages');
        if (fs.isDir(sp)) siteDirs.push(sp);
      }
    }
    const winSite = path.join(dir, 'Lib', 'site-packages');
    if (fs.isDir(winSite)) siteDirs.push(winSite);
    const cfgText = safeRead(path.join(dir, 'pyvenv.cfg')) ?? '';
    const systemSite = /^\s*include-system-site-packages\s*=\s*true\s*$/im.test(cfgText);
    const extraDirs: string[] = [];
    const editableMap = new Map<string, string>();
    for (const sp of siteDirs) {
      for (const f of [...(fs.index(sp)?.files ?? [])].sort()) {
        if (f.endsWith('.pth') || f.endsWith('.egg-link')) {
          // Plain path lines only; `import …` lines run code we do not execute.
          const lines = (safeRead(path.join(sp, f)) ?? '').split(/\r?\n/);
          for (const line of f.endsWith('.egg-link') ? lines.slice(0, 1) : lines) {
            const l = line.trim();
            if (!l || l.startsWith('#') || /^import[\s\t]/.test(l)) continue;
            const abs = path.resolve(sp, l);
            if (fs.isDir(abs)) extraDirs.push(abs);
          }
        } else if (/^__editable___.*_finder\.py$/.test(f)) {
          const text = safeRead(path.join(sp, f)) ?? '';
          const mapping = /MAPPING\s*(?::[^=]*)?=\s*\{([^}]*)\}/.exec(text);
          for (const m of mapping?.[1]?.matchAll(/['"]([\w.]+)['"]\s*:\s*['"]([^'"]+)['"]/g) ?? []) {
            editableMap.set(m[1]!, m[2]!);
          }
        }
      }
    }
    return { siteDirs, extraDirs, editableMap, systemSite };
  };

  /**
   * Modules a build step writes into the source tree, so a fresh checkout lacks them until the
   * project is installed (`pip install -e .` generates them): setuptools-scm `write_to` /
   * `version_file` (pyproject or setup.py `use_scm_version`), hatch-vcs `version-file`, and `.py`
   * paths a `.gitignore` at the project top names literally (`src/pkg/_version.py`).
   */
  const generatedModules = (dirs: Iterable<string>): Set<string> => {
    const out = new Set<string>();
    const add = (dir: string, rel: unknown) => {
      if (typeof rel === 'string' && /\.py$/.test(rel)) out.add(path.resolve(dir, rel));
    };
    for (const dir of dirs) {
      const idx = fs.index(dir);
      if (!idx) continue;
      if (idx.files.has('pyproject.toml')) {
        const tool = (readToml(path.join(dir, 'pyproject.toml'))?.['tool'] ?? {}) as Record<string, any>;
        const scm = tool['setuptools_scm'];
        if (scm && typeof scm === 'object') { add(dir, scm['write_to']); add(dir, scm['version_file']); }
        const vcs = tool['hatch']?.['build']?.['hooks']?.['vcs'];
        if (vcs && typeof vcs === 'object') add(dir, vcs['version-file']);
      }
      if (idx.files.has('setup.py')) {
        const text = safeRead(path.join(dir, 'setup.py')) ?? '';
        for (const m of text.matchAll(/['"](?:write_to|version_file)['"]\s*:\s*['"]([^'"]+)['"]/g)) add(dir, m[1]);
      }
      if (idx.files.has('.gitignore')) {
        for (const line of (safeRead(path.join(dir, '.gitignore')) ?? '').split(/\r?\n/)) {
          const l = line.trim().replace(/^\//, '');
          if (/^[\w./-]+\/[\w.-]+\.py$/.test(l) && !l.includes('..')) add(dir, l);
        }
      }
    }
    return out;
  };

  const getSession = (): Session => {
    if (session) return session;
    const { tests, projectDirs } = walk();
    const basedirs: string[] = [];
    const importlibTops = new Set<string>();
    for (const t of new Set(tests)) {
      basedirs.push(basedirOf(t));
      const rel = path.relative(cfg.rootdir, t).split(path.sep);
      if (rel.length > 1 && rel[0] !== '..' && IDENT.test(rel[0]!)) importlibTops.add(rel[0]!);
    }
    const declDirs = new Set([root, cfg.rootdir, ...projectDirs]);
    const declared = readDeclaredDeps(declDirs, (d) => {
      const idx = fs.index(d);
      return idx ? [...idx.files, ...idx.dirs] : null;
    });
    const pytestImports = new Set(PYTEST_IMPORTS);
    for (const p of cfg.plugins) for (const n of importNamesOf(p)) pytestImports.add(n);
    if (cfg.asyncioMode) pytestImports.add('pytest_asyncio');
    session = {
      basedirs: [...new Set(basedirs)],
      importlibTops,
      projectDirs,
      installedRoots: installedRoots([...new Set([root, cfg.rootdir, ...projectDirs])]),
      venv: findVenv(),
      declared,
      pytestImports,
      generated: generatedModules(new Set([root, cfg.rootdir, ...projectDirs])),
    };
    return session;
  };

  // ---- search paths per importing file ----------------------------------------------------

  let globalEntriesCache: Entry[] | null = null;

  /**
   * The session's sys.path. An import in a test file sees its own basedir first (prepend mode);
   * `findTopFrom` layers that on top of this list instead of building one list per basedir,
   * which keeps resolution linear on repositories with thousands of test directories.
   */
  const globalEntries = (): Entry[] => {
    if (globalEntriesCache) return globalEntriesCache;
    const s = getSession();
    const fp = (dir: string): Entry => ({ kind: 'first-party', dir });
    const entries: Entry[] = [];
    const basedirs = s.basedirs;
    if (cfg.importMode === 'prepend') entries.push(...basedirs.map(fp));
    if (cfg.importMode === 'importlib' && s.importlibTops.size > 0) {
      entries.push({ kind: 'first-party', dir: cfg.rootdir, only: s.importlibTops });
    }
    entries.push(...cfg.pythonpath.map(fp));
    entries.push({ kind: 'stdlib' });
    entries.push(...s.installedRoots.map(fp));
    if (s.venv) {
      if (s.venv.editableMap.size > 0) entries.push({ kind: 'mapped', map: s.venv.editableMap });
      for (const d of s.venv.extraDirs) entries.push(isInside(d, root) ? fp(d) : { kind: 'site', dir: d });
      for (const d of s.venv.siteDirs) entries.push({ kind: 'site', dir: d });
    }
    if (cfg.importMode === 'append') entries.push(...basedirs.map(fp));
    // One directory once, at its first position (sys.path insertions of a present entry do not duplicate it in effect).
    const seen = new Set<string>();
    const deduped = entries.filter((e) => {
      if (e.kind !== 'first-party' && e.kind !== 'site') return true;
      const key = e.dir + (e.kind === 'first-party' && e.only ? '\0only' : '');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    globalEntriesCache = deduped;
    return deduped;
  };

  /** The basedir pytest inserted at sys.path[0] just before importing this file ('' when none). */
  const ownBasedir = (fromFile: string): string =>
    cfg.importMode === 'prepend' && isTestFile(fromFile) ? basedirOf(fromFile) : '';

  // ---- finding modules ----------------------------------------------------------------------

  const topCache = new Map<string, Found>();
  const ownTopCache = new Map<string, Found>();
  const childCache = new Map<string, Found>();
  /** Namespace package portions by their first portion (the path in a `namespace` Target). */
  const nsPortions = new Map<string, string[]>();

  /** Does this `__init__.py` compute its own `__path__` (pkgutil/pkg_resources namespaces, plugins)? */
  const dynamicPath = new Map<string, boolean>();
  const hasDynamicPath = (init: string | null): boolean => {
    if (init === null) return true;
    let v = dynamicPath.get(init);
    if (v === undefined) {
      const text = safeRead(init, 1024 * 1024);
      v = text === null || /__path__|extend_path|declare_namespace/.test(text);
      dynamicPath.set(init, v);
    }
    return v;
  };

  /** Does this module register modules itself (`sys.modules["pkg.sub"] = obj`)? Its submodules cannot be judged. */
  const registersModules = new Map<string, boolean>();
  const hasModuleRegistration = (file: string | null): boolean => {
    if (file === null) return false;
    let v = registersModules.get(file);
    if (v === undefined) {
      const text = safeRead(file, 1024 * 1024);
      v = text !== null && /\bsys\.modules\s*\[[^\]\n]+\]\s*=(?!=)|\bsys\.modules\.(?:update|setdefault)\s*\(/.test(text);
      registersModules.set(file, v);
    }
    return v;
  };

  const topNamesIn = (entries: Entry[]): string[] => {
    const names: string[] = [];
    for (const e of entries) {
      if (e.kind !== 'first-party') continue;
      const idx = fs.index(e.dir);
      if (!idx) continue;
      const only = e.only;
      for (const f of idx.files) {
        const stem = f.slice(0, -3);
        if (f.endsWith('.py') && f !== '__init__.py' && (!only || only.has(stem))) names.push(stem);
      }
      for (const d of idx.dirs) if (IDENT.test(d) && d !== '__pycache__' && (!only || only.has(d))) names.push(d);
    }
    return names;
  };

  let globalTopNames: string[] | null = null;
  const globalNear = new Map<string, string[]>();
  /** Near-miss first-party top-level names for `name` as seen from a file whose own basedir is `own` (memoised per name). */
  const topCandidates = (name: string, own: string): string[] => {
    let global = globalNear.get(name);
    if (!global) {
      globalTopNames ??= topNamesIn(globalEntries());
      global = near(name, globalTopNames, true);
      globalNear.set(name, global);
    }
    return own ? near(name, [...topNamesIn([{ kind: 'first-party', dir: own }]), ...global], true) : global;
  };

  /** Everything a package (its directories) offers as submodules, for did-you-mean. */
  const childNames = (dirs: string[]): string[] => {
    const names: string[] = [];
    for (const d of dirs) {
      const idx = fs.index(d);
      if (!idx) continue;
      for (const f of idx.files) {
        if (f.endsWith('.py') && f !== '__init__.py') names.push(f.slice(0, -3));
        const ext = EXT_MODULE.exec(f);
        if (ext && ext[1] !== '__init__') names.push(ext[1]!);
      }
      for (const sub of idx.dirs) if (IDENT.test(sub) && sub !== '__pycache__') names.push(sub);
    }
    return names;
  };

  /** Find a top-level module on the session's search path (memoised). */
  const findTop = (name: string): Found => {
    let found = topCache.get(name);
    if (!found) {
      found = findTopIn(name, globalEntries());
      topCache.set(name, found);
    }
    return found;
  };

  /** Find a top-level module as seen from a test file whose basedir `own` is sys.path[0]. */
  const findTopFrom = (name: string, own: string): Found => {
    const global = findTop(name);
    if (!own || global.kind === 'builtin' && (BUILTIN_MODULE_NAMES.has(name) || PYTEST_PRELOADED.has(name))) return global;
    const key = `${own}\0${name}`;
    let found = ownTopCache.get(key);
    if (found) return found;
    const hit = lookupIn(fs, own, name);
    if (!hit) found = global;
    else if (hit.kind === 'pkg') found = { kind: 'pkg', init: hit.init, dirs: [hit.dir], parts: [name], firstParty: true, dynamic: hasDynamicPath(hit.init) };
    else if (hit.kind === 'module') found = { kind: 'module', file: hit.file, parts: [name], firstParty: true };
    else if (hit.kind === 'stub') found = global.kind === 'missing' ? { kind: 'stub' } : global;
    else if (global.kind === 'ns') found = { ...global, dirs: [hit.dir, ...global.dirs.filter((d) => d !== hit.dir)] };
    else if (global.kind === 'missing' || global.kind === 'stub') found = { kind: 'ns', dirs: [hit.dir], parts: [name], firstParty: true };
    else found = global; // a regular module elsewhere on sys.path beats this namespace portion
    ownTopCache.set(key, found);
    return found;
  };

  const findTopIn = (name: string, entries: Entry[]): Found => {
    if (BUILTIN_MODULE_NAMES.has(name) || PYTEST_PRELOADED.has(name) || name === '__main__') return { kind: 'builtin', name };
    const portions: string[] = [];
    let portionsFirstParty = false;
    let sitePortion = false;
    let stub = false;
    for (const e of entries) {
      if (e.kind === 'stdlib') {
        if (isStdlib(name, version)) return { kind: 'builtin', name };
        continue;
      }
      if (e.kind === 'mapped') {
        const dir = e.map.get(name);
        if (dir && fs.isDir(dir)) {
          const init = path.join(dir, '__init__.py');
          const hasInit = fs.isFile(init);
          const firstParty = isInside(dir, root);
          if (!firstParty) return { kind: 'installed', top: name };
          if (hasInit) return { kind: 'pkg', init, dirs: [dir], parts: [name], firstParty, dynamic: hasDynamicPath(init) };
          portions.push(dir);
          portionsFirstParty = true;
        } else if (dir && fs.isFile(dir)) {
          return isInside(dir, root) ? { kind: 'module', file: dir, parts: [name], firstParty: true } : { kind: 'installed', top: name };
        }
        continue;
      }
      if (e.kind === 'first-party' && e.only && !e.only.has(name)) continue;
      const hit = lookupIn(fs, e.dir, name);
      if (!hit) continue;
      if (e.kind === 'site') {
        if (hit.kind === 'ns') { sitePortion = true; continue; }
        if (hit.kind === 'stub') continue; // a stubs-only distribution (`foo-stubs`) is not importable
        return { kind: 'installed', top: name };
      }
      if (hit.kind === 'pkg') return { kind: 'pkg', init: hit.init, dirs: [hit.dir], parts: [name], firstParty: true, dynamic: hasDynamicPath(hit.init) };
      if (hit.kind === 'module') return { kind: 'module', file: hit.file, parts: [name], firstParty: true };
      if (hit.kind === 'stub') { stub = true; continue; }
      portions.push(hit.dir);
      portionsFirstParty = true;
    }
    if (portionsFirstParty) return { kind: 'ns', dirs: portions, parts: [name], firstParty: true };
    if (sitePortion) return { kind: 'installed', top: name };
    if (stub) return { kind: 'stub' };
    return { kind: 'missing', parts: [name], candidates: [], firstParty: false };
  };

  /** Find `parent.child` given the parent package. */
  const findChild = (parent: Found, child: string): Found => {
    if (parent.kind === 'builtin') return { kind: 'builtin', name: `${parent.name}.${child}` };
    if (parent.kind === 'installed' || parent.kind === 'stub' || parent.kind === 'missing') return parent;
    const key = parent.kind === 'module' ? `${parent.file}\0${child}` : `${parent.parts.join('.')}\0${parent.dirs.join('\0')}\0${child}`;
    let found = childCache.get(key);
    if (!found) {
      found = findChildUncached(parent, child);
      childCache.set(key, found);
    }
    return found;
  };

  const findChildUncached = (parent: Found & { kind: 'pkg' | 'module' | 'ns' }, child: string): Found => {
    const entries = globalEntries();
    const parts = [...parent.parts, child];
    if (parent.kind === 'module') {
      // `import a.b` where `a` is a plain module: "No module named 'a.b'; 'a' is not a package" —
      // unless `a` puts `a.b` into sys.modules itself (pytest's `py.py` shim registers `py.path`).
      if (parent.file === null || hasModuleRegistration(parent.file)) return { kind: 'stub' };
      return { kind: 'missing', parts, candidates: [], firstParty: true };
    }
    let dirs = parent.dirs;
    if (parent.kind === 'pkg' && parent.dynamic) {
      // pkgutil.extend_path & co.: the package's portions on every sys.path entry.
      dirs = [...dirs];
      for (const e of entries) {
        if (e.kind !== 'first-party' && e.kind !== 'site') continue;
        const d = path.join(e.dir, ...parent.parts);
        if (!dirs.includes(d) && fs.isDir(d)) dirs.push(d);
      }
    }
    const portions: string[] = [];
    let stub = false;
    for (const d of dirs) {
      const hit = lookupIn(fs, d, child);
      if (!hit) continue;
      if (hit.kind === 'pkg') return { kind: 'pkg', init: hit.init, dirs: [hit.dir], parts, firstParty: parent.firstParty, dynamic: hasDynamicPath(hit.init) };
      if (hit.kind === 'module') return { kind: 'module', file: hit.file, parts, firstParty: parent.firstParty };
      if (hit.kind === 'stub') stub = true;
      else portions.push(hit.dir);
    }
    if (portions.length > 0) return { kind: 'ns', dirs: portions, parts, firstParty: parent.firstParty };
    if (stub || (parent.kind === 'pkg' && (parent.dynamic || hasModuleRegistration(parent.init)))) return { kind: 'stub' }; // cannot judge
    const generated = getSession().generated;
    if (generated.size > 0 && dirs.some((d) => generated.has(path.join(d, `${child}.py`)))) {
      return { kind: 'module', file: null, parts, firstParty: parent.firstParty }; // written at install time: exists, unread
    }
    return { kind: 'missing', parts, candidates: near(child, childNames(dirs)).map((c) => [...parent.parts, c].join('.')), firstParty: true };
  };

  /** Find a dotted module as imported from a file whose own basedir is `own` ('' for none). */
  const find = (dotted: string, own: string): Found => {
    const parts = dotted.split('.');
    let cur = findTopFrom(parts[0]!, own);
    for (let i = 1; i < parts.length && cur.kind !== 'missing'; i++) cur = findChild(cur, parts[i]!);
    return cur;
  };

  // ---- external packages ------------------------------------------------------------------

  const externalStatus = (top: string): 'declared' | 'undeclared' | 'unknown' => {
    const s = getSession();
    if (s.pytestImports.has(top) || s.declared.importNames.has(top)) return 'declared';
    if (TOOLING_IMPORTS.has(top)) return 'unknown';
    if (s.declared.distributions.size === 0) return 'unknown';
    if (s.venv?.systemSite) return 'unknown';
    return 'undeclared';
  };

  const toTarget = (found: Found, own: string): Target => {
    switch (found.kind) {
      case 'builtin': return { kind: 'builtin', name: found.name };
      case 'installed': return { kind: 'external', packageName: found.top, status: 'installed' };
      case 'stub': return { kind: 'unknown' };
      case 'module': return found.file === null ? { kind: 'unknown' } : { kind: 'file', path: found.file };
      case 'pkg': return found.init === null ? { kind: 'unknown' } : { kind: 'file', path: found.init };
      case 'ns': {
        // PEP 420: a regular module anywhere on sys.path beats namespace portions. The stdlib and
        // site-packages sit after the project's entries, so check what they would give first.
        if (found.parts.length === 1) {
          const top = found.parts[0]!;
          if (isStdlib(top, version)) return { kind: 'builtin', name: top };
          const s = getSession();
          if (!s.venv && s.declared.importNames.has(top)) return { kind: 'external', packageName: top, status: 'declared' };
        }
        const first = found.dirs[0]!;
        nsPortions.set(first, found.dirs);
        return { kind: 'namespace', path: first };
      }
      case 'missing': {
        if (found.firstParty) return { kind: 'unresolved', reason: 'first-party', candidates: found.candidates };
        const top = found.parts[0]!;
        const status = externalStatus(top);
        if (status === 'undeclared' || (status === 'unknown' && getSession().venv && !getSession().venv!.systemSite && !TOOLING_IMPORTS.has(top))) {
          // Neither installed nor declared: a near-miss of a first-party module is most likely a typo.
          const candidates = topCandidates(top, own);
          if (candidates.length > 0) return { kind: 'unresolved', reason: 'first-party', candidates };
        }
        // A top-level directory or module of the project that no sys.path entry reaches (e.g. `tests.helpers`
        // without `tests/__init__.py`, rootdir conftest or `pythonpath = .`): pytest fails to import it.
        // Measured with pytest 9.0.3 run as `pytest` (not `python -m pytest`, which adds the cwd).
        if (status !== 'declared' && [root, cfg.rootdir].some((d) => lookupIn(fs, d, top) !== null)) {
          return { kind: 'unresolved', reason: 'first-party', candidates: [] };
        }
        return { kind: 'external', packageName: top, status };
      }
    }
  };

  // ---- module names -----------------------------------------------------------------------

  /** The dotted name of `file` relative to `dir`, if every directory in between can be a package. */
  const nameUnder = (file: string, dir: string): string[] | null => {
    if (!isInside(file, dir) || file === dir) return null;
    const rel = path.relative(dir, file).split(path.sep);
    const last = rel[rel.length - 1]!;
    if (fs.isDir(file)) {
      // a namespace package directory
    } else if (last.endsWith('.py')) rel[rel.length - 1] = last.slice(0, -3);
    else return null;
    if (rel[rel.length - 1] === '__init__') rel.pop();
    if (rel.length === 0 || !rel.every((p) => IDENT.test(p))) return null;
    return rel;
  };

  /** pytest's own name for a test file or conftest (`resolve_pkg_root_and_module_name`, else the stem or rootdir-relative name). */
  const pytestNameOf = (file: string): string[] | null => {
    const pkg = packagePath(file);
    if (pkg) return nameUnder(file, path.dirname(pkg));
    if (cfg.importMode === 'importlib') {
      // `module_name_from_path(path, rootdir)`
      const rel = nameUnder(file, cfg.rootdir);
      if (rel) return rel;
    }
    const stem = path.basename(file, '.py');
    return IDENT.test(stem) ? [stem] : null;
  };

  const moduleNames = new Map<string, string | null>();
  const moduleNameOf = (file: string): string | null => {
    const abs = path.resolve(file);
    let name = moduleNames.get(abs);
    if (name === undefined) {
      name = computeModuleName(abs);
      moduleNames.set(abs, name);
    }
    return name;
  };

  const computeModuleName = (abs: string): string | null => {
    if (isTestFile(abs)) return pytestNameOf(abs)?.join('.') ?? null;
    let best: string[] | null = null;
    for (const e of globalEntries()) {
      if (e.kind !== 'first-party') continue;
      const parts = nameUnder(abs, e.dir);
      if (!parts || (e.only && !e.only.has(parts[0]!))) continue;
      if (best && best.length <= parts.length) continue;
      const t = toTarget(find(parts.join('.'), ''), '');
      const same = (t.kind === 'file' && t.path === abs) || (t.kind === 'namespace' && (nsPortions.get(t.path) ?? [t.path]).includes(abs));
      if (same) best = parts;
    }
    return best?.join('.') ?? null;
  };

  // ---- the interface ----------------------------------------------------------------------

  /** The package a relative import in `fromFile` starts from, as a Found, or null when there is none. */
  const relativeBase = (fromFile: string, level: number, own: string): Found | 'beyond' | null => {
    const abs = path.resolve(fromFile);
    const isInit = path.basename(abs) === '__init__.py';
    const name = isTestFile(abs) ? pytestNameOf(abs) : (moduleNameOf(abs)?.split('.') ?? null);
    let pkgParts: string[];
    if (name) pkgParts = isInit ? name : name.slice(0, -1);
    else {
      // Not on any modelled path: fall back to the file's __init__.py chain.
      const pkg = packagePath(abs);
      if (!pkg) return null;
      pkgParts = nameUnder(abs, path.dirname(pkg))!;
      if (!isInit) pkgParts = pkgParts.slice(0, -1);
    }
    if (level > pkgParts.length) return 'beyond';
    const targetParts = pkgParts.slice(0, pkgParts.length - (level - 1));
    let dir = path.dirname(abs);
    for (let i = 1; i < level; i++) dir = path.dirname(dir);
    const init = path.join(dir, '__init__.py');
    if (fs.isFile(init)) return { kind: 'pkg', init, dirs: [dir], parts: targetParts, firstParty: true, dynamic: hasDynamicPath(init) };
    const byName = find(targetParts.join('.'), own);
    if (byName.kind === 'ns' && byName.dirs.includes(dir)) return byName;
    return { kind: 'ns', dirs: [dir], parts: targetParts, firstParty: true };
  };

  return {
    installedVersion(distribution: string): string | null {
      const want = distKey(distribution);
      for (const sp of getSession().venv?.siteDirs ?? []) {
        for (const d of fs.index(sp)?.dirs ?? []) {
          const m = /^(.+)-([^-]+)\.dist-info$/.exec(d);
          if (m && distKey(m[1]!) === want) return m[2]!;
        }
      }
      return null;
    },
    resolveModule(fromFile: string, module: string, level: number): Target {
      const own = ownBasedir(path.resolve(fromFile));
      if (level <= 0) {
        if (!module) return { kind: 'unknown' };
        return toTarget(find(module, own), own);
      }
      const base = relativeBase(fromFile, level, own);
      // "attempted relative import with no known parent package" / "beyond top-level package"
      if (base === 'beyond') return { kind: 'unresolved', reason: 'first-party', candidates: [] };
      if (base === null) {
        return isTestFile(path.resolve(fromFile)) ? { kind: 'unresolved', reason: 'first-party', candidates: [] } : { kind: 'unknown' };
      }
      let cur: Found = base;
      for (const part of module ? module.split('.') : []) {
        cur = findChild(cur, part);
        if (cur.kind === 'missing') break;
      }
      if (cur.kind === 'missing' && cur.candidates.length > 0) {
        // Did-you-mean as the user wrote it: keep the dots, replace the dotted tail.
        const depth = base.kind === 'pkg' || base.kind === 'ns' || base.kind === 'module' ? base.parts.length : 0;
        const dots = '.'.repeat(level);
        cur = { ...cur, candidates: cur.candidates.map((c) => dots + c.split('.').slice(depth).join('.')) };
      }
      return toTarget(cur, own);
    },

    resolveSubmodule(pkgPath: string, name: string): Target | null {
      const abs = path.resolve(pkgPath);
      let parent: Found;
      if (path.basename(abs) === '__init__.py') {
        const parts = moduleNameOf(abs)?.split('.') ?? [path.basename(path.dirname(abs))];
        parent = { kind: 'pkg', init: abs, dirs: [path.dirname(abs)], parts, firstParty: true, dynamic: hasDynamicPath(abs) };
      } else {
        const parts = moduleNameOf(abs)?.split('.') ?? [path.basename(abs)];
        parent = { kind: 'ns', dirs: nsPortions.get(abs) ?? [abs], parts, firstParty: true };
      }
      const child = findChild(parent, name);
      if (child.kind === 'missing') return null;
      return toTarget(child, '');
    },

    moduleNameOf,
  };
}
