#!/usr/bin/env node
/**
 * Whole-process speed bench: test-lint against floors and anchors measured in the SAME run.
 *
 *   npm run build && node bench/speed/run.mjs [--sizes 2500,5000,10000] [--runs 3]
 *        [--work /tmp/tl-bench] [--lang py,ts] [--no-anchors] [--pylint] [--no-cache-bench]
 *        [--json FILE] [--extra-args "--foo"] [--bin path/to/test-lint.js (another build)]
 *        [--cache-only (only the cached-run figures: no floors, anchors or cold runs)]
 *
 * N (each size) is the total number of test files, half Python (`py/`) and half TS (`ts/`);
 * see generate.mjs. Every command is spawned under `/usr/bin/time -f` (CPU = user+sys of
 * the process and its children, wall, peak RSS); each figure is the median of `--runs` runs.
 *
 * Floors: Python — `python3` compile() of the same .py files, and a read-and-parse-once of the
 * same files with the native tree-sitter binding test-lint uses; TS — `ts.createSourceFile`
 * over the same files. When `bench/speed/py-floor.py` / `ts-floor.mjs` exist they are run too
 * (`<script> <dir>`) and reported beside the inline floors.
 * Anchors (skipped when missing): `tsc --noEmit -p ts/` ; `pyflakes3` / `python3 -m pyflakes`;
 * `pylint -E` only with `--pylint` (≈150× compile: minutes per thousand files).
 * Cache figures (test-lint --cache): no-change re-run, after touching one helper, and a
 * pre-commit run on 5 test files with a warm cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
let BIN = path.join(REPO, 'bin/test-lint.js');

function parseArgs(argv) {
  const o = { sizes: [2500, 5000, 10000], runs: 3, work: path.join(tmpdir(), 'tl-bench'), langs: ['py', 'ts'], anchors: true, pylint: false, cacheBench: true, json: null, extra: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--sizes') o.sizes = v().split(',').map(Number);
    else if (a === '--runs') o.runs = Number(v());
    else if (a === '--work') o.work = path.resolve(v());
    else if (a === '--lang') o.langs = v().split(',');
    else if (a === '--no-anchors') o.anchors = false;
    else if (a === '--pylint') o.pylint = true;
    else if (a === '--no-cache-bench') o.cacheBench = false;
    else if (a === '--cache-only') o.cacheOnly = true;
    else if (a === '--json') o.json = path.resolve(v());
    else if (a === '--bin') BIN = path.resolve(v());
    else if (a === '--extra-args') o.extra = v().split(/\s+/).filter(Boolean);
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
const HAS_TIME = existsSync('/usr/bin/time');

/** Runs `cmd args` once; returns { cpu, wall, rss (MB), code }. */
function measure(cmd, args, cwd) {
  if (HAS_TIME) {
    const out = path.join(tmpdir(), `tl-bench-time-${process.pid}.txt`);
    const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S %M', cmd, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    const [wall, user, sys, rssKb] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rmSync(out, { force: true });
    return { cpu: user + sys, wall, rss: rssKb / 1024, code: r.status, stderr: String(r.stderr ?? '').slice(-2000) };
  }
  // Fallback: python's RUSAGE_CHILDREN around the command.
  const py = 'import resource,subprocess,sys,time\nt=time.time();p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL)\nu=resource.getrusage(resource.RUSAGE_CHILDREN)\nprint(time.time()-t,u.ru_utime,u.ru_stime,u.ru_maxrss)';
  const r = spawnSync('python3', ['-c', py, cmd, ...args], { cwd, encoding: 'utf8' });
  const [wall, user, sys, rssKb] = r.stdout.trim().split(' ').map(Number);
  return { cpu: user + sys, wall, rss: rssKb / 1024, code: r.status, stderr: r.stderr };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

function measureN(runs, cmd, args, cwd, before) {
  const rs = [];
  for (let i = 0; i < runs; i++) { before?.(); rs.push(measure(cmd, args, cwd)); }
  return { cpu: median(rs.map((r) => r.cpu)), wall: median(rs.map((r) => r.wall)), rss: median(rs.map((r) => r.rss)), code: rs[0].code, stderr: rs[0].stderr, runs };
}

// ---- floor scripts (written to the work dir, so they run as separate processes) ----------

const PY_COMPILE_FLOOR = `
import os, sys
n = 0
for root, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if d not in ('node_modules', '.test-lint-cache', '__pycache__')]
    for f in files:
        if f.endswith('.py'):
            p = os.path.join(root, f)
            with open(p, 'rb') as fh:
                src = fh.read()
            try:
                compile(src, p, 'exec', dont_inherit=True)
            except SyntaxError:
                pass
            n += 1
print(n)
`;

const TS_PARSE_FLOOR = `
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(path.join(REPO, 'package.json'))});
const ts = require('typescript');
let n = 0;
function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.test-lint-cache') continue;
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\\.[mc]?[jt]sx?$/.test(e.name)) { ts.createSourceFile(p, readFileSync(p, 'utf8'), ts.ScriptTarget.Latest, false); n++; }
  }
}
walk(process.argv[2]);
console.log(n);
`;

const PY_TREESITTER_FLOOR = `
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(path.join(REPO, 'package.json'))});
const Parser = require('tree-sitter');
const parser = new Parser();
parser.setLanguage(require('tree-sitter-python'));
let n = 0;
function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.test-lint-cache') continue;
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.py')) { const t = readFileSync(p, 'utf8'); parser.parse(t, undefined, { bufferSize: t.length * 2 + 1024 }); n++; }
  }
}
walk(process.argv[2]);
console.log(n);
`;

function ensureRepo(o, n) {
  const dir = path.join(o.work, `n${n}`);
  const marker = path.join(dir, 'seeded.json');
  const genHash = readFileSync(path.join(HERE, 'generate.mjs'), 'utf8').length; // cheap staleness check
  let ok = false;
  if (existsSync(marker)) {
    try { const m = JSON.parse(readFileSync(marker, 'utf8')); ok = m.n === n && m.gen === genHash; } catch { ok = false; }
  }
  if (!ok) {
    process.stderr.write(`generating N=${n} in ${dir}…\n`);
    const r = spawnSync(process.execPath, [path.join(HERE, 'generate.mjs'), '--out', dir, '--n', String(n)], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('generate failed');
    const m = JSON.parse(readFileSync(marker, 'utf8'));
    m.gen = genHash;
    writeFileSync(marker, JSON.stringify(m, null, 2));
  }
  // tsc needs vitest's types: link the repo's node_modules (test-lint's discovery skips node_modules).
  const nm = path.join(dir, 'ts', 'node_modules');
  if (!existsSync(nm)) symlinkSync(path.join(REPO, 'node_modules'), nm, 'dir');
  return dir;
}

function lintArgs(extra, more = []) {
  return [BIN, '--format', 'json', '-o', path.join(tmpdir(), `tl-bench-out-${process.pid}.json`), ...extra, ...more];
}

function findingsCount() {
  try {
    const j = JSON.parse(readFileSync(path.join(tmpdir(), `tl-bench-out-${process.pid}.json`), 'utf8'));
    return j.reduce((s, f) => s + (f.messages?.length ?? 0), 0);
  } catch { return null; }
}

function benchLang(o, dir, lang, scripts) {
  const proj = path.join(dir, lang);
  const res = { lang, floors: {}, anchors: {}, lint: null, cache: {} };
  const clearCache = () => rmSync(path.join(proj, '.test-lint-cache'), { recursive: true, force: true });
  if (o.cacheOnly) {
    // Only the cached-run figures (each is an absolute target): no floors, anchors or cold runs.
  } else if (lang === 'py') {
    if (has('python3')) res.floors.compile = measureN(o.runs, 'python3', [scripts.pyCompile, proj], proj);
    res.floors.treesitter = measureN(o.runs, process.execPath, [scripts.pyTs, proj], proj);
    const own = path.join(HERE, 'py-floor.py');
    if (existsSync(own) && has('python3')) res.floors.pyFloorScript = measureN(o.runs, 'python3', [own, proj], proj);
    if (o.anchors) {
      if (has('pyflakes3')) res.anchors.pyflakes = measureN(1, 'pyflakes3', ['src', 'tests'], proj);
      else if (spawnSync('python3', ['-c', 'import pyflakes']).status === 0) res.anchors.pyflakes = measureN(1, 'python3', ['-m', 'pyflakes', 'src', 'tests'], proj);
      if (o.pylint && has('pylint')) res.anchors.pylintE = measureN(1, 'pylint', ['-E', '--recursive=y', '--jobs=1', 'src', 'tests'], proj);
    }
  } else {
    res.floors.createSourceFile = measureN(o.runs, process.execPath, [scripts.tsParse, proj], proj);
    const own = path.join(HERE, 'ts-floor.mjs');
    if (existsSync(own)) res.floors.tsFloorScript = measureN(o.runs, process.execPath, [own, proj], proj);
    if (o.anchors) {
      const tsc = path.join(REPO, 'node_modules/typescript/bin/tsc');
      if (existsSync(tsc)) res.anchors.tscNoEmit = measureN(1, process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], proj);
    }
  }
  if (!o.cacheOnly) {
    res.lint = measureN(o.runs, process.execPath, lintArgs(o.extra), proj, clearCache);
    res.findings = findingsCount();
  }
  if (o.cacheBench) {
    clearCache();
    res.cache.cold = measureN(1, process.execPath, lintArgs(o.extra, ['--cache']), proj);
    res.cache.noChange = measureN(o.runs, process.execPath, lintArgs(o.extra, ['--cache']), proj);
    const helper = lang === 'py' ? path.join(proj, 'src/app/helpers/h00_order.py') : path.join(proj, 'src/helpers/h00-order.ts');
    const original = readFileSync(helper, 'utf8');
    let k = 0;
    try {
      res.cache.touchHelper = measureN(o.runs, process.execPath, lintArgs(o.extra, ['--cache']), proj, () => {
        // A new content each run: the helper's facts are always a miss, everything else a hit.
        writeFileSync(helper, original + (lang === 'py' ? `\n# touched ${++k}\n` : `\n// touched ${++k}\n`));
      });
      // A real edit: a new method changes the helper's facts, so every test is judged again (from cached facts).
      k = 0;
      res.cache.editHelper = measureN(o.runs, process.execPath, lintArgs(o.extra, ['--cache']), proj, () => {
        const method = lang === 'py' ? `\n    def added_${++k}(self) -> int:\n        return ${k}\n` : `\n  added${++k}(): number { return ${k}; }\n`;
        writeFileSync(helper, insertIntoFirstClass(original, method, lang));
      });
    } finally { writeFileSync(helper, original); }
    measure(process.execPath, lintArgs(o.extra, ['--cache']), proj); // re-warm after restoring the helper
    const five = lang === 'py'
      ? ['tests/g000/s0/test_scenario_00000.py', 'tests/g000/s1/test_scenario_00001.py', 'tests/g001/s0/test_scenario_00002.py', 'tests/g000/s2/test_scenario_00003.py', 'tests/g000/s3/test_scenario_00004.py']
      : ['test/g000/scenario-00000.test.ts', 'test/g001/scenario-00001.test.ts', 'test/g000/scenario-00002.test.ts', 'test/g001/scenario-00003.test.ts', 'test/g000/scenario-00004.test.ts'];
    res.cache.preCommit5 = measureN(o.runs, process.execPath, lintArgs(o.extra, ['--cache', ...five.filter((f) => existsSync(path.join(proj, f)))]), proj);
    res.cache.preCommit5NoCache = measureN(o.runs, process.execPath, lintArgs(o.extra, five.filter((f) => existsSync(path.join(proj, f)))), proj);
    clearCache();
  }
  return res;
}

/** `text` with `member` added as the last member of its first class (Python: indented body; TS: before the closing brace). */
function insertIntoFirstClass(text, member, lang) {
  if (lang === 'py') {
    const m = /^class .*:\n((?:(?: {4}.*)?\n)*)/m.exec(text);
    if (!m) return text + member;
    const end = m.index + m[0].length;
    return text.slice(0, end) + member + text.slice(end);
  }
  const start = text.search(/^export class |^class /m);
  if (start < 0) return text + member;
  const close = text.indexOf('\n}', start);
  return close < 0 ? text + member : text.slice(0, close) + member + text.slice(close);
}

const f1 = (x) => (x === undefined ? '—' : x.toFixed(1));
const f2 = (x) => (x === undefined ? '—' : x.toFixed(2));

function report(all) {
  const lines = [];
  for (const lang of ['py', 'ts']) {
    const rows = all.filter((r) => r[lang]).map((r) => ({ n: r.n, ...r[lang] }));
    if (!rows.length) continue;
    lines.push('', `## ${lang === 'py' ? 'Python' : 'TypeScript'} (N = total test files; this package has N/2)`, '');
    if (rows.some((r) => r.lint)) {
      lines.push('| N | test-lint CPU s | wall s | RSS MB | floor CPU s | ratio | 2nd floor (ratio) | anchors CPU s (ratio) | findings |');
      lines.push('|---|---|---|---|---|---|---|---|---|');
    }
    for (const r of rows.filter((x) => x.lint)) {
      const floor = lang === 'py' ? r.floors.compile : r.floors.createSourceFile;
      const second = lang === 'py' ? r.floors.treesitter : r.floors.tsFloorScript;
      const secondName = lang === 'py' ? 'tree-sitter parse' : 'ts-floor.mjs';
      const anchors = Object.entries(r.anchors).map(([k, v]) => `${k} ${f1(v.cpu)} (${floor ? f1(v.cpu / floor.cpu) : '—'}×)`).join('; ') || '—';
      lines.push(`| ${r.n} | ${f2(r.lint.cpu)} | ${f2(r.lint.wall)} | ${Math.round(r.lint.rss)} | ${floor ? f2(floor.cpu) : '—'} | ${floor ? f2(r.lint.cpu / floor.cpu) : '—'}× | ${second ? `${secondName} ${f2(second.cpu)} (${floor ? f2(second.cpu / floor.cpu) : '—'}×)` : '—'} | ${anchors} | ${r.findings ?? '—'} |`);
    }
    if (rows.some((r) => r.cache.noChange)) {
      lines.push('', '| N | cached, no change: CPU s / wall s | touch one helper (comment): CPU s / wall s | edit one helper (new method): CPU s / wall s | pre-commit 5 files, warm cache: CPU s / wall s | pre-commit 5 files, no cache | cached RSS MB |', '|---|---|---|---|---|---|---|');
      for (const r of rows) {
        const c = r.cache;
        const cw = (m) => (m ? `${f2(m.cpu)} / ${f2(m.wall)}` : '—');
        lines.push(`| ${r.n} | ${cw(c.noChange)} | ${cw(c.touchHelper)} | ${cw(c.editHelper)} | ${cw(c.preCommit5)} | ${cw(c.preCommit5NoCache)} | ${c.noChange ? Math.round(c.noChange.rss) : '—'} |`);
      }
    }
    if (rows.length > 1 && rows.every((r) => r.lint)) {
      const a = rows[0], b = rows[rows.length - 1];
      const fa = lang === 'py' ? a.floors.compile : a.floors.createSourceFile;
      const fb = lang === 'py' ? b.floors.compile : b.floors.createSourceFile;
      lines.push('', `growth ${a.n}→${b.n} (×${(b.n / a.n).toFixed(1)} files): test-lint CPU ×${f2(b.lint.cpu / a.lint.cpu)}, floor CPU ×${fa && fb ? f2(fb.cpu / fa.cpu) : '—'}, RSS ×${f2(b.lint.rss / a.lint.rss)}`);
    }
  }
  return lines.join('\n');
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(o.work, { recursive: true });
  if (!existsSync(path.join(REPO, 'dist/src/cli/main.js'))) throw new Error('run `npm run build` first');
  const scripts = { pyCompile: path.join(o.work, 'py-compile-floor.py'), pyTs: path.join(o.work, 'py-treesitter-floor.mjs'), tsParse: path.join(o.work, 'ts-parse-floor.mjs') };
  writeFileSync(scripts.pyCompile, PY_COMPILE_FLOOR);
  writeFileSync(scripts.pyTs, PY_TREESITTER_FLOOR);
  writeFileSync(scripts.tsParse, TS_PARSE_FLOOR);
  const all = [];
  for (const n of o.sizes) {
    const dir = ensureRepo(o, n);
    const row = { n };
    for (const lang of o.langs) {
      process.stderr.write(`N=${n} ${lang}…\n`);
      row[lang] = benchLang(o, dir, lang, scripts);
      if (row[lang].lint?.code === 2) process.stderr.write(`test-lint exited 2 on ${lang}: ${row[lang].lint.stderr}\n`);
    }
    all.push(row);
    if (o.json) writeFileSync(o.json, JSON.stringify(all, null, 2));
  }
  const text = `# test-lint speed bench — ${new Date().toISOString()} — runs=${o.runs} (medians), CPU = user+sys\n${report(all)}\n`;
  process.stdout.write(text);
  if (o.json) appendFileSync(o.json.replace(/\.json$/, '.md'), text);
}

main();
