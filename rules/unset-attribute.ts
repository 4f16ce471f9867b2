import { defineIndex, defineRule, dynamicAttrNames, quoteList, type ProjectIndex, type FileFacts, type MemberAccessFact, type ProjectModel, type RuleContext } from '../src/rule-kit/index.js';
import { fixturesSetInstanceAttrs, hasSubclass, isTestClass, knownClass } from './unknown-member.js';

type M = 'unset' | 'unsetSwallowed';

/** Methods the runners call on a test class by themselves. */
const HOOKS = new Set([
  'setUp', 'tearDown', 'setUpClass', 'tearDownClass', 'asyncSetUp', 'asyncTearDown', 'setup_method', 'teardown_method',
  'setup_class', 'teardown_class', 'setup', 'teardown', 'run', 'debug', '__call__', '__init__',
]);

/** Member names some file of the project reads or calls (`self.helper(…)`, `side_effect=self.helper`). */
const MEMBER_READS = defineIndex<true>('member-reads', (f) => [...new Set(f.memberAccesses.map((a) => a.member))].map((m) => [m, true] as const));
const projectReads = (model: ProjectModel): ProjectIndex<true> => model.index(MEMBER_READS);

/**
 * Does the read run when the tests run? It does inside a test, a fixture or a runner hook; inside
 * another method only when something refers to that method (a helper never called is dead code).
 */
function runs(model: ProjectModel, facts: FileFacts, acc: MemberAccessFact, className: string): boolean {
  const inside = (s: { start: number; end: number }) => s.start <= acc.span.start && acc.span.end <= s.end;
  if (facts.tests.some((t) => t.kind === 'test' && inside(t.span)) || (facts.pytest?.fixtures ?? []).some((f) => inside(f.span))) return true;
  const cls = facts.classes.find((c) => c.name === className && c.topLevel);
  // The method defined last before the read holds it (a method's span is its name).
  let method: string | null = null;
  let at = -1;
  for (const m of cls?.members ?? []) {
    if ((m.kind === 'method' || m.kind === 'property') && m.span.start < acc.span.start && m.span.start > at) { method = m.name; at = m.span.start; }
  }
  return method === null || HOOKS.has(method) || projectReads(model).has(method) || (facts.module.attrNames ?? []).includes(method);
}

function check(acc: MemberAccessFact, ctx: RuleContext<M>): void {
  const { model, file } = ctx;
  if (acc.receiver.kind !== 'self' || acc.call) return; // called methods are unknown-member's
  const member = acc.member;
  if (member.startsWith('__') && member.endsWith('__')) return;
  if (!isTestClass(file, acc.receiver.className)) return;
  const known = knownClass(model, file, acc);
  if (!known || known.members.has(member)) return;
  if (dynamicAttrNames(model).has(member)) return;
  // A subclass may assign it (abstract test bases), or a fixture through `request.instance`.
  if (hasSubclass(model, known.ref)) return;
  if (fixturesSetInstanceAttrs(model)) return;
  if (!runs(model, file, acc, acc.receiver.className)) return;
  const candidates = model.nearest(member, [...known.members].filter((m) => !(m.startsWith('__') && m.endsWith('__'))));
  ctx.report({
    at: acc.span,
    phase: acc.swallowed ? 'integrity' : acc.phase,
    message: acc.swallowed ? 'unsetSwallowed' : 'unset',
    data: { cls: known.ref.name, member },
    suggestions: candidates.length ? [`did you mean ${quoteList(candidates)}?`] : [],
  });
}

export default defineRule({
  id: 'unset-attribute',
  phase: ['collect', 'run', 'integrity'],
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  messages: {
    unset: '`self.{member}` is read, but nothing assigns it: not `{cls}`, its bases, its setup methods or fixtures, and it is not a class attribute',
    unsetSwallowed: '`self.{member}` is read, but nothing in `{cls}` assigns it; the AttributeError is swallowed by the surrounding `except`',
  },
  docs: {
    summary: '`self.x` read in a test class where nothing assigns `x`: not the class or its first-party bases, not a setup method, not a fixture, not a class attribute.',
    why: 'Python raises AttributeError when the test reads it: the test fails (inside `except Exception: pass` it silently does less).',
    examples: { invalid: 'invalid/python-renamed-attribute', valid: 'valid/python-assigned-elsewhere' },
    limitations: 'Classes with an external or unresolved base other than `unittest.TestCase` / `IsolatedAsyncioTestCase` (whose members are known), a subclass in the project, `setattr`, attribute assignments from outside the class (`TestX.attr = …`) or fixtures writing `request.instance`/`request.cls` are not judged. Reads in a helper method nothing refers to (dead code no test runs) are not reported. Method calls on `self` are unknown-member\'s. Lines with a `# type: ignore` (bare or `[attr-defined]`) are not reported.',
  },
  visit: {
    memberAccess(acc, ctx) { check(acc, ctx); },
  },
});
