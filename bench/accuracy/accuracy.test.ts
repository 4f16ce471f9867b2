// Smoke test of the accuracy benchmark: three seeded mutations of the pytest fixture, judged by
// the real runner. The full benchmark is `npm run bench:accuracy` (too slow for the suite).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasPytest } from '../oracle/oracle.js';
import { markdown, runBenchmark, sample } from './engine.js';
import type { Mutation } from './operators.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/accuracy/pytest-shop');

describe('accuracy benchmark', () => {
  it('samples round-robin over operators, reproducibly', () => {
    const ms: Mutation[] = [];
    for (const operator of ['drop-import', 'corrupt-nul-byte', 'benign-unused-export'] as const) {
      for (let i = 0; i < 5; i++) ms.push({ operator, file: `f${i}.py`, line: 1, description: '', content: '' });
    }
    const a = sample(ms, 6, 7);
    expect(a.map((m) => m.operator).sort()).toEqual(['benign-unused-export', 'benign-unused-export', 'corrupt-nul-byte', 'corrupt-nul-byte', 'drop-import', 'drop-import']);
    expect(sample(ms, 6, 7)).toEqual(a);
  });

  it.skipIf(!hasPytest())('labels three mutations with pytest and scores them', async () => {
    const report = await runBenchmark({ repo: fixture, seed: 3, count: 3, operators: ['corrupt-conflict-markers', 'rename-export', 'benign-import-reorder'] });
    expect(report.baseline.findings).toEqual([]);
    expect(report.baseline.runnerNotPassing).toEqual([]);
    expect(report.mutations).toHaveLength(3);
    const by = Object.fromEntries(report.mutations.map((m) => [m.operator, m]));
    expect(by['corrupt-conflict-markers'].label).toBe('collect-error');
    expect(by['corrupt-conflict-markers'].hit).toBe(true);
    expect(by['rename-export'].label).not.toBe('no-effect');
    expect(by['benign-import-reorder'].label).toBe('no-effect');
    expect(by['benign-import-reorder'].falseAlarm).toBe(false);
    expect(report.revertedClean).toBe(true);
    expect(markdown(report)).toContain('| operator |');
  }, 60_000);
});
