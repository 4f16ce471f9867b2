/** One line per finding: `path:line:col: severity [phase] message (rule)` — grep and editor friendly. */
import path from 'node:path';
import type { ReportInput } from './index.js';

export function compact({ findings, root }: ReportInput): string {
  const lines = findings.map((f) => {
    const hint = f.suggestions.length ? ` — ${f.suggestions[0]}` : '';
    return `${path.join(root, f.file)}:${f.span.line}:${f.span.column}: ${f.severity === 'error' ? 'error' : 'warning'} [${f.phase}] ${f.message}${hint} (${f.ruleId})`;
  });
  if (findings.length) lines.push('', `${findings.length} problem${findings.length === 1 ? '' : 's'}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}
