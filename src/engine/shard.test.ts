import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { run, shardFiles } from './run.js';
import { parseShard, progressIndicator, UsageError, type Io } from '../cli/main.js';

const DEMO = path.resolve(__dirname, '../../fixtures/demo');

describe('--shard', () => {
  it('partitions any file list into disjoint shards that cover it', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (files, n) => {
      const parts = Array.from({ length: n }, (_, i) => shardFiles(files, { index: i + 1, count: n }));
      const all = parts.flat();
      expect(all.length).toBe(files.length);
      expect(new Set(all)).toEqual(new Set(files));
    }));
  });

  it('the shards of a project report exactly what one unsharded run reports', async () => {
    const key = (f: { file: string; span: { line: number; column: number }; ruleId: string; message: string }) => `${f.file}:${f.span.line}:${f.span.column} ${f.ruleId} ${f.message}`;
    const whole = await run({ cwd: DEMO, paths: [], workers: 0 });
    for (const n of [2, 3]) {
      const shards = await Promise.all(Array.from({ length: n }, (_, i) => run({ cwd: DEMO, paths: [], workers: 0, shard: { index: i + 1, count: n } })));
      const files = shards.flatMap((s) => s.files);
      expect(new Set(files).size).toBe(files.length);
      expect(new Set(files)).toEqual(new Set(whole.files));
      expect(shards.flatMap((s) => s.findings.map(key)).sort()).toEqual(whole.findings.map(key).sort());
      for (const s of shards) for (const f of s.findings) expect(s.files).toContain(f.file);
    }
  });

  it('parses i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '2']) expect(() => parseShard(bad)).toThrow(UsageError);
  });
});

describe('progress indicator', () => {
  const io = (tty: boolean, out: string[]): Io => ({ stdout: () => {}, stderr: (s) => out.push(s), cwd: '.', isTTY: false, stderrIsTTY: tty });

  it('stays silent when stderr is not a terminal', () => {
    expect(progressIndicator(io(false, []))).toBeNull();
  });

  it('shows nothing during the first second, then a throttled line it erases at the end', () => {
    const out: string[] = [];
    let t = 0;
    const p = progressIndicator(io(true, out), () => t)!;
    p.update({ phase: 'parse', done: 1, total: 10 });
    t = 500; p.update({ phase: 'parse', done: 2, total: 10 });
    expect(out).toEqual([]);
    t = 1200; p.update({ phase: 'parse', done: 5, total: 10 });
    t = 1250; p.update({ phase: 'parse', done: 6, total: 10 }); // throttled
    t = 1400; p.update({ phase: 'parse', done: 9, total: 10 });
    p.done();
    expect(out.length).toBe(3);
    expect(out[0]).toContain('5/10');
    expect(out[1]).toContain('9/10');
    expect(out[2]).toBe('\r\x1b[K');
  });

  it('a short run leaves stderr untouched', () => {
    const out: string[] = [];
    const p = progressIndicator(io(true, out), () => 0)!;
    p.update({ phase: 'parse', done: 1, total: 1 });
    p.done();
    expect(out).toEqual([]);
  });
});
