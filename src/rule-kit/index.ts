/** The only module rules import: `defineRule` plus the types and small helpers rules share. */
import type { RuleDefinition } from './types.js';
import type { TestFact } from '../facts/types.js';
import type { ProjectIndex, ProjectModel } from '../model/types.js';
import { defineIndex } from '../model/deps.js';

export type * from './types.js';
export type * from '../facts/types.js';
export type * from '../model/types.js';

/** Identity at run time; gives the rule literal its message-id type. */
export function defineRule<M extends string>(rule: RuleDefinition<M>): RuleDefinition<M> {
  return rule;
}

/** Fill `{placeholder}`s of a message template. Unknown placeholders stay as written. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in data ? String(data[key]) : m));
}

/** A human list: `a`, `b` and `c`. */
export function quoteList(items: string[], max = 3): string {
  const q = items.slice(0, max).map((s) => `\`${s}\``);
  const more = items.length > max ? ` (+${items.length - max} more)` : '';
  if (q.length <= 1) return q.join('') + more;
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}${more}`;
}

/** Tests defined again under the same name in the same scope, each with its first definition. */
export function repeatedTests(tests: TestFact[]): { first: TestFact; again: TestFact }[] {
  const seen = new Map<string, TestFact>();
  const out: { first: TestFact; again: TestFact }[] = [];
  for (const t of tests) {
    if (t.kind !== 'test' || t.dynamicName) continue;
    const key = `${t.scope.join('\0')}\0${t.name}`;
    const first = seen.get(key);
    if (first) out.push({ first, again: t });
    else seen.set(key, t);
  }
  return out;
}

// ---- project indexes several rules share (src/model/deps.ts: a file's contribution reads only its own facts)

export { defineIndex } from '../model/deps.js';

const ATTR_NAMES = defineIndex<true>('attr-names', (f) => (f.module.attrNames ?? []).map((n) => [n, true] as const));
/** Attribute names some file of the project handles dynamically (hasattr guards, setattr, `Helper.extra = f`). */
export function dynamicAttrNames(model: ProjectModel): ProjectIndex<true> {
  return model.index(ATTR_NAMES);
}

const SUBCLASSES = defineIndex<{ file: string; name: string; i: number }>('subclasses', (f) => f.classes.flatMap((c, i) =>
  c.bases.flatMap((b) => (b === null ? [] : [[b.slice(b.lastIndexOf('.') + 1), { file: f.file, name: c.name, i }] as const]))));
/** Classes by the last segment of each base they name (`Cart` for `class Big(shop.Cart)`): the subclass's file, name and position in `classes`. */
export function subclassesByBase(model: ProjectModel): ProjectIndex<{ file: string; name: string; i: number }> {
  return model.index(SUBCLASSES);
}
