/**
 * The default report, ESLint's stylish grouped by file, with the phase of each finding,
 * the root causes that break many test files summarised once, and a summary line per phase.
 */
import path from 'node:path';
import pc from 'picocolors';
import type { Phase } from '../facts/types.js';
import type { ReportInput } from './index.js';

const PHASE_TEXT: Record<Phase, string> = {
  collect: 'breaks collection',
  run: 'fails a test',
  skip: 'skips tests',
  integrity: 'integrity',
};

export function stylish({ findings, root, color }: ReportInput): string {
  const c = pc.createColors(color);
  const out: string[] = [];
  const byFile = new Map<string, typeof findings>();
  for (const f of findings) {
    if (!byFile.has(f.file)) byFile.set(f.file, []);
    byFile.get(f.file)!.push(f);
  }
  for (const [file, list] of byFile) {
    out.push('', c.underline(path.join(root, file)));
    for (const f of list) {
      const sev = f.severity === 'error' ? c.red('error') : c.yellow('warning');
      const phase = c.dim(`[${f.phase}]`);
      out.push(`  ${c.dim(`${f.span.line}:${f.span.column}`.padEnd(8))} ${sev.padEnd(f.severity === 'error' ? 5 : 7)}  ${phase} ${f.message}  ${c.dim(f.ruleId)}`);
      for (const s of f.suggestions) out.push(`  ${' '.repeat(8)} ${c.cyan('help')}: ${s}`);
    }
  }
  // One root cause, many broken test files: say it once.
  const roots = new Map<string, number>();
  for (const f of findings) {
    if (f.ruleId !== 'unloadable-import' || !f.related?.[0]) continue;
    const key = `${f.related[0].file}:${f.related[0].span.line}`;
    roots.set(key, (roots.get(key) ?? 0) + 1);
  }
  if (roots.size) {
    out.push('', c.bold('Root causes'));
    for (const [where, n] of [...roots].sort((a, b) => b[1] - a[1])) out.push(`  ${where}  breaks ${n} test file${n === 1 ? '' : 's'}`);
  }
  if (findings.length) {
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.length - errors;
    const phases = (['collect', 'run', 'skip', 'integrity'] as Phase[])
      .map((p) => [p, findings.filter((f) => f.phase === p).length] as const)
      .filter(([, n]) => n > 0)
      .map(([p, n]) => `  ${p.padEnd(9)} ${String(n).padStart(4)}  ${PHASE_TEXT[p]}`);
    out.push('', c.bold((errors ? c.red : c.yellow)(`✖ ${findings.length} problem${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`)), ...phases);
  }
  return out.length ? out.join('\n') + '\n' : '';
}
