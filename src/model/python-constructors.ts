/**
 * Python: the parameters calling a first-party class takes — the nearest `__init__` in its class
 * chain, the fields of a `@dataclass` / `NamedTuple` class, or none at all (`object.__init__`).
 * Null whenever something may change the call: a metaclass, `__new__`, a base that is not
 * first-party (or not `object`/`Generic`/`ABC`), several bases, an unknown decorator.
 */
import type { ClassFact, InitFieldFact, ParamSummary } from '../facts/types.js';
import { importedFullName, neutralBase } from './receivers-python.js';
import type { ProjectModel } from './types.js';

const MAX_HOPS = 8;

/** Class decorators that return the class itself with its constructor unchanged (dataclass generates one from the fields). */
const KEEPING_DECORATORS = new Set([
  'dataclass', 'dataclasses.dataclass', 'total_ordering', 'functools.total_ordering', 'final', 'typing.final',
  'unique', 'enum.unique', 'runtime_checkable', 'typing.runtime_checkable',
]);

const NAMED_TUPLE = new Set(['typing.NamedTuple', 'typing_extensions.NamedTuple']);

function fromFields(fields: InitFieldFact[]): ParamSummary {
  const positional = fields.filter((f) => !f.kwOnly);
  return {
    required: positional.filter((f) => !f.hasDefault).length,
    positional: positional.length,
    variadic: false,
    keywordVariadic: false,
    requiredKeywords: fields.filter((f) => f.kwOnly && !f.hasDefault).map((f) => f.name),
    decorated: false,
  };
}

/** Dataclass fields in the order the generated `__init__` takes them: bases' first, a redefined field keeping its first place. */
function mergeFields(ownFirst: InitFieldFact[][]): InitFieldFact[] {
  const byName = new Map<string, InitFieldFact>();
  for (const fields of [...ownFirst].reverse()) for (const f of fields) byName.set(f.name, f);
  return [...byName.values()];
}

/** The parameters `dotted(…)` (a first-party class as written in `file`) takes, or null when not certain. */
export function constructorParams(model: ProjectModel, file: string, dotted: string): ParamSummary | null {
  let ref = model.resolveClass(file, dotted);
  const dataclassFields: InitFieldFact[][] = [];
  for (let hops = 0; ref && hops <= MAX_HOPS; hops++) {
    const facts = model.facts(ref.file);
    const cls: ClassFact | undefined = facts?.classes.find((c) => c.name === ref!.name && c.topLevel);
    if (!facts || !cls || facts.language !== 'python') return null;
    // A metaclass (or `**kwargs` in the class statement), `__new__`, or members set from outside may change what the call takes.
    if (cls.dynamicMembers || facts.module.dynamicAttrs || cls.members.some((m) => m.name === '__new__')) return null;
    if (cls.decorators.some((d) => !KEEPING_DECORATORS.has(d))) return null;
    const init = cls.members.find((m) => m.name === '__init__');
    // Once a dataclass generated `__init__` below, a base's own `__init__` is not called with these arguments.
    if (init && !dataclassFields.length) return init.kind === 'method' && init.params ? init.params : null;
    if (cls.initFields?.kind === 'namedtuple') {
      if (dataclassFields.length || !cls.bases.some((b) => b !== null && NAMED_TUPLE.has(importedFullName(model, ref!.file, b) ?? ''))) return null;
      return fromFields(cls.initFields.fields);
    }
    if (cls.initFields) dataclassFields.push(cls.initFields.fields);
    else if (cls.decorators.some((d) => d.endsWith('dataclass'))) return null; // a dataclass whose fields could not be read
    const bases = cls.bases.filter((b) => b === null || !neutralBase(model, ref!.file, b));
    if (bases.length === 0) return dataclassFields.length ? fromFields(mergeFields(dataclassFields)) : fromFields([]);
    if (bases.length > 1 || bases[0] === null) return null;
    ref = model.resolveClass(ref.file, bases[0]!);
  }
  return null;
}
