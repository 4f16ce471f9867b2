/**
 * The content-hash facts cache (`--cache`, `--cache-location`).
 *
 * One entry per (file path, content hash, tool build, front-end options): a small JSON file at
 * `<dir>/v<FORMAT>/<key[0..2]>/<key>.json`, so a run rewrites only the entries it missed and two
 * CI jobs sharing the folder never clobber each other. Keys never use mtimes, so the folder can be
 * restored from a CI cache on another machine. Entries are written atomically (temp file +
 * rename); an entry that does not parse or does not carry its own key is discarded with a warning
 * and recomputed. Findings are not kept here: the run cache (src/engine/run-cache.ts) keeps them
 * with what each file's judgment read, so a changed helper re-judges, from cached facts, only the
 * tests whose reads it changes.
 *
 * Spans, the bulk of every facts object, are stored as `[line, column, endLine, endColumn,
 * start, end]` arrays (about a third of the size of the object form, and faster to parse).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileFacts, FrontEndOptions, Language, Span } from './types.js';

/** Bump when the entry layout or the facts contract changes. */
export const CACHE_FORMAT = 2;
export const DEFAULT_CACHE_DIR = '.test-lint-cache';

export interface CacheStats { hits: number; misses: number; written: number; discarded: number }

export interface FactsCacheOptions {
  dir: string;
  /** Tool version + build id; part of every key. Defaults to `toolBuildId()`. */
  toolVersion?: string;
  /** Where warnings go (a corrupted entry). */
  warn?: (message: string) => void;
}

export class FactsCache {
  readonly dir: string;
  readonly toolVersion: string;
  readonly stats: CacheStats = { hits: 0, misses: 0, written: 0, discarded: 0 };
  private readonly warn: (message: string) => void;
  private readonly madeDirs = new Set<string>();
  private disabled = false;

  constructor(opts: FactsCacheOptions) {
    this.dir = path.join(opts.dir, `v${CACHE_FORMAT}`);
    this.toolVersion = opts.toolVersion ?? toolBuildId();
    this.warn = opts.warn ?? ((m) => process.stderr.write(`test-lint: ${m}\n`));
  }

  /** The key of one file's facts: its path, bytes, language, the front-end options and the tool build. */
  keyOf(file: string, contentHash: string, language: Language, options: FrontEndOptions): string {
    return createHash('sha1')
      .update(`${CACHE_FORMAT}\0${this.toolVersion}\0${language}\0${file}\0${contentHash}\0${optionsKey(options)}`)
      .digest('hex');
  }

  private entryPath(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): FileFacts | undefined {
    const p = this.entryPath(key);
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      this.stats.misses++;
      return undefined;
    }
    try {
      const facts = decodeEntry(text, key);
      this.stats.hits++;
      return facts;
    } catch (e) {
      this.stats.discarded++;
      this.stats.misses++;
      this.warn(`discarded a corrupted cache entry ${p} (${(e as Error).message}); the file is analysed again`);
      try { rmSync(p, { force: true }); } catch { /* another job may own it */ }
      return undefined;
    }
  }

  set(key: string, facts: FileFacts): void {
    this.setEncoded(key, encodeFacts(key, facts));
  }

  /** Stores an entry already encoded with `encodeFacts` (workers encode once for the cache and the transfer). */
  setEncoded(key: string, text: string): void {
    if (this.disabled) return;
    const p = this.entryPath(key);
    const dir = path.dirname(p);
    try {
      if (!this.madeDirs.has(dir)) { mkdirSync(dir, { recursive: true }); this.madeDirs.add(dir); }
      const tmp = `${p}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, p);
      this.stats.written++;
    } catch (e) {
      // A read-only or full disk must not end the run: lint without caching.
      this.disabled = true;
      this.warn(`cannot write the cache in ${this.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); continuing without it`);
    }
  }

  /** Removes the entries of older cache formats (never touches anything else). */
  pruneOldFormats(): void {
    const parent = path.dirname(this.dir);
    let names: string[];
    try { names = readdirSync(parent); } catch { return; }
    for (const n of names) {
      if (/^v\d+$/.test(n) && n !== `v${CACHE_FORMAT}`) {
        try { rmSync(path.join(parent, n), { recursive: true, force: true }); } catch { /* best effort */ }
      }
    }
  }
}

/**
 * Facts worth an entry. A file skipped for taking too long (`maxFileTime`) is skipped because of
 * the machine's speed and load, not its bytes: it is not stored, so the next run tries it again.
 */
export function cacheable(facts: FileFacts): boolean {
  return facts.skipped !== 'time';
}

function optionsKey(o: FrontEndOptions): string {
  return JSON.stringify([o.pythonVersion, o.pythonFunctions, o.pythonClasses, o.isTest]);
}

/**
 * An entry's text: `{"k": key, "p": fingerprint, "h": hash, "s": size, "f": facts}` with spans as
 * 6-number arrays. The fingerprint is a digest of everything in the facts except the content
 * hash and size: two versions of a file whose facts are equal (a comment added at the end) have
 * the same fingerprint, which is what lets the run cache reuse findings across such an edit.
 */
export function encodeFacts(key: string, facts: FileFacts): string {
  const { hash, size, ...rest } = facts;
  const body = JSON.stringify(rest, spanReplacer);
  const fp = createHash('sha1').update(body).digest('hex');
  fingerprints.set(facts, fp);
  return `{"k":${JSON.stringify(key)},"p":"${fp}","h":${JSON.stringify(hash)},"s":${size},"f":${body}}`;
}

const fingerprints = new WeakMap<FileFacts, string>();

/** The fingerprint of a facts object (known when it was encoded or decoded; computed otherwise). */
export function factsFingerprint(facts: FileFacts): string {
  let fp = fingerprints.get(facts);
  if (fp === undefined) {
    encodeFacts('', facts);
    fp = fingerprints.get(facts)!;
  }
  return fp;
}

/** The facts of an entry's text; throws when it is not an entry (of `key`, when given). */
function decodeEntry(text: string, key?: string): FileFacts {
  const entry = JSON.parse(text) as { k?: unknown; p?: unknown; h?: unknown; s?: unknown; f?: unknown };
  if ((key !== undefined && entry.k !== key) || !entry.f || typeof entry.f !== 'object' || typeof entry.p !== 'string') throw new Error('entry does not match its key');
  const facts = decodeSpans(entry.f) as FileFacts;
  if (typeof facts.file !== 'string' || !Array.isArray(facts.imports)) throw new Error('entry is not a facts object');
  facts.hash = String(entry.h);
  facts.size = Number(entry.s);
  fingerprints.set(facts, entry.p);
  return facts;
}

function isSpanKey(k: string): boolean {
  return k === 'span' || k.endsWith('Span');
}

function spanReplacer(this: unknown, k: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && isSpanKey(k) && !Array.isArray(v)) {
    const s = v as Span;
    if (typeof s.line === 'number' && typeof s.end === 'number') return [s.line, s.column, s.endLine, s.endColumn, s.start, s.end];
  }
  return v;
}

/** The facts of an `encodeFacts` text. */
export function decodeFacts(text: string): FileFacts {
  return decodeEntry(text);
}

/** Turns 6-number span arrays (under span keys) back into Span objects, in place. */
export function decodeSpans(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x !== null && typeof x === 'object') decodeSpans(x);
    }
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (x === null || typeof x !== 'object') continue;
    if (Array.isArray(x) && x.length === 6 && isSpanKey(k) && typeof x[0] === 'number') {
      o[k] = { line: x[0], column: x[1], endLine: x[2], endColumn: x[3], start: x[4], end: x[5] };
    } else {
      decodeSpans(x);
    }
  }
  return v;
}

let buildId: string | null = null;
let engineId: string | null = null;

/**
 * The tool version plus a fingerprint of the code that produces facts (a hash of the front-end
 * modules as loaded, ~300 KB read once), so a changed front-end never reads facts of an older
 * build, while an identical rebuild keeps the cache.
 */
export function toolBuildId(): string {
  buildId ??= hashModules(['frontends/python', 'frontends/ts', 'frontends/text', 'facts/types', 'facts/span', 'engine/extract']);
  return buildId;
}

/**
 * A fingerprint of all the code that turns facts into findings (model, config, engine, rules)
 * besides the front-ends: the run cache keys on it, so a changed rule never reuses old findings.
 */
export function engineBuildId(): string {
  engineId ??= hashModules(['.', '../rules'], toolBuildId());
  return engineId;
}

/**
 * Hashes the package version and the modules under `entries` (folders, recursively, or module
 * stems without extension) relative to the `src/` folder this module runs from (src/ in tests,
 * dist/src/ when built). Test files are left out.
 */
function hashModules(entries: string[], seed = ''): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const srcRoot = path.resolve(here, '..');
  const h = createHash('sha1').update(seed);
  try {
    const pkg = JSON.parse(readFileSync(path.resolve(here, findPackageJson(here)), 'utf8')) as { version?: string };
    h.update(String(pkg.version));
  } catch { h.update('unknown'); }
  const isModule = (n: string) => /\.(js|ts)$/.test(n) && !n.includes('.test.') && !n.endsWith('.d.ts');
  const walk = (rel: string): void => {
    const abs = path.join(srcRoot, rel);
    let names: string[];
    try { names = readdirSync(abs, { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name)).sort(); } catch {
      for (const ext of ['.js', '.ts']) {
        try { h.update(`${rel}${ext}\n`).update(readFileSync(abs + ext)); } catch { /* absent */ }
      }
      return;
    }
    for (const n of names) {
      if (n.endsWith('/')) walk(path.join(rel, n.slice(0, -1)));
      else if (isModule(n)) {
        try { h.update(`${rel}/${n}\n`).update(readFileSync(path.join(abs, n))); } catch { /* raced */ }
      }
    }
  };
  for (const e of entries) walk(e);
  return h.digest('hex').slice(0, 16);
}

function findPackageJson(from: string): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, 'package.json');
    try { statSync(p); return p; } catch { /* up */ }
    dir = path.dirname(dir);
  }
  return path.join(from, 'package.json');
}
