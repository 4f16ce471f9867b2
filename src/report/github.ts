/**
 * GitHub Actions workflow commands (`::error file=…::msg`). GitHub shows only 10 annotations of
 * each kind per step, so a summary line follows; use `--format sarif` for code scanning.
 */
import path from 'node:path';
import type { ReportInput } from './index.js';

const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function github({ findings, root }: ReportInput): string {
  // Annotations need paths relative to the workspace (the job's working directory).
  const rel = (file: string) => path.relative(process.cwd(), path.join(root, file)).split(path.sep).join('/');
  const lines = findings.map((f) => {
    const kind = f.severity === 'error' ? 'error' : 'warning';
    const hint = f.suggestions.length ? ` (${f.suggestions.join('; ')})` : '';
    return `::${kind} file=${escProp(rel(f.file))},line=${f.span.line},col=${f.span.column},endLine=${f.span.endLine},endColumn=${f.span.endColumn},title=${escProp(`${f.ruleId} [${f.phase}]`)}::${esc(f.message + hint)}`;
  });
  if (findings.length > 10) lines.push(`test-lint: ${findings.length} findings; GitHub shows the first 10 annotations of each kind — see the full list in the job log or upload --format sarif.`);
  return lines.length ? lines.join('\n') + '\n' : '';
}
