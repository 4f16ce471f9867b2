/** The only module rules import: `defineRule` plus the types and small helpers rules share. */
import type { RuleDefinition } from './types.js';

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
