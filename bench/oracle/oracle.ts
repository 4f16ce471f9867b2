/**
 * The real runners as judges: run vitest (JSON reporter) or pytest on a project and label each
 * test file `collect-error` (it did not load), `test-fail` (it loaded, a test failed), `skip` or `pass`.
 * Used by the runner-agreement test and the accuracy benchmark.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export type Outcome = 'collect-error' | 'test-fail' | 'skip' | 'pass';
export interface FileVerdict {
  outcome: Outcome;
  message: string;
  /**
   * pytest only: some test of the file did not run — a SKIPPED line, 0 items collected, or a
   * collection warning that drops tests ("cannot collect test class …"). Checks `skip` findings.
   */
  notRun?: string[];
}

const require = createRequire(import.meta.url);

export function hasPytest(): boolean {
  const r = spawnSync('python3', ['-c', 'import pytest'], { stdio: 'ignore' });
  return r.status === 0;
}

/** vitest's verdict per test file (project-relative paths); `files` (project-relative) limits the run to those test files. */
export function vitestVerdicts(dir: string, timeoutMs = 120_000, files?: string[]): Map<string, FileVerdict> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'tl-vitest-'));
  const report = path.join(out, 'report.json');
  const bin = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
  // vitest looks for a config upward from the root: give a project without one an empty config of its own.
  const own = readdirSync(dir).find((f) => /^(vitest|vite)\.config\.[cm]?[jt]s$/.test(f));
  const configArgs: string[] = [];
  if (!own) {
    writeFileSync(path.join(out, 'vitest.config.mjs'), 'export default { test: {} };\n');
    configArgs.push('--config', path.join(out, 'vitest.config.mjs'));
  }
  spawnSync(process.execPath, [bin, 'run', ...configArgs, '--root', dir, '--reporter=json', `--outputFile=${report}`, '--passWithNoTests=false', '--allowOnly', ...(files ?? [])], {
    cwd: dir, stdio: 'ignore', timeout: timeoutMs, env: { ...process.env, CI: '', NO_COLOR: '1' },
  });
  const verdicts = new Map<string, FileVerdict>();
  let json: { testResults: { name: string; status: string; message: string; assertionResults: { status: string; failureMessages: string[] }[] }[] };
  try { json = JSON.parse(readFileSync(report, 'utf8')); } catch { rmSync(out, { recursive: true, force: true }); return verdicts; }
  for (const r of json.testResults) {
    const file = path.relative(dir, r.name).split(path.sep).join('/');
    const results = r.assertionResults ?? [];
    let outcome: Outcome;
    if (r.status === 'failed' && results.length === 0) outcome = 'collect-error';
    else if (results.some((a) => a.status === 'failed')) outcome = 'test-fail';
    else if (results.length > 0 && results.every((a) => a.status !== 'passed')) outcome = 'skip';
    else outcome = r.status === 'failed' ? 'collect-error' : 'pass';
    const message = r.message || results.flatMap((a) => a.failureMessages).join('\n');
    verdicts.set(file, { outcome, message: message.split('\n')[0] ?? '' });
  }
  rmSync(out, { recursive: true, force: true });
  return verdicts;
}

/** pytest's verdict per test file: `--collect-only` for load errors, then a real run for failures. */
export function pytestVerdicts(dir: string, files: string[], timeoutMs = 120_000): Map<string, FileVerdict> {
  const verdicts = new Map<string, FileVerdict>();
  const args = ['-m', 'pytest', '-q', '-rA', '-p', 'no:cacheprovider', '--continue-on-collection-errors', ...files];
  let text = '';
  let stderr = '';
  try {
    text = execFileSync('python3', args, { cwd: dir, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    text = String((e as { stdout?: string }).stdout ?? '');
    stderr = String((e as { stderr?: string }).stderr ?? '');
  }
  // A conftest.py that cannot load aborts the whole session before collection (pytest 9:
  // "ImportError while loading conftest '<abs path>'.", exit 4, on stderr): every test file below
  // its folder cannot be collected; the other files are judged by a run without them.
  const conftest = /^ImportError while loading conftest '(.+)'\.$/m.exec(stderr);
  if (conftest) {
    let real = dir;
    try { real = realpathSync(dir); } catch { /* keep dir */ }
    const rel = [dir, real].map((d) => path.relative(d, path.dirname(conftest[1]!)).split(path.sep).join('/')).find((r) => !r.startsWith('..') && !path.isAbsolute(r));
    if (rel !== undefined) {
      const below = (f: string) => rel === '' || f.startsWith(rel + '/');
      const affected = files.filter(below);
      if (affected.length) {
        const cause = /^E\s+(.*)$/m.exec(stderr)?.[1] ?? '';
        const message = `ImportError while loading conftest '${path.relative(real, conftest[1]!)}': ${cause}`;
        const rest = files.filter((f) => !below(f));
        const out = rest.length ? pytestVerdicts(dir, rest, timeoutMs) : new Map<string, FileVerdict>();
        for (const f of affected) out.set(f, { outcome: 'collect-error', message, notRun: [] });
        return out;
      }
    }
  }
  for (const f of files) verdicts.set(f, { outcome: 'pass', message: '' });
  const rank: Record<Outcome, number> = { pass: 0, skip: 1, 'test-fail': 2, 'collect-error': 3 };
  const set = (file: string, outcome: Outcome, message: string) => {
    const prev = verdicts.get(file);
    if (!prev || rank[outcome] > rank[prev.outcome]) verdicts.set(file, { outcome, message });
  };
  const collected = new Set<string>();
  const notRun = new Map<string, string[]>();
  const noteNotRun = (file: string, why: string) => {
    if (!notRun.has(file)) notRun.set(file, []);
    notRun.get(file)!.push(why);
  };
  // The warnings summary: one or more `file.py:line` headers, then the indented warning text.
  let inWarnings = false;
  let headers: string[] = [];
  let headerOpen = false;
  for (const line of text.split('\n')) {
    if (/^=+ warnings summary =+$/.test(line)) { inWarnings = true; headers = []; continue; }
    if (!inWarnings) continue;
    if (/^(=+ |-- Docs:)/.test(line)) { inWarnings = false; continue; }
    const h = /^(\S+?\.py)(?::\d+)?$/.exec(line);
    if (h) { if (!headerOpen) headers = []; headers.push(h[1]); headerOpen = true; continue; }
    headerOpen = false;
    const w = /(PytestCollectionWarning: cannot collect .*|PytestUnhandledCoroutineWarning: .*)$/.exec(line);
    if (w) for (const f of headers) noteNotRun(f, w[1]);
  }
  for (const line of text.split('\n')) {
    let m = /^ERROR (\S+?\.py)(?: - (.*))?$/.exec(line);
    if (m) { set(m[1], 'collect-error', m[2] ?? ''); continue; }
    m = /^(FAILED|ERROR) (\S+?\.py)::\S+(?: - (.*))?$/.exec(line);
    if (m) { set(m[2], 'test-fail', m[3] ?? ''); collected.add(m[2]); continue; }
    m = /^PASSED (\S+?\.py)::/.exec(line);
    if (m) { collected.add(m[1]); continue; }
    m = /^SKIPPED \[\d+\] (\S+?\.py):\d+: (.*)$/.exec(line);
    if (m) { set(m[1], 'skip', m[2]); collected.add(m[1]); noteNotRun(m[1], `SKIPPED: ${m[2]}`); }
  }
  // A file that collected nothing at all and had no error: pytest found no tests in it.
  for (const f of files) {
    if (!collected.has(f) && verdicts.get(f)!.outcome === 'pass') {
      verdicts.set(f, { outcome: 'skip', message: 'no tests collected' });
      noteNotRun(f, 'no tests collected');
    }
  }
  for (const [f, v] of verdicts) verdicts.set(f, { ...v, notRun: notRun.get(f) ?? [] });
  return verdicts;
}
