/**
 * The run cache (with `--cache`): the findings of a whole run, reused when nothing they depend on
 * changed.
 *
 * Findings are cross-file: a test's `unknown-member` depends on a helper's facts, an import's
 * resolution on what `node_modules` or the venv holds. So an entry records everything the run
 * observed: for every file in the model (linted and linked) its state token (the facts-cache key,
 * i.e. path + content hash + front-end options) and its facts fingerprint, and every file-system
 * probe the config loaders and resolvers made (src/fs/probe.ts). A later run with the same
 * engine build, config, options and discovered files reuses the findings when every token is the
 * same — or, for a file whose bytes changed, its new facts have the same fingerprint (early
 * cutoff: a comment added at the end changes no fact) — and every probe answers the same.
 * Otherwise, when only some files' facts changed, the entry's per-file record makes it an
 * incremental run (src/engine/incremental.ts); anything else is a full run over cached facts.
 * Either replaces the entry.
 *
 * Not observed: the file lists TypeScript enumerates for solution-style tsconfig references
 * (which referenced project owns a file); `$VIRTUAL_ENV` is part of the key.
 *
 * Entries live in `<cache>/v<FORMAT>/runs/<key>.json`, one per (config, options, file set), the
 * most recent few kept; written atomically like facts entries.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../rule-kit/types.js';
import { engineBuildId } from '../facts/cache.js';
import { packRecord, unpackRecord, type IncrementalRecord, type PackedRecord } from './incremental.js';

/** The state of one file as a run saw it: [path, token, facts fingerprint, stat when the token was taken]. */
export type ObservedFile = [file: string, token: string, fingerprint: string, stat?: string];

export interface RunEntry {
  key: string;
  files: ObservedFile[];
  probes: [string, string][];
  reported: string[];
  findings: Finding[];
  /** Per-file judgments for an incremental run (src/engine/incremental.ts); absent for sharded runs. */
  incremental?: IncrementalRecord;
}

/** An entry as stored: the incremental record packed. */
type StoredEntry = Omit<RunEntry, 'incremental'> & { incremental?: PackedRecord };

const KEEP = 16;

export class RunCache {
  private readonly dir: string;

  constructor(factsCacheDir: string, private readonly warn: (message: string) => void) {
    this.dir = path.join(factsCacheDir, 'runs');
  }

  /** The key of a run: the engine build, root, config and the options and files that shape its findings. */
  static keyOf(parts: { root: string; configFile: string | null; config: unknown; options: unknown; files: readonly string[] }): string {
    const h = createHash('sha1').update(engineBuildId()).update('\0').update(parts.root).update('\0').update(String(parts.configFile))
      .update('\0').update(JSON.stringify(parts.config) ?? '').update('\0').update(JSON.stringify(parts.options) ?? '').update('\0');
    for (const f of parts.files) h.update(f).update('\n');
    return h.digest('hex');
  }

  private entryPath(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }

  read(key: string): RunEntry | null {
    let text: string;
    try { text = readFileSync(this.entryPath(key), 'utf8'); } catch { return null; }
    try {
      const e = JSON.parse(text) as StoredEntry;
      if (e.key !== key || !Array.isArray(e.files) || !Array.isArray(e.probes) || !Array.isArray(e.findings) || !Array.isArray(e.reported)) throw new Error('not a run entry');
      const { incremental, ...rest } = e;
      return incremental === undefined ? rest : { ...rest, incremental: unpackRecord(incremental) };
    } catch (err) {
      this.warn(`discarded a corrupted run cache entry ${this.entryPath(key)} (${(err as Error).message})`);
      try { rmSync(this.entryPath(key), { force: true }); } catch { /* another job may own it */ }
      return null;
    }
  }

  write(entry: RunEntry): void {
    const p = this.entryPath(entry.key);
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${p}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
      const { incremental, ...rest } = entry;
      const stored: StoredEntry = incremental ? { ...rest, incremental: packRecord(incremental) } : rest;
      writeFileSync(tmp, JSON.stringify(stored));
      renameSync(tmp, p);
      this.prune();
    } catch (e) {
      this.warn(`cannot write the run cache in ${this.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  /** Keeps the KEEP most recently written entries (pre-commit runs on ever-different file sets must not grow the folder). */
  private prune(): void {
    let names: string[];
    try { names = readdirSync(this.dir).filter((n) => n.endsWith('.json')); } catch { return; }
    if (names.length <= KEEP) return;
    const aged = names.map((n) => { try { return [n, statSync(path.join(this.dir, n)).mtimeMs] as const; } catch { return [n, 0] as const; } })
      .sort((a, b) => b[1] - a[1]);
    for (const [n] of aged.slice(KEEP)) {
      try { rmSync(path.join(this.dir, n), { force: true }); } catch { /* best effort */ }
    }
  }
}
