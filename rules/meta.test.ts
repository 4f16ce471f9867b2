// Invariants over every rule: metadata agrees with files, fixtures and behaviour.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderIndex, repoRoot, ruleIdsOnDisk, withRulesTable } from '../src/dev/gen.js';
import { fixturesRoot } from '../src/rule-kit/tester.js';
import { allRules } from './index.js';

const root = repoRoot();
const fx = fixturesRoot();
const cases = (id: string, kind: string) => {
  const p = path.join(fx, id, kind);
  return existsSync(p) ? readdirSync(p).filter((n) => existsSync(path.join(p, n, 'expected.txt')) || true) : [];
};

describe('rule registry', () => {
  it('rules/index.ts is generated from the rule files (run `npm run gen`)', () => {
    expect(readFileSync(path.join(root, 'rules/index.ts'), 'utf8')).toBe(renderIndex(ruleIdsOnDisk(root)));
  });
  it('the README rules table is generated from the rules (run `npm run gen`)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain('<!-- rules:start');
    expect(readme).toBe(withRulesTable(readme, allRules));
  });
  it('every fixtures folder belongs to a rule (or is scenarios/demo)', () => {
    const ids = new Set(allRules.map((r) => r.id));
    const orphans = readdirSync(fx).filter((d) => !ids.has(d) && !['scenarios', 'demo', 'runner', 'accuracy'].includes(d));
    expect(orphans).toEqual([]);
  });
});

for (const rule of allRules) {
  describe(`meta: ${rule.id}`, () => {
    it('file name = rule id, kebab-case', () => {
      expect(ruleIdsOnDisk(root)).toContain(rule.id);
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    });
    it('has invalid/ and valid/ fixture cases', () => {
      expect(cases(rule.id, 'invalid').length, `fixtures/${rule.id}/invalid/* missing`).toBeGreaterThan(0);
      expect(cases(rule.id, 'valid').length, `fixtures/${rule.id}/valid/* missing`).toBeGreaterThan(0);
    });
    it('docs are complete and examples point at real cases', () => {
      expect(rule.docs.summary.length).toBeGreaterThan(10);
      expect(rule.docs.why.length).toBeGreaterThan(10);
      if (rule.fix.availability !== 'none') expect(rule.docs.fixSafety, 'fixable rules document fix safety').toBeTruthy();
      for (const ex of Object.values(rule.docs.examples ?? {})) {
        expect(existsSync(path.join(fx, rule.id, ex)), `docs.examples → fixtures/${rule.id}/${ex}`).toBe(true);
      }
    });
    it('every declared message is produced by some invalid case, and only declared ones are', () => {
      const produced = new Set<string>();
      for (const c of cases(rule.id, 'invalid')) {
        const file = path.join(fx, rule.id, 'invalid', c, 'expected.txt');
        if (!existsSync(file)) continue;
        for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
          const [, id, , messageId] = line.split(' ');
          if (id === rule.id) produced.add(messageId);
        }
      }
      expect([...produced].filter((m) => !(m in rule.messages)), 'undeclared message ids').toEqual([]);
      expect(Object.keys(rule.messages).filter((m) => !produced.has(m)), 'message ids no invalid case produces').toEqual([]);
    });
    it('fix availability agrees with the fixtures', () => {
      const anyFix = cases(rule.id, 'invalid').some((c) => {
        const file = path.join(fx, rule.id, 'invalid', c, 'expected.txt');
        return existsSync(file) && readFileSync(file, 'utf8').includes('[fix:');
      });
      if (rule.fix.availability === 'none') expect(anyFix, 'declares no fix but a case has one').toBe(false);
      else expect(anyFix, 'declares a fix but no case produces one').toBe(true);
    });
  });
}
