/** `--print-config FILE`: the effective configuration for one file, as JSON. */
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { EffectiveConfig } from '../config/schema.js';
import { findProjectRoot } from '../discover/files.js';
import { allRules } from '../../rules/index.js';
import { RULE_IDS, budgetOf } from '../engine/run.js';
import type { Severity } from '../rule-kit/types.js';

export async function printConfig(cwd: string, file: string, configFile?: string, overrides: Record<string, Severity> = {}): Promise<string> {
  const abs = path.resolve(cwd, file);
  const root = findProjectRoot([abs], cwd);
  const { config, file: source } = await loadConfig(root, RULE_IDS, configFile && path.resolve(cwd, configFile));
  const eff = new EffectiveConfig(config, source);
  const rel = path.relative(root, abs).split(path.sep).join('/');
  const rules: Record<string, [Severity, Record<string, unknown>]> = {};
  for (const rule of allRules) {
    const set = eff.ruleFor(rule.id, rel);
    const defaults = Object.fromEntries(Object.entries(rule.options ?? {}).map(([k, o]) => [k, o.default]));
    const severity = overrides[rule.id] ?? set?.severity ?? (rule.status === 'stable' ? rule.severity : 'off');
    rules[rule.id] = [severity, { ...defaults, ...(set?.options ?? {}) }];
  }
  return JSON.stringify({ file: rel, root, configFile: source, include: config.include ?? null, exclude: config.exclude ?? null, testFiles: config.testFiles ?? null, pythonVersion: config.pythonVersion ?? null, ...budgetOf(config), rules }, null, 2) + '\n';
}
