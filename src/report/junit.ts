/** JUnit XML: one testsuite per file, one failing testcase per finding (CI dashboards read it). */
import type { ReportInput } from './index.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junit({ findings, files }: ReportInput): string {
  const byFile = new Map<string, typeof findings>(files.map((f) => [f, []]));
  for (const f of findings) {
    if (!byFile.has(f.file)) byFile.set(f.file, []);
    byFile.get(f.file)!.push(f);
  }
  const suites = [...byFile].map(([file, list]) => {
    const cases = list.length
      ? list.map((f) => `    <testcase classname="${xml(file)}" name="${xml(`${f.ruleId} ${f.span.line}:${f.span.column}`)}">\n      <failure message="${xml(f.message)}" type="${f.severity}">${xml(`${file}:${f.span.line}:${f.span.column} [${f.phase}] ${f.message}`)}</failure>\n    </testcase>`)
      : [`    <testcase classname="${xml(file)}" name="test-lint"/>`];
    return `  <testsuite name="${xml(file)}" tests="${Math.max(1, list.length)}" failures="${list.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="test-lint" tests="${findings.length}" failures="${findings.length}">\n${suites.join('\n')}\n</testsuites>\n`;
}
