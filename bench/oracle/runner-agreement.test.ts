// The real runners agree: what test-lint calls `collect` fails to load under vitest/pytest,
// what it calls `run` loads but fails, and a test file it finds nothing wrong with passes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run.js';
import { fixturesRoot } from '../../src/rule-kit/tester.js';
import { hasPytest, pytestVerdicts, vitestVerdicts, type Outcome } from './oracle.js';

const root = fixturesRoot();
const projects: string[] = [path.join(root, 'demo')];
for (const rule of readdirSync(root)) {
  for (const kind of ['invalid', 'valid']) {
    const d = path.join(root, rule, kind);
    if (existsSync(d)) for (const c of readdirSync(d)) projects.push(path.join(d, c));
  }
}

/** What test-lint predicts for a test file, from the phases of its findings. */
function predicted(phases: Set<string>): Outcome[] {
  if (phases.has('collect')) return ['collect-error'];
  if (phases.has('run')) return ['test-fail'];
  return ['pass', 'skip'];
}

const usesVitest = (dir: string) => {
  const pkg = path.join(dir, 'package.json');
  return existsSync(pkg) && /"vitest"/.test(readFileSync(pkg, 'utf8'));
};

describe.concurrent('runner agreement', () => {
  for (const dir of projects) {
    const name = path.relative(root, dir);
    const skip = path.join(dir, 'oracle-skip.txt');
    // A case whose runner verdict depends on the machine (e.g. an uninstalled package) says why in oracle-skip.txt.
    it.skipIf(existsSync(skip))(name, async () => {
      const result = await run({ cwd: dir, paths: ['.'] });
      const phasesOf = new Map<string, Set<string>>();
      for (const f of result.findings) {
        if (!phasesOf.has(f.file)) phasesOf.set(f.file, new Set());
        phasesOf.get(f.file)!.add(f.phase);
      }
      const testFiles = result.files.filter((f) => result.model.isTestFile(f));
      const mismatches: string[] = [];
      const js = testFiles.filter((f) => !f.endsWith('.py'));
      if (js.length && usesVitest(dir)) {
        const verdicts = vitestVerdicts(dir);
        for (const f of js) {
          const v = verdicts.get(f) ?? { outcome: 'collect-error' as const, message: 'not run by vitest' };
          const want = predicted(phasesOf.get(f) ?? new Set());
          if (!want.includes(v.outcome)) mismatches.push(`${f}: test-lint predicts ${want.join('|')}, vitest says ${v.outcome} (${v.message})`);
        }
      }
      const py = testFiles.filter((f) => f.endsWith('.py'));
      if (py.length && hasPytest()) {
        const verdicts = pytestVerdicts(dir, py);
        for (const f of py) {
          const v = verdicts.get(f)!;
          const phases = phasesOf.get(f) ?? new Set();
          // pytest collects 0 items from an empty test file: no error, nothing runs.
          const want = phases.has('collect') && result.findings.every((x) => x.file !== f || x.ruleId === 'empty-test-file' || x.phase !== 'collect')
            ? ['skip'] as Outcome[] : predicted(phases);
          if (!want.includes(v.outcome)) mismatches.push(`${f}: test-lint predicts ${want.join('|')}, pytest says ${v.outcome} (${v.message})`);
          // A `skip` finding (and nothing worse) claims some test of the file never runs: pytest must skip one,
          // collect nothing, or warn that it dropped tests.
          else if (phases.has('skip') && !phases.has('collect') && !phases.has('run') && (v.notRun ?? []).length === 0) {
            mismatches.push(`${f}: test-lint predicts skipped tests, pytest ran every test (${v.outcome})`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
