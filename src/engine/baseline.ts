/**
 * Baselines for adopting test-lint on a legacy repository: record today's findings, then fail only
 * on new ones. Entries are keyed by file, rule and a fingerprint of the message (not the line), with
 * counts, so edits that move code do not churn the file (ESLint's suppressions file, made line-proof).
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Finding } from '../rule-kit/types.js';
import { writeFileAtomic } from '../fix/write.js';

export interface BaselineFile {
  version: 1;
  /** file → rule → fingerprint → count */
  findings: Record<string, Record<string, Record<string, number>>>;
}

export class BaselineError extends Error {}

function fingerprint(f: Finding): string {
  return createHash('sha1').update(f.message).digest('hex').slice(0, 12);
}

export function buildBaseline(findings: Finding[]): BaselineFile {
  const out: BaselineFile = { version: 1, findings: {} };
  for (const f of findings) {
    const byRule = (out.findings[f.file] ??= {});
    const byPrint = (byRule[f.ruleId] ??= {});
    const fp = fingerprint(f);
    byPrint[fp] = (byPrint[fp] ?? 0) + 1;
  }
  return out;
}

export function writeBaseline(file: string, findings: Finding[]): void {
  const sorted = buildBaseline([...findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
  writeFileAtomic(file, JSON.stringify(sorted, null, 2) + '\n');
}

export function readBaseline(file: string): BaselineFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BaselineError(`${file}: cannot read the baseline: ${(e as Error).message.split('\n')[0]}`);
  }
  const b = raw as BaselineFile;
  if (!b || b.version !== 1 || typeof b.findings !== 'object') throw new BaselineError(`${file}: not a test-lint baseline (expected {"version": 1, "findings": {…}})`);
  return b;
}

export interface BaselineResult {
  /** Findings the baseline does not cover: the new ones. */
  findings: Finding[];
  /** How many findings the baseline absorbed. */
  matched: number;
  /** Baseline entries no finding matched any more (fixed since): prune with --write-baseline. */
  unmatched: number;
}

export function applyBaseline(findings: Finding[], baseline: BaselineFile): BaselineResult {
  const left = structuredClone(baseline.findings);
  const kept: Finding[] = [];
  let matched = 0;
  for (const f of findings) {
    const slot = left[f.file]?.[f.ruleId];
    const fp = fingerprint(f);
    if (slot && (slot[fp] ?? 0) > 0) {
      slot[fp]--;
      matched++;
      continue;
    }
    kept.push(f);
  }
  let unmatched = 0;
  for (const byRule of Object.values(left)) for (const byPrint of Object.values(byRule)) for (const n of Object.values(byPrint)) unmatched += n;
  return { findings: kept, matched, unmatched };
}
