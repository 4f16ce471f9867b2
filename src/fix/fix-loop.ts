/**
 * `--fix` / `--fix-dry-run`: lint, apply the fixes of the allowed applicability, check that each
 * fixed file still parses, and lint again — up to 10 passes, stopping when nothing changes or an
 * output repeats. Files are written atomically only when every pass is done.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { run, type RunOptions, type RunResult } from '../engine/run.js';
import { extractFile, DEFAULT_MAX_FILE_SIZE } from '../engine/extract.js';
import { languageOf } from '../discover/files.js';
import type { Fix } from '../rule-kit/types.js';
import { applyFixes } from './apply.js';
import { writeFileAtomic } from './write.js';

export const MAX_PASSES = 10;

export interface FixOutcome {
  result: RunResult;
  /** Project-relative file → original and fixed text (without BOM handling). */
  changes: Map<string, { before: string; after: string; applied: string[] }>;
  /** Fixes dropped because the fixed file no longer parsed. */
  dropped: { file: string; title: string }[];
}

const BOM = '\uFEFF';

export async function fixProject(opts: RunOptions, fix: { unsafe: boolean; write: boolean }): Promise<FixOutcome> {
  const overlay = new Map<string, string>();
  const originals = new Map<string, string>();
  const applied = new Map<string, string[]>();
  const seen = new Map<string, Set<string>>();
  const dropped: FixOutcome['dropped'] = [];
  // Fixing needs the model of every pass (parse counts): never the run cache's reused findings.
  let result = await run({ ...opts, reuseResults: false });
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const byFile = new Map<string, Fix[]>();
    for (const f of result.findings) {
      if (!f.fix || f.fix.applicability === 'display' || (f.fix.applicability === 'unsafe' && !fix.unsafe)) continue;
      if (f.fix.edits.some((e) => e.file !== f.file)) continue; // cross-file fixes are not applied by --fix
      if (!byFile.has(f.file)) byFile.set(f.file, []);
      byFile.get(f.file)!.push(f.fix);
    }
    let changed = false;
    for (const [file, fixes] of byFile) {
      const abs = path.join(result.root, file);
      if (!originals.has(file)) originals.set(file, readFileSync(abs, 'utf8'));
      const current = overlay.get(file) ?? stripBom(originals.get(file)!);
      const { text, applied: took } = applyFixes(current, fixes);
      if (text === current) continue;
      const history = seen.get(file) ?? new Set([current]);
      if (history.has(text)) continue; // circular fixes: stop at the first repeat
      history.add(text);
      seen.set(file, history);
      if (!stillParses(result.root, file, result.model.facts(file)?.parseErrors.length ?? 0, text)) {
        for (const f of took) dropped.push({ file, title: f.title });
        continue;
      }
      overlay.set(file, text);
      applied.set(file, [...(applied.get(file) ?? []), ...took.map((f) => f.title)]);
      changed = true;
    }
    if (!changed) break;
    result = await run({ ...opts, reuseResults: false, overlay });
  }
  const changes: FixOutcome['changes'] = new Map();
  for (const [file, after] of overlay) {
    const raw = originals.get(file)!;
    const final = raw.startsWith(BOM) ? BOM + after : after;
    changes.set(file, { before: raw, after: final, applied: applied.get(file) ?? [] });
    if (fix.write) writeFileAtomic(path.join(result.root, file), final);
  }
  return { result, changes, dropped };
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * A fix must not add a syntax error (Ruff's harness rule, made a run-time guarantee). `before`: the current text's count, from the model.
 * No time budget: a skipped re-parse would count as "no syntax error"; the file fitted the budget when its fix was found.
 */
function stillParses(root: string, file: string, before: number, after: string): boolean {
  const lang = languageOf(file)!;
  const opts = { pythonVersion: [3, 13] as [number, number], pythonFunctions: ['test'], pythonClasses: ['Test'], isTest: false };
  return extractFile({ root, file, language: lang, options: opts, maxFileSize: DEFAULT_MAX_FILE_SIZE, maxFileTime: 0, text: after }).parseErrors.length <= before;
}
