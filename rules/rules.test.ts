// Data-driven rule tests: every folder fixtures/<rule>/{invalid,valid}/<case>/ is a test; no test code per case.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTwoFilesPatch } from 'diff';
import { fixProject } from '../src/fix/fix-loop.js';
import { fixturesRoot, runCase } from '../src/rule-kit/tester.js';
import { allRules } from './index.js';

const root = fixturesRoot();
const dirs = (p: string) => (existsSync(p) ? readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : []);

for (const rule of allRules) {
  describe(rule.id, () => {
    for (const kind of ['invalid', 'valid'] as const) {
      for (const name of dirs(path.join(root, rule.id, kind))) {
        const dir = path.join(root, rule.id, kind, name);
        it(`${kind}/${name}`, async () => {
          const { findings, text } = await runCase(dir, [rule.id]);
          if (kind === 'valid') expect(text, 'a valid/ case must report nothing').toBe('');
          else expect(findings.length, 'an invalid/ case must report something').toBeGreaterThan(0);
          for (const f of findings) {
            const phases = Array.isArray(rule.phase) ? rule.phase : [rule.phase];
            expect(phases, `${rule.id} reported a phase it does not declare`).toContain(f.phase);
          }
          await expect(text).toMatchFileSnapshot(path.join(dir, 'expected.txt'));
          if (findings.some((f) => f.fix)) {
            // What `--fix --unsafe-fixes` changes, as a reviewer sees it; fixes must converge.
            const outcome = await fixProject({ cwd: dir, paths: ['.'], onlyRules: [rule.id] }, { unsafe: true, write: false });
            const diff = [...outcome.changes].sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([file, c]) => createTwoFilesPatch(`a/${file}`, `b/${file}`, c.before, c.after, undefined, undefined, { context: 2 }).split('\n').slice(1).join('\n'))
              .join('');
            expect(outcome.dropped, 'a fix broke parsing').toEqual([]);
            expect(outcome.result.findings.filter((f) => f.fix && f.ruleId === rule.id), 'fixes did not converge').toEqual([]);
            await expect(diff).toMatchFileSnapshot(path.join(dir, 'expected.fix.diff'));
          }
        });
      }
    }
  });
}

describe('scenarios (all rules at default settings)', () => {
  for (const dir of [path.join(root, 'demo'), ...dirs(path.join(root, 'scenarios')).map((n) => path.join(root, 'scenarios', n))]) {
    it(path.relative(root, dir), async () => {
      const { text } = await runCase(dir);
      await expect(text).toMatchFileSnapshot(path.join(dir, 'expected.txt'));
    });
  }
});
