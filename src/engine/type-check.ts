/**
 * Stage 3b, between linking the model and checking rules: TS receivers the syntax could not settle
 * are settled by the type checker, when an active rule uses types. The checker (src/model/ts-checker.ts)
 * is imported only when some access needs it, and its program covers only the test files that ask.
 * `TEST_LINT_TYPES=off` in the environment skips the stage (speed benchmarks: the run without the checker).
 */
import path from 'node:path';
import type { Project } from '../model/project.js';
import type { TsResolver } from '../model/resolver-types.js';
import type { CheckerProject } from '../model/ts-checker.js';
import { unsettledReceivers, type ReceiverQuery } from '../model/ts-receivers.js';
import type { ActiveRule, CheckOptions } from './check.js';

export interface TypeCheckStats {
  /** Test files with a receiver the syntax could not settle (the programs' root names). */
  rootFiles: number;
  queries: number;
  /** Source files the programs read (lib files included), and the first-party ones among them. */
  programFiles: number;
  firstPartyFiles: number;
  answered: number;
  /** CPU seconds: building the programs (parse, bind), and answering (type resolution). */
  programSeconds: number;
  querySeconds: number;
}

/** Does an active, type-using rule apply to this file? */
function typesWanted(rules: ActiveRule[], file: string): boolean {
  return rules.some((a) => {
    const cfg = a.configFor(file);
    return !!cfg && cfg.severity !== 'off';
  });
}

/** Settle receivers with the type checker; null when it did not start (no rule uses types, nothing to ask, no TS resolver). */
export async function settleReceiverTypes(model: Project, resolver: TsResolver | null, rules: ActiveRule[],
  textOf: (file: string) => string | undefined, opts: Pick<CheckOptions, 'only' | 'judgments'> = {}): Promise<TypeCheckStats | null> {
  const typed = rules.filter((a) => a.rule.usesTypes && a.rule.languages.includes('ts'));
  if (!resolver || typed.length === 0 || process.env.TEST_LINT_TYPES === 'off') return null;
  const queries: ReceiverQuery[] = [];
  for (const file of model.fileNames()) {
    if (model.languageOf(file) !== 'ts' || !model.isReported(file) || (opts.only && !opts.only.has(file)) || !typesWanted(typed, file)) continue;
    const facts = model.facts(file)!;
    // Part of the file's judgment: whether it asks the checker depends on what the model says of its receivers.
    const asked = opts.judgments ? opts.judgments.run(file, () => unsettledReceivers(model, facts)) : unsettledReceivers(model, facts);
    // The checker's answers depend on files the recorder does not see (the whole program): such a file is judged on every run.
    if (asked.length) opts.judgments?.readsEverything(file);
    queries.push(...asked);
  }
  if (queries.length === 0) return null;

  const { checkReceivers } = await import('../model/ts-checker.js');
  const abs = (f: string) => path.resolve(model.root, f);
  const rel = (f: string) => path.relative(model.root, f).split(path.sep).join('/');
  const byConfig = new Map<string, CheckerProject>();
  for (const q of queries) {
    const file = abs(q.file);
    const p = resolver.projectOf(file);
    const key = p.configFile ?? '';
    let group = byConfig.get(key);
    if (!group) byConfig.set(key, group = { configFile: p.configFile, options: p.options, queries: [] });
    group.queries.push({ ...q, file });
  }
  const result = checkReceivers([...byConfig.values()], {
    resolve(fromFile, specifier) {
      const t = resolver.resolve(fromFile, specifier);
      return t.kind === 'file' ? t.path : null;
    },
    textOf: (file) => textOf(rel(file)),
    isFirstParty: (file) => {
      const r = path.relative(model.root, file);
      return !r.startsWith('..') && !path.isAbsolute(r) && !r.split(path.sep).includes('node_modules');
    },
  });
  for (const [key, answer] of result.answers) {
    model.recordCheckedReceiver(key, { ...answer, types: answer.types.map((t) => ({ name: t.name, file: rel(t.file) })) });
  }
  return {
    rootFiles: new Set(queries.map((q) => q.file)).size,
    queries: queries.length,
    programFiles: result.files,
    firstPartyFiles: result.firstPartyFiles,
    answered: result.answers.size,
    programSeconds: +result.programSeconds.toFixed(3),
    querySeconds: +result.querySeconds.toFixed(3),
  };
}
