/**
 * The pipeline, one call per stage:
 * discover → extract facts → link the model → check rules → settle → (report, by the caller).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { EffectiveConfig, type RuleConfig, type UserConfig } from '../config/schema.js';
import { discoverFiles, findProjectRoot, languageOf } from '../discover/files.js';
import type { Language, FileFacts, Phase } from '../facts/types.js';
import { Project } from '../model/project.js';
import type { Finding, Rule, Severity } from '../rule-kit/types.js';
import { allRules } from '../../rules/index.js';
import { checkRules, type ActiveRule } from './check.js';
import { DEFAULT_MAX_FILE_TIME } from '../facts/deadline.js';
import { DEFAULT_MAX_FILE_SIZE, contentHash, extractFile, extractFromBytes, initFrontEnd, readSource, type ExtractRequest } from './extract.js';
import { DEFAULT_CACHE_DIR, FactsCache, cacheable, factsFingerprint } from '../facts/cache.js';
import { ExtractPool, poolSizeFor, type PoolJob } from '../facts/pool.js';
import { emptyFacts } from '../facts/types.js';
import { createProjectContext, type ProjectContext } from './setup.js';
import { RunCache, type ObservedFile, type RunEntry } from './run-cache.js';
import { Judgments, importsKey, makeRecord, planIncremental, priorContributions, type IncrementalRecord } from './incremental.js';
import { startRecording, stillHolds, stopRecording, structural } from '../fs/probe.js';
import { settle } from './settle.js';
import { settleReceiverTypes, type TypeCheckStats } from './type-check.js';

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
  /** `--cache`: reuse facts by content hash, and a whole run's findings when nothing they depend on changed. */
  cache?: boolean;
  /** With `cache`: may the findings of an earlier run be reused (the run cache)? The result then may have no model. */
  reuseResults?: boolean;
  /** `--cache-location` (default `.test-lint-cache/` under the project root). */
  cacheLocation?: string;
  /** `--shard i/n`: report only this part of the files (1-based index). */
  shard?: Shard;
  /** Worker threads for extraction; default: by run size and cores (env TEST_LINT_WORKERS overrides). 0 = in-thread. */
  workers?: number;
  /** Progress of the long stages (for the CLI's indicator). */
  onProgress?: (p: Progress) => void;
  /** Warnings that do not stop the run (a discarded cache entry). Default: stderr. */
  warn?: (message: string) => void;
}

export interface Shard { index: number; count: number }
export interface Progress { phase: 'parse' | 'check'; done: number; total: number }

export interface RunResult {
  root: string;
  configFile: string | null;
  findings: Finding[];
  /** Reported files (project-relative). */
  files: string[];
  missingPaths: string[];
  /** The project model; null when the findings were reused from the run cache (nothing was modelled). */
  model: Project | null;
  /** Cache hits/misses of this run (null without `--cache`). */
  cache: { hits: number; misses: number; written: number; discarded: number } | null;
  /** What the TypeScript checker covered (null: it did not start). */
  typeCheck: TypeCheckStats | null;
  /** An incremental run: how many reported files were judged again, and how many kept their recorded findings. */
  incremental?: { judged: number; reused: number };
}

export const RULE_IDS: ReadonlySet<string> = new Set([...allRules.map((r) => r.id), 'unused-suppression']);

/** A run whose caller needs the model (the fixer, the benches) does not ask for reused results. */
export async function run(opts: RunOptions & { reuseResults?: false }): Promise<RunResult & { model: Project }>;
export async function run(opts: RunOptions): Promise<RunResult>;
export async function run(opts: RunOptions): Promise<RunResult> {
  const named = opts.stdin ? [path.resolve(opts.cwd, opts.stdin.filename)] : (opts.paths.length ? opts.paths : ['.']).map((p) => path.resolve(opts.cwd, p));
  const root = findProjectRoot(named, opts.cwd);
  const { config, file: configFile } = await loadConfig(root, RULE_IDS, opts.configFile && path.resolve(opts.cwd, opts.configFile));
  const discovered = opts.stdin
    ? { files: [path.relative(root, named[0]).split(path.sep).join('/')], missing: [] }
    : discoverFiles({ root, paths: named, include: config.include, exclude: config.exclude });
  const reuse = Boolean(opts.cache && opts.reuseResults && !opts.stdin && !opts.overlay);
  const probes = reuse ? startRecording() : null;
  try {
    const ctx = await createProjectContext(root, config, discovered.files.some((f) => languageOf(f) !== 'python'));
    const stage = new ExtractStage(root, ctx, budgetOf(config), opts, discovered.files.length);
    const runs = reuse ? stage.runCache() : null;
    const runKey = runs ? RunCache.keyOf({
      root, configFile, config,
      options: [opts.ruleOverrides ?? null, opts.phases ?? null, opts.onlyRules ?? null, opts.shard ?? null, process.env['VIRTUAL_ENV'] ?? null],
      files: discovered.files,
    }) : '';
    if (runs) {
      const prior = runs.read(runKey);
      const changed = prior ? await stage.changedSince(prior.files) : null;
      if (prior && changed && stillHolds(structural(prior.probes))) {
        if (changed.size === 0 && stillHolds(prior.probes)) {
          await stage.close();
          return { root, configFile, findings: prior.findings, files: prior.reported, missingPaths: discovered.missing, model: null, cache: stage.cacheStats(), typeCheck: null };
        }
        const again = prior.incremental && !opts.shard ? await incrementalRun(root, configFile, config, ctx, stage, { ...prior, incremental: prior.incremental }, changed, discovered.missing, opts) : null;
        if (again) {
          if (probes && !stage.budgetExceeded) {
            stopRecording();
            // The checker's source reads of the earlier run are not carried over: every file that asks it was judged again.
            runs.write({ ...again.entry, key: runKey, probes: mergeProbes(structural(prior.probes), probes) });
          }
          return again.result;
        }
      }
    }
    const { judgments, ...result } = await modelAndCheck(root, configFile, config, ctx, stage, discovered, opts, Boolean(runs));
    if (runs && probes && !stage.budgetExceeded) {
      stopRecording();
      const incremental = judgments && !opts.shard ? makeRecord(result.model, judgments.records()) : undefined;
      runs.write({ key: runKey, files: stage.observedFiles(), probes: [...probes], reported: result.files, findings: result.findings, incremental });
    }
    return result;
  } finally {
    if (probes) stopRecording();
  }
}

/** Stages 2–5 without the run cache: facts (cached or extracted), the model, the rules, settling; `record`: what each file's judgment read. */
async function modelAndCheck(root: string, configFile: string | null, config: UserConfig, ctx: ProjectContext, stage: ExtractStage,
  discovered: { files: string[]; missing: string[] }, opts: RunOptions, record = false): Promise<RunResult & { model: Project; judgments?: Judgments }> {
  const model = new Project(ctx);
  try {
    const reported = opts.shard && !opts.stdin ? shardFiles(discovered.files, opts.shard) : discovered.files;
    const first = await stage.extract(reported, (file) => opts.stdin?.text ?? opts.overlay?.get(file));
    for (const facts of first) model.add(facts, true);
    await linkImportedFiles(model, stage);
    if (opts.shard) {
      // Project-level rules (duplicate-test-module) compare every discovered file: the other
      // shards' files enter the model by path only (their facts are not read: no parse cost).
      for (const file of discovered.files) {
        if (!model.facts(file)) model.add(emptyFacts(file, languageOf(file)!, '', 0), false);
      }
    }
  } finally {
    await stage.close();
  }
  model.recorder.enabled = record;
  const judgments = record ? new Judgments(model.recorder) : undefined;
  const judged = await judge(model, ctx, config, configFile, stage, opts, { judgments });
  return { root, configFile, ...judged, missingPaths: discovered.missing, model, cache: stage.cacheStats(), judgments };
}

/** Stages 3b–5 over a built model: the type stage, the rules (over `only`, when given), settling with the findings reused for the others. */
async function judge(model: Project, ctx: ProjectContext, config: UserConfig, configFile: string | null, stage: ExtractStage, opts: RunOptions,
  scope: { only?: ReadonlySet<string>; judgments?: Judgments; reused?: Finding[] }): Promise<{ findings: Finding[]; files: string[]; typeCheck: TypeCheckStats | null }> {
  const active = activeRules(config, configFile, opts);
  const stdinFile = opts.stdin ? [...model.fileNames()][0] : undefined;
  const typeCheck = await settleReceiverTypes(model, ctx.tsResolver, active, (file) => (file === stdinFile ? opts.stdin!.text : opts.overlay?.get(file)), scope);
  const { findings, internalErrors, cutShort } = checkRules(model, active, { maxFileTime: budgetOf(config).maxFileTime, ...scope });
  if (cutShort.size > 0) stage.budgetExceeded = true;
  const unused = opts.onlyRules ? 'off' : severityOf('unused-suppression', config, opts, 'warn');
  const reportedFiles = [...model.fileNames()].filter((f) => model.isReported(f));
  const judged = reportedFiles.filter((f) => !cutShort.has(f));
  const settled = settle([...(scope.reused ?? []), ...findings, ...internalErrors], (f) => model.suppressionsOf(f), { phases: opts.phases, unusedSuppressions: unused }, judged);
  return { findings: settled, files: reportedFiles, typeCheck };
}

/**
 * An incremental run (src/engine/incremental.ts): the model of the earlier run with the changed files'
 * new facts, the others' loaded only when read; null when it must be a full run instead.
 */
async function incrementalRun(root: string, configFile: string | null, config: UserConfig, ctx: ProjectContext, stage: ExtractStage,
  prior: RunEntry & { incremental: IncrementalRecord }, changed: ReadonlyMap<string, FileFacts>, missingPaths: string[],
  opts: RunOptions): Promise<{ result: RunResult; entry: Omit<RunEntry, 'key' | 'probes'> } | null> {
  await stage.close();
  const tokens = new Map(prior.files.map(([file, token]) => [file, token]));
  for (const [file, facts] of changed) {
    // New or dropped imports may change which files the model links: a full run.
    const before = stage.cached(tokens.get(file)!);
    if (!before || importsKey(before) !== importsKey(facts)) return null;
  }
  const model = new Project(ctx);
  const reported = new Set(prior.reported);
  for (const [file, priorToken] of prior.files) {
    const facts = changed.get(file);
    if (facts) { model.add(facts, reported.has(file)); continue; }
    // Same facts; the bytes may differ (a comment added): the token seen now names them.
    const token = stage.tokenSeen(file) ?? priorToken;
    model.addLazy(file, languageOf(file)!, () => {
      const cached = stage.cached(token);
      if (!cached) throw new FactsUnavailable(file);
      return cached;
    }, reported.has(file));
  }
  model.usePriorContributions(priorContributions(prior.incremental));
  model.recorder.enabled = true;
  try {
    const { rejudge, reuse } = planIncremental(model, prior.incremental, new Set(changed.keys()));
    const judgments = new Judgments(model.recorder);
    const reused = [...reuse.values()].flatMap((r) => r.findings);
    const judged = await judge(model, ctx, config, configFile, stage, opts, { only: rejudge, judgments, reused });
    const records = new Map(reuse);
    for (const [file, rec] of judgments.records()) records.set(file, rec);
    const files = prior.files.map(([file, token, fp]) => stage.observedFile(file, stage.tokenSeen(file) ?? token, changed.has(file) ? factsFingerprint(changed.get(file)!) : fp));
    const incremental = makeRecord(model, records);
    return {
      result: { root, configFile, ...judged, missingPaths, model, cache: stage.cacheStats(), incremental: { judged: rejudge.size, reused: reuse.size } },
      entry: { files, reported: judged.files, findings: judged.findings, incremental },
    };
  } catch (e) {
    if (e instanceof FactsUnavailable) return null;
    throw e;
  }
}

/**
 * A file's size, modification and change times and inode — '' when it cannot be read, or when its
 * last change (ctime, which no tool can set back) is under 2 s old: a write in the same clock tick
 * would keep size and times ("racy clean" in git), so such a file is hashed next time. Another
 * machine's checkout (a CI cache restored) has other ctimes and inodes: its files are hashed.
 */
function statOf(abs: string): string {
  try {
    const st = statSync(abs);
    return st.ctimeMs < Date.now() - 2000 ? `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}` : '';
  } catch {
    return '';
  }
}

/** A file's cached facts are gone (the cache was pruned between runs): the incremental run gives way to a full one. */
class FactsUnavailable extends Error {}

/** The probes of the earlier run (they still hold) and this run's: the reused findings depend on the former. */
function mergeProbes(prior: [string, string][], now: Iterable<[string, string]>): [string, string][] {
  const out = new Map(prior);
  for (const [k, v] of now) out.set(k, v);
  return [...out];
}

/** The per-file budgets (`maxFileSize` bytes, `maxFileTime` ms; 0 = no time limit). */
export interface Budget { maxFileSize: number; maxFileTime: number }

export function budgetOf(config: UserConfig): Budget {
  return { maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, maxFileTime: config.maxFileTime === false ? 0 : config.maxFileTime ?? DEFAULT_MAX_FILE_TIME };
}

/** A stable partition of files into `count` shards by a hash of the path (independent of the file list). */
export function shardOf(file: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) { h ^= file.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return (h >>> 0) % count;
}

/** The files shard `index` (1-based) of `count` reports. */
export function shardFiles(files: readonly string[], shard: Shard): string[] {
  return files.filter((f) => shardOf(f, shard.count) === shard.index - 1);
}

/**
 * Stage 2 for a set of files: cache lookups in the main thread (read, hash), misses extracted by
 * the worker pool (started once, on the first wave large enough to pay for it) or in-thread.
 */
class ExtractStage {
  private readonly cache: FactsCache | null;
  private readonly warn: (message: string) => void;
  private pool: ExtractPool | null = null;
  private poolTried = false;
  private readonly loaded = new Set<'python' | 'ts'>();
  private done = 0;
  private total = 0;
  /** With the cache: file → its state token (the facts-cache key; for an unreadable/oversized file, its facts' fingerprint). */
  private readonly tokens = new Map<string, string>();
  /** With the cache: file → its stat (`statOf`) taken just before its token. */
  private readonly stats = new Map<string, string>();
  /** With the cache: file → the fingerprint of the facts this run used for it. */
  private readonly fingerprints = new Map<string, string>();
  /** A file or a rule went over the time budget: this run's findings depend on the machine's speed (not worth a run-cache entry). */
  budgetExceeded = false;
  /** Facts extracted while checking the run cache, kept for the full run that follows a miss. */
  private readonly early = new Map<string, FileFacts>();

  constructor(private readonly root: string, private readonly ctx: ProjectContext, private readonly budget: Budget,
    private readonly opts: RunOptions, private readonly expected: number) {
    this.warn = opts.warn ?? ((m: string) => { process.stderr.write(`test-lint: ${m}\n`); });
    this.cache = opts.cache ? new FactsCache({ dir: path.resolve(root, opts.cacheLocation ?? DEFAULT_CACHE_DIR), warn: this.warn }) : null;
  }

  cacheStats() { return this.cache ? { ...this.cache.stats } : null; }

  /** The run cache beside the facts cache (null without `--cache`). */
  runCache(): RunCache | null {
    return this.cache ? new RunCache(this.cache.dir, this.warn) : null;
  }

  /** The token of a file as it is now: read and hashed (an unreadable or oversized file: its facts). Its stat is noted first. */
  private tokenOf(req: ExtractRequest): { token: string; bytes?: Uint8Array; facts?: FileFacts } {
    this.stats.set(req.file, statOf(path.join(this.root, req.file)));
    const src = readSource(req);
    if ('facts' in src) return { token: `x${factsFingerprint(src.facts)}`, facts: src.facts };
    return { token: this.cache!.keyOf(req.file, contentHash(src.bytes), req.language, req.options), bytes: src.bytes };
  }

  /**
   * The files of an earlier run whose facts are different now (new bytes with a different
   * fingerprint), with their new facts; null when one of them can no longer be linted. What it
   * extracted is kept for the run.
   */
  async changedSince(files: readonly ObservedFile[]): Promise<Map<string, FileFacts> | null> {
    const changed = new Map<string, FileFacts>();
    for (const [file, token, fp, stat] of files) {
      const lang = languageOf(file);
      if (!lang) return null;
      if (stat && statOf(path.join(this.root, file)) === stat) {
        // Same size, times and inode as just before its token was taken (and settled then).
        this.tokens.set(file, token);
        this.stats.set(file, stat);
        continue;
      }
      const t = this.tokenOf(this.request(file));
      this.tokens.set(file, t.token);
      if (t.token === token) continue;
      const [facts] = await this.extract([file]);
      this.early.set(file, facts!);
      if (factsFingerprint(facts!) !== fp) changed.set(file, facts!);
    }
    return changed;
  }

  /** The cached facts under a token, if the cache still holds them. */
  cached(token: string): FileFacts | undefined {
    return token[0] === 'x' ? undefined : this.cache?.get(token);
  }

  /** The token this run saw for a file. */
  tokenSeen(file: string): string | undefined {
    return this.tokens.get(file);
  }

  /** What this run saw of every file it extracted, for the run cache. */
  observedFiles(): ObservedFile[] {
    return [...this.fingerprints].map(([file, fp]): ObservedFile => this.observedFile(file, this.tokens.get(file)!, fp));
  }

  /** A file's state for the run cache, with the stat noted when its token was taken. */
  observedFile(file: string, token: string, fp: string): ObservedFile {
    const stat = this.stats.get(file);
    return stat ? [file, token, fp, stat] : [file, token, fp];
  }

  private observe(file: string, token: string, facts: FileFacts): FileFacts {
    if (!cacheable(facts)) this.budgetExceeded = true;
    this.tokens.set(file, token);
    this.fingerprints.set(file, factsFingerprint(facts));
    return facts;
  }

  /** Load the front-ends these languages need (once each): a Python-only run never loads TypeScript. */
  private async ready(languages: Iterable<Language>): Promise<void> {
    for (const lang of new Set(languages)) {
      const key = lang === 'python' ? 'python' : 'ts';
      if (this.loaded.has(key)) continue;
      await initFrontEnd(lang);
      this.loaded.add(key);
    }
  }

  private request(file: string, text?: string): ExtractRequest {
    const language = languageOf(file)!;
    return { root: this.root, file, language, options: this.ctx.frontEndOptions(file, language), ...this.budget, text };
  }

  private async inThread(job: PoolJob): Promise<FileFacts> {
    await this.ready([job.req.language]);
    return this.inThreadSync(job);
  }

  private inThreadSync(job: PoolJob): FileFacts {
    const facts = job.bytes ? extractFromBytes(job.req, job.bytes) : extractFile(job.req);
    if (this.cache && job.cacheKey && cacheable(facts)) this.cache.set(job.cacheKey, facts);
    return facts;
  }

  /** `textOf` gives in-memory text (stdin, the fixer's overlay): such files skip the cache and the pool. */
  async extract(files: readonly string[], textOf?: (file: string) => string | undefined): Promise<FileFacts[]> {
    this.total += files.length;
    const out: FileFacts[] = new Array(files.length);
    const jobs: PoolJob[] = [];
    const slots: number[] = [];
    const local: number[] = [];
    for (let i = 0; i < files.length; i++) {
      const text = textOf?.(files[i]!);
      const req = this.request(files[i]!, text);
      if (text !== undefined) { local.push(i); continue; }
      if (this.cache) {
        const file = files[i]!;
        const early = this.early.get(file);
        if (early) { out[i] = early; this.early.delete(file); continue; }
        const known = this.tokens.get(file);
        const hit = known !== undefined && known[0] !== 'x' ? this.cache.get(known) : undefined;
        if (hit) { out[i] = this.observe(file, known!, hit); continue; }
        const t = this.tokenOf(req);
        if (t.facts) { out[i] = this.observe(file, t.token, t.facts); continue; }
        const again = t.token !== known ? this.cache.get(t.token) : undefined;
        if (again) { out[i] = this.observe(file, t.token, again); continue; }
        this.tokens.set(file, t.token);
        jobs.push({ req, bytes: t.bytes, cacheKey: t.token });
      } else {
        jobs.push({ req });
      }
      slots.push(i);
    }
    for (const i of local) out[i] = await this.inThread({ req: this.request(files[i]!, textOf!(files[i]!)) });
    this.progress(files.length - jobs.length);
    if (jobs.length > 0) {
      const pool = this.ensurePool(jobs.length);
      if (pool) {
        await this.ready(jobs.map((j) => j.req.language));
        let reported = 0;
        const facts = await pool.run(jobs, (d) => { this.progress(d - reported); reported = d; });
        for (let k = 0; k < jobs.length; k++) out[slots[k]!] = this.observed(jobs[k]!, facts[k]!);
      } else {
        for (let k = 0; k < jobs.length; k++) {
          out[slots[k]!] = this.observed(jobs[k]!, await this.inThread(jobs[k]!));
          this.progress(1);
          // Node runs native finalizers (tree-sitter trees, ~0.5 MB per 15 KB file) only when the
          // event loop turns: without this, a synchronous loop keeps every tree until the end.
          if (k % 8 === 7) await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    }
    return out;
  }

  private observed(job: PoolJob, facts: FileFacts): FileFacts {
    return job.cacheKey ? this.observe(job.req.file, job.cacheKey, facts) : facts;
  }

  private ensurePool(misses: number): ExtractPool | null {
    if (this.pool || this.poolTried) return this.pool;
    this.poolTried = true;
    const env = process.env.TEST_LINT_WORKERS;
    const requested = this.opts.workers ?? (env !== undefined && env !== '' && Number.isFinite(Number(env)) ? Number(env) : undefined);
    const size = poolSizeFor(Math.max(misses, requested === undefined ? 0 : misses), requested);
    this.pool = ExtractPool.create(size, (job) => {
      // A dead worker's files: in-thread (the Python parser is ready: the pool path inits it first).
      return this.inThreadSync(job);
    }, { cacheDir: this.cache ? path.dirname(this.cache.dir) : undefined, toolVersion: this.cache?.toolVersion });
    return this.pool;
  }

  private progress(n: number): void {
    if (n <= 0) return;
    this.done += n;
    this.opts.onProgress?.({ phase: 'parse', done: this.done, total: Math.max(this.total, this.expected) });
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}

/** Bring in the first-party modules the linted files import (transitively), unreported. */
async function linkImportedFiles(model: Project, stage: ExtractStage): Promise<void> {
  let frontier: FileFacts[] = [...model.files()];
  while (frontier.length > 0) {
    const wanted: string[] = [];
    for (const file of model.unvisitedTargets(frontier)) {
      const lang = languageOf(file);
      if (!lang || file.startsWith('../') || file.includes('/node_modules/')) continue;
      wanted.push(file);
    }
    const next = await stage.extract(wanted);
    for (const facts of next) model.add(facts, false);
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
