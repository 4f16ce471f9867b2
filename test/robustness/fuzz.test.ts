// Property-based fuzzing (bounded for CI): random and mutated sources never throw out of a
// front-end or a rule, and a file's facts do not depend on what was read before it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile, DEFAULT_MAX_FILE_SIZE } from '../../src/engine/extract.js';
import { run } from '../../src/engine/run.js';
import { initFrontEnd } from '../../src/engine/extract.js';
import type { Language } from '../../src/facts/types.js';
import { fixturesRoot } from '../../src/rule-kit/tester.js';

const OPTIONS = { pythonVersion: [3, 12] as [number, number], pythonFunctions: ['test'], pythonClasses: ['Test'], isTest: true };
/** Extract, failing on a front-end exception (extractFile turns those into a parse error coded 'internal'). */
const facts = (file: string, language: Language, text: string) => {
  const f = extractFile({ root: os.tmpdir(), file, language, options: OPTIONS, maxFileSize: DEFAULT_MAX_FILE_SIZE, maxFileTime: 0, text });
  expect(f.parseErrors.filter((e) => e.code === 'internal')).toEqual([]);
  return f;
};

const SEEDS = {
  ts: readFileSync(path.join(fixturesRoot(), 'demo/tests/cart.test.ts'), 'utf8'),
  python: readFileSync(path.join(fixturesRoot(), 'undefined-name/valid/python-scopes/tests/test_scopes.py'), 'utf8'),
};
const TOKENS = ['(', ')', '{', '}', '[', ']', ':', '\n', '    ', '"', "'", '`', '${', '#', '//', '/*', 'def ', 'class ', 'import ', 'from ', 'async ', 'await ', '=>', '\\', '\0', '\uFEFF', '@', 'lambda', ',', ';'];

/** A seed source with random insertions and deletions: the inputs editors and bad merges produce. */
const mutated = (seed: string) => fc.array(fc.tuple(fc.nat(seed.length), fc.nat(8), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }))), { maxLength: 12 })
  .map((edits) => {
    let s = seed;
    for (const [at, del, ins] of edits) { const i = Math.min(at, s.length); s = s.slice(0, i) + ins + s.slice(i + del); }
    return s;
  });

beforeAll(async () => { await initFrontEnd('python'); await initFrontEnd('ts'); });

describe('front-ends never throw', () => {
  for (const [language, file] of [['ts', 'x.test.ts'], ['python', 'test_x.py']] as const) {
    it(`${language}: arbitrary text`, () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => { facts(file, language, text); }), { numRuns: 300, seed: 42 });
    });
    it(`${language}: mutated real code`, () => {
      fc.assert(fc.property(mutated(SEEDS[language]), (text) => { facts(file, language, text); }), { numRuns: 300, seed: 7 });
    });
    it(`${language}: facts do not depend on what was read before`, () => {
      fc.assert(fc.property(mutated(SEEDS[language]), mutated(SEEDS[language]), (a, b) => {
        const first = facts(file, language, a);
        facts(file, language, b);
        expect(facts(file, language, a)).toEqual(first);
      }), { numRuns: 60, seed: 3 });
    });
  }
});

describe('rules never crash on mutated projects', () => {
  it('no internal-error finding, no exception', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-fuzz-'));
    mkdirSync(path.join(dir, 'tests'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'f', private: true, devDependencies: { vitest: '^4.0.0' } }));
    writeFileSync(path.join(dir, 'tests/helpers.ts'), 'export function makeCart() { return { total: () => 1 }; }\n');
    await fc.assert(fc.asyncProperty(mutated(SEEDS.ts), mutated(SEEDS.python), async (ts, py) => {
      writeFileSync(path.join(dir, 'tests/cart.test.ts'), ts);
      writeFileSync(path.join(dir, 'tests/test_cart.py'), py);
      const result = await run({ cwd: dir, paths: ['.'] });
      expect(result.findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
    }), { numRuns: 25, seed: 11 });
  });
});
