/**
 * The fixture harness: runs the real pipeline (config loader, resolvers, front-ends) on a fixture
 * project and renders its findings as the line-oriented `expected.txt` snapshot.
 */
import path from 'node:path';
import { run } from '../engine/run.js';
import type { Finding } from './types.js';

export function renderFinding(f: Finding): string {
  const fix = f.fix ? ` [fix:${f.fix.applicability}]` : '';
  const help = f.suggestions.length ? ` (help: ${f.suggestions.join('; ')})` : '';
  return `${f.file}:${f.span.line}:${f.span.column} ${f.ruleId} ${f.phase} ${f.messageId} "${f.message}"${help}${fix}`;
}

export interface CaseResult { findings: Finding[]; text: string }

/** Lint a fixture folder; `rules` limits the run to those rules (a rule's own fixtures), none = defaults. */
export async function runCase(dir: string, rules?: string[]): Promise<CaseResult> {
  const result = await run({ cwd: dir, paths: ['.'], onlyRules: rules });
  const findings = result.findings;
  const text = findings.map(renderFinding).join('\n') + (findings.length ? '\n' : '');
  return { findings, text };
}

export function fixturesRoot(): string {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures');
}
