/** `test-lint explain <rule-id>`: the rule's documentation, rendered from its metadata (Ruff's `ruff rule`). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { allRules } from '../../rules/index.js';
import { repoRoot } from '../dev/gen.js';
import type { Rule } from '../rule-kit/types.js';

export function renderRuleDoc(rule: Rule): string {
  const phases = Array.isArray(rule.phase) ? rule.phase.join(' or ') : rule.phase;
  const lines = [
    `# ${rule.id}`, '',
    `Phase: ${phases} · Languages: ${rule.languages.join(', ')} · Default: ${rule.status === 'stable' ? rule.severity : 'off (preview)'} · Fix: ${rule.fix.availability === 'none' ? 'none' : `${rule.fix.availability}, ${rule.fix.applicability}`}`,
    '', '## What it does', rule.docs.summary, '', '## Why is this bad?', rule.docs.why,
  ];
  if (rule.docs.fixSafety) lines.push('', '## Fix safety', rule.docs.fixSafety);
  const opts = Object.entries(rule.options ?? {});
  if (opts.length) lines.push('', '## Options', ...opts.map(([k, o]) => `- \`${k}\` (${o.type}, default ${JSON.stringify(o.default)}): ${o.description}`));
  if (rule.docs.limitations) lines.push('', '## Known limitations', rule.docs.limitations);
  if (rule.docs.examples?.invalid) lines.push('', '## Example', ...renderCase(rule.id, rule.docs.examples.invalid));
  if (rule.docs.examples?.valid) lines.push('', '## Not reported (look-alikes)', ...renderCase(rule.id, rule.docs.examples.valid));
  return lines.join('\n') + '\n';
}

const SKIP = new Set(['expected.txt', 'expected.fix.diff', 'package.json', 'pyproject.toml', 'oracle-skip.txt']);

/** A fixture case as documentation: its source files and what test-lint reports on them — true by construction. */
function renderCase(ruleId: string, rel: string): string[] {
  const dir = path.join(repoRoot(), 'fixtures', ruleId, rel);
  if (!existsSync(dir)) return [`(fixtures/${ruleId}/${rel})`];
  const out: string[] = [];
  const files = fg.sync('**/*', { cwd: dir, dot: true }).filter((f) => !SKIP.has(path.basename(f)) && !f.includes('node_modules')).sort();
  for (const f of files.slice(0, 4)) {
    const text = readFileSync(path.join(dir, f), 'utf8').split('\n');
    const fence = f.endsWith('.py') ? 'python' : /\.[cm]?[jt]sx?$/.test(f) ? 'ts' : '';
    out.push('', `\`${f}\``, '```' + fence, ...text.slice(0, 30).filter((l, i, a) => i < a.length - 1 || l !== ''), ...(text.length > 30 ? ['…'] : []), '```');
  }
  const expected = path.join(dir, 'expected.txt');
  if (existsSync(expected)) {
    const found = readFileSync(expected, 'utf8').trim();
    out.push('', found ? 'test-lint reports:' : 'test-lint reports nothing.', ...(found ? ['```', found, '```'] : []));
  }
  return out;
}

export function explainRule(id: string): string | null {
  const rule = allRules.find((r) => r.id === id);
  return rule ? renderRuleDoc(rule) : null;
}
