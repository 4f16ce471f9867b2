/**
 * The contract between the project model and the language resolvers.
 * Resolvers read the real file system (tsconfig, package.json, pytest ini, site-packages);
 * they work in absolute paths. The model turns them into project-relative ones.
 */
import type { CompilerOptions } from 'typescript';

export type Target =
  /** A source file to analyse (absolute path). For Python packages: the `__init__.py`. */
  | { kind: 'file'; path: string }
  /** A Python namespace package directory (no `__init__.py`), absolute path. */
  | { kind: 'namespace'; path: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'external'; packageName: string; status: 'installed' | 'declared' | 'undeclared' | 'unknown' }
  /** A non-code file that exists (css, json, svg, …), absolute path. */
  | { kind: 'asset'; path: string }
  /**
   * `reason` says whether a first-party path or a package was expected. `candidates`: near-miss specifiers as the user would write them.
   * `detail`: why, when it is not plain absence (e.g. only tsconfig `paths` map it and the runner does not read them).
   */
  | { kind: 'unresolved'; reason: 'first-party' | 'package'; candidates: string[]; detail?: string }
  /** Cannot judge: stay quiet. */
  | { kind: 'unknown' };

export interface TsResolver {
  /** Resolve `specifier` as imported from the absolute path `fromFile`. */
  resolve(fromFile: string, specifier: string): Target;
  /** The tsconfig that owns the absolute path `file` (null when none) and its compiler options (for the type checker). */
  projectOf(file: string): { configFile: string | null; options: CompilerOptions };
}

export interface PythonResolver {
  /**
   * Resolve a module as imported from `fromFile` (absolute path).
   * `module` is the dotted name as written (may be '' for `from . import x`); `level` the leading dots.
   */
  resolveModule(fromFile: string, module: string, level: number): Target;
  /** For `from pkg import name`: the submodule `name` of the package whose `__init__.py`/dir is `pkgPath`, if it exists. */
  resolveSubmodule(pkgPath: string, name: string): Target | null;
  /** The dotted module name pytest would give this file (for patch targets and messages), or null. */
  moduleNameOf(file: string): string | null;
  /** The version of a distribution installed in the project's virtualenv (its `*.dist-info` folder), or null. */
  installedVersion(distribution: string): string | null;
}
