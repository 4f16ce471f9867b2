/**
 * Reads pytest's configuration the way pytest 9 does (`_pytest/config/findpaths.py`):
 * which file configures the run, the rootdir, and the ini options the resolver and the
 * test-file patterns depend on. Never runs Python; never throws on a broken file.
 */
import { exists, isFile, readText } from '../fs/probe.js';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';

export interface PytestConfig {
  rootdir: string;             // absolute
  iniFile: string | null;      // absolute path of the file that configured pytest, or null
  pythonpath: string[];        // absolute dirs from the `pythonpath` ini option (relative to the ini file's dir)
  testpaths: string[];         // as written
  pythonFiles: string[];       // default ['test_*.py', '*_test.py']
  pythonClasses: string[];     // default ['Test'] (plain names are prefixes, globs use fnmatch)
  pythonFunctions: string[];   // default ['test']
  importMode: 'prepend' | 'append' | 'importlib';
  asyncioMode: 'strict' | 'auto' | null;
  plugins: string[];           // `-p name` in addopts and `required_plugins` (names only)
  requiresPython: string | null;
  minversion: string | null;
  /** `norecursedirs` (fnmatch patterns on directory basenames). */
  norecursedirs: string[];
  /** `consider_namespace_packages` ini option (pytest ≥ 8.1), default false. */
  considerNamespacePackages: boolean;
  /** `addopts`, split as pytest splits it (shlex). */
  addopts: string[];
  /** Every option of the pytest section as read (ini mode: strings; toml mode: native values). */
  options: Record<string, unknown>;
}

/** Python's fnmatch (case-sensitive, as on POSIX) as a RegExp. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) { re += '\\['; continue; }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\^/g, '\\^')}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]/]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`, 's');
}

const norecurseCache = new WeakMap<PytestConfig, (absDir: string) => boolean>();

/**
 * pytest's `fnmatch_ex` over `norecursedirs`: a pattern without a `/` matches the directory's
 * basename; one with a `/` (`testing/example_scripts`) matches the directory's whole path, as
 * `*` + `/` + pattern for a relative pattern. `__pycache__` is never collected either.
 */
export function norecurseMatcher(cfg: PytestConfig): (absDir: string) => boolean {
  let m = norecurseCache.get(cfg);
  if (m) return m;
  const byName: RegExp[] = [];
  const byPath: RegExp[] = [];
  for (const p of cfg.norecursedirs) {
    const pattern = p.replace(/\\/g, '/');
    if (!pattern.includes('/')) byName.push(fnmatchToRegExp(pattern));
    else byPath.push(fnmatchToRegExp(path.posix.isAbsolute(pattern) ? pattern : `*/${pattern}`));
  }
  m = (absDir: string) => {
    const name = path.basename(absDir);
    if (name === '__pycache__' || byName.some((re) => re.test(name))) return true;
    if (!byPath.length) return false;
    const posix = absDir.split(path.sep).join('/');
    return byPath.some((re) => re.test(posix));
  };
  norecurseCache.set(cfg, m);
  return m;
}

/**
 * Does pytest skip this file when it recurses from the rootdir: some directory between the rootdir
 * and the file matches `norecursedirs` (see norecurseMatcher, as `pytest_ignore_collect` does)?
 * Files outside the rootdir are judged by the directories below the rootdir's parent chain only.
 */
export function inNorecurseDir(cfg: PytestConfig, absFile: string): boolean {
  const skip = norecurseMatcher(cfg);
  const rel = path.relative(cfg.rootdir, absFile);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const dirs = rel.split(path.sep).slice(0, -1);
  let dir = cfg.rootdir;
  for (const d of dirs) {
    dir = path.join(dir, d);
    if (skip(dir)) return true;
  }
  return false;
}

export const DEFAULT_NORECURSEDIRS = ['*.egg', '.*', '_darcs', 'build', 'CVS', 'dist', 'node_modules', 'venv', '{arch}'];

// ---------------------------------------------------------------------------------------
// INI parsing, after `iniconfig` (the parser pytest uses): `#`/`;` comment lines, `[section]`,
// `key = value` or `key: value`, indented continuation lines joined with "\n", and NO inline
// comment stripping (pytest passes strip_inline_comments=False).

export type IniSections = Map<string, Map<string, string>>;

/** Parse INI text into sections; malformed lines are skipped instead of failing. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | null = null;
  let lastKey: string | null = null;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const trimmedStart = raw.trimStart();
    if (trimmedStart === '' || trimmedStart[0] === '#' || trimmedStart[0] === ';') continue;
    const line = raw.trimEnd();
    if (line[0] === '[') {
      const header = line.split('#')[0]!.split(';')[0]!.trimEnd();
      if (header.endsWith(']') && header.length > 2) {
        const name = header.slice(1, -1);
        current = sections.get(name) ?? new Map();
        sections.set(name, current);
        lastKey = null;
      }
      continue;
    }
    if (!/^\s/.test(line)) {
      const eq = line.indexOf('=');
      let sep = eq;
      if (eq < 0 || line.slice(0, eq).includes(':')) sep = line.indexOf(':');
      if (sep < 0 || current === null) { lastKey = null; continue; }
      const key = line.slice(0, sep).trim();
      const value = line.slice(sep + 1).trim();
      // iniconfig rejects a duplicate key; keep the first and ignore the rest.
      if (current.has(key)) { lastKey = null; continue; }
      current.set(key, value);
      lastKey = key;
      continue;
    }
    // continuation
    if (current !== null && lastKey !== null) {
      const prev = current.get(lastKey)!;
      const data = line.trim();
      current.set(lastKey, prev ? `${prev}\n${data}` : data);
    }
  }
  return sections;
}

/** Python's `shlex.split` (POSIX mode, no comments), enough for ini values and addopts. */
export function shlexSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote === "'") {
      if (c === "'") quote = null; else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < s.length && '\\"$`\n'.includes(s[i + 1]!)) cur += s[++i];
      else cur += c;
    } else if (/\s/.test(c)) {
      if (inWord) { out.push(cur); cur = ''; inWord = false; }
    } else if (c === "'" || c === '"') {
      quote = c; inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i]; inWord = true;
    } else {
      cur += c; inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

// ---------------------------------------------------------------------------------------
// Locating the config file.

type Mode = 'ini' | 'toml';
interface Found { options: Record<string, unknown>; mode: Mode }

const CONFIG_NAMES = ['pytest.toml', '.pytest.toml', 'pytest.ini', '.pytest.ini', 'pyproject.toml', 'tox.ini', 'setup.cfg'];


const tomlCache = new Map<string, Record<string, unknown> | null>();
/** A parsed TOML file, or null when missing or invalid (memoised per path and mtime-free: config is read once per run). */
export function readToml(file: string): Record<string, unknown> | null {
  if (tomlCache.has(file)) return tomlCache.get(file)!;
  const text = readText(file);
  let value: Record<string, unknown> | null = null;
  if (text !== null) {
    try { value = parseToml(text) as Record<string, unknown>; } catch { value = null; }
  }
  tomlCache.set(file, value);
  return value;
}

/** Forget cached TOML (tests rewrite files between cases). */
export function clearConfigCaches(): void { tomlCache.clear(); }

function table(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? (v as Record<string, unknown>) : null;
}

/** Does this file configure pytest, and with what? Mirrors `load_config_dict_from_file`. */
function loadConfigDict(file: string): Found | null {
  const base = path.basename(file);
  if (file.endsWith('.ini')) {
    const text = readText(file);
    if (text === null) return null;
    const ini = parseIni(text);
    const sec = ini.get('pytest');
    if (sec) return { options: Object.fromEntries(sec), mode: 'ini' };
    if (base === 'pytest.ini' || base === '.pytest.ini') return { options: {}, mode: 'ini' };
    return null;
  }
  if (file.endsWith('.cfg')) {
    const text = readText(file);
    if (text === null) return null;
    const sec = parseIni(text).get('tool:pytest');
    return sec ? { options: Object.fromEntries(sec), mode: 'ini' } : null;
  }
  if (file.endsWith('.toml')) {
    const doc = readToml(file);
    if (doc === null) return null;
    if (base === 'pytest.toml' || base === '.pytest.toml') {
      return { options: { ...(table(doc['pytest']) ?? {}) }, mode: 'toml' };
    }
    const tp = table(table(doc['tool'])?.['pytest']);
    if (!tp) return null;
    const native = Object.fromEntries(Object.entries(tp).filter(([k]) => k !== 'ini_options'));
    if (Object.keys(native).length > 0) return { options: native, mode: 'toml' };
    const ini = table(tp['ini_options']);
    if (ini) {
      return {
        options: Object.fromEntries(Object.entries(ini).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)])),
        mode: 'ini',
      };
    }
  }
  return null;
}

function ancestors(dir: string): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    out.push(d);
    const parent = path.dirname(d);
    if (parent === d) return out;
    d = parent;
  }
}

/** `locate_config`: the first directory upward with a file that configures pytest; else the nearest pyproject.toml. */
function locateConfig(start: string): { rootdir: string; iniFile: string; found: Found } | null {
  let firstPyproject: string | null = null;
  for (const base of ancestors(start)) {
    for (const name of CONFIG_NAMES) {
      const p = path.join(base, name);
      if (!isFile(p)) continue;
      if (name === 'pyproject.toml' && firstPyproject === null) firstPyproject = p;
      const found = loadConfigDict(p);
      if (found) return { rootdir: base, iniFile: p, found };
    }
  }
  // pytest ≥ 8.1: a pyproject.toml without a pytest table still counts when nothing else does.
  if (firstPyproject) return { rootdir: path.dirname(firstPyproject), iniFile: firstPyproject, found: { options: {}, mode: 'ini' } };
  return null;
}

// ---------------------------------------------------------------------------------------
// Option coercion (`_getini_ini` / `_getini_toml`).

function asArgs(v: unknown): string[] | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(String);
  return shlexSplit(String(v));
}

function asString(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(String).join(' ');
  return String(v);
}

function asBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === undefined || v === null) return null;
  const s = String(v).trim().toLowerCase();
  if (['y', 'yes', 't', 'true', 'on', '1'].includes(s)) return true;
  if (['n', 'no', 'f', 'false', 'off', '0'].includes(s)) return false;
  return null;
}

/** Import mode and `-p` plugins named in addopts. */
function readAddopts(addopts: string[]): { importMode: PytestConfig['importMode'] | null; plugins: string[] } {
  let importMode: PytestConfig['importMode'] | null = null;
  const plugins: string[] = [];
  for (let i = 0; i < addopts.length; i++) {
    const a = addopts[i]!;
    let mode: string | undefined;
    if (a.startsWith('--import-mode=')) mode = a.slice('--import-mode='.length);
    else if (a === '--import-mode') mode = addopts[++i];
    if (mode === 'prepend' || mode === 'append' || mode === 'importlib') importMode = mode;
    let plugin: string | undefined;
    if (a === '-p') plugin = addopts[++i];
    else if (a.startsWith('-p') && !a.startsWith('--')) plugin = a.slice(2);
    if (plugin && !plugin.startsWith('no:')) plugins.push(plugin);
  }
  return { importMode, plugins };
}

/** The distribution name of a requirement string such as `pytest-xdist>=2.0`. */
function requirementName(req: string): string | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(req);
  return m ? m[1]! : null;
}

/**
 * Load pytest's configuration as `pytest` started in `startDir` with no path arguments would.
 * `args.rootdir` plays `--rootdir`.
 */
export function loadPytestConfig(startDir: string, args: { rootdir?: string } = {}): PytestConfig {
  const start = path.resolve(startDir);
  const located = locateConfig(start);
  let rootdir: string;
  let iniFile: string | null = null;
  let found: Found = { options: {}, mode: 'ini' };
  if (located) {
    ({ rootdir, iniFile, found } = located);
  } else {
    // No config file: the first ancestor with setup.py, else the start directory itself.
    rootdir = ancestors(start).find((d) => isFile(path.join(d, 'setup.py'))) ?? start;
  }
  if (args.rootdir) rootdir = path.resolve(start, args.rootdir);

  const o = found.options;
  const iniDir = iniFile ? path.dirname(iniFile) : start;
  const addopts = asArgs(o['addopts']) ?? [];
  const fromAddopts = readAddopts(addopts);
  const required = (asArgs(o['required_plugins']) ?? []).map(requirementName).filter((n): n is string => n !== null);
  const asyncio = asString(o['asyncio_mode'])?.trim();

  let requiresPython: string | null = null;
  const pyproject = readToml(path.join(rootdir, 'pyproject.toml'));
  const rp = table(pyproject?.['project'])?.['requires-python'];
  if (typeof rp === 'string') requiresPython = rp;

  return {
    rootdir,
    iniFile,
    pythonpath: (asArgs(o['pythonpath']) ?? []).map((p) => path.resolve(iniDir, p)),
    testpaths: asArgs(o['testpaths']) ?? [],
    pythonFiles: asArgs(o['python_files']) ?? ['test_*.py', '*_test.py'],
    pythonClasses: asArgs(o['python_classes']) ?? ['Test'],
    pythonFunctions: asArgs(o['python_functions']) ?? ['test'],
    importMode: fromAddopts.importMode ?? 'prepend',
    asyncioMode: asyncio === 'auto' || asyncio === 'strict' ? asyncio : null,
    plugins: [...new Set([...fromAddopts.plugins, ...required])],
    requiresPython,
    minversion: asString(o['minversion']),
    norecursedirs: asArgs(o['norecursedirs']) ?? DEFAULT_NORECURSEDIRS,
    considerNamespacePackages: asBool(o['consider_namespace_packages']) ?? false,
    addopts,
    options: o,
  };
}

// ---------------------------------------------------------------------------------------
// Target Python version.

/** The lowest `major.minor` a version specifier allows (`>=3.9,<4` → [3,9]; `^3.10` → [3,10]), or null. */
export function lowerBound(spec: string): [number, number] | null {
  let best: [number, number] | null = null;
  for (const part of spec.split(/[,|]/)) {
    const m = /^\s*(>=|~=|==|>|\^|~|===)?\s*(\d+)(?:\.(\d+|\*))?/.exec(part);
    if (!m || (m[1] === undefined && /[<!]/.test(part))) continue;
    if (/^\s*(<|<=|!=)/.test(part)) continue;
    const v: [number, number] = [Number(m[2]), m[3] === undefined || m[3] === '*' ? 0 : Number(m[3])];
    if (!best || v[0] > best[0] || (v[0] === best[0] && v[1] > best[1])) best = v;
  }
  return best;
}

function parseDotted(s: unknown): [number, number] | null {
  if (typeof s !== 'string' && typeof s !== 'number') return null;
  const m = /^\s*(\d+)\.(\d+)/.exec(String(s));
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * The Python version the project targets: `[tool.test-lint] python-version`, else the lower
 * bound of `requires-python` (or poetry's `python` dependency), else ruff's `target-version`,
 * else mypy's `python_version`, else 3.13. `override` is an explicit setting (e.g. the CLI's).
 */
export function pythonVersionFrom(
  config: Pick<PytestConfig, 'requiresPython'> | null,
  rootdir: string,
  override?: string | null,
): [number, number] {
  const fromOverride = parseDotted(override ?? undefined);
  if (fromOverride) return fromOverride;
  const pyproject = readToml(path.join(rootdir, 'pyproject.toml'));
  const tool = table(pyproject?.['tool']);
  const own = parseDotted(table(tool?.['test-lint'])?.['python-version']);
  if (own) return own;
  const requires = config?.requiresPython ?? (table(pyproject?.['project'])?.['requires-python'] as string | undefined);
  if (typeof requires === 'string') {
    const lb = lowerBound(requires);
    if (lb) return lb;
  }
  const poetryPython = table(table(tool?.['poetry'])?.['dependencies'])?.['python'];
  if (typeof poetryPython === 'string') {
    const lb = lowerBound(poetryPython);
    if (lb) return lb;
  }
  const ruffTarget = (table(tool?.['ruff'])?.['target-version'])
    ?? readToml(path.join(rootdir, 'ruff.toml'))?.['target-version']
    ?? readToml(path.join(rootdir, '.ruff.toml'))?.['target-version'];
  if (typeof ruffTarget === 'string') {
    const m = /^py(\d)(\d+)$/.exec(ruffTarget);
    if (m) return [Number(m[1]), Number(m[2])];
  }
  const mypy = parseDotted(table(tool?.['mypy'])?.['python_version']);
  if (mypy) return mypy;
  for (const [file, section] of [['mypy.ini', 'mypy'], ['.mypy.ini', 'mypy'], ['setup.cfg', 'mypy']] as const) {
    const p = path.join(rootdir, file);
    if (!exists(p)) continue;
    const v = parseDotted(parseIni(readText(p) ?? '').get(section)?.get('python_version'));
    if (v) return v;
  }
  return [3, 13];
}
