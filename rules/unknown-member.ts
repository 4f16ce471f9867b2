import { defineIndex, defineRule, dynamicAttrNames, quoteList, subclassesByBase, type ClassFact, type ClassRef, type FileFacts, type MemberAccessFact, type ProjectModel, type RuleContext } from '../src/rule-kit/index.js';

type M = 'noMember' | 'noMemberSwallowed';

/** Class decorators known to add no members beyond the fields already listed. */
const SAFE_DECORATORS = new Set([
  'dataclass', 'dataclasses.dataclass', 'total_ordering', 'functools.total_ordering', 'final', 'typing.final',
  'unique', 'enum.unique', 'runtime_checkable', 'typing.runtime_checkable',
]);

/** Members every JS object has through Object.prototype. */
const JS_OBJECT_MEMBERS = new Set(['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__proto__']);


/** The class and its first-party bases, each with its facts; null when one of them cannot be seen. */
export function classChain(model: ProjectModel, ref: ClassRef): { facts: FileFacts; cls: ClassFact }[] | null {
  const out: { facts: FileFacts; cls: ClassFact }[] = [];
  const queue = [ref];
  const seen = new Set<string>();
  while (queue.length) {
    const r = queue.shift()!;
    const key = `${r.file}#${r.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const facts = model.facts(r.file);
    const cls = facts?.classes.find((c) => c.name === r.name && c.topLevel);
    if (!facts || !cls) return null;
    out.push({ facts, cls });
    for (const b of cls.bases) {
      if (b === null) return null;
      if (facts.language === 'python' && model.externalBaseMembers(r.file, b)) continue; // object, Generic, builtins, unittest.TestCase: members known
      const base = model.resolveClass(r.file, b);
      if (!base) return null;
      queue.push(base);
    }
  }
  return out;
}

/** Does any first-party class name this one as a base (then `self.x` may be provided by a subclass)? */
export function hasSubclass(model: ProjectModel, ref: ClassRef): boolean {
  return subclassesByBase(model).has(ref.name);
}

const INSTANCE_WRITERS = defineIndex<true>('request-instance', (f) => (f.language === 'python'
  && f.memberAccesses.some((a) => a.receiver.kind === 'name' && a.receiver.name === 'request' && (a.member === 'instance' || a.member === 'cls'))
  ? [['', true]] : []));
/** A fixture may set attributes on the test instance (`request.instance.x = …`, `request.cls.x = …`). */
export function fixturesSetInstanceAttrs(model: ProjectModel): boolean {
  return model.index(INSTANCE_WRITERS).has('');
}

/** Is this a pytest/unittest test class (its suite fact is in the file)? */
export function isTestClass(facts: FileFacts, name: string): boolean {
  return facts.tests.some((t) => t.kind === 'suite' && t.name === name && t.scope.length === 0);
}

/** The class the access's receiver is an instance of, when the class's members are all known; shared with unset-attribute. */
export function knownClass(model: ProjectModel, file: FileFacts, acc: MemberAccessFact): { ref: ClassRef; members: Set<string>; chain: { facts: FileFacts; cls: ClassFact }[] } | null {
  const ref = model.receiverClass(file.file, acc);
  if (!ref) return null;
  const members = model.knownMembersOf(ref.file, ref.name);
  if (!members) return null;
  const chain = classChain(model, ref);
  if (!chain) return null;
  for (const { facts, cls } of chain) {
    if (cls.dynamicMembers || facts.module.dynamicAttrs) return null;
    if (cls.decorators.some((d) => !SAFE_DECORATORS.has(d))) return null;
    // A module that replaces the class (`vi.mock('./helpers', () => …)` / `patch("helpers.Helper")`) in the accessing file.
    if (model.mockedWithFactory(file.file, facts.file)) return null;
    if ((file.patches ?? []).some((p) => p.kind === 'patch' && p.target !== undefined && p.target.endsWith(`.${cls.name}`))) return null;
  }
  if (file.module.dynamicAttrs) return null;
  return { ref, members: new Set(members.map((m) => m.name)), chain };
}

/**
 * TS: the first-party classes/interfaces the type checker found for a receiver the syntax could not
 * settle, when the member is missing on all of them and nothing the checker cannot see adds it.
 */
function checkedClass(model: ProjectModel, file: FileFacts, acc: MemberAccessFact): { cls: string; file: string; members: Set<string> } | null {
  const typed = model.checkedReceiver(file.file, acc);
  if (!typed || !typed.missing) return null;
  for (const t of typed.types) {
    const facts = model.facts(t.file);
    // Members added at run time in the declaring module, or the module replaced by a mock factory (valid/ts-checker-look-alikes).
    if (facts?.module.dynamicAttrs || model.mockedWithFactory(file.file, t.file)) return null;
    const cls = facts?.classes.find((c) => c.name === t.name && c.topLevel);
    if (cls && (cls.dynamicMembers || cls.decorators.length > 0)) return null;
  }
  return {
    cls: [...new Set(typed.types.map((t) => t.name))].join(' | '),
    file: [...new Set(typed.types.map((t) => t.file))].join('`, `'),
    members: new Set(typed.members),
  };
}

function check(acc: MemberAccessFact, ctx: RuleContext<M>): void {
  const { model, file } = ctx;
  const py = file.language === 'python';
  const member = acc.member;
  if (py && member.startsWith('__') && member.endsWith('__')) return;
  if (!py && (JS_OBJECT_MEMBERS.has(member) || acc.optionalCall)) return; // `h.m?.()` is skipped when `m` is missing
  if (acc.receiver.kind === 'self') {
    // A plain `self.x` read in a test class is unset-attribute's; methods called on self are ours.
    if (py && !acc.call && isTestClass(file, acc.receiver.className)) return;
  }
  const known = knownClass(model, file, acc);
  if (!known) {
    const typed = checkedClass(model, file, acc);
    if (typed && !dynamicAttrNames(model).has(member)) report(acc, ctx, typed);
    return;
  }
  if (known.members.has(member)) return;
  if (dynamicAttrNames(model).has(member)) return;
  if (acc.receiver.kind === 'self' || acc.receiver.kind === 'self-attr') {
    // `self.x` may be provided by a subclass (mixins, abstract bases) or by a fixture through `request.instance`.
    if (acc.receiver.kind === 'self' && hasSubclass(model, known.ref)) return;
    if (py && acc.receiver.kind === 'self' && fixturesSetInstanceAttrs(model)) return;
  }
  report(acc, ctx, { cls: known.ref.name, file: known.ref.file, members: known.members });
}

/** Report a member missing on the receiver's class(es), with did-you-mean names and the rename fix. */
function report(acc: MemberAccessFact, ctx: RuleContext<M>, target: { cls: string; file: string; members: Set<string> }): void {
  const { model, file } = ctx;
  const member = acc.member;
  const classFacts = model.facts(target.file);
  const candidates = model.nearest(member, [...target.members].filter((m) => !(m.startsWith('__') && m.endsWith('__')) && m !== 'constructor'));
  const suggestions: string[] = [];
  const fn = classFacts?.bindings.find((b) => b.name === member && b.kind === 'function');
  if (fn) suggestions.push(`\`${member}\` is a function in \`${target.file}\`, not a method: import it and call \`${member}(…)\``);
  if (candidates.length) suggestions.push(`did you mean ${quoteList(candidates)}?`);
  const fix = candidates.length === 1 && !fn ? {
    title: `Rename to \`${candidates[0]}\``, applicability: 'unsafe' as const,
    edits: [{ file: file.file, start: acc.span.start, end: acc.span.end, text: candidates[0]! }],
  } : undefined;
  const kind = acc.call ? 'method' : 'attribute';
  ctx.report({
    at: acc.span,
    phase: acc.swallowed ? 'integrity' : acc.phase,
    message: acc.swallowed ? 'noMemberSwallowed' : 'noMember',
    data: { cls: target.cls, member, file: target.file, kind },
    suggestions,
    fix,
  });
}

export default defineRule({
  id: 'unknown-member',
  phase: ['collect', 'run', 'integrity'],
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'sometimes', applicability: 'unsafe' },
  usesTypes: true,
  messages: {
    noMember: '`{cls}` (`{file}`) has no {kind} `{member}`',
    noMemberSwallowed: '`{cls}` (`{file}`) has no {kind} `{member}`; the error is swallowed by the surrounding `except`, so the test passes without doing this',
  },
  docs: {
    summary: 'A method called or an attribute read on an instance of a first-party class that defines no such member (its first-party bases included).',
    why: 'Python raises AttributeError and JS a TypeError (`x.m is not a function`) when the test runs; at a module\'s or describe body\'s top level the whole file fails to load. Inside `try: … except Exception: pass` the error is swallowed and the test silently does less than it says.',
    examples: { invalid: 'invalid/python-renamed-helper-method', valid: 'valid/python-dynamic-classes' },
    fixSafety: 'Renaming to the nearest member is unsafe: the nearest name is not always the intended one, and arguments may differ.',
    limitations: 'Receivers are followed through constructor calls (`x = Helper()`, `new Helper()`), annotations (`h: Helper`), attributes of `self`/`this` whose every assignment constructs one class, module-level instances (imported too) and pytest fixtures with a return annotation. In TS test files, where the syntax cannot tell (`const h = makeHelper()`, `await createHelper()`, `const { h } = setup()`, `ReturnType<typeof f>`, generics, `let h` assigned in `beforeEach`, getters, `this.h`), the TypeScript checker is asked — only about members that no first-party file and no standard-library type declares, and only for types made of first-party classes and interfaces (packages are not read; JS files are not type-checked). Classes with an external or unresolved base, `__getattr__`/`__getattribute__`, index signatures, a metaclass, decorators other than `dataclass`, or members set with `setattr`/`Object.assign`/assignments from outside are not judged; nor are names guarded by `hasattr`/`getattr`, or classes replaced by a mock factory or `patch("…Class")` in the file. An optional call (`h.m?.()`) is not reported: it is skipped when the member is missing.'
      + ' Python also follows what a first-party function or a classmethod/staticmethod factory returns when every `return` gives one class (`self.inv = stocked_inventory()`, `Coupon.free()`), what an unannotated fixture returns or yields, items of a module-level list/tuple/dict literal of one class (`COUPONS[1]`), and constructed defaults of test parameters (`h=Helper()`); a base among `str`, `bytes`, `int`, `float`, `list`, `dict`, `set`, `tuple`, common exceptions and `unittest.TestCase` counts as known; not generators, coroutines, decorated or rebound functions, or names patched in the file. Lines with a `# type: ignore` (bare or `[attr-defined]`) are not reported.',
  },
  visit: {
    memberAccess(acc, ctx) { check(acc, ctx); },
  },
});
