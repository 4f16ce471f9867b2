/**
 * TS receivers the syntax cannot settle: which member accesses are worth a question to the type
 * checker (src/model/ts-checker.ts), and the checker's answers as the model keeps them for rules.
 * Kept apart from receivers.ts (syntax only, shared with Python) so the checker path stays TS-only.
 *
 * An access is worth asking about when it is in a TS test file, the syntax found no class for its
 * receiver, the front-end named where the receiver's type comes from (TypeQueryFact), and one of
 * those names is first-party: declared in the file itself or imported from a project module that
 * no mock factory replaces. A receiver from `vi.fn()`, `vi.mocked(…)`, `mount(…)` of a package, a
 * global, or typed `any` by syntax is never asked about, so the checker never starts for it; nor is
 * a member whose name a first-party file or the standard library declares (unsettledReceivers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FileFacts, MemberAccessFact } from '../facts/types.js';
import type { CheckedReceiver, ProjectIndex, ProjectModel } from './types.js';
import { defineIndex } from './deps.js';

/** One question for the checker: the type of the receiver (or of `values`) in `file`, and whether it has `member`. */
export interface ReceiverQuery {
  /** The file: project-relative here, absolute when handed to the checker (CheckerQuery). */
  file: string;
  /** Where the member name is: its receiver is the expression it follows. */
  memberAt: { start: number; end: number };
  values?: { start: number; end: number }[];
  member: string;
  /** Identifies the access (receiverKey). */
  key: string;
}

export function receiverKey(file: string, acc: MemberAccessFact): string {
  return `${file}\0${acc.span.start}`;
}

/** Test runners' own modules: `vi`, `test`, `page` come from them even inside the runner's own repository (mocks, contexts). */
const RUNNER_MODULE = /^(vitest|@vitest\/|jest$|@jest\/|mocha$|node:test$|bun:test$|@playwright\/test$)/;

/**
 * Is `name`, as written in `facts`, a first-party origin: a local declaration, or a name a project module
 * declares itself (not one it re-exports from a package) and no mock factory replaces?
 */
function firstPartyName(model: ProjectModel, facts: FileFacts, name: string): boolean {
  for (const imp of facts.imports) {
    const n = imp.names.find((x) => x.local === name);
    if (!n || imp.kind === 'mock') continue;
    if (RUNNER_MODULE.test(imp.specifier)) return false;
    const r = model.resolveImport(facts.file, imp);
    if (r.kind !== 'first-party' || model.mockedWithFactory(facts.file, r.file)) return false;
    return n.imported === '*' || n.imported === 'default' || model.lookupExport(r.file, n.imported).kind === 'found';
  }
  if (facts.bindings.some((b) => b.name === name)) return true;
  // Not imported and not a module-level binding: a local of an inner scope, or a global (`document`, `vi`).
  return !model.isGlobal(facts.file, name);
}

/**
 * For a receiver that is an imported name: does its module export it as a variable (`export const
 * helper = makeHelper()`)? Functions, classes and namespaces are not instances of a helper class.
 * null when the name is not imported.
 */
function importedVariable(model: ProjectModel, facts: FileFacts, name: string): boolean | null {
  for (const imp of facts.imports) {
    const n = imp.names.find((x) => x.local === name);
    if (!n || imp.kind === 'mock') continue;
    const r = model.resolveImport(facts.file, imp);
    if (r.kind !== 'first-party' || n.imported === '*' || n.imported === 'default') return false;
    const found = model.lookupExport(r.file, n.imported);
    if (found.kind !== 'found') return false;
    return model.facts(found.file)?.bindings.find((b) => b.name === n.imported)?.kind === 'variable';
  }
  return null;
}

let libNames: Set<string> | null = null;

/**
 * Member names TypeScript's own library declares (`push`, `then`, `querySelector`), read from its
 * `lib.*.d.ts` files without parsing them (~0.05 s): receivers of such members are mostly arrays,
 * promises and DOM nodes, which the checker can never judge.
 */
export function libMemberNames(): Set<string> {
  if (libNames) return libNames;
  libNames = new Set();
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('typescript'));
    const member = /^\s+(?:readonly\s+)?(?:get\s+|set\s+)?([A-Za-z_$][\w$]*)\??\s*[(:<]/gm;
    for (const f of readdirSync(dir)) {
      if (!/^lib\..*\.d\.ts$/.test(f)) continue;
      for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(member)) libNames.add(m[1]!);
    }
  } catch {
    // No library files to read: every name is asked about.
  }
  return libNames;
}

/** Property names some first-party file declares (TS `memberNames`, and every class member). */
const DECLARED_MEMBERS = defineIndex<true>('declared-members', (f) => [...new Set([...(f.memberNames ?? []), ...f.classes.flatMap((c) => c.members.map((m) => m.name))])]
  .map((n) => [n, true] as const));
function declaredMemberNames(model: ProjectModel): ProjectIndex<true> {
  return model.index(DECLARED_MEMBERS);
}

/**
 * The accesses of one file the checker should be asked about. A member that some first-party file or
 * TypeScript's standard library (ECMAScript and DOM) declares is taken as present: the renamed
 * method's old name is usually declared nowhere, while asking about every `el.getAttribute` or
 * `list.push` would start the checker in most test files of a healthy project for nothing.
 */
export function unsettledReceivers(model: ProjectModel, facts: FileFacts): ReceiverQuery[] {
  if (facts.language !== 'ts' || !model.isTestFile(facts.file) || facts.module.dynamicAttrs) return [];
  const declared = declaredMemberNames(model);
  const out: ReceiverQuery[] = [];
  const firstParty = new Map<string, boolean>();
  const isFirstParty = (n: string) => {
    let v = firstParty.get(n);
    if (v === undefined) { v = firstPartyName(model, facts, n); firstParty.set(n, v); }
    return v;
  };
  for (const acc of facts.memberAccesses) {
    const q = acc.typeQuery;
    if (!q || declared.has(acc.member) || libMemberNames().has(acc.member) || !q.from.some(isFirstParty)) continue;
    if (acc.receiver.kind === 'name' && importedVariable(model, facts, acc.receiver.name) === false) continue;
    if (model.receiverClass(facts.file, acc)) continue; // the syntax settled it
    const query: ReceiverQuery = { file: facts.file, memberAt: { start: acc.span.start, end: acc.span.end }, member: acc.member, key: receiverKey(facts.file, acc) };
    if (q.values) query.values = q.values;
    out.push(query);
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
