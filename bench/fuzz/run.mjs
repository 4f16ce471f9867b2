#!/usr/bin/env node
// Long fuzz run of the front-ends (the bounded version runs in the test suite: test/robustness/fuzz.test.ts).
// Usage: npm run build && node bench/fuzz/run.mjs [--runs N] [--seed S]
// Feeds random and mutated sources through both front-ends; prints every input that throws.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { extractFile, initFrontEnd, DEFAULT_MAX_FILE_SIZE } from '../../dist/src/engine/extract.js';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const runs = arg('--runs', 20000);
const seed = arg('--seed', Date.now() % 100000);
await initFrontEnd('python');
await initFrontEnd('ts');

/** Every fixture source file, as seeds for mutation. */
function seeds(dir, ext, out = []) {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) seeds(p, ext, out);
    else if (ext.some((x) => p.endsWith(x))) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}
const root = path.resolve(new URL('../../fixtures', import.meta.url).pathname);
const corpus = { ts: seeds(root, ['.ts', '.tsx', '.js']), python: seeds(root, ['.py']) };
const TOKENS = ['(', ')', '{', '}', '[', ']', ':', '\n', '    ', '\t', '"', "'", '`', '${', '"""', '#', '//', '/*', '*/', 'def ', 'class ', 'import ', 'from ', 'async ', 'await ', 'yield ', '=>', '\\', '\0', '\uFEFF', '\r', '@', 'lambda', ',', ';', '<div>', '</', 'f"{', 'match ', 'case '];
const opts = { pythonVersion: [3, 12], pythonFunctions: ['test'], pythonClasses: ['Test'], isTest: true };
const failures = [];
for (const [language, file] of [['ts', 'x.test.tsx'], ['python', 'test_x.py']]) {
  const mutated = fc.tuple(fc.constantFrom(...corpus[language]), fc.array(fc.tuple(fc.nat(5000), fc.nat(20), fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 10, unit: 'binary' }))), { maxLength: 30 }))
    .map(([s, edits]) => { for (const [at, del, ins] of edits) { const i = Math.min(at, s.length); s = s.slice(0, i) + ins + s.slice(i + del); } return s; });
  const started = Date.now();
  fc.assert(fc.property(fc.oneof(mutated, fc.string({ unit: 'binary', maxLength: 2000 })), (text) => {
    try {
      // extractFile turns a front-end exception into a parse error with code 'internal': count those too.
      const facts = extractFile({ root: os.tmpdir(), file, language, options: opts, maxFileSize: DEFAULT_MAX_FILE_SIZE, maxFileTime: 0, text });
      const internal = facts.parseErrors.find((e) => e.code === 'internal');
      if (internal) failures.push({ language, error: internal.message, text });
    } catch (e) {
      failures.push({ language, error: String(e), text });
    }
  }), { numRuns: runs, seed });
  console.log(`${language}: ${runs} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}`);
}
if (failures.length) writeFileSync('fuzz-failures.json', JSON.stringify(failures, null, 2));
console.log(`${failures.length} inputs crashed a front-end${failures.length ? ' (written to fuzz-failures.json)' : ''}`);
process.exitCode = failures.length ? 1 : 0;
