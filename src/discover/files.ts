/**
 * Finds the source files under the user's paths: fast-glob over the source extensions,
 * minus .gitignore'd, config-excluded and tool folders; symlinks are never followed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import type { Language } from '../facts/types.js';

export const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
export const PY_EXTENSIONS = ['.py', '.pyi'];

const ALWAYS_IGNORED = [
  '**/node_modules/**', '**/.git/**', '**/.hg/**', '**/.svn/**', '**/__pycache__/**',
  '**/.venv/**', '**/venv/**', '**/.tox/**', '**/.nox/**', '**/.mypy_cache/**', '**/.pytest_cache/**',
  '**/.ruff_cache/**', '**/site-packages/**', '**/.test-lint-cache/**',
];

export function languageOf(file: string): Language | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.py' || ext === '.pyi') return 'python';
  if (ext === '.ts' || ext === '.tsx' || ext === '.mts' || ext === '.cts') return 'ts';
  if (ext === '.js' || ext === '.jsx' || ext === '.mjs' || ext === '.cjs') return 'js';
  return null;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export interface DiscoverOptions {
  root: string;
  /** Absolute paths the user named (files or directories). */
  paths: string[];
  include?: string[];
  exclude?: string[];
}

export interface Discovered {
  /** Project-relative POSIX paths. */
  files: string[];
  /** Named paths that do not exist. */
  missing: string[];
}

/** .gitignore rules from the root and every folder below it that has one. */
function loadGitignores(root: string): (rel: string) => boolean {
  const files = fg.sync('**/.gitignore', { cwd: root, ignore: ALWAYS_IGNORED, dot: true, followSymbolicLinks: false, suppressErrors: true });
  const rules: { dir: string; ig: Ignore }[] = [];
  for (const f of files) {
    try {
      rules.push({ dir: path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f) + '/', ig: ignore().add(readFileSync(path.join(root, f), 'utf8')) });
    } catch { /* unreadable .gitignore: nothing to apply */ }
  }
  return (rel) => rules.some(({ dir, ig }) => rel.startsWith(dir) && ig.ignores(rel.slice(dir.length)));
}

export function discoverFiles(opts: DiscoverOptions): Discovered {
  const { root } = opts;
  const ignored = loadGitignores(root);
  const exts = [...JS_EXTENSIONS, ...PY_EXTENSIONS].map((e) => e.slice(1)).join(',');
  const out = new Set<string>();
  const missing: string[] = [];
  const userExclude = opts.exclude ?? [];
  for (const p of opts.paths) {
    let st;
    try { st = statSync(p); } catch { missing.push(p); continue; }
    if (st.isFile()) {
      // A file named explicitly is linted even when ignored (the user asked for it).
      if (languageOf(p)) out.add(toPosix(path.relative(root, p)));
      continue;
    }
    if (!st.isDirectory()) continue;
    const relDir = toPosix(path.relative(root, p));
    const patterns = (opts.include && opts.include.length > 0 ? opts.include : [`**/*.{${exts}}`]);
    const found = fg.sync(patterns, {
      cwd: p, ignore: [...ALWAYS_IGNORED, ...userExclude], dot: false, onlyFiles: true,
      followSymbolicLinks: false, suppressErrors: true, unique: true,
    });
    for (const f of found) {
      const rel = relDir ? `${relDir}/${f}` : f;
      if (!languageOf(rel) || ignored(rel)) continue;
      out.add(rel);
    }
  }
  return { files: [...out].sort(), missing };
}

/** The project root for the given paths: the nearest folder at or above their common ancestor holding a project marker. */
export function findProjectRoot(paths: string[], cwd: string): string {
  let common = paths.length ? path.resolve(cwd, paths[0]) : cwd;
  for (const p of paths.slice(1)) {
    const abs = path.resolve(cwd, p);
    while (!(abs + path.sep).startsWith(common + path.sep) && abs !== common) common = path.dirname(common);
  }
  try { if (statSync(common).isFile()) common = path.dirname(common); } catch { common = path.dirname(common); }
  const markers = ['package.json', 'pyproject.toml', 'setup.py', 'setup.cfg', 'pytest.ini', 'tox.ini', 'tsconfig.json', '.git'];
  let dir = common;
  for (;;) {
    // A Python package folder is never a project root, even with a `setup.py` module in it (homeassistant/setup.py).
    const isPackage = existsSync(path.join(dir, '__init__.py'));
    if (!isPackage && markers.some((m) => existsSync(path.join(dir, m)))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return common;
    dir = up;
  }
}
