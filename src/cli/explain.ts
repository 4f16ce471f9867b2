/** `test-lint explain <rule-id>`: the rule's documentation, rendered from its metadata (Ruff's `ruff rule`). */
import { allRules } from '../../rules/index.js';
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
  if (rule.docs.examples) lines.push('', '## Examples', ...Object.entries(rule.docs.examples).map(([k, v]) => `- ${k}: fixtures/${rule.id}/${v}`));
  return lines.join('\n') + '\n';
}

export function explainRule(id: string): string | null {
  const rule = allRules.find((r) => r.id === id);
  return rule ? renderRuleDoc(rule) : null;
}
