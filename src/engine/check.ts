/**
 * Stage 4: run the rules over the model. Each file's facts are walked once: the engine builds a
 * table fact-kind → subscribed rules and calls them in turn; `project` hooks run last.
 * The rules' work on one file has the per-file time budget (`maxFileTime`): past it, that file's
 * findings are dropped and `skipped-file` says so.
 */
import { Deadline, TimeBudgetExceeded } from '../facts/deadline.js';
import { skippedIssue, type FileFacts, type Phase } from '../facts/types.js';
import type { ProjectModel } from '../model/types.js';
import { formatMessage } from '../rule-kit/index.js';
import type { Finding, ReportDescriptor, Rule, RuleContext, Visitors } from '../rule-kit/types.js';
import type { RuleConfig } from '../config/schema.js';
import type { Judgments } from './incremental.js';

export interface ActiveRule { rule: Rule; configFor(file: string): RuleConfig | null }

type FactKind = keyof Visitors<string>;
const FACT_ARRAYS: [Exclude<FactKind, 'file'>, keyof FileFacts][] = [
  ['parseError', 'parseErrors'], ['textIssue', 'textIssues'], ['import', 'imports'], ['export', 'exports'],
  ['class', 'classes'], ['reference', 'references'], ['memberAccess', 'memberAccesses'], ['test', 'tests'],
];

export interface CheckResult {
  findings: Finding[];
  internalErrors: Finding[];
  /** Files the rules ran out of time on: their findings are dropped, so their suppressions cannot be judged unused. */
  cutShort: Set<string>;
}

export interface CheckOptions {
  /** Milliseconds the rules may spend on one file; 0 = no limit. */
  maxFileTime?: number;
  /** Judge only these reported files (an incremental run reuses the others' findings). */
  only?: ReadonlySet<string>;
  /** Record what each file's judgment reads and reports (for the next incremental run). */
  judgments?: Judgments;
}

/** The rule that reports a file test-lint did not analyse; the engine reports through it when the rules run out of time. */
const SKIPPED_FILE = 'skipped-file';

export function checkRules(model: ProjectModel, rules: ActiveRule[], opts: CheckOptions = {}): CheckResult {
  const findings: Finding[] = [];
  const internalErrors: Finding[] = [];
  const cutShort = new Set<string>();

  const contextFor = (active: ActiveRule, facts: FileFacts | undefined, options: Record<string, unknown>): RuleContext<string> => ({
    model,
    file: facts as FileFacts,
    options: withDefaults(active.rule, options),
    report(d: ReportDescriptor<string>) {
      const file = d.file ?? facts?.file;
      if (!file) throw new Error(`${active.rule.id}: report() in project() needs a file`);
      const cfg = active.configFor(file);
      if (!cfg || cfg.severity === 'off') return;
      findings.push(makeFinding(active.rule, file, d, cfg.severity));
    },
  });

  /** Runs every rule's visitors over one file's facts; throws TimeBudgetExceeded past the deadline. */
  const checkFile = (facts: FileFacts, deadline: Deadline): void => {
    const isTest = model.isTestFile(facts.file);
    for (const active of rules) {
      const { rule } = active;
      if (!rule.languages.includes(facts.language)) continue;
      if (rule.scope === 'test-files' && !isTest) continue;
      const cfg = active.configFor(facts.file);
      if (!cfg || cfg.severity === 'off') continue;
      const ctx = contextFor(active, facts, cfg.options);
      try {
        rule.visit.file?.(facts, ctx);
        for (const [kind, key] of FACT_ARRAYS) {
          const visitor = rule.visit[kind] as ((f: unknown, c: RuleContext<string>) => void) | undefined;
          if (!visitor) continue;
          for (const fact of facts[key] as unknown[]) {
            visitor(fact, ctx);
            deadline.tick();
          }
        }
      } catch (e) {
        if (e instanceof TimeBudgetExceeded) throw e;
        internalErrors.push(internalError(rule.id, facts.file, e));
      }
      deadline.check();
    }
  };

  const budget = opts.maxFileTime ?? 0;
  const skipper = rules.find((r) => r.rule.id === SKIPPED_FILE);
  const { only, judgments } = opts;
  for (const file of model.fileNames()) {
    if (!model.isReported(file) || (only && !only.has(file))) continue;
    const facts = model.facts(file)!;
    const before = findings.length;
    const errorsBefore = internalErrors.length;
    try {
      // A rule's visit of one fact can be slow (model queries): the clock is read every 8 facts.
      const deadline = budget > 0 ? new Deadline(budget, 8) : Deadline.NONE;
      if (judgments) {
        judgments.run(file, () => checkFile(facts, deadline));
        judgments.report(file, [...findings.slice(before), ...internalErrors.slice(errorsBefore)]);
      } else {
        checkFile(facts, deadline);
      }
    } catch (e) {
      if (!(e instanceof TimeBudgetExceeded)) throw e;
      findings.length = before;
      cutShort.add(facts.file);
      const cfg = skipper?.configFor(facts.file);
      if (!skipper || !cfg || cfg.severity === 'off') continue;
      skipper.rule.visit.textIssue?.(skippedIssue(e.message), contextFor(skipper, facts, cfg.options));
    }
  }
  for (const active of rules) {
    if (!active.rule.project) continue;
    const ctx = contextFor(active, undefined, active.configFor('')?.options ?? {});
    try {
      active.rule.project(ctx);
    } catch (e) {
      internalErrors.push(internalError(active.rule.id, '', e));
    }
  }
  return { findings, internalErrors, cutShort };
}

function withDefaults(rule: Rule, options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(rule.options ?? {})) out[k] = spec.default;
  return { ...out, ...options };
}

function makeFinding(rule: Rule, file: string, d: ReportDescriptor<string>, severity: 'warn' | 'error'): Finding {
  const template = rule.messages[d.message];
  if (template === undefined) throw new Error(`${rule.id}: unknown message id '${d.message}'`);
  let phase: Phase;
  if (Array.isArray(rule.phase)) {
    if (!d.phase || !rule.phase.includes(d.phase)) throw new Error(`${rule.id}: report() must name one of its phases ${rule.phase.join('/')}`);
    phase = d.phase;
  } else {
    phase = d.phase ?? rule.phase;
  }
  return {
    ruleId: rule.id, file, span: d.at, phase, severity, messageId: d.message,
    message: formatMessage(template, d.data), suggestions: d.suggestions ?? [],
    ...(d.fix ? { fix: d.fix } : {}), ...(d.related ? { related: d.related } : {}),
  };
}

function internalError(ruleId: string, file: string, e: unknown): Finding {
  const err = e as Error;
  const where = (err.stack ?? '').split('\n').slice(1, 3).map((s) => s.trim()).join(' ');
  return {
    ruleId: 'internal-error', file, phase: 'integrity', severity: 'error', messageId: 'crashed',
    span: { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 },
    message: `rule \`${ruleId}\` crashed on this file: ${err.message} (${where})`, suggestions: [],
  };
}
