/**
 * What a file's judgment read of the model, for the incremental run (src/engine/incremental.ts).
 *
 * While the rules judge one file, the model notes every file whose facts they read (`facts()`, and
 * every query that reads facts underneath) and every project index lookup with its key. A later
 * run reuses that file's findings when none of those files changed and every lookup still gives
 * the same answer — salsa-style early cutoff: a method added to a helper changes the helper's
 * facts (its readers are judged again) but not the answer "does any class extend `Cart`?" (the
 * other readers of that index keep their findings).
 *
 * Project indexes (`model.index(name, contribute)`) are the only way a rule may look across all
 * files: each file contributes `[key, value]` entries computed from its own facts alone, so an
 * incremental run rebuilds an index from the stored contributions of unchanged files without
 * reading their facts. `model.files()` still works but makes the reading file depend on every file.
 */
import type { FileFacts } from '../facts/types.js';
import type { ProjectModel } from './types.js';

/** The reads of one judgment: files whose facts it saw, index lookups (`index\0key` or `index\0key\0has`), or everything. */
export class Deps {
  readonly files = new Set<string>();
  readonly lookups = new Set<string>();
  all = false;

  addAll(other: Deps): void {
    for (const f of other.files) this.files.add(f);
    for (const l of other.lookups) this.lookups.add(l);
    if (other.all) this.all = true;
  }
}

/** The model's recorder: a stack of open Deps (a memoised query opens its own, then adds it to the caller's). */
export class DepRecorder {
  private readonly stack: Deps[] = [];
  /** Off (the default) the model records nothing and memoised answers carry no Deps. */
  enabled = false;

  get active(): boolean { return this.stack.length > 0; }

  file(file: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.files.add(file);
  }

  lookup(key: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.lookups.add(key);
  }

  everything(): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.all = true;
  }

  /** Adds what a memoised answer read to the open judgment. */
  replay(deps: Deps | undefined): void {
    const top = this.stack[this.stack.length - 1];
    if (top && deps) top.addAll(deps);
  }

  /** Runs `fn` recording into `deps` (and, when nested, into the caller's as well). */
  into<T>(deps: Deps, fn: () => T): T {
    if (!this.enabled) return fn();
    this.stack.push(deps);
    try {
      return fn();
    } finally {
      this.stack.pop();
      this.replay(deps);
    }
  }

  /** Runs `fn` with its reads recorded nowhere (an index's contributions: each is a function of one file's facts). */
  apart<T>(fn: () => T): T {
    if (!this.enabled) return fn();
    this.stack.push(new Deps());
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }
}

/**
 * A memo of a model query whose answers read facts, keyed by two strings (nested maps: the keys are
 * strings of the facts, whose hashes V8 keeps, where a joined key would be a new string every call).
 * A hit adds what the first computation read to the open judgment.
 */
export class TrackedMemo<V> {
  private readonly map = new Map<string, Map<string, { value: V; deps?: Deps }>>();

  constructor(private readonly recorder: DepRecorder) {}

  get(a: string, b: string, compute: () => V): V {
    let inner = this.map.get(a);
    if (!inner) this.map.set(a, (inner = new Map()));
    const hit = inner.get(b);
    if (hit) {
      if (hit.deps) this.recorder.replay(hit.deps);
      return hit.value;
    }
    if (!this.recorder.enabled) {
      const value = compute();
      inner.set(b, { value });
      return value;
    }
    const deps = new Deps();
    const value = this.recorder.into(deps, compute);
    inner.set(b, { value, deps });
    return value;
  }
}

/** A project-wide index: every file's `[key, value]` entries, values under one key in model file order. */
export interface ProjectIndex<V> {
  /** The values under `key` (recorded with their digest). */
  get(key: string): readonly V[];
  /** Is there any value under `key` (recorded as a yes/no answer: the values may change, the answer not)? */
  has(key: string): boolean;
  /** Every key, in first-seen order (recorded: the judgment depends on the whole key set, did-you-mean over it). */
  keys(): readonly string[];
}

export type Contribution = readonly (readonly [string, unknown])[];

/**
 * A project index's definition: a name and each file's contribution, computed from that file's facts
 * alone (the model is there for resolving its imports; it must not read other files' facts).
 * Defined once, at module load (`defineIndex`), so an incremental run can rebuild any index it
 * recorded a lookup of before a rule asks for it.
 */
export interface IndexDef<V> {
  readonly name: string;
  contribute(facts: FileFacts, model: ProjectModel): Iterable<readonly [string, V]>;
}

const registry = new Map<string, IndexDef<unknown>>();

export function defineIndex<V>(name: string, contribute: IndexDef<V>['contribute']): IndexDef<V> {
  if (registry.has(name)) throw new Error(`project index '${name}' is defined twice`);
  const def: IndexDef<V> = { name, contribute };
  registry.set(name, def as IndexDef<unknown>);
  return def;
}

export function indexDefNamed(name: string): IndexDef<unknown> | undefined {
  return registry.get(name);
}

export class IndexImpl<V> implements ProjectIndex<V> {
  private readonly byKey = new Map<string, V[]>();

  /** @param parts each file's contribution, in model file order (kept for the run record). */
  constructor(readonly name: string, private readonly recorder: DepRecorder, readonly parts: ReadonlyMap<string, Contribution>) {
    for (const part of parts.values()) {
      for (const [key, value] of part) {
        const list = this.byKey.get(key);
        if (list) list.push(value as V); else this.byKey.set(key, [value as V]);
      }
    }
  }

  get(key: string): readonly V[] {
    if (this.recorder.active) this.recorder.lookup(`${this.name}\0${key}`);
    return this.byKey.get(key) ?? [];
  }

  has(key: string): boolean {
    if (this.recorder.active) this.recorder.lookup(`${this.name}\0${key}\0has`);
    return this.byKey.has(key);
  }

  keys(): readonly string[] {
    if (this.recorder.active) this.recorder.lookup(`${this.name}\0\0keys`);
    return [...this.byKey.keys()];
  }

  /** The answer a recorded lookup (the part after `name\0`: `key`, `key\0has` or `\0keys`) gives now, as a comparable string. */
  answer(lookup: string): string {
    if (lookup === '\0keys') return JSON.stringify([...this.byKey.keys()]);
    if (lookup.endsWith('\0has')) return this.byKey.has(lookup.slice(0, -4)) ? '1' : '0';
    return JSON.stringify(this.byKey.get(lookup) ?? []);
  }
}
