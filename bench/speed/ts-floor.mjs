#!/usr/bin/env node
// The speed floor for JS/TS: read each file and parse it with TypeScript's createSourceFile, nothing else.
// test-lint's cold-run CPU time is judged as a ratio to this (DESIGN.md: ≤ 3×).
//   node bench/speed/ts-floor.mjs <dir>                 every JS/TS file under <dir> (node_modules, .git skipped)
//   node bench/speed/ts-floor.mjs --report report.json  the files a `test-lint --format json` report lists
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import fg from 'fast-glob';

const args = process.argv.slice(2);
let files;
if (args[0] === '--report') {
  files = JSON.parse(fs.readFileSync(args[1], 'utf8')).map((r) => r.filePath);
} else {
  const dir = path.resolve(args[0] ?? '.');
  files = fg.sync('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', { cwd: dir, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'], dot: true });
}
const kindOf = (f) => {
  const ext = f.slice(f.lastIndexOf('.') + 1);
  return ext === 'tsx' ? ts.ScriptKind.TSX : ext === 'jsx' ? ts.ScriptKind.JSX : /^[mc]?ts$/.test(ext) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
};
const t0 = process.cpuUsage();
const w0 = performance.now();
let bytes = 0;
let statements = 0;
for (const f of files) {
  let text;
  try { text = fs.readFileSync(f, 'utf8'); } catch { continue; }
  bytes += text.length;
  statements += ts.createSourceFile(f, text, ts.ScriptTarget.Latest, false, kindOf(f)).statements.length;
}
const cpu = process.cpuUsage(t0);
console.log(JSON.stringify({
  files: files.length, megabytes: +(bytes / 1e6).toFixed(2), statements,
  cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(3), wallSeconds: +((performance.now() - w0) / 1000).toFixed(3),
}));
