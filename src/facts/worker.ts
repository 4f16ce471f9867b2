/**
 * A facts worker thread: extraction requests in, encoded facts out (see pool.ts).
 * Runs only from compiled JS (dist/); the pool falls back to in-thread extraction otherwise.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractFile, extractFromBytes, initFrontEnd } from '../engine/extract.js';
import { FactsCache, cacheable, encodeFacts } from './cache.js';
import type { WorkerBatch, WorkerData, WorkerReply } from './pool.js';

const data = workerData as WorkerData;
const cache = data.cacheDir ? new FactsCache({ dir: data.cacheDir, toolVersion: data.toolVersion, warn: (m) => process.stderr.write(`test-lint: ${m}\n`) }) : null;
const loaded = new Set<string>();

parentPort!.on('message', async (batch: WorkerBatch) => {
  const out: string[] = [];
  try {
    for (const lang of new Set(batch.jobs.map((j) => j.req.language))) {
      if (!loaded.has(lang)) { await initFrontEnd(lang); loaded.add(lang); }
    }
    for (const job of batch.jobs) {
      const facts = job.bytes ? extractFromBytes(job.req, job.bytes) : extractFile(job.req);
      const text = encodeFacts(job.cacheKey ?? '', facts);
      if (cache && job.cacheKey && cacheable(facts)) cache.setEncoded(job.cacheKey, text);
      out.push(text);
      // Let native finalizers (tree-sitter trees) run: they wait for a turn of the event loop.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const reply: WorkerReply = { id: batch.id, facts: out };
    parentPort!.postMessage(reply);
  } catch (e) {
    const reply: WorkerReply = { id: batch.id, error: String((e as Error)?.stack ?? e) };
    parentPort!.postMessage(reply);
  }
});
