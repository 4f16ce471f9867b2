import { defineRule, dynamicAttrNames, quoteList, subclassesByBase, type CallFact, type FileFacts, type MemberAccessFact, type MemberFact, type ParamSummary, type ProjectModel, type RuleContext } from '../src/rule-kit/index.js';
import { knownClass } from './unknown-member.js';

type M = 'tooFew' | 'tooMany' | 'missingKeywords';

/** Does a first-party subclass of `name` define `member` (an override may take other arguments)? */
function overridden(model: ProjectModel, name: string, member: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  for (const sub of subclassesByBase(model).get(name)) {
    const c = model.facts(sub.file)?.classes[sub.i];
    if (!c || c.dynamicMembers || c.members.some((m) => m.name === member)) return true;
    if (overridden(model, sub.name, member, seen)) return true;
  }
  return false;
}

/** The method a call on a first-party instance reaches, with its parameters, when nothing can replace it. */
function methodParams(acc: MemberAccessFact, ctx: RuleContext<M>): { callee: string; params: ParamSummary } | null {
  const { model, file } = ctx;
  const known = knownClass(model, file, acc);
  if (!known) return null;
  const members = model.knownMembersOf(known.ref.file, known.ref.name);
  if (!members) return null;
  // The nearest definition wins (the class's own members come before its bases'); any other kind of member of that name makes it unknown.
  const same = members.filter((m) => m.name === acc.member);
  const first: MemberFact | undefined = same[0];
  if (!first || first.kind !== 'method' || !first.params) return null;
  const ownSame = same.filter((m) => known.chain[0]!.cls.members.includes(m));
  if (ownSame.some((m) => m.kind !== 'method')) return null;
  if (acc.member === '__call__' || dynamicAttrNames(model).has(acc.member)) return null;
  if (overridden(model, known.ref.name, acc.member)) return null;
  const cls = known.ref.name;
  // `patch.object(Helper, "m")` / `mocker.patch("pkg.mod.Helper.m")` in the file: the method is a mock that takes anything.
  if ((file.patches ?? []).some((p) => (p.attribute === acc.member && p.object !== undefined && (p.object === cls || p.object.endsWith(`.${cls}`)))
    || (p.target !== undefined && p.target.endsWith(`.${cls}.${acc.member}`)))) return null;
  return { callee: `${cls}.${acc.member}`, params: first.params };
}

/** `mod.f(…)` where `mod` is a first-party module imported into the file and `f` a function it defines. */
function moduleFunctionParams(acc: MemberAccessFact, ctx: RuleContext<M>): { callee: string; params: ParamSummary } | null {
  const { model, file } = ctx;
  if (acc.receiver.kind !== 'name' || acc.binding?.kind !== 'module') return null;
  const local = acc.receiver.name;
  if (file.bindings.filter((b) => b.name === local).length !== 1) return null;
  let target: string | null = null;
  for (const imp of file.imports) {
    const n = imp.names.find((x) => x.local === local);
    if (!n) continue;
    if (imp.kind !== 'import' || imp.typeChecking || imp.guard) return null;
    const r = model.resolveImport(file.file, imp);
    if (r.kind !== 'first-party') return null;
    if (n.imported === '*') {
      // `import a.b` binds `a`, not `a.b`: only `import m` and `import a.b as m` bind the module itself.
      if (imp.specifier.includes('.') && local === imp.specifier.split('.')[0]) return null;
      target = r.file;
    } else {
      const found = model.lookupExport(r.file, n.imported);
      if (found.kind !== 'submodule') return null;
      target = found.file;
    }
    break;
  }
  if (!target || !target.endsWith('.py')) return null;
  const mod = model.facts(target);
  if (!mod || mod.module.dynamicExports || mod.module.dynamicAttrs) return null;
  const bs = mod.bindings.filter((b) => b.name === acc.member);
  const fn = bs[0];
  if (bs.length !== 1 || !fn || fn.kind !== 'function' || fn.conditional || !fn.params) return null;
  if (dynamicAttrNames(model).has(acc.member)) return null;
  if (patchedInFile(file, acc.member)) return null;
  return { callee: `${local}.${acc.member}`, params: fn.params };
}

/** A name patched in the file (`patch("pkg.mod.f")`, `patch.object(mod, "f")`) is a mock that takes anything. */
function patchedInFile(file: FileFacts, name: string): boolean {
  return (file.patches ?? []).some((p) => (p.target !== undefined && p.target.endsWith(`.${name}`)) || p.attribute === name);
}

/** `f(…)` / `Cls(…)` where the name is the module-level binding of a first-party function or class. */
function checkCall(call: CallFact, ctx: RuleContext<M>): void {
  if (call.call.spread || dynamicAttrNames(ctx.model).has(call.name) || patchedInFile(ctx.file, call.name)) return;
  const params = ctx.model.resolveFunction(ctx.file.file, call.name)?.binding.params ?? ctx.model.constructorParams(ctx.file.file, call.name);
  if (!params) return;
  judge({ callee: call.name, params }, call.call, call.span, call.phase, call.swallowed, ctx);
}

/** `mod.Cls(…)` where `mod` is a first-party module imported into the file. */
function moduleClassParams(acc: MemberAccessFact, ctx: RuleContext<M>): { callee: string; params: ParamSummary } | null {
  if (acc.receiver.kind !== 'name' || acc.binding?.kind !== 'module' || patchedInFile(ctx.file, acc.member) || dynamicAttrNames(ctx.model).has(acc.member)) return null;
  const callee = `${acc.receiver.name}.${acc.member}`;
  const params = ctx.model.constructorParams(ctx.file.file, callee);
  return params ? { callee, params } : null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function check(acc: MemberAccessFact, ctx: RuleContext<M>): void {
  const file: FileFacts = ctx.file;
  if (file.language !== 'python' || !acc.call || acc.call.spread) return;
  const target = methodParams(acc, ctx) ?? moduleFunctionParams(acc, ctx) ?? moduleClassParams(acc, ctx);
  if (!target) return;
  judge(target, acc.call, acc.span, acc.phase, acc.swallowed, ctx);
}

function judge(target: { callee: string; params: ParamSummary }, call: NonNullable<MemberAccessFact['call']>, at: MemberAccessFact['span'], evalPhase: MemberAccessFact['phase'], swallowed: boolean | undefined, ctx: RuleContext<M>): void {
  const p = target.params;
  if (p.decorated) return;
  const { args, keywords } = call;
  const phase = swallowed ? 'integrity' as const : evalPhase;
  // A keyword may name a required positional parameter (the summary does not list their names): count each as filling one.
  const fillers = keywords.filter((k) => !p.requiredKeywords.includes(k)).length;
  if (!p.variadic && args > p.positional) {
    ctx.report({ at, phase, message: 'tooMany', data: { callee: target.callee, takes: plural(p.positional, 'positional argument'), given: args } });
    return;
  }
  if (args + fillers < p.required) {
    const given = keywords.length ? `${args} positional and ${plural(keywords.length, 'keyword argument')}` : `${args}`;
    ctx.report({ at, phase, message: 'tooFew', data: { callee: target.callee, required: plural(p.required, 'positional argument'), given } });
    return;
  }
  const missing = p.keywordVariadic ? [] : p.requiredKeywords.filter((k) => !keywords.includes(k));
  if (missing.length && !p.keywordVariadic) {
    ctx.report({ at, phase, message: 'missingKeywords', data: { callee: target.callee, names: quoteList(missing, 5), s: missing.length === 1 ? '' : 's' } });
  }
}

export default defineRule({
  id: 'call-arity',
  phase: ['collect', 'run', 'integrity'],
  languages: ['python'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'none' },
  messages: {
    tooFew: '`{callee}()` requires {required}, {given} given',
    tooMany: '`{callee}()` takes {takes}, {given} given',
    missingKeywords: '`{callee}()` requires the keyword-only argument{s} {names}, not given',
  },
  docs: {
    summary: 'A first-party Python function, method or class called with fewer positional arguments than it requires, more than it takes, or without a required keyword-only argument.',
    why: 'Python raises TypeError when the call runs: the test fails (at a module\'s or class body\'s top level the file fails to load; inside `except Exception: pass` the call silently does nothing).',
    examples: { invalid: 'invalid/python-changed-signatures', valid: 'valid/python-flexible-calls' },
    limitations: 'Python only: in JS/TS a missing argument is `undefined` and an extra one is ignored, so nothing fails at run time — arity there is tsc\'s job. Judged: methods called on receivers unknown-member can infer, `mod.f(…)` on a first-party module imported as a namespace, `f(…)` where `f` is a module-level function of the file or imported from a first-party module, and class calls `Cls(…)` / `mod.Cls(…)` against the nearest `__init__` in the class chain, the fields of a `@dataclass` (inherited fields, `KW_ONLY`, `field(init=False)`, `ClassVar` followed) or `NamedTuple` class, or no arguments when nothing defines `__init__`. Class calls are not judged when a metaclass, `__new__`, a base other than first-party classes and `object`/`Generic`/`ABC`, several bases, a class decorator other than `dataclass`, or a second binding of the class name may change the call. Silent on `*args`/`**kwargs` at the call, decorated functions, methods a subclass overrides, names patched in the file or handled with setattr/hasattr, `__call__`, and classes whose members are not all known. Each keyword argument is counted as possibly filling a required positional parameter. Lines with a `# type: ignore` (bare or `[call-arg]`) are not reported.',
  },
  visit: {
    memberAccess(acc, ctx) { check(acc, ctx); },
    file(file, ctx) { for (const c of file.calls ?? []) checkCall(c, ctx); },
  },
});
