/**
 * TS receivers the syntax cannot settle: which member accesses are worth a question to the type
 * checker (src/model/ts-checker.ts), and the checker's answers as the model keeps them for rules.
 * Kept apart from receivers.ts (syntax only, shared with Python) so the checker path stays TS-only.
 *
 * An access is worth asking about when it is in a TS test file, the syntax found no class for its
 * receiver, the front-end named where the receiver's type comes from (TypeQueryFact), and one of
 * those names is first-party: declared in the file itself or imported from a project module that
 * no mock factory replaces. A receiver from `vi.fn()`, `vi.mocked(…)`, `mount(…)` of a package, a
 * global, or typed `any` by syntax is never asked about, so the checker never starts for it.
 */
import type { FileFacts, MemberAccessFact } from '../facts/types.js';
import type { CheckedReceiver, ProjectModel } from './types.js';

/** One question for the checker: the type of the expressions at `at` in `file`, and whether it has `member`. */
export interface ReceiverQuery {
  /** Project-relative file. */
  file: string;
  at: { start: number; end: number }[];
  member: string;
  /** Identifies the access (receiverKey). */
  key: string;
}

export function receiverKey(file: string, acc: MemberAccessFact): string {
  return `${file}\0${acc.span.start}`;
}

/** Is `name`, as written in `facts`, a first-party origin: a local declaration or an import of a project module? */
function firstPartyName(model: ProjectModel, facts: FileFacts, name: string): boolean {
  for (const imp of facts.imports) {
    if (imp.kind === 'mock' || !imp.names.some((n) => n.local === name)) continue;
    const r = model.resolveImport(facts.file, imp);
    return r.kind === 'first-party' && !model.mockedWithFactory(facts.file, r.file);
  }
  if (facts.bindings.some((b) => b.name === name)) return true;
  // Not imported and not a module-level binding: a local of an inner scope, or a global (`document`, `vi`).
  return !model.isGlobal(facts.file, name);
}

/** The accesses of one file the checker should be asked about. */
export function unsettledReceivers(model: ProjectModel, facts: FileFacts): ReceiverQuery[] {
  if (facts.language !== 'ts' || !model.isTestFile(facts.file) || facts.module.dynamicAttrs) return [];
  const out: ReceiverQuery[] = [];
  const firstParty = new Map<string, boolean>();
  const isFirstParty = (n: string) => {
    let v = firstParty.get(n);
    if (v === undefined) { v = firstPartyName(model, facts, n); firstParty.set(n, v); }
    return v;
  };
  for (const acc of facts.memberAccesses) {
    const q = acc.typeQuery;
    if (!q || !q.from.some(isFirstParty)) continue;
    if (model.receiverClass(facts.file, acc)) continue; // the syntax settled it
    out.push({ file: facts.file, at: q.at, member: acc.member, key: receiverKey(facts.file, acc) });
  }
  return out;
}

/** The checker's answers, by receiverKey; empty until the type stage ran. */
export class CheckedReceivers {
  private readonly answers = new Map<string, CheckedReceiver>();

  set(key: string, answer: CheckedReceiver): void { this.answers.set(key, answer); }

  get(file: string, acc: MemberAccessFact): CheckedReceiver | null {
    return acc.typeQuery ? this.answers.get(receiverKey(file, acc)) ?? null : null;
  }
}
