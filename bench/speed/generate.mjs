#!/usr/bin/env node
/**
 * Deterministic (seeded) generator of a large synthetic repository for the speed bench.
 *
 *   node bench/speed/generate.mjs --out /tmp/tl-bench/n2500 --n 2500 [--seed 1]
 *
 * N is the TOTAL number of test files across both packages: N/2 Python test files under
 * `py/` and N/2 TS test files under `ts/`. Each package is a project of its own, so the bench
 * can measure the Python and the TS side separately against their own floors.
 *
 * py/  pyproject.toml (pytest: pythonpath=src, testpaths=tests), src/app/** helper modules
 *      (classes, functions, a re-exporting __init__), tests/conftest.py → tests/gK/conftest.py →
 *      tests/gK/sJ/conftest.py chains, N/2 test files, median ~15 KB (log-normal spread):
 *      imports, fixtures, Test* classes, parametrize, asserts, helpers used across files.
 * ts/  package.json (vitest), tsconfig.json, vitest.config.ts, src/helpers/*.ts, N/2 test files
 *      (describe/it/expect, helper classes, it.each), median ~7 KB.
 *
 * Seeded problems (about 1 % of test files each kind): a missing name in a from-import, an
 * undefined name at import time, a syntax error, a focused test, a shadowed test, an import of a
 * first-party module that does not exist. Their list is written to `<out>/seeded.json`.
 * Same seed and N → byte-identical tree.
 */
import { mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';

function parseArgs(argv) {
  const o = { out: null, n: 2500, seed: 1, pyKb: 15, tsKb: 7 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--out') o.out = v();
    else if (a === '--n') o.n = Number(v());
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--py-kb') o.pyKb = Number(v());
    else if (a === '--ts-kb') o.tsKb = Number(v());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.out) throw new Error('--out DIR is required');
  return o;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    /** Standard normal (Box–Muller). */
    normal: () => Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next()),
  };
}

const WORDS = ['order', 'invoice', 'customer', 'payment', 'session', 'cart', 'product', 'shipment', 'account',
  'ledger', 'report', 'token', 'profile', 'queue', 'event', 'message', 'channel', 'stock', 'price', 'refund',
  'coupon', 'tenant', 'user', 'group', 'policy', 'audit', 'export', 'import', 'webhook', 'schedule'];
const VERBS = ['create', 'update', 'delete', 'fetch', 'validate', 'compute', 'render', 'sync', 'merge', 'archive',
  'restore', 'publish', 'cancel', 'approve', 'reject', 'split', 'refresh', 'lock', 'unlock', 'resolve'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const camel = (a, b) => a + cap(b);

// ---------------------------------------------------------------- Python

const PY_HELPER_MODULES = 24;

function pyHelperModule(r, k) {
  const noun = WORDS[k % WORDS.length];
  const cls = `${cap(noun)}Helper${k}`;
  const methods = VERBS.slice(0, 8 + (k % 6)).map((v) => `${v}_${noun}`);
  const lines = [
    `"""Helpers for ${noun} tests (generated)."""`,
    'from __future__ import annotations',
    '',
    'import json',
    'from dataclasses import dataclass, field',
    'from typing import Any, Optional',
    '',
    '',
    '@dataclass',
    `class ${cap(noun)}Record${k}:`,
    '    id: int',
    '    name: str',
    '    tags: list[str] = field(default_factory=list)',
    '    meta: dict[str, Any] = field(default_factory=dict)',
    '',
    '    def to_json(self) -> str:',
    '        return json.dumps({"id": self.id, "name": self.name, "tags": self.tags})',
    '',
    '',
    `class ${cls}:`,
    `    """A fake ${noun} service."""`,
    '',
    '    def __init__(self, base_url: str = "http://localhost", retries: int = 3) -> None:',
    '        self.base_url = base_url',
    '        self.retries = retries',
    '        self.calls: list[tuple[str, Any]] = []',
    '        self.store: dict[int, Any] = {}',
    '',
  ];
  for (const m of methods) {
    lines.push(
      `    def ${m}(self, item_id: int, payload: Optional[dict] = None) -> dict:`,
      `        self.calls.append(("${m}", item_id))`,
      '        record = self.store.get(item_id, {"id": item_id})',
      '        if payload:',
      '            record.update(payload)',
      '        self.store[item_id] = record',
      '        return record',
      '',
    );
  }
  lines.push(
    '',
    `def make_${noun}(item_id: int = 1, **overrides: Any) -> ${cap(noun)}Record${k}:`,
    `    record = ${cap(noun)}Record${k}(id=item_id, name=f"${noun}-{item_id}")`,
    '    for key, value in overrides.items():',
    '        setattr(record, key, value)',
    '    return record',
    '',
    '',
    `def assert_${noun}_equal(left: Any, right: Any) -> None:`,
    '    assert left == right, f"{left!r} != {right!r}"',
    '',
  );
  return { text: lines.join('\n'), cls, methods, noun, record: `${cap(noun)}Record${k}`, make: `make_${noun}`, check: `assert_${noun}_equal` };
}

function pyConftest(scope, fixtures) {
  const lines = [`"""conftest for ${scope} (generated)."""`, 'import pytest', ''];
  for (const f of fixtures) {
    lines.push('', '@pytest.fixture', `def ${f.name}(${f.deps.join(', ')}):`, `    value = {"scope": "${scope}", "name": "${f.name}"}`);
    for (const d of f.deps) lines.push(`    value["${d}"] = ${d}`);
    lines.push('    yield value', '    value.clear()', '');
  }
  return lines.join('\n');
}

function pyTestFile(r, idx, helpers, fixturesInScope, targetBytes, problem) {
  const used = [];
  const nHelpers = r.int(2, 4);
  for (let i = 0; i < nHelpers; i++) {
    const h = r.pick(helpers);
    if (!used.includes(h)) used.push(h);
  }
  const out = [`"""Tests for scenario ${idx} (generated)."""`, 'import json', 'import os', 'from unittest import mock', '', 'import pytest', ''];
  for (const h of used) out.push(`from app.helpers.${h.mod} import ${h.cls}, ${h.make}, ${h.check}`);
  if (problem === 'missing-export') out.push(`from app.helpers.${used[0].mod} import ${used[0].cls}Renamed`);
  if (problem === 'unresolved-import') out.push('from app.helpers.no_such_module import Thing');
  out.push('from app import models', '');
  if (problem === 'undefined-name') out.push('', `DEFAULT_TIMEOUT: Optional[int] = 30`, '');
  out.push('', `CASES_${idx} = [`);
  for (let i = 0; i < 6; i++) out.push(`    (${i}, "${r.pick(WORDS)}-${i}", ${r.int(1, 99)}),`);
  out.push(']', '');
  out.push('', '@pytest.fixture', `def helper_${idx}():`, `    return ${used[0].cls}(base_url="http://svc-${idx}")`, '');
  let body = out.join('\n');
  let t = 0;
  let c = 0;
  const firstTestNames = [];
  while (body.length + 1400 < targetBytes) {
    const h = r.pick(used);
    const cls = `Test${cap(r.pick(WORDS))}${cap(r.pick(VERBS))}${c++}`;
    const block = ['', '', `class ${cls}:`, `    """Behaviour of ${h.cls} (${c})."""`, '', '    def setup_method(self):', `        self.helper = ${h.cls}()`, '        self.items = []', ''];
    const nTests = r.int(3, 7);
    for (let k = 0; k < nTests; k++) {
      const m = r.pick(h.methods);
      const name = `test_${m}_${t++}`;
      firstTestNames.push(name);
      const fx = r.chance(0.4) ? r.pick(fixturesInScope) : null;
      if (r.chance(0.35)) {
        block.push(`    @pytest.mark.parametrize("item_id,label,weight", CASES_${idx})`);
        block.push(`    def ${name}(self, item_id, label, weight${fx ? `, ${fx}` : ''}):`);
      } else {
        block.push(`    def ${name}(self${fx ? `, ${fx}` : ''}):`);
        block.push('        item_id, label, weight = 1, "one", 2');
      }
      block.push(
        `        result = self.helper.${m}(item_id, {"label": label, "weight": weight})`,
        `        record = ${h.make}(item_id, tags=[label])`,
        '        self.items.append(record)',
        '        assert result["id"] == item_id',
        `        assert result.get("label") == label, "label mismatch for %s" % label`,
        '        payload = json.loads(record.to_json())',
        `        ${h.check}(payload["id"], item_id)`,
        '        if weight > 50:',
        '            assert len(self.helper.calls) >= 1',
        '        else:',
        '            assert not os.environ.get("NO_SUCH_VARIABLE_FOR_TESTS")',
      );
      if (fx) block.push(`        assert ${fx}["name"] == "${fx}"`);
      block.push('');
    }
    if (r.chance(0.3)) {
      block.push(
        '    def test_with_patch(self):',
        `        with mock.patch.object(${h.cls}, "${h.methods[0]}", return_value={"id": 7}) as patched:`,
        `            assert self.helper.${h.methods[0]}(7) == {"id": 7}`,
        '        patched.assert_called_once()',
        '',
      );
    }
    body += block.join('\n');
    if (r.chance(0.3)) {
      const fname = `test_module_level_${t++}`;
      body += ['', '', `def ${fname}(helper_${idx}):`, `    records = [${h.make}(i) for i in range(5)]`, '    assert len(records) == 5', `    assert helper_${idx}.retries == 3`, ''].join('\n');
    }
  }
  if (problem === 'syntax-error') body += '\n\ndef test_broken(:\n    assert True\n';
  if (problem === 'shadowed-test') body += `\n\ndef ${firstTestNames.length ? 'test_shadow' : 'test_x'}():\n    assert 1\n\n\ndef test_shadow():\n    assert 2\n`;
  return body + '\n';
}

function generatePython(root, r, nTests, kb, seeded) {
  const w = (rel, text) => { const f = path.join(root, rel); mkdirSync(path.dirname(f), { recursive: true }); writeFileSync(f, text); };
  w('pyproject.toml', '[project]\nname = "app"\nversion = "0.1.0"\ndependencies = []\n\n[tool.pytest.ini_options]\npythonpath = ["src"]\ntestpaths = ["tests"]\n');
  const helpers = [];
  const exports = [];
  for (let k = 0; k < PY_HELPER_MODULES; k++) {
    const mod = `h${String(k).padStart(2, '0')}_${WORDS[k % WORDS.length]}`;
    const h = pyHelperModule(r, k);
    w(`src/app/helpers/${mod}.py`, h.text);
    helpers.push({ ...h, mod });
    exports.push(`from .${mod} import ${h.cls}`);
  }
  w('src/app/__init__.py', '"""app (generated)."""\n__version__ = "0.1.0"\n');
  w('src/app/helpers/__init__.py', exports.join('\n') + '\n');
  w('src/app/models.py', 'from dataclasses import dataclass\n\n\n@dataclass\nclass Model:\n    id: int\n    name: str = ""\n');
  w('tests/__init__.py', '');
  w('tests/conftest.py', pyConftest('root', [{ name: 'settings', deps: [] }, { name: 'db', deps: ['settings'] }, { name: 'client', deps: ['db'] }]));

  const groups = Math.max(1, Math.ceil(nTests / 250));
  const subs = 5;
  for (let i = 0; i < nTests; i++) {
    const g = i % groups;
    const s = Math.floor(i / groups) % subs;
    const dir = `tests/g${String(g).padStart(3, '0')}/s${s}`;
    if (i < groups * subs) {
      if (s === 0) {
        w(`tests/g${String(g).padStart(3, '0')}/__init__.py`, '');
        w(`tests/g${String(g).padStart(3, '0')}/conftest.py`, pyConftest(`g${g}`, [{ name: `group_${g}_data`, deps: ['db'] }]));
      }
      w(`${dir}/__init__.py`, '');
      w(`${dir}/conftest.py`, pyConftest(`g${g}/s${s}`, [{ name: 'local_user', deps: ['client'] }, { name: 'local_tenant', deps: ['settings'] }]));
    }
    const fixtures = ['settings', 'db', 'client', `group_${g}_data`, 'local_user', 'local_tenant'];
    const target = Math.max(2500, Math.round(kb * 1024 * Math.exp(0.45 * r.normal())));
    const problem = r.chance(0.06) ? r.pick(['missing-export', 'undefined-name', 'syntax-error', 'shadowed-test', 'unresolved-import']) : null;
    const file = `${dir}/test_scenario_${String(i).padStart(5, '0')}.py`;
    w(file, pyTestFile(r, i, helpers, fixtures, target, problem));
    if (problem) seeded.push({ file: `py/${file}`, problem });
  }
}

// ---------------------------------------------------------------- TypeScript

const TS_HELPER_MODULES = 20;

function tsHelperModule(k) {
  const noun = WORDS[k % WORDS.length];
  const cls = `${cap(noun)}Fake${k}`;
  const methods = VERBS.slice(0, 8 + (k % 6)).map((v) => camel(v, cap(noun)));
  const lines = [
    `/** Test helpers for ${noun} (generated). */`,
    `export interface ${cap(noun)}Record { id: number; name: string; tags: string[] }`,
    '',
    `export class ${cls} {`,
    '  readonly calls: Array<[string, number]> = [];',
    `  private store = new Map<number, ${cap(noun)}Record>();`,
    '  constructor(readonly baseUrl = "http://localhost", readonly retries = 3) {}',
    '',
  ];
  for (const m of methods) {
    lines.push(
      `  ${m}(id: number, patch: Partial<${cap(noun)}Record> = {}): ${cap(noun)}Record {`,
      `    this.calls.push(['${m}', id]);`,
      `    const current = this.store.get(id) ?? { id, name: \`${noun}-\${id}\`, tags: [] };`,
      '    const next = { ...current, ...patch };',
      '    this.store.set(id, next);',
      '    return next;',
      '  }',
      '',
    );
  }
  lines.push('}', '', `export function make${cap(noun)}(id = 1, overrides: Partial<${cap(noun)}Record> = {}): ${cap(noun)}Record {`,
    `  return { id, name: \`${noun}-\${id}\`, tags: [], ...overrides };`, '}', '',
    `export const ${noun.toUpperCase()}_DEFAULTS = Object.freeze({ retries: 3, timeoutMs: 250 });`, '');
  return { text: lines.join('\n'), cls, methods, noun, make: `make${cap(noun)}`, defaults: `${noun.toUpperCase()}_DEFAULTS` };
}

function tsTestFile(r, idx, helpers, targetBytes, problem) {
  const used = [];
  for (let i = 0, n = r.int(1, 3); i < n; i++) { const h = r.pick(helpers); if (!used.includes(h)) used.push(h); }
  const out = [`// Scenario ${idx} (generated)`, "import { describe, it, expect, beforeEach, vi } from 'vitest';"];
  for (const h of used) out.push(`import { ${h.cls}, ${h.make}, ${h.defaults} } from '../../src/helpers/${h.mod}.js';`);
  if (problem === 'missing-export') out.push(`import { ${used[0].cls}Renamed } from '../../src/helpers/${used[0].mod}.js';`);
  if (problem === 'unresolved-import') out.push("import { thing } from '../../src/helpers/no-such-module.js';");
  out.push('', `const CASES_${idx} = [`);
  for (let i = 0; i < 5; i++) out.push(`  { id: ${i + 1}, label: '${r.pick(WORDS)}-${i}', weight: ${r.int(1, 99)} },`);
  out.push('] as const;', '');
  let body = out.join('\n');
  let t = 0;
  let c = 0;
  while (body.length + 500 < targetBytes) {
    const h = r.pick(used);
    const block = ['', `describe('${h.cls} ${r.pick(VERBS)} ${c++}', () => {`, `  let fake: ${h.cls};`, '', '  beforeEach(() => {', `    fake = new ${h.cls}('http://svc-${idx}');`, '  });', ''];
    const n = r.int(3, 6);
    for (let k = 0; k < n; k++) {
      const m = r.pick(h.methods);
      const only = problem === 'focused-test' && c === 1 && k === 0 ? '.only' : '';
      if (r.chance(0.3)) {
        block.push(`  it.each(CASES_${idx})('${m} handles $label (${t++})', ({ id, label, weight }) => {`);
      } else {
        block.push(`  it${only}('${m} works ${t++}', () => {`, "    const id = 1, label = 'one', weight = 2;");
      }
      block.push(
        `    const result = fake.${m}(id, { tags: [label] });`,
        `    const record = ${h.make}(id, { tags: [label] });`,
        '    expect(result.id).toBe(id);',
        '    expect(result.tags).toEqual(record.tags);',
        `    if (weight > 50) expect(fake.calls.length).toBeGreaterThan(0);`,
        `    else expect(${h.defaults}.retries).toBe(3);`,
        '  });',
        '',
      );
    }
    if (r.chance(0.3)) block.push("  it('spies', () => {", `    const spy = vi.spyOn(fake, '${h.methods[0]}');`, `    fake.${h.methods[0]}(3);`, '    expect(spy).toHaveBeenCalledOnce();', '  });', '');
    block.push('});', '');
    body += block.join('\n');
  }
  if (problem === 'syntax-error') body += "\nit('broken', () => {\n  expect(1).toBe(1;\n});\n";
  if (problem === 'shadowed-test') body += "\ndescribe('dup', () => {\n  it('same', () => { expect(1).toBe(1); });\n  it('same', () => { expect(2).toBe(2); });\n});\n";
  if (problem === 'undefined-name') body += "\nit('uses an undefined helper', () => {\n  expect(missingHelper(1)).toBe(1);\n});\n";
  return body;
}

function generateTs(root, r, nTests, kb, seeded) {
  const w = (rel, text) => { const f = path.join(root, rel); mkdirSync(path.dirname(f), { recursive: true }); writeFileSync(f, text); };
  w('package.json', JSON.stringify({ name: 'bench-ts', private: true, type: 'module', devDependencies: { vitest: '4.1.12', typescript: '6.0.3' } }, null, 2) + '\n');
  w('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['src', 'test'] }, null, 2) + '\n');
  w('vitest.config.ts', "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'] } });\n");
  const helpers = [];
  for (let k = 0; k < TS_HELPER_MODULES; k++) {
    const mod = `h${String(k).padStart(2, '0')}-${WORDS[k % WORDS.length]}`;
    const h = tsHelperModule(k);
    w(`src/helpers/${mod}.ts`, h.text);
    helpers.push({ ...h, mod });
  }
  const groups = Math.max(1, Math.ceil(nTests / 250));
  for (let i = 0; i < nTests; i++) {
    const g = i % groups;
    const target = Math.max(1500, Math.round(kb * 1024 * Math.exp(0.45 * r.normal())));
    const problem = r.chance(0.06) ? r.pick(['missing-export', 'unresolved-import', 'syntax-error', 'shadowed-test', 'focused-test', 'undefined-name']) : null;
    const file = `test/g${String(g).padStart(3, '0')}/scenario-${String(i).padStart(5, '0')}.test.ts`;
    w(file, tsTestFile(r, i, helpers, target, problem));
    if (problem) seeded.push({ file: `ts/${file}`, problem });
  }
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const out = path.resolve(o.out);
  if (existsSync(out)) rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const seeded = [];
  const half = Math.floor(o.n / 2);
  generatePython(path.join(out, 'py'), rng(o.seed * 7919 + 1), o.n - half, o.pyKb, seeded);
  generateTs(path.join(out, 'ts'), rng(o.seed * 7919 + 2), half, o.tsKb, seeded);
  writeFileSync(path.join(out, 'seeded.json'), JSON.stringify({ n: o.n, seed: o.seed, python: o.n - half, ts: half, seeded }, null, 2) + '\n');
  process.stdout.write(`generated ${o.n} test files (${o.n - half} py, ${half} ts) in ${out}; ${seeded.length} seeded problems\n`);
}

main();
