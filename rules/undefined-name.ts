import { defineIndex, defineRule, type FileFacts, type Fix, type ProjectModel } from '../src/rule-kit/index.js';

/** Well-known Python names and the import that provides them. */
const PY_IMPORTS: Record<string, string> = Object.fromEntries([
  ...['Optional', 'List', 'Dict', 'Any', 'Union', 'Tuple', 'Callable', 'Iterable', 'Iterator', 'Sequence', 'Mapping',
    'Set', 'FrozenSet', 'Type', 'cast', 'TYPE_CHECKING', 'Generator', 'AsyncGenerator', 'AsyncIterator', 'Awaitable',
    'Literal', 'Protocol', 'TypeVar', 'Generic', 'ClassVar', 'Final', 'NamedTuple', 'TypedDict', 'overload', 'NoReturn']
    .map((n) => [n, `from typing import ${n}`]),
  ...['dataclass', 'field', 'asdict'].map((n) => [n, `from dataclasses import ${n}`]),
  ['Path', 'from pathlib import Path'],
  ...['datetime', 'timedelta', 'timezone', 'date'].map((n) => [n, `from datetime import ${n}`]),
  ...['defaultdict', 'OrderedDict', 'Counter', 'namedtuple', 'deque'].map((n) => [n, `from collections import ${n}`]),
  ...['partial', 'wraps', 'lru_cache', 'reduce'].map((n) => [n, `from functools import ${n}`]),
  ...['patch', 'MagicMock', 'Mock', 'AsyncMock', 'call', 'ANY', 'PropertyMock'].map((n) => [n, `from unittest.mock import ${n}`]),
  ...['Enum', 'IntEnum', 'auto'].map((n) => [n, `from enum import ${n}`]),
  ...['ABC', 'abstractmethod'].map((n) => [n, `from abc import ${n}`]),
  ...['pytest', 'os', 'sys', 'json', 're', 'time', 'asyncio', 'logging', 'unittest', 'uuid', 'random', 'math',
    'tempfile', 'shutil', 'subprocess', 'itertools', 'functools', 'typing', 'collections', 'copy', 'inspect'].map((n) => [n, `import ${n}`]),
]);

const JS_RUNNER_NAMES = ['describe', 'it', 'test', 'expect', 'vi', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'suite'];

/** Names each module defines and exports: [file, is Python]. */
const LOCAL_EXPORTS = defineIndex<[string, boolean]>('local-exports', (f) => [...new Set(f.exports.filter((e) => e.kind === 'local' && !e.typeOnly).map((e) => e.name))]
  .map((n) => [n, [f.file, f.language === 'python']] as const));

/** Where the missing name could come from: a well-known import, or the one first-party module defining it. */
function suggestionFor(name: string, facts: FileFacts, model: ProjectModel): string[] {
  if (facts.language === 'python' && PY_IMPORTS[name]) return [`add \`${PY_IMPORTS[name]}\``];
  if (facts.language !== 'python' && JS_RUNNER_NAMES.includes(name)) {
    const runner = model.runnerOf(facts.file);
    const from = runner === 'jest' ? '@jest/globals' : runner === 'node-test' ? 'node:test' : 'vitest';
    return [`add \`import { ${name} } from '${from}'\`${runner === 'vitest' ? ' or set `test.globals: true`' : ''}`];
  }
  const definers = model.index(LOCAL_EXPORTS).get(name).filter(([file, python]) => file !== facts.file && python === (facts.language === 'python')).map(([file]) => file);
  if (definers.length > 1) return [];
  return definers.length === 1 ? [`\`${name}\` is defined in \`${definers[0]}\`: import it from there`] : [];
}

/** Add a well-known Python import after the file's last top-level import (no fix when the file has none). */
function importFix(name: string, facts: FileFacts): Fix | undefined {
  const statement = facts.language === 'python' ? PY_IMPORTS[name] : undefined;
  if (!statement) return undefined;
  const last = facts.imports.filter((i) => i.phase === 'collect' && !i.guard && !i.typeChecking && i.kind === 'import').at(-1);
  if (!last) return undefined;
  return { title: `Add \`${statement}\``, applicability: 'safe', edits: [{ file: facts.file, start: last.span.end, end: last.span.end, text: `\n${statement}` }] };
}

/** Names a Python star import of a first-party module brings in, or null when unknowable. */
function starNames(facts: FileFacts, model: ProjectModel): Set<string> | null {
  const out = new Set<string>();
  for (const imp of facts.imports) {
    if (!imp.names.some((n) => n.imported === '*' && n.local === '*')) continue;
    const r = model.resolveImport(facts.file, imp);
    if (r.kind !== 'first-party') return null;
    const target = model.facts(r.file);
    if (!target || target.module.dynamicExports) return null;
    for (const n of target.module.all ?? model.exportsOf(r.file).filter((n) => !n.startsWith('_'))) out.add(n);
  }
  return out;
}

export default defineRule({
  id: 'undefined-name',
  phase: ['collect', 'run'],
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'all-files',
  fix: { availability: 'sometimes', applicability: 'safe' },
  messages: {
    undefined: '`{name}` is not defined',
  },
  docs: {
    summary: 'A name that is read but bound nowhere: not in the file, not imported, not a builtin or a global the runner provides.',
    why: 'Python raises NameError and JS a ReferenceError where the name is evaluated: at load time (module top level, class bodies, decorators, default values, describe bodies) the whole file fails to collect; inside a test, that test fails.',
    examples: { invalid: 'invalid/python-optional-annotation', valid: 'valid/python-scopes' },
    fixSafety: 'Adding the import of a well-known standard-library name (`Optional` → `from typing import Optional`) is safe: the name was unbound, so nothing else can change meaning. It is offered only when the file already has top-level imports to place it after.',
    limitations: 'Names a star import of an external module may bring in are not judged; browser globals are assumed present in JS.',
  },
  visit: {
    file(facts, ctx) {
      if (facts.file.endsWith('.d.ts') || facts.file.endsWith('.pyi')) return;
      let stars: Set<string> | null | undefined;
      for (const ref of facts.references) {
        if (ref.typeOnly || ref.guarded) continue;
        if (ctx.model.isGlobal(facts.file, ref.name)) continue;
        if (facts.language === 'python') {
          if (stars === undefined) stars = starNames(facts, ctx.model);
          if (stars === null || stars.has(ref.name)) continue; // valid/python-star-import-external
        }
        ctx.report({
          at: ref.span, phase: ref.phase, message: 'undefined', data: { name: ref.name },
          suggestions: suggestionFor(ref.name, facts, ctx.model),
          fix: importFix(ref.name, facts),
        });
      }
    },
  },
});
