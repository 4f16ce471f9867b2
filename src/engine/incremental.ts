/**
 * The incremental run (with `--cache`): after an edit, only the files whose judgment read something
 * that changed are judged again; every other file keeps the findings the previous run recorded.
 *
 * A full run records, for each reported file it judged, what the rules (and the type stage) read
 * while judging it (src/model/deps.ts): the files whose facts they saw, and the project-index
 * lookups they made with the answers. The record also keeps every index's per-file contributions.
 * The next run, when the same files are discovered with the same config and file-system probes:
 *  - loads facts only for the changed files (new fingerprint) and, lazily, for what a re-judged file reads;
 *  - rebuilds each recorded index from stored contributions plus the changed files' own;
 *  - judges a file again when it changed, read a changed file, or one of its lookups answers differently.
 * Files that asked the TypeScript checker are judged on every run (its answers depend on the whole
 * program). A change to a file's imports (the model's set of linked files may change) or missing
 * cached facts make it a full run instead.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../rule-kit/types.js';
import type { Project } from '../model/project.js';
import { Deps, type Contribution, type DepRecorder } from '../model/deps.js';
import type { FileFacts } from '../facts/types.js';

/** What one reported file's judgment read and reported. */
export interface FileRecord {
  /** Files whose facts it read (itself included). */
  files: string[];
  /** Index lookups (`index\0key…`), answered in `IncrementalRecord.answers`. */
  lookups: string[];
  /** It read every file (`model.files()`): judged again on any change. */
  all?: true;
  findings: Finding[];
}

export interface IncrementalRecord {
  judged: Record<string, FileRecord>;
  /** Lookup → its answer when recorded (short answers verbatim, long ones hashed). */
  answers: Record<string, string>;
  /** Index name → file → its entries (files that contributed nothing are absent). */
  contributions: Record<string, Record<string, Contribution>>;
}

/**
 * The record as stored in the run cache: file paths and lookups once each in `names`, referred to by
 * position (a lookup such as `classes\0Cart` recurs in thousands of files' reads).
 */
export interface PackedRecord {
  names: string[];
  /** [file, files read, lookups, read everything (1), findings]. */
  judged: [number, number[], number[], 0 | 1, Finding[]][];
  /** [lookup, answer]. */
  answers: [number, string][];
  contributions: IncrementalRecord['contributions'];
}

export function packRecord(rec: IncrementalRecord): PackedRecord {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const id = (name: string) => {
    let i = ids.get(name);
    if (i === undefined) { ids.set(name, (i = names.length)); names.push(name); }
    return i;
  };
  const judged = Object.entries(rec.judged).map(([file, r]): PackedRecord['judged'][number] =>
    [id(file), r.files.map(id), r.lookups.map(id), r.all ? 1 : 0, r.findings]);
  const answers = Object.entries(rec.answers).map(([l, a]): [number, string] => [id(l), a]);
  return { names, judged, answers, contributions: rec.contributions };
}

/** The record of a packed one; throws when it is not one. */
export function unpackRecord(p: PackedRecord): IncrementalRecord {
  if (!Array.isArray(p.names) || !Array.isArray(p.judged) || !Array.isArray(p.answers) || typeof p.contributions !== 'object') throw new Error('not an incremental record');
  const name = (i: number) => {
    const n = p.names[i];
    if (n === undefined) throw new Error('not an incremental record');
    return n;
  };
  const rec: IncrementalRecord = { judged: {}, answers: {}, contributions: p.contributions };
  for (const [file, files, lookups, all, findings] of p.judged) {
    rec.judged[name(file)] = { files: files.map(name), lookups: lookups.map(name), findings, ...(all ? { all: true as const } : {}) };
  }
  for (const [l, a] of p.answers) rec.answers[name(l)] = a;
  return rec;
}

/** The judgments of one run: per file, what it read and reported. */
export class Judgments {
  private readonly deps = new Map<string, Deps>();
  private readonly found = new Map<string, Finding[]>();

  constructor(private readonly recorder: DepRecorder) {}

  /** Runs `fn` as part of `file`'s judgment, recording what it reads. */
  run<T>(file: string, fn: () => T): T {
    let deps = this.deps.get(file);
    if (!deps) {
      deps = new Deps();
      deps.files.add(file);
      this.deps.set(file, deps);
    }
    return this.recorder.into(deps, fn);
  }

  /** The file's judgment depends on more than the recorder sees (the type checker's program): judged again on every run. */
  readsEverything(file: string): void {
    this.run(file, () => undefined);
    this.deps.get(file)!.all = true;
  }

  report(file: string, findings: Finding[]): void {
    this.found.set(file, findings);
  }

  /** The records of the files judged in full (those with findings reported through `report`). */
  records(): Map<string, FileRecord> {
    const out = new Map<string, FileRecord>();
    for (const [file, findings] of this.found) {
      const deps = this.deps.get(file)!;
      const rec: FileRecord = { files: [...deps.files], lookups: [...deps.lookups], findings };
      if (deps.all) rec.all = true;
      out.set(file, rec);
    }
    return out;
  }
}

const digest = (answer: string) => (answer.length > 40 ? createHash('sha1').update(answer).digest('base64') : answer);

/**
 * Answers of recorded lookups as the model gives them now, memoised per model: many files share a
 * lookup, and the plan and the record ask the same ones (a model's indexes do not change once built).
 */
const answersOf = new WeakMap<Project, Answers>();
class Answers {
  private readonly memo = new Map<string, string | null>();

  private constructor(private readonly model: Project) {}

  static of(model: Project): Answers {
    let a = answersOf.get(model);
    if (!a) answersOf.set(model, (a = new Answers(model)));
    return a;
  }

  get(lookup: string): string | null {
    let a = this.memo.get(lookup);
    if (a === undefined) {
      const cut = lookup.indexOf('\0');
      const ix = this.model.indexNamed(lookup.slice(0, cut));
      a = ix ? digest(ix.answer(lookup.slice(cut + 1))) : null;
      this.memo.set(lookup, a);
    }
    return a;
  }
}

/** Which reported files must be judged again; the others' records are reused as they are. */
export function planIncremental(model: Project, prior: IncrementalRecord, changed: ReadonlySet<string>): { rejudge: Set<string>; reuse: Map<string, FileRecord> } {
  const rejudge = new Set<string>();
  const reuse = new Map<string, FileRecord>();
  const answers = Answers.of(model);
  for (const file of model.fileNames()) {
    if (!model.isReported(file)) continue;
    const rec = prior.judged[file];
    const stale = !rec || rec.all || changed.has(file) || rec.files.some((f) => changed.has(f))
      || rec.lookups.some((l) => answers.get(l) !== prior.answers[l]);
    if (stale) rejudge.add(file); else reuse.set(file, rec);
  }
  return { rejudge, reuse };
}

/** The record of a run: its judgments (new and reused), the answers they depend on, every built index's contributions. */
export function makeRecord(model: Project, judged: ReadonlyMap<string, FileRecord>): IncrementalRecord {
  const answers = Answers.of(model);
  const out: IncrementalRecord = { judged: {}, answers: {}, contributions: {} };
  for (const [file, rec] of judged) {
    out.judged[file] = rec;
    for (const l of rec.lookups) {
      if (l in out.answers) continue;
      const a = answers.get(l);
      if (a !== null) out.answers[l] = a;
    }
  }
  for (const [name, ix] of model.builtIndexes()) {
    const byFile: Record<string, Contribution> = {};
    for (const [file, part] of ix.parts) if (part.length) byFile[file] = part;
    out.contributions[name] = byFile;
  }
  return out;
}

/** The stored contributions as the model takes them. */
export function priorContributions(rec: IncrementalRecord): Map<string, Map<string, Contribution>> {
  return new Map(Object.entries(rec.contributions).map(([name, byFile]) => [name, new Map(Object.entries(byFile))]));
}

/** What of a file's imports the model links files by (src/model/project.ts `unvisitedTargets`): when it changes, the set of linked files may change. */
export function importsKey(facts: FileFacts): string {
  return JSON.stringify(facts.imports.map((i) => [i.specifier, i.level, i.names.map((n) => n.imported)]));
}
