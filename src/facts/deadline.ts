/**
 * The per-file time budget (`maxFileTime`): a deadline that the front-ends' tree walks, the Python
 * parser and the rule stage check cooperatively. Passing it throws `TimeBudgetExceeded`, which the
 * engine turns into a `skipped-file` finding about that file; the run goes on.
 */
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';

export const DEFAULT_MAX_FILE_TIME = 10_000;

export class TimeBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`took longer than the ${budgetMs} ms budget (maxFileTime)`);
  }
}

export class Deadline {
  /** A deadline that never passes (the budget is off). */
  static readonly NONE = new Deadline(0);

  private readonly at: number;
  private readonly mask: number;
  private count = 0;

  /** `budgetMs` from now (0 = no limit); `tick()` reads the clock every `every` calls (a power of two). */
  constructor(readonly budgetMs: number, every = 256) {
    this.at = budgetMs > 0 ? performance.now() + budgetMs : Infinity;
    this.mask = every - 1;
  }

  get limited(): boolean { return this.at !== Infinity; }

  /** Called once per unit of work (a node, a fact): reads the clock every `every` calls. */
  tick(): void {
    if ((++this.count & this.mask) === 0) this.check();
  }

  /** Throws `TimeBudgetExceeded` when the deadline has passed. */
  check(): void {
    if (this.passed()) throw new TimeBudgetExceeded(this.budgetMs);
  }

  passed(): boolean {
    return this.at !== Infinity && performance.now() > this.at;
  }

  /** Milliseconds left (Infinity without a limit). */
  remainingMs(): number {
    return this.at === Infinity ? Infinity : Math.max(0, this.at - performance.now());
  }

  /**
   * Runs synchronous code that has no cancellation of its own (TypeScript's parser), stopped by
   * V8 when the deadline passes: `vm`'s timeout terminates whatever JS runs under it. Costs about
   * 0.5 ms a call (a watchdog thread), so callers use it only for work that may outlast the budget.
   */
  interrupting<T>(fn: () => T): T {
    const ms = this.remainingMs();
    if (ms === Infinity) return fn();
    if (ms < 1) throw new TimeBudgetExceeded(this.budgetMs);
    const box = sandbox();
    box.fn = fn;
    try {
      runner!.runInContext(context!, { timeout: Math.ceil(ms) });
      return box.out as T;
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new TimeBudgetExceeded(this.budgetMs);
      throw e;
    } finally {
      box.fn = null;
      box.out = undefined;
    }
  }
}

/** One context and one script for every `interrupting` call (creating a context costs ~1 ms). */
let context: vm.Context | null = null;
let runner: vm.Script | null = null;
let box: { fn: (() => unknown) | null; out: unknown } | null = null;

function sandbox(): NonNullable<typeof box> {
  if (!box) {
    box = { fn: null, out: undefined };
    context = vm.createContext({ box });
    runner = new vm.Script('box.out = box.fn()');
  }
  return box;
}
