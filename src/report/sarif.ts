/** SARIF 2.1.0 for code scanning: stable rule ids, relative paths, rules metadata and partial fingerprints. */
import { createHash } from 'node:crypto';
import { allRules } from '../../rules/index.js';
import path from 'node:path';
import type { ReportInput } from './index.js';
import { version } from '../version.js';

export function sarif({ findings, root }: ReportInput): string {
  const uri = (file: string) => path.relative(process.cwd(), path.join(root, file)).split(path.sep).join('/');
  const ids = [...new Set([...allRules.map((r) => r.id), ...findings.map((f) => f.ruleId)])].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const rule = allRules.find((r) => r.id === id);
    return {
      id,
      shortDescription: { text: rule?.docs.summary ?? id },
      fullDescription: { text: rule ? `${rule.docs.summary} ${rule.docs.why}` : id },
      help: { text: `Run \`test-lint explain ${id}\`.` },
      properties: { phase: rule ? [rule.phase].flat().join(',') : 'integrity' },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: f.suggestions.length ? `${f.message} (${f.suggestions.join('; ')})` : f.message },
    locations: [{ physicalLocation: {
      artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' },
      region: { startLine: f.span.line, startColumn: f.span.column, endLine: f.span.endLine, endColumn: f.span.endColumn },
    } }],
    ...(f.related ? { relatedLocations: f.related.map((r, i) => ({ id: i, message: { text: r.message }, physicalLocation: {
      artifactLocation: { uri: uri(r.file), uriBaseId: '%SRCROOT%' }, region: { startLine: r.span.line, startColumn: r.span.column },
    } })) } : {}),
    // Line-independent, so an alert survives edits above it.
    partialFingerprints: { 'testLint/v1': createHash('sha1').update(`${f.ruleId}\0${f.file}\0${f.message}`).digest('hex') },
    properties: { phase: f.phase },
  }));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'test-lint', version: version(), informationUri: 'https://github.com/test-lint/test-lint', rules } }, results }],
  }, null, 2) + '\n';
}
