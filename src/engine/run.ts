/**
 * The pipeline, one call per stage:
 * discover → extract facts → link the model → check rules → settle → (report, by the caller).
 */
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { EffectiveConfig, type RuleConfig, type UserConfig } from '../config/schema.js';
import { discoverFiles, findProjectRoot, languageOf } from '../discover/files.js';
import type { FileFacts, Phase } from '../facts/types.js';
import { Project } from '../model/project.js';
import type { Finding, Rule, Severity } from '../rule-kit/types.js';
import { allRules } from '../../rules/index.js';
import { checkRules, type ActiveRule } from './check.js';
import { DEFAULT_MAX_FILE_SIZE, extractFile } from './extract.js';
import { createProjectContext } from './setup.js';
import { settle } from './settle.js';
import { initPythonParser } from '../frontends/python/index.js';

export interface RunOptions {
  cwd: string;
  paths: string[];
  configFile?: string;
  /** `--rule id:severity`, applied over the config. */
  ruleOverrides?: Record<string, Severity>;
  phases?: Phase[];
  /** Lint this text as the file `filename` (editors). */
  stdin?: { text: string; filename: string };
  /** Project-relative file → text to lint instead of the file on disk (`--fix-dry-run` passes). */
  overlay?: ReadonlyMap<string, string>;
  /** Only these rules run (tests): everything else is off. */
  onlyRules?: string[];
}

export interface RunResult {
  root: string;
  configFile: string | null;
  findings: Finding[];
  /** Reported files (project-relative). */
  files: string[];
  missingPaths: string[];
  model: Project;
}

export const RULE_IDS: ReadonlySet<string> = new Set([...allRules.map((r) => r.id), 'unused-suppression']);

export async function run(opts: RunOptions): Promise<RunResult> {
  const named = opts.stdin ? [path.resolve(opts.cwd, opts.stdin.filename)] : (opts.paths.length ? opts.paths : ['.']).map((p) => path.resolve(opts.cwd, p));
  const root = findProjectRoot(named, opts.cwd);
  const { config, file: configFile } = await loadConfig(root, RULE_IDS, opts.configFile && path.resolve(opts.cwd, opts.configFile));
  const ctx = createProjectContext(root, config);

  const discovered = opts.stdin
    ? { files: [path.relative(root, named[0]).split(path.sep).join('/')], missing: [] }
    : discoverFiles({ root, paths: named, include: config.include, exclude: config.exclude });
  if (discovered.files.some((f) => languageOf(f) === 'python')) await initPythonParser();

  const model = new Project(ctx);
  const extract = (file: string, text?: string): FileFacts => extractFile({
    root, file, language: languageOf(file)!, options: ctx.frontEndOptions(file, languageOf(file)!),
    maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, text,
  });
  for (const file of discovered.files) model.add(extract(file, opts.stdin?.text ?? opts.overlay?.get(file)), true);
  await linkImportedFiles(model, extract);

  const active = activeRules(config, configFile, opts);
  const { findings, internalErrors } = checkRules(model, active);
  const unused = opts.onlyRules ? 'off' : severityOf('unused-suppression', config, opts, 'warn');
  const settled = settle([...findings, ...internalErrors], (f) => model.facts(f), { phases: opts.phases, unusedSuppressions: unused }, discovered.files);
  return { root, configFile, findings: settled, files: discovered.files, missingPaths: discovered.missing, model };
}

/** Bring in the first-party modules the linted files import (transitively), unreported. */
async function linkImportedFiles(model: Project, extract: (file: string) => FileFacts): Promise<void> {
  let frontier: FileFacts[] = [...model.files()];
  let pythonReady = frontier.some((f) => f.language === 'python');
  while (frontier.length > 0) {
    const next: FileFacts[] = [];
    for (const file of model.unvisitedTargets(frontier)) {
      const lang = languageOf(file);
      if (!lang || file.startsWith('../') || file.includes('/node_modules/')) continue;
      if (lang === 'python' && !pythonReady) { await initPythonParser(); pythonReady = true; }
      const facts = extract(file);
      model.add(facts, false);
      next.push(facts);
    }
    frontier = next;
  }
}

function severityOf(id: string, config: UserConfig, opts: RunOptions, fallback: Severity): Severity {
  return opts.ruleOverrides?.[id] ?? new EffectiveConfig(config, null).ruleFor(id)?.severity ?? fallback;
}

function activeRules(config: UserConfig, configFile: string | null, opts: RunOptions): ActiveRule[] {
  const eff = new EffectiveConfig(config, configFile);
  return allRules.map((rule: Rule): ActiveRule => ({
    rule,
    configFor(file: string): RuleConfig | null {
      const base: RuleConfig = { severity: isDefaultOn(rule, opts) ? rule.severity : 'off', options: {} };
      const fromConfig = eff.ruleFor(rule.id, file || undefined);
      const merged = fromConfig ? { severity: fromConfig.severity, options: fromConfig.options } : base;
      const override = opts.ruleOverrides?.[rule.id];
      if (opts.onlyRules && !opts.onlyRules.includes(rule.id)) return null;
      return override ? { ...merged, severity: override } : merged;
    },
  }));
}

function isDefaultOn(rule: Rule, opts: RunOptions): boolean {
  if (opts.onlyRules) return opts.onlyRules.includes(rule.id);
  return rule.status === 'stable';
}
