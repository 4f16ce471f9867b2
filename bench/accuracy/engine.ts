/**
 * The accuracy benchmark: seeded faults in a copy of a real test suite, judged by the real runner
 * (vitest / pytest through bench/oracle), scored against test-lint's findings.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { run, type RunResult } from '../../src/engine/run.js';
import type { Finding } from '../../src/rule-kit/types.js';
import type { Project } from '../../src/model/project.js';
import { hasPytest, pytestVerdicts, vitestVerdicts, type FileVerdict, type Outcome } from '../oracle/oracle.js';
import { candidates, isBenign, OPERATORS, type Mutation, type Operator, type Workspace } from './operators.js';

export type Label = 'collect-error' | 'test-fail' | 'skip' | 'no-effect';
const PHASE_OF: Record<Exclude<Label, 'no-effect'>, string> = { 'collect-error': 'collect', 'test-fail': 'run', skip: 'skip' };
const RANK: Record<Outcome, number> = { pass: 0, skip: 1, 'test-fail': 2, 'collect-error': 3 };

export interface BenchOptions {
  repo: string;
  seed: number;
  count: number;
  /** Only these operators (default: all that apply). */
  operators?: Operator[];
  /** Progress lines on stderr. */
  log?: (line: string) => void;
  /** Per runner invocation. */
  timeoutMs?: number;
}

export interface MutationResult {
  id: number;
  operator: Operator;
  benign: boolean;
  file: string;
  line: number;
  description: string;
  runner: 'vitest' | 'pytest';
  /** Test files the runner was asked to run. */
  ran: string[];
  label: Label;
  /** Test files whose verdict changed, with the runner's verdict and message. */
  broken: { file: string; outcome: Outcome; message: string }[];
  /** test-lint findings that are not in the unmutated baseline. */
  newFindings: { rule: string; file: string; line: number; phase: string; message: string }[];
  /** A new finding at the mutated file or a broken test file with the phase the runner's label implies. */
  hit: boolean;
  /** Found at the right place, but with another phase. */
  otherPhase: boolean;
  /** New findings where the runner saw no effect (benign controls and faults that did not break anything). */
  falseAlarm: boolean;
}

export interface BenchReport {
  repo: string;
  seed: number;
  count: number;
  runners: string[];
  baseline: {
    testFiles: number;
    findings: { rule: string; file: string; line: number; phase: string; message: string }[];
    /** Test files the runner does not pass before any mutation. */
    runnerNotPassing: { file: string; outcome: Outcome; message: string }[];
  };
  candidates: Partial<Record<Operator, number>>;
  mutations: MutationResult[];
  /** test-lint's findings after every mutation was reverted equal the baseline. */
  revertedClean: boolean;
  seconds: number;
}

// ---- seeded randomness -------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], rnd: () => number): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Round-robin over operators (in a seeded order), each operator's candidates shuffled; files spread out. */
export function sample(all: Mutation[], count: number, seed: number): Mutation[] {
  const rnd = mulberry32(seed);
  const byOp = new Map<Operator, Mutation[]>();
  for (const op of OPERATORS) {
    const list = all.filter((m) => m.operator === op);
    if (!list.length) continue;
    // Spread over files first: one candidate per file per pass, files in a seeded order.
    const byFile = new Map<string, Mutation[]>();
    for (const m of shuffle(list, rnd)) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
    const queues = shuffle([...byFile.values()], rnd);
    const spread: Mutation[] = [];
    while (queues.some((q) => q.length)) for (const q of queues) if (q.length) spread.push(q.shift()!);
    byOp.set(op, spread);
  }
  const out: Mutation[] = [];
  while (out.length < count && [...byOp.values()].some((l) => l.length)) {
    for (const op of shuffle([...byOp.keys()], rnd)) {
      const l = byOp.get(op)!;
      if (l.length && out.length < count) out.push(l.shift()!);
    }
  }
  return out;
}

// ---- the copy of the repository ----------------------------------------------------------------

const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.pytest_cache', '.venv', 'venv', '.tox', '.mypy_cache', 'dist', 'build', '.test-lint-cache']);

function copyRepo(repo: string): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tl-accuracy-'));
  const dst = path.join(tmp, path.basename(path.resolve(repo)));
  cpSync(repo, dst, { recursive: true, filter: (src) => !SKIP_DIRS.has(path.basename(src)) || path.resolve(src) === path.resolve(repo) });
  // vitest and the test files import packages: give the copy this project's node_modules, entry by
  // entry, so runner caches (node_modules/.vite) land in the copy and not in ours.
  const own = path.join(path.resolve(repo), 'node_modules');
  const ours = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), '..');
  if (existsSync(path.join(dst, 'package.json'))) {
    const source = existsSync(own) ? own : ours;
    mkdirSync(path.join(dst, 'node_modules'));
    for (const e of readdirSync(source)) if (e !== '.vite' && e !== '.cache') symlinkSync(path.join(source, e), path.join(dst, 'node_modules', e));
  }
  return dst;
}

const keyOf = (f: Finding) => `${f.ruleId}\0${f.file}\0${f.phase}\0${f.message}`;
const brief = (f: Finding) => ({ rule: f.ruleId, file: f.file, line: f.span.line, phase: f.phase, message: f.message });

function newFindings(base: Map<string, number>, now: Finding[]): Finding[] {
  const left = new Map(base);
  const out: Finding[] = [];
  for (const f of now) {
    const k = keyOf(f);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(f);
  }
  return out;
}

function multiset(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(keyOf(f), (m.get(keyOf(f)) ?? 0) + 1);
  return m;
}

const isRunnerConfig = (f: string) => /(^|\/)(vitest|vite|jest|vitest\.workspace|playwright)\.config\.[cm]?[jt]s$/.test(f) || /(^|\/)setup\.py$/.test(f) || /(^|\/)docs?\//.test(f);

/** First-party files each file imports (python: also `from pkg import submodule`). */
function importGraph(result: ModelledRun): Map<string, string[]> {
  const g = new Map<string, string[]>();
  const model = result.model;
  for (const facts of model.files()) {
    const deps = new Set<string>();
    for (const imp of facts.imports) {
      if (imp.typeOnly || imp.typeChecking) continue;
      const r = model.resolveImport(facts.file, imp);
      if (r.kind === 'first-party') deps.add(r.file);
      if (facts.language === 'python' && (r.kind === 'first-party' || r.kind === 'namespace')) {
        for (const n of imp.names) {
          if (n.imported === '*') continue;
          const spec = imp.specifier ? `${imp.specifier}.${n.imported}` : n.imported;
          const sub = model.resolveImport(facts.file, { ...imp, specifier: spec });
          if (sub.kind === 'first-party') deps.add(sub.file);
        }
      }
    }
    deps.delete(facts.file);
    g.set(facts.file, [...deps].filter((d) => !d.startsWith('../') && !d.includes('/node_modules/')));
  }
  return g;
}

/** conftest.py files that apply to a test file (its folder and every folder above, up to the root). */
function conftestsOf(testFile: string, all: Set<string>): string[] {
  const out: string[] = [];
  let dir = path.posix.dirname(testFile);
  for (;;) {
    const c = dir === '.' ? 'conftest.py' : `${dir}/conftest.py`;
    if (all.has(c)) out.push(c);
    if (dir === '.' || dir === '') break;
    dir = path.posix.dirname(dir);
  }
  return out;
}

/** For each test file, every first-party file it loads (itself, its conftests, transitive imports). */
type ModelledRun = RunResult & { model: Project };

function closures(result: ModelledRun, testFiles: string[]): Map<string, Set<string>> {
  const g = importGraph(result);
  const all = new Set(g.keys());
  const out = new Map<string, Set<string>>();
  for (const t of testFiles) {
    const seen = new Set<string>();
    const stack = [t, ...(t.endsWith('.py') ? conftestsOf(t, all) : [])];
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      for (const d of g.get(f) ?? []) stack.push(d);
    }
    out.set(t, seen);
  }
  return out;
}

// ---- runners ------------------------------------------------------------------------------------

function pytestRun(dir: string, files: string[], timeoutMs: number): Map<string, FileVerdict> {
  const v = pytestVerdicts(dir, files, timeoutMs);
  // A conftest (or plugin) that cannot load stops pytest before it names any test file.
  if ([...v.values()].every((x) => x.outcome === 'skip' && x.message === 'no tests collected')) {
    const r = spawnSync('python3', ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider', ...files], { cwd: dir, encoding: 'utf8', timeout: timeoutMs });
    const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    if (r.status !== 0 && r.status !== 5) {
      const line = text.split('\n').find((l) => /Error|error:/.test(l)) ?? `pytest exited with ${r.status}`;
      for (const f of files) v.set(f, { outcome: 'collect-error', message: line.trim() });
    }
  }
  return v;
}

function runnerFor(file: string): 'vitest' | 'pytest' {
  return /\.pyi?$/.test(file) ? 'pytest' : 'vitest';
}

function verdicts(runner: 'vitest' | 'pytest', dir: string, files: string[], timeoutMs: number): Map<string, FileVerdict> {
  if (runner === 'pytest') return pytestRun(dir, files, timeoutMs);
  const v = vitestVerdicts(dir, timeoutMs, files);
  for (const f of files) if (!v.has(f)) v.set(f, { outcome: 'collect-error', message: 'not reported by vitest' });
  return v;
}

// ---- the benchmark ------------------------------------------------------------------------------

export async function runBenchmark(opts: BenchOptions): Promise<BenchReport> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const dir = copyRepo(opts.repo);
  // pytest must not reuse bytecode across mutations of equal size within one second.
  process.env.PYTHONDONTWRITEBYTECODE = '1';
  // A src/ layout is importable once installed (`pip install -e .`): put src/ on the path instead.
  const src = path.join(dir, 'src');
  const savedPath = process.env.PYTHONPATH;
  if (existsSync(src) && readdirSync(src).some((d) => existsSync(path.join(src, d, '__init__.py')))) {
    process.env.PYTHONPATH = [src, savedPath].filter(Boolean).join(path.delimiter);
    log('src/ layout: src/ is on PYTHONPATH for pytest (as an editable install would do)');
  }
  try {
    const base = await run({ cwd: dir, paths: ['.'] });
    const baseSet = multiset(base.findings);
    const testFiles = base.files.filter((f) => base.model.isTestFile(f) && !isRunnerConfig(f));
    const pyTests = testFiles.filter((f) => runnerFor(f) === 'pytest');
    const jsTests = testFiles.filter((f) => runnerFor(f) === 'vitest');
    const runners: ('vitest' | 'pytest')[] = [];
    if (pyTests.length && hasPytest()) runners.push('pytest');
    if (jsTests.length && usesVitest(dir)) runners.push('vitest');
    const judged = testFiles.filter((f) => runners.includes(runnerFor(f)));
    log(`baseline: ${judged.length} test files (${runners.join(', ') || 'no runner'}), ${base.findings.length} findings`);

    const baseVerdict = new Map<string, FileVerdict>();
    for (const r of runners) for (const [f, v] of verdicts(r, dir, judged.filter((x) => runnerFor(x) === r), timeoutMs)) baseVerdict.set(f, v);

    const loads = closures(base, judged);
    // A test file that cannot load before any mutation cannot get worse: it does not judge anything.
    const judges = judged.filter((t) => baseVerdict.get(t)?.outcome !== 'collect-error');
    const affected = (file: string) => judges.filter((t) => loads.get(t)!.has(file));
    const eligible = [...new Set(judges.flatMap((t) => [...loads.get(t)!]))]
      .filter((f) => !isRunnerConfig(f) && base.model.facts(f) && runners.includes(runnerFor(f)))
      .sort();
    const originals = new Map<string, Buffer>();
    const textOf = (f: string) => {
      if (!originals.has(f)) originals.set(f, readFileSync(path.join(dir, f)));
      return originals.get(f)!.toString('utf8');
    };
    const ws: Workspace = { model: base.model, eligible, isTest: (f) => base.model.isTestFile(f), text: textOf };
    let all = candidates(ws).filter((m) => affected(m.file).length > 0);
    if (opts.operators) all = all.filter((m) => opts.operators!.includes(m.operator));
    const counts: Partial<Record<Operator, number>> = {};
    for (const m of all) counts[m.operator] = (counts[m.operator] ?? 0) + 1;
    const chosen = sample(all, opts.count, opts.seed);
    log(`${all.length} candidate mutations, running ${chosen.length}`);

    const results: MutationResult[] = [];
    for (const [i, m] of chosen.entries()) {
      const runner = runnerFor(m.file);
      const ran = affected(m.file);
      const abs = path.join(dir, m.file);
      writeFileSync(abs, m.content);
      let result: MutationResult;
      try {
        const v = verdicts(runner, dir, ran, timeoutMs);
        const broken: MutationResult['broken'] = [];
        for (const f of ran) {
          const now = v.get(f)!;
          const was = baseVerdict.get(f) ?? { outcome: 'pass' as Outcome, message: '' };
          // Worse than before — or a file that partly skipped before and now collects nothing at all.
          const emptied = now.message === 'no tests collected' && was.message !== 'no tests collected';
          if (RANK[now.outcome] > RANK[was.outcome] || emptied) broken.push({ file: f, outcome: now.outcome, message: now.message });
        }
        let label: Label = 'no-effect';
        for (const b of broken) if (label === 'no-effect' || RANK[b.outcome] > RANK[label as Outcome]) label = b.outcome as Label;
        const lint = await run({ cwd: dir, paths: ['.'] });
        const fresh = newFindings(baseSet, lint.findings);
        if (process.env.BENCH_DEBUG) log(`  test-lint: ${lint.findings.map((f) => `${f.file}:${f.span.line} ${f.ruleId}`).join(', ') || 'nothing'}`);
        const where = new Set([m.file, ...broken.map((b) => b.file)]);
        const atPlace = fresh.filter((f) => where.has(f.file));
        let hit = false;
        let otherPhase = false;
        if (label !== 'no-effect') {
          const want = PHASE_OF[label];
          // pytest collects 0 items from a file without tests (a skip); test-lint calls it empty-test-file (collect).
          const noTests = label === 'skip' && broken.some((b) => b.message === 'no tests collected');
          hit = atPlace.some((f) => f.phase === want || (noTests && f.ruleId === 'empty-test-file'));
          otherPhase = !hit && atPlace.some((f) => f.phase !== 'integrity');
        }
        // A false alarm predicts a runner failure (collect/run/skip) the runner did not see. Integrity findings make no
        // such prediction: mojibake inside a string runs fine and is still worth reporting (corrupted-encoding), so they
        // are listed with the mutation but do not count against accuracy.
        const falseAlarm = label === 'no-effect' && fresh.some((f) => f.phase !== 'integrity');
        result = {
          id: i + 1, operator: m.operator, benign: isBenign(m.operator), file: m.file, line: m.line, description: m.description,
          runner, ran, label, broken, newFindings: fresh.map(brief), hit, otherPhase, falseAlarm,
        };
      } finally {
        writeFileSync(abs, originals.get(m.file) ?? readFileSync(abs));
      }
      results.push(result);
      const mark = result.benign ? (result.falseAlarm ? 'FALSE ALARM' : 'quiet') : result.label === 'no-effect' ? (result.falseAlarm ? 'flagged, runner saw no effect' : '-') : result.hit ? 'HIT' : result.otherPhase ? 'other phase' : 'MISS';
      log(`[${i + 1}/${chosen.length}] ${m.operator} ${m.file}:${m.line} → ${result.label} ${mark}`);
    }

    const after = await run({ cwd: dir, paths: ['.'] });
    const revertedClean = newFindings(baseSet, after.findings).length === 0 && newFindings(multiset(after.findings), base.findings).length === 0;
    return {
      repo: opts.repo, seed: opts.seed, count: opts.count, runners,
      baseline: {
        testFiles: judged.length,
        findings: base.findings.map(brief),
        runnerNotPassing: [...baseVerdict].filter(([, v]) => v.outcome !== 'pass').map(([file, v]) => ({ file, ...v })),
      },
      candidates: counts, mutations: results, revertedClean, seconds: Math.round((Date.now() - t0) / 100) / 10,
    };
  } finally {
    if (savedPath === undefined) delete process.env.PYTHONPATH;
    else process.env.PYTHONPATH = savedPath;
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

function usesVitest(dir: string): boolean {
  const pkg = path.join(dir, 'package.json');
  if (existsSync(pkg) && /"vitest"/.test(readFileSync(pkg, 'utf8'))) return true;
  return readdirSync(dir).some((f) => /^vitest\.config\./.test(f));
}

// ---- the report ---------------------------------------------------------------------------------

const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((1000 * a) / b) / 10} %`);

export function markdown(r: BenchReport): string {
  const out: string[] = [];
  const faults = r.mutations.filter((m) => !m.benign);
  const broken = faults.filter((m) => m.label !== 'no-effect');
  out.push(`### ${r.repo} — seed ${r.seed}, ${r.mutations.length} mutations (${r.runners.join(', ')}), ${r.seconds} s`);
  out.push('');
  out.push(`Unmutated tree: ${r.baseline.testFiles} test files, **${r.baseline.findings.length} test-lint findings**, ${r.baseline.runnerNotPassing.length} test files the runner does not fully pass (${['collect-error', 'test-fail', 'skip'].map((o) => `${r.baseline.runnerNotPassing.filter((x) => x.outcome === o).length} ${o}`).join(', ')}).`);
  for (const f of r.baseline.findings.slice(0, 10)) out.push(`- baseline finding: ${f.file}:${f.line} ${f.rule} (${f.phase}) ${f.message}`);
  if (r.baseline.findings.length > 10) out.push(`- … ${r.baseline.findings.length - 10} more`);
  out.push('');
  out.push('| operator | n | collect-error | test-fail | skip | no-effect | hits | other phase | recall | flagged no-effect |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  const ops = [...new Set(r.mutations.map((m) => m.operator))].sort((a, b) => OPERATORS.indexOf(a) - OPERATORS.indexOf(b));
  for (const op of ops) {
    const ms = r.mutations.filter((m) => m.operator === op);
    const c = (l: Label) => ms.filter((m) => m.label === l).length;
    const br = ms.filter((m) => m.label !== 'no-effect');
    const hits = br.filter((m) => m.hit).length;
    if (isBenign(op)) {
      out.push(`| ${op} (control) | ${ms.length} | ${c('collect-error')} | ${c('test-fail')} | ${c('skip')} | ${c('no-effect')} | – | – | – | **${ms.filter((m) => m.falseAlarm).length} false alarms** |`);
    } else {
      out.push(`| ${op} | ${ms.length} | ${c('collect-error')} | ${c('test-fail')} | ${c('skip')} | ${c('no-effect')} | ${hits} | ${br.filter((m) => m.otherPhase).length} | ${pct(hits, br.length)} | ${ms.filter((m) => m.falseAlarm).length} |`);
    }
  }
  out.push('');
  out.push('| runner label | faults | hits | recall |');
  out.push('|---|---|---|---|');
  for (const l of ['collect-error', 'test-fail', 'skip'] as Label[]) {
    const ms = broken.filter((m) => m.label === l);
    out.push(`| ${l} | ${ms.length} | ${ms.filter((m) => m.hit).length} | ${pct(ms.filter((m) => m.hit).length, ms.length)} |`);
  }
  const renames = broken.filter((m) => m.label === 'test-fail' && (m.operator === 'rename-method' || m.operator === 'rename-export' || m.operator === 'rename-fixture' || m.operator === 'remove-self-attr'));
  out.push(`| test-fail from helper renames (rename-*, remove-self-attr) | ${renames.length} | ${renames.filter((m) => m.hit).length} | ${pct(renames.filter((m) => m.hit).length, renames.length)} |`);
  out.push(`| **all faults** | ${broken.length} | ${broken.filter((m) => m.hit).length} | ${pct(broken.filter((m) => m.hit).length, broken.length)} |`);
  const benign = r.mutations.filter((m) => m.benign);
  out.push('');
  out.push(`Benign controls: ${benign.length}, runner saw no effect on ${benign.filter((m) => m.label === 'no-effect').length}, **false alarms: ${benign.filter((m) => m.falseAlarm).length}**. ` +
    `Faults the runner saw no effect from: ${faults.length - broken.length} (flagged anyway: ${faults.filter((m) => m.falseAlarm).length}). ` +
    `Findings after reverting every mutation equal the baseline: ${r.revertedClean ? 'yes' : '**no**'}.`);
  const misses = broken.filter((m) => !m.hit);
  if (misses.length) {
    out.push('');
    out.push('Misses:');
    for (const m of misses) {
      const got = m.newFindings.length ? m.newFindings.map((f) => `${f.rule}(${f.phase}) at ${f.file}:${f.line}`).join('; ') : 'no new finding';
      out.push(`- #${m.id} ${m.operator} ${m.file}:${m.line} — ${m.description}; runner: ${m.label} (${m.broken[0]?.message.slice(0, 120) ?? ''}); test-lint: ${got}`);
    }
  }
  const alarms = r.mutations.filter((m) => m.falseAlarm);
  if (alarms.length) {
    out.push('');
    out.push('Flagged while the runner saw no effect:');
    for (const m of alarms) out.push(`- #${m.id} ${m.operator} ${m.file}:${m.line} — ${m.description}; test-lint: ${m.newFindings.map((f) => `${f.rule}(${f.phase}) at ${f.file}:${f.line}: ${f.message}`).join('; ')}`);
  }
  return out.join('\n') + '\n';
}
