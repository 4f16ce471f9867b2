/**
 * The file-system reads the project model and the config loaders make, in one place, and a
 * record of them: what a run *observed* of the file system besides the linted files themselves.
 *
 * Resolution depends on more than the facts of the files in the model: whether `node_modules/x`
 * exists, what a venv holds, which config files a glob finds. The run cache (src/engine/run-cache.ts)
 * may reuse a run's findings only when every such observation is still the same, so every probe
 * the model, the resolvers and the config loaders make goes through these functions, which note
 * `probe key → digest of the answer` while a recording is on. `stillHolds` asks the same
 * questions again and compares.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';

export type EntryKind = 'file' | 'dir';

/** Observations of one run: probe key → digest. */
export type ProbeLog = Map<string, string>;

let recording: ProbeLog | null = null;

/** Start noting probes (one run at a time); returns the log that fills up. */
export function startRecording(): ProbeLog {
  recording = new Map();
  return recording;
}

export function stopRecording(): void {
  recording = null;
}

function note(key: string, digest: string): void {
  recording?.set(key, digest);
}

const sha1 = (s: string | Uint8Array) => createHash('sha1').update(s).digest('hex');

interface Listing { entries: Map<string, EntryKind>; links: Set<string> }

function listDirNow(dir: string): Listing | null {
  let list: fs.Dirent[];
  try {
    list = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  const out: Listing = { entries: new Map(), links: new Set() };
  for (const d of list) {
    if (d.isFile()) out.entries.set(d.name, 'file');
    else if (d.isDirectory()) out.entries.set(d.name, 'dir');
    else if (d.isSymbolicLink()) {
      // Followed; a dangling link or a loop is absent.
      out.links.add(d.name);
      const k = kindNow(path.join(dir, d.name));
      if (k) out.entries.set(d.name, k);
    }
  }
  return out;
}

function dirDigest(l: Listing | null): string {
  if (!l) return '!';
  return sha1([...l.entries].map(([n, k]) => `${l.links.has(n) ? 'l' : ''}${k[0]}${n}`).sort().join('\0'));
}

/**
 * A folder's entries (symlinks followed; broken ones left out), or null when it is not a readable
 * folder. `links` (when given) receives the names that are symbolic links.
 */
export function listDir(dir: string, links?: Set<string>): Map<string, EntryKind> | null {
  const out = listDirNow(dir);
  if (recording) note(`d\0${dir}`, dirDigest(out));
  if (out && links) for (const n of out.links) links.add(n);
  return out?.entries ?? null;
}

/** Entry names of a folder (no kinds), or null. */
export function listNames(dir: string): string[] | null {
  const e = listDir(dir);
  return e ? [...e.keys()] : null;
}

function kindNow(p: string): EntryKind | null {
  try {
    const st = fs.statSync(p);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : null;
  } catch {
    return null;
  }
}

/** What is at `p` (following symlinks), or null. */
export function pathKind(p: string): EntryKind | null {
  const k = kindNow(p);
  note(`k\0${p}`, k ?? '!');
  return k;
}

export const isFile = (p: string): boolean => pathKind(p) === 'file';
export const exists = (p: string): boolean => pathKind(p) !== null;

/** A file's text and, when `digest` is asked for, the digest a recording notes (hashing only while recording). */
function readTextNow(file: string, maxBytes: number, digest: boolean): { text: string | null; digest: string } {
  try {
    if (maxBytes !== Infinity && fs.statSync(file).size > maxBytes) return { text: null, digest: 'big' };
    const bytes = fs.readFileSync(file);
    return { text: bytes.toString('utf8'), digest: digest ? sha1(bytes) : '' };
  } catch {
    return { text: null, digest: '!' };
  }
}

/** A file's text, or null when it cannot be read (or is over `maxBytes`). */
export function readText(file: string, maxBytes = Infinity): string | null {
  const r = readTextNow(file, maxBytes, recording !== null);
  note(`f\0${maxBytes}\0${file}`, r.digest);
  return r.text;
}

/**
 * A source file's text as the TypeScript checker reads it (kind `F`): the run cache may not reuse a
 * whole run when one changed, but an incremental run judges the files that asked the checker again
 * anyway, so these need not hold for it (`structural`).
 */
export function readSourceText(file: string): string | null {
  const r = readTextNow(file, Infinity, recording !== null);
  note(`F\0${Infinity}\0${file}`, r.digest);
  return r.text;
}

/** The probes every reuse depends on (all but the checker's source reads). */
export function structural(log: Iterable<[string, string]>): [string, string][] {
  return [...log].filter(([k]) => !k.startsWith('F\0'));
}

export function realpath(p: string): string {
  let r: string;
  try {
    r = fs.realpathSync.native(p);
  } catch {
    r = p;
  }
  note(`r\0${p}`, r);
  return r;
}

export interface GlobOptions { cwd: string; onlyFiles?: boolean; absolute?: boolean; deep?: number; dot?: boolean; ignore?: string[] }

function globNow(patterns: string | string[], o: GlobOptions): string[] {
  try {
    return fg.sync(patterns, { ...o, suppressErrors: true });
  } catch {
    return [];
  }
}

/** fast-glob's `sync` (errors suppressed: an unreadable folder matches nothing). */
export function globSync(patterns: string | string[], o: GlobOptions): string[] {
  const out = globNow(patterns, o);
  if (recording) note(`g\0${JSON.stringify([patterns, o])}`, sha1([...out].sort().join('\0')));
  return out;
}

/** Does every observation of `log` still hold? (Each one asked again, in order; stops at the first change.) */
export function stillHolds(log: Iterable<[string, string]>): boolean {
  for (const [key, digest] of log) {
    const [kind, a, b] = key.split('\0') as [string, string, string | undefined];
    let now: string;
    switch (kind) {
      case 'd': now = dirDigest(listDirNow(a)); break;
      case 'k': now = kindNow(a) ?? '!'; break;
      case 'f': case 'F': now = readTextNow(b!, Number(a), true).digest; break;
      case 'r': try { now = fs.realpathSync.native(a); } catch { now = a; } break;
      case 'g': { const [p, o] = JSON.parse(key.slice(2)) as [string | string[], GlobOptions]; now = sha1([...globNow(p, o)].sort().join('\0')); break; }
      default: return false;
    }
    if (now !== digest) return false;
  }
  return true;
}
