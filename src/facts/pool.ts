/**
 * A maintained pool of facts workers (node:worker_threads, no dependency): one pool per run,
 * sized to the cores, fed batches from one queue. Results come back in request order, so the
 * model is built in the same order as in-thread extraction and the report is identical.
 *
 * Workers import compiled JS (`dist/src/facts/worker.js`): the pool is available only when this
 * module itself runs from compiled JS (production); under vitest (TS sources) `compiledWorkerUrl`
 * is null and the engine extracts in-thread. A worker that dies (out of memory, a native crash)
 * does not end the run: its batches are extracted in-thread and the other workers carry on.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExtractRequest } from '../engine/extract.js';
import { decodeFacts } from './cache.js';
import type { FileFacts } from './types.js';

export interface PoolJob {
  req: ExtractRequest;
  /** Bytes already read by the main thread (cache lookups hash them); otherwise the worker reads the file. */
  bytes?: Uint8Array;
  /** Cache key for a miss: the worker writes the entry. */
  cacheKey?: string;
}

export interface WorkerData { cacheDir?: string; toolVersion?: string }
export interface WorkerBatch { id: number; jobs: PoolJob[] }
export type WorkerReply = { id: number; facts: string[]; error?: undefined } | { id: number; error: string; facts?: undefined };

/** Below this many files, worker start-up (~100–200 ms each, module loading) costs more than it saves. */
export const MIN_FILES_FOR_POOL = 200;
const BATCH = 8;

/** The compiled worker entry next to this module, or null when running from TS sources. */
export function compiledWorkerUrl(): URL | null {
  const self = import.meta.url;
  if (!self.endsWith('.js')) return null;
  const url = new URL('./worker.js', self);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/** How many workers a run of `files` files gets (0 = extract in-thread). */
export function poolSizeFor(files: number, requested?: number): number {
  if (requested !== undefined) return Math.max(0, requested);
  if (files < MIN_FILES_FOR_POOL) return 0;
  // Workers add CPU (module loading per worker, encoding facts across threads: +20–70 % CPU
  // measured on 2 cores) and the main thread decodes what they send: with fewer than 4 cores the
  // wall-clock gain is lost to contention, so small machines extract in-thread.
  const cores = availableParallelism();
  if (cores < 4) return 0;
  return Math.min(cores - 1, Math.ceil(files / 100), 8);
}

interface Slot { worker: Worker; inFlight: Map<number, Pending>; dead: boolean }
interface Pending { jobs: PoolJob[]; resolve: (facts: FileFacts[]) => void }

export class ExtractPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(size: number, url: URL, data: WorkerData, private readonly fallback: (job: PoolJob) => FileFacts) {
    for (let i = 0; i < size; i++) this.spawn(url, data);
  }

  /** A pool of `size` workers, or null when workers cannot run here (TS sources, size 0). */
  static create(size: number, fallback: (job: PoolJob) => FileFacts, data: WorkerData = {}, url: URL | null = compiledWorkerUrl()): ExtractPool | null {
    if (!url || size <= 0) return null;
    return new ExtractPool(size, url, data, fallback);
  }

  get size(): number { return this.slots.filter((s) => !s.dead).length; }

  private spawn(url: URL, data: WorkerData): void {
    // The TypeScript parser recurses per nesting level: give it more stack than the default.
    const worker = new Worker(url, { workerData: data, resourceLimits: { stackSizeMb: 16 }, stdout: false, stderr: false });
    const slot: Slot = { worker, inFlight: new Map(), dead: false };
    worker.on('message', (reply: WorkerReply) => {
      const p = slot.inFlight.get(reply.id);
      if (!p) return;
      slot.inFlight.delete(reply.id);
      if (reply.error !== undefined) p.resolve(p.jobs.map((j) => this.fallback(j)));
      else p.resolve(reply.facts.map(decodeFacts));
      this.pump();
    });
    const die = () => {
      if (slot.dead) return;
      slot.dead = true;
      for (const p of slot.inFlight.values()) p.resolve(p.jobs.map((j) => this.fallback(j)));
      slot.inFlight.clear();
      this.pump();
    };
    worker.on('error', die);
    worker.on('exit', die);
    this.slots.push(slot);
  }

  private queue: { jobs: PoolJob[]; resolve: (facts: FileFacts[]) => void }[] = [];

  private pump(): void {
    while (this.queue.length > 0) {
      const live = this.slots.filter((s) => !s.dead);
      if (live.length === 0) {
        // Every worker is gone: finish in-thread.
        for (const q of this.queue.splice(0)) q.resolve(q.jobs.map((j) => this.fallback(j)));
        return;
      }
      const slot = live.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
      if (slot.inFlight.size >= 2) return;
      const next = this.queue.shift()!;
      const id = this.nextId++;
      slot.inFlight.set(id, next);
      const transfer = next.jobs.flatMap((j) => (j.bytes ? [j.bytes.buffer as ArrayBuffer] : []));
      slot.worker.postMessage({ id, jobs: next.jobs } satisfies WorkerBatch, transfer);
    }
  }

  /** Extracts every job; results in job order. `onProgress(done)` after each batch. */
  async run(jobs: PoolJob[], onProgress?: (done: number) => void): Promise<FileFacts[]> {
    if (this.closed) throw new Error('pool is closed');
    // Transferred buffers must own their memory (a Buffer may be a view of a larger pool).
    for (const j of jobs) if (j.bytes && (j.bytes.byteOffset !== 0 || j.bytes.byteLength !== j.bytes.buffer.byteLength)) j.bytes = new Uint8Array(j.bytes);
    const out: FileFacts[] = new Array(jobs.length);
    let done = 0;
    const parts: Promise<void>[] = [];
    for (let i = 0; i < jobs.length; i += BATCH) {
      const start = i;
      const chunk = jobs.slice(i, i + BATCH);
      parts.push(new Promise<FileFacts[]>((resolve) => this.queue.push({ jobs: chunk, resolve })).then((facts) => {
        for (let k = 0; k < facts.length; k++) out[start + k] = facts[k]!;
        done += facts.length;
        onProgress?.(done);
      }));
    }
    this.pump();
    await Promise.all(parts);
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map(async (s) => { s.dead = true; await s.worker.terminate(); }));
  }
}
