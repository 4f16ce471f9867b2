import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, extractFile, type ExtractRequest } from '../engine/extract.js';
import { initFrontEnd } from '../engine/extract.js';
import { ExtractPool, compiledWorkerUrl, poolSizeFor, type PoolJob } from './pool.js';
import type { FrontEndOptions, Language } from './types.js';

// The pool runs compiled workers: `npm test` builds dist/ first.
const WORKER = path.resolve(__dirname, '../../dist/src/facts/worker.js');
const dir = mkdtempSync(path.join(tmpdir(), 'tl-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts: FrontEndOptions = { pythonVersion: [3, 12], pythonFunctions: ['test*'], pythonClasses: ['Test*'], isTest: true };
const files: Record<string, string> = {
  'a.test.ts': "import { describe, it, expect } from 'vitest';\nimport { x } from './b';\ndescribe('s', () => { it('t', () => { expect(x).toBe(1); }); });\n",
  'b.ts': 'export const x = 1;\nexport class C { m(a: number) { return a; } }\n',
  'broken.ts': 'export const = ;\n',
  'deep.ts': `export const v = ${'['.repeat(5000)}${']'.repeat(5000)};\n`,
  'test_a.py': 'import pytest\nfrom app import thing\n\n@pytest.mark.parametrize("a", [1, 2])\ndef test_a(a):\n    assert a\n',
  'test_bad.py': 'def test_x(:\n    pass\n',
  'bin.py': '\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0',
};
for (const [f, t] of Object.entries(files)) writeFileSync(path.join(dir, f), t);
const lang = (f: string): Language => (f.endsWith('.py') ? 'python' : 'ts');
const reqs: ExtractRequest[] = Object.keys(files).filter((f) => f !== 'deep.ts').map((file) => ({ root: dir, file, language: lang(file), options: opts, maxFileSize: DEFAULT_MAX_FILE_SIZE, maxFileTime: 0 }));

describe('extraction pool', () => {
  it('is not available from TS sources (vitest): the engine extracts in-thread', () => {
    expect(compiledWorkerUrl()).toBeNull();
  });

  it('uses no workers for small runs', () => {
    expect(poolSizeFor(10)).toBe(0);
    expect(poolSizeFor(10, 3)).toBe(3);
  });

  it.skipIf(!existsSync(WORKER))('returns the same facts as in-thread extraction, in request order', async () => {
    await initFrontEnd('python'); await initFrontEnd('ts');
    const expected = reqs.map((r) => JSON.parse(JSON.stringify(extractFile(r))));
    const pool = ExtractPool.create(2, () => { throw new Error('no fallback expected'); }, {}, pathToFileURL(WORKER))!;
    try {
      const jobs: PoolJob[] = [...reqs, ...reqs, ...reqs].map((req) => ({ req }));
      const progress: number[] = [];
      const got = await pool.run(jobs, (d) => progress.push(d));
      expect(got).toEqual([...expected, ...expected, ...expected]);
      expect(progress[progress.length - 1]).toBe(jobs.length);
      // Bytes handed over by the main thread (the cache path) give the same facts.
      const { readFileSync } = await import('node:fs');
      const withBytes = await pool.run(reqs.map((req) => ({ req, bytes: readFileSync(path.join(dir, req.file)) })));
      expect(withBytes).toEqual(expected);
    } finally {
      await pool.close();
    }
  });

  it.skipIf(!existsSync(WORKER))('gives workers a stack deep enough for deeply nested code', async () => {
    const pool = ExtractPool.create(1, () => { throw new Error('no fallback expected'); }, {}, pathToFileURL(WORKER))!;
    try {
      const [deep] = await pool.run([{ req: { root: dir, file: 'deep.ts', language: 'ts', options: opts, maxFileSize: DEFAULT_MAX_FILE_SIZE, maxFileTime: 0 } }]);
      expect(deep!.parseErrors.filter((e) => e.code === 'TS-crash')).toEqual([]);
      expect(deep!.exports.map((e) => e.name)).toEqual(['v']);
    } finally {
      await pool.close();
    }
  });

  it.skipIf(!existsSync(WORKER))('extracts in-thread when the workers die', async () => {
    await initFrontEnd('python'); await initFrontEnd('ts');
    const fallback: string[] = [];
    const pool = ExtractPool.create(1, (job) => { fallback.push(job.req.file); return extractFile(job.req); }, {}, pathToFileURL(WORKER))!;
    try {
      await (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!.worker.terminate();
      const got = await pool.run(reqs.map((req) => ({ req })));
      expect(got.map((f) => f.file)).toEqual(reqs.map((r) => r.file));
      expect(fallback).toEqual(reqs.map((r) => r.file));
    } finally {
      await pool.close();
    }
  });
});
