import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, type RunOptions } from '../engine/run.js';
import { CACHE_FORMAT, FactsCache, decodeFacts, encodeFacts } from './cache.js';
import type { FrontEndOptions } from './types.js';

const DEMO = path.resolve(__dirname, '../../fixtures/demo');
const temps: string[] = [];
afterEach(() => { for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true }); });

function demoCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tl-cache-'));
  temps.push(dir);
  cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) && !src.includes('.test-lint-cache') });
  return dir;
}

const strip = (r: Awaited<ReturnType<typeof run>>) => r.findings.map((f) => `${f.file}:${f.span.line}:${f.span.column} ${f.ruleId} ${f.message}`);
const V = `v${CACHE_FORMAT}`;
/** Facts entries (not run-cache entries). */
const entries = (dir: string) => readdirSync(path.join(dir, V), { recursive: true }).filter((n) => String(n).endsWith('.json') && !String(n).startsWith('runs')).map((n) => path.join(dir, V, String(n)));

describe('facts cache', () => {
  it('misses on the first run, hits on the second, with identical findings', async () => {
    const dir = demoCopy();
    const base: RunOptions = { cwd: dir, paths: [], workers: 0 };
    const plain = await run(base);
    const first = await run({ ...base, cache: true });
    expect(first.cache!.hits).toBe(0);
    expect(first.cache!.misses).toBeGreaterThan(0);
    expect(first.cache!.written).toBe(first.cache!.misses);
    const second = await run({ ...base, cache: true });
    expect(second.cache!.misses).toBe(0);
    expect(second.cache!.hits).toBe(first.cache!.misses);
    expect(strip(second)).toEqual(strip(plain));
    expect(strip(first)).toEqual(strip(plain));
    expect(entries(path.join(dir, '.test-lint-cache')).length).toBe(first.cache!.written);
  });

  it('re-analyses only a changed file, and cross-file findings follow the change', async () => {
    const dir = demoCopy();
    const base: RunOptions = { cwd: dir, paths: [], cache: true, workers: 0 };
    const before = await run(base);
    expect(strip(before).some((l) => l.includes('makeUser'))).toBe(true);
    // Define the missing helper: the test importing it is judged again from its cached facts.
    appendFileSync(path.join(dir, 'tests/helpers/factories.ts'), '\nexport function makeUser() { return {}; }\n');
    const after = await run(base);
    expect(after.cache!.misses).toBe(1);
    expect(strip(after).some((l) => l.includes('makeUser'))).toBe(false);
    expect(strip(after)).toEqual(strip(await run({ cwd: dir, paths: [], workers: 0 })));
  });

  it('discards a corrupted entry with a warning and recomputes it', async () => {
    const dir = demoCopy();
    const warnings: string[] = [];
    const base: RunOptions = { cwd: dir, paths: [], cache: true, workers: 0, warn: (m) => warnings.push(m) };
    const first = await run(base);
    const all = entries(path.join(dir, '.test-lint-cache'));
    writeFileSync(all[0]!, '{"k": "trunc');
    writeFileSync(all[1]!, JSON.stringify({ k: 'another-key', f: {} }));
    const second = await run(base);
    expect(second.cache!.discarded).toBe(2);
    expect(warnings.filter((w) => w.includes('corrupted cache entry'))).toHaveLength(2);
    expect(strip(second)).toEqual(strip(first));
    warnings.length = 0;
    const third = await run(base);
    expect(third.cache!.misses).toBe(0);
    expect(warnings).toEqual([]);
  });

  it('honours --cache-location', async () => {
    const dir = demoCopy();
    const loc = path.join(dir, 'elsewhere');
    const r = await run({ cwd: dir, paths: [], cache: true, cacheLocation: loc, workers: 0 });
    expect(entries(loc).length).toBe(r.cache!.written);
  });

  it('keys on content, path, language, front-end options and tool version', () => {
    const opts: FrontEndOptions = { pythonVersion: [3, 12], pythonFunctions: ['test*'], pythonClasses: ['Test*'], isTest: true };
    const a = new FactsCache({ dir: '/nonexistent', toolVersion: '1' });
    const b = new FactsCache({ dir: '/nonexistent', toolVersion: '2' });
    const k = a.keyOf('t/test_a.py', 'h1', 'python', opts);
    expect(a.keyOf('t/test_a.py', 'h1', 'python', opts)).toBe(k);
    expect(b.keyOf('t/test_a.py', 'h1', 'python', opts)).not.toBe(k);
    expect(a.keyOf('t/test_a.py', 'h2', 'python', opts)).not.toBe(k);
    expect(a.keyOf('t/test_b.py', 'h1', 'python', opts)).not.toBe(k);
    expect(a.keyOf('t/test_a.py', 'h1', 'python', { ...opts, pythonVersion: [3, 8] })).not.toBe(k);
    expect(a.keyOf('t/test_a.py', 'h1', 'python', { ...opts, isTest: false })).not.toBe(k);
  });

  it('round-trips facts through the compact entry encoding', async () => {
    const r = await run({ cwd: DEMO, paths: [], workers: 0 });
    for (const facts of r.model.files()) {
      const text = encodeFacts('k', facts);
      expect(decodeFacts(text)).toEqual(JSON.parse(JSON.stringify(facts)));
      expect(text.length).toBeLessThan(JSON.stringify(facts).length + 100);
    }
    expect(readFileSync(path.join(DEMO, 'expected.txt'), 'utf8').length).toBeGreaterThan(0);
  });
});
