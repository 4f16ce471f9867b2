/** ESLint's JSON formatter shape, plus `phase`, `suggestions`, `fix` and `related` on each message. */
import path from 'node:path';
import type { ReportInput } from './index.js';

export function json({ findings, root, files }: ReportInput): string {
  const byFile = new Map<string, typeof findings>();
  for (const f of files) byFile.set(f, []);
  for (const f of findings) {
    if (!byFile.has(f.file)) byFile.set(f.file, []);
    byFile.get(f.file)!.push(f);
  }
  const out = [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, list]) => ({
    filePath: path.join(root, file),
    messages: list.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity === 'error' ? 2 : 1,
      message: f.message,
      messageId: f.messageId,
      line: f.span.line,
      column: f.span.column,
      endLine: f.span.endLine,
      endColumn: f.span.endColumn,
      phase: f.phase,
      suggestions: f.suggestions,
      ...(f.fix ? { fix: f.fix } : {}),
      ...(f.related ? { related: f.related.map((r) => ({ filePath: path.join(root, r.file), line: r.span.line, column: r.span.column, message: r.message })) } : {}),
    })),
    errorCount: list.filter((f) => f.severity === 'error').length,
    warningCount: list.filter((f) => f.severity === 'warn').length,
    fixableErrorCount: list.filter((f) => f.severity === 'error' && f.fix?.applicability === 'safe').length,
    fixableWarningCount: list.filter((f) => f.severity === 'warn' && f.fix?.applicability === 'safe').length,
  }));
  return JSON.stringify(out, null, 2) + '\n';
}
