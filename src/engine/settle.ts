/**
 * Stage 5: settle the raw findings — inline suppressions (and the unused ones), the phase filter,
 * the `--rule` severities — into the final, sorted list.
 */
import type { FileFacts, Phase } from '../facts/types.js';
import type { Finding } from '../rule-kit/types.js';

export interface SettleOptions {
  phases?: Phase[];
  /** Report suppression comments that suppressed nothing (at this severity). */
  unusedSuppressions: 'off' | 'warn' | 'error';
}

export function settle(findings: Finding[], suppressionsOf: (file: string) => FileFacts['suppressions'], opts: SettleOptions, reported: Iterable<string>): Finding[] {
  const used = new Set<string>();
  const kept: Finding[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, list] of byFile) {
    const sups = suppressionsOf(file);
    for (const f of list) {
      const s = sups.find((s) => (s.kind === 'file' || s.targetLine === f.span.line) && (s.rules.length === 0 || s.rules.includes(f.ruleId)));
      if (s && f.ruleId !== 'internal-error') { used.add(`${file}:${s.span.start}`); continue; }
      kept.push(f);
    }
  }
  if (opts.unusedSuppressions !== 'off') {
    for (const file of reported) {
      for (const s of suppressionsOf(file)) {
        if (s.foreign || used.has(`${file}:${s.span.start}`)) continue;
        kept.push({
          ruleId: 'unused-suppression', file, span: s.span, phase: 'integrity', severity: opts.unusedSuppressions,
          messageId: 'unused', suggestions: [],
          message: s.rules.length ? `suppression of ${s.rules.map((r) => `\`${r}\``).join(', ')} matches no finding` : 'suppression matches no finding',
        });
      }
    }
  }
  const phases = opts.phases ? new Set(opts.phases) : null;
  return kept.filter((f) => !phases || phases.has(f.phase)).sort(compareFindings);
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1
    : a.span.line - b.span.line || a.span.column - b.span.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
