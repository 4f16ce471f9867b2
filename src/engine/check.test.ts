// The rule stage's share of the per-file time budget: rules that run out of time on a file drop
// that file's findings for one skipped-file finding; other files are checked as usual.
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import skippedFile from '../../rules/skipped-file.js';
import { defineRule } from '../rule-kit/index.js';
import type { Rule } from '../rule-kit/types.js';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import { checkRules, type ActiveRule } from './check.js';
import { run } from './run.js';

afterAll(removeTmpProjects);

/** A rule that reports every free name and takes `ms` per name (a stand-in for an expensive model query). */
const slowRule = (ms: number) => defineRule({
  id: 'slow-rule',
  phase: 'integrity',
  languages: ['python'],
  severity: 'warn',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  messages: { seen: '`{name}`' },
  docs: { summary: 'test only', why: 'test only', examples: { invalid: 'invalid/x', valid: 'valid/x' } },
  visit: {
    reference(ref, ctx) {
      const until = performance.now() + ms;
      while (performance.now() < until) { /* busy: the budget is wall-clock time */ }
      ctx.report({ at: ref.span, message: 'seen', data: { name: ref.name } });
    },
  },
}) as unknown as Rule;

const active = (rule: Rule): ActiveRule => ({ rule, configFor: () => ({ severity: rule.severity, options: {} }) });

describe('the rule stage under maxFileTime', () => {
  it('replaces the findings of a file the rules ran out of time on with one skipped-file finding', async () => {
    const dir = tmpProject({
      'pyproject.toml': '[project]\nname = "p"\nversion = "0"\ndependencies = []\n',
      'test_slow.py': `def test_many():\n${Array.from({ length: 200 }, (_, i) => `    use(name_${i})\n`).join('')}`,
      'test_quick.py': 'def test_one():\n    use(only_name)\n',
    });
    const { model } = await run({ cwd: dir, paths: [], onlyRules: [], workers: 0 });
    const rules = [active(slowRule(1)), active(skippedFile as unknown as Rule)];

    const limited = checkRules(model, rules, { maxFileTime: 50 });
    const lines = limited.findings.map((f) => `${f.file}:${f.span.line} ${f.ruleId} ${f.message}`).sort();
    expect(lines).toEqual([
      'test_quick.py:2 slow-rule `only_name`',
      'test_quick.py:2 slow-rule `use`',
      'test_slow.py:1 skipped-file not analysed: the file took longer than the 50 ms budget (maxFileTime)',
    ]);
    expect([...limited.cutShort]).toEqual(['test_slow.py']);

    const unlimited = checkRules(model, rules, { maxFileTime: 0 });
    expect(unlimited.findings.filter((f) => f.file === 'test_slow.py')).toHaveLength(400);
    expect(unlimited.cutShort.size).toBe(0);
  });
});
