/**
 * What one test, function, method or fixture body checks and calls, as both front-ends record it
 * for `TestFact.calls` and `CallableFact` (assertion-free-test follows calls into helpers).
 */
import type { CalleeFact, CallableFact, Span } from '../facts/types.js';

/** Distinct callees kept per body: a helper that calls more is summarised by its first ones. */
const MAX_CALLEES = 64;

export class BodySummary {
  asserts = false;

  /**
   * `owner`: the function whose body this is; `test`: it is a test's. A `throw`/`raise` directly in a
   * test's body is a hand-written check; one in a nested function or a helper (a fake's side effect) is not.
   */
  constructor(readonly owner: unknown = null, readonly test = false) {}

  /** A `throw` / `raise` with a value in the function `fn`. */
  raises(fn: unknown): void {
    if (this.test && fn === this.owner) this.asserts = true;
  }
  private readonly callees = new Map<string, CalleeFact>();

  /** A call of `name` (dotted, see CalleeFact), or a function name passed as an argument. */
  call(name: string, at: number, chained: boolean, passed = false): void {
    if (this.asserts || this.callees.size >= MAX_CALLEES) return;
    const key = passed ? `>${name}` : name;
    if (this.callees.has(key)) return;
    const c: CalleeFact = { name, at };
    if (chained) c.chained = true;
    if (passed) c.passed = true;
    this.callees.set(key, c);
  }

  /** The callees to keep: none once the body asserts (nothing needs following then). */
  calls(): CalleeFact[] | undefined {
    return this.asserts || this.callees.size === 0 ? undefined : [...this.callees.values()];
  }

  toCallable(name: string, kind: CallableFact['kind'], span: Span, extra?: Pick<CallableFact, 'className' | 'localScope'>): CallableFact {
    const c: CallableFact = { name, kind, span, asserts: this.asserts };
    if (extra?.className !== undefined) c.className = extra.className;
    if (extra?.localScope) c.localScope = extra.localScope;
    const calls = this.calls();
    if (calls) c.calls = calls;
    return c;
  }
}
