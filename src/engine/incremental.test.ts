// Differential test of `--cache`: after any edit, a cached run (facts cache + run cache) gives
// exactly the findings of a fresh uncached run of the same tree, and so does a second cached run
// right after. Projects: a few hand-written ones, the larger fixture projects (demo, scenarios,
// accuracy) and up to 60 rule fixtures with a non-test source file; each gets a scripted sequence
// of semantic edits (src/testing/semantic-edits.ts), judged after every step, and a revert to the
// original bytes. Linted either as '.' (like rules/rules.test.ts) or only the test folders (the
// helpers are then linked, unreported files: fingerprints and file-system probes decide).
// A failure names the project, the edit and the diff of findings. INCREMENTAL_STATS=1 prints the
// number of comparisons and edits; INCREMENTAL_STATS=verbose every step's change of findings.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import { EDITS, Tree, applyChanges, hasNonTestSource, isPyTest, isTsTest, listFiles, type Edit } from '../testing/semantic-edits.js';
import { fixturesRoot } from '../rule-kit/tester.js';
import { allRules } from '../../rules/index.js';
import { run, type RunOptions, type RunResult } from './run.js';

// ---------------------------------------------------------------------------------------------
// Running and comparing.

/** What a user sees of a run: one sorted line per finding, and the reported files. */
function seen(r: RunResult): string[] {
  return [
    ...r.findings.map((f) => `${f.ruleId} ${f.file}:${f.span.line}:${f.span.column} ${f.severity} ${f.message}`).sort(),
    `reported files: ${[...r.files].sort().join(', ')}`,
  ];
}

/** The lines only in a (+) and only in b (-), as multisets. */
function diffLines(a: string[], b: string[]): string {
  const left = new Map<string, number>();
  for (const l of b) left.set(l, (left.get(l) ?? 0) + 1);
  const plus: string[] = [];
  for (const l of a) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1); else plus.push(l);
  }
  const minus = [...left].flatMap(([l, n]) => Array<string>(n).fill(l));
  return [...plus.map((l) => `  + ${l}`), ...minus.map((l) => `  - ${l}`)].join('\n');
}

interface Subject {
  name: string;
  /** Copies the project into a temp folder; returns its root. */
  make(): string;
  /** Options beyond cwd/paths/cache (the rules: fixtures run every rule, the rest the defaults). */
  options: Partial<RunOptions>;
  /** At most this many edits (the `then` steps not counted). */
  maxEdits: number;
  /** Rotation of the applicable edits (spreads the library over the fixtures). */
  rotate: number;
  /** First every applicable edit alone on the original tree, each followed by its revert (edits in a sequence mask each other). */
  isolated?: boolean;
  /**
   * What is linted: '.' (everything, like rules/rules.test.ts), or only the folders (root-level
   * files) holding the tests: then helpers are linked, unreported files, judged through their
   * facts fingerprints and the resolvers' file-system probes.
   */
  lint: 'all' | 'tests';
}

/** The top-level folders (or root-level files) holding the project's test files; ['.'] when it has none. */
function testPaths(root: string): string[] {
  const tops = new Set(listFiles(root).filter((f) => isPyTest(f) || isTsTest(f)).map((f) => f.split('/')[0]!));
  return tops.size ? [...tops].sort() : ['.'];
}

/** For INCREMENTAL_STATS: what the comparisons covered (a cached run that never reuses anything would pass vacuously). */
const stats = { projects: 0, comparisons: 0, changed: 0, reused: 0, reusedSecond: 0, incremental: 0, reusedFiles: 0, edits: new Map<string, number>() };

async function exercise(s: Subject): Promise<void> {
  const root = s.make();
  const base: RunOptions = { cwd: root, paths: s.lint === 'all' ? ['.'] : testPaths(root), workers: 0, warn: () => {}, ...s.options };
  const cached = () => run({ ...base, cache: true, reuseResults: true });
  let before: string[] = [];
  const judge = async (step: string) => {
    const firstRun = await cached();
    const first = seen(firstRun);
    const fresh = seen(await run({ ...base, cache: false }));
    const secondRun = await cached();
    const second = seen(secondRun);
    stats.comparisons++;
    if (firstRun.model === null) stats.reused++;
    if (firstRun.incremental) { stats.incremental++; stats.reusedFiles += firstRun.incremental.reused; }
    if (secondRun.model === null) stats.reusedSecond++;
    if (diffLines(fresh, before)) stats.changed++;
    if (process.env['INCREMENTAL_STATS'] === 'verbose') console.log(`${s.name} | ${step} | ${firstRun.model ? 'judged' : 'reused'}\n${diffLines(fresh, before)}`);
    before = fresh;
    for (const [which, lines] of [['cached run', first], ['second cached run', second]] as const) {
      const diff = diffLines(lines, fresh);
      expect(diff, `${s.name}, after "${step}": the ${which} differs from a fresh uncached run (+ only cached, - only fresh):\n${diff}\n`).toBe('');
    }
  };

  const original = new Map(listFiles(root).map((f) => [f, readFileSync(path.join(root, f))]));

  /** Back to the original bytes (added files removed): an older run-cache entry may apply again. */
  const restore = () => {
    for (const f of listFiles(root)) if (!original.has(f)) rmSync(path.join(root, f));
    for (const [f, bytes] of original) writeFileSync(path.join(root, f), bytes);
  };
  const perform = async (edit: Edit) => {
    for (let step: Edit | undefined = edit; step; step = step.then) {
      const changes = step.plan(new Tree(root));
      if (!changes) break;
      applyChanges(root, changes);
      stats.edits.set(step.name, (stats.edits.get(step.name) ?? 0) + 1);
      await judge(step.name);
    }
  };

  await cached(); // warm the facts and run caches
  await judge('no edit');
  const applicable = EDITS.filter((e) => e.plan(new Tree(root)) !== null);
  if (s.isolated) {
    for (const edit of applicable) {
      await perform(edit);
      restore();
      await judge(`revert "${edit.name}" (original bytes)`);
    }
  }
  const order = applicable.map((_, i) => applicable[(i + s.rotate) % applicable.length]!);
  for (const edit of order.slice(0, s.maxEdits)) await perform(edit);
  restore();
  await judge('revert every edit (original bytes)');
  stats.projects++;
}

// ---------------------------------------------------------------------------------------------
// The projects.

const ALL_RULES = allRules.map((r) => r.id);

const handWritten: Record<string, Record<string, string>> = {
  'python shop (src layout, conftest fixtures, request.instance, patch.object, dataclasses)': {
    'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["src"]\ntestpaths = ["tests"]\n',
    'src/shop/__init__.py': 'from shop.cart import Cart, make_cart\n\n__all__ = ["Cart", "make_cart"]\n',
    'src/shop/cart.py': [
      'from dataclasses import dataclass',
      '',
      '',
      '@dataclass',
      'class Item:',
      '    name: str',
      '    price: int = 0',
      '',
      '',
      'class Cart:',
      '    def __init__(self):',
      '        self.items = []',
      '',
      '    def add(self, item):',
      '        self.items.append(item)',
      '        return item',
      '',
      '    def total(self):',
      '        return sum(i.price for i in self.items)',
      '',
      '',
      'class DiscountCart(Cart):',
      '    def total(self):',
      '        return super().total() - 1',
      '',
      '',
      'def make_cart():',
      '    return Cart()',
      '',
      '',
      'def describe(cart):',
      '    return f"{len(cart.items)} items"',
      '',
    ].join('\n'),
    'src/shop/payments.py': [
      'class Gateway:',
      '    def charge(self, amount):',
      '        return amount',
      '',
      '    def refund(self, amount):',
      '        return -amount',
      '',
      '',
      'def connect():',
      '    return Gateway()',
      '',
    ].join('\n'),
    'tests/conftest.py': [
      'import pytest',
      '',
      'from shop.cart import Cart',
      'from shop.payments import Gateway',
      '',
      '',
      '@pytest.fixture',
      'def cart():',
      '    return Cart()',
      '',
      '',
      '@pytest.fixture',
      'def gateway():',
      '    return Gateway()',
      '',
      '',
      '@pytest.fixture(autouse=True)',
      'def fresh_gateway(gateway):',
      '    yield',
      '',
    ].join('\n'),
    'tests/test_cart.py': [
      'from unittest.mock import patch',
      '',
      'from shop import Cart, make_cart',
      'from shop.cart import DiscountCart, Item, describe',
      'from shop.payments import Gateway, connect',
      '',
      '',
      'def test_add(cart):',
      '    item = cart.add(Item("pen", 2))',
      '    assert item.name == "pen"',
      '    assert cart.total() == 2',
      '',
      '',
      'def test_discount():',
      '    cart = DiscountCart()',
      '    cart.add(Item(name="book", price=5))',
      '    assert cart.total() == 4',
      '    assert describe(cart) == "1 items"',
      '    assert Item("cup").price == 0',
      '',
      '',
      'def test_factory(basket):',
      '    assert make_cart().items == [] == basket',
      '',
      '',
      'def test_patch_object():',
      '    with patch.object(Gateway, "charge", return_value=3):',
      '        assert connect().charge(1) == 3',
      '    with patch.object(Cart, "total"):  # test-lint: disable=unresolved-patch-target',
      '        assert Cart().total()',
      '',
    ].join('\n'),
    'tests/test_payments.py': [
      'from shop import *',
      'from shop.payments import Gateway',
      '',
      '',
      'class TestGateway:',
      '    def test_refund(self, gateway):',
      '        assert Gateway().refund(2) == gateway.refund(2)',
      '',
      '    def test_set_by_a_fixture(self):',
      '        assert self.x == 1',
      '',
      '',
      'def test_star_import():',
      '    assert Cart().total() == 0',
      '',
    ].join('\n'),
  },
  'python tests package (helper TestCase base, helpers in tests/)': {
    'pyproject.toml': '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
    'tests/__init__.py': '',
    'tests/base.py': [
      'import unittest',
      '',
      '',
      'class Client:',
      '    def get(self, url):',
      '        return url',
      '',
      '',
      'class ApiCase(unittest.TestCase):',
      '    def setUp(self):',
      '        self.client = Client()',
      '',
      '    def login(self):',
      '        return self.client.get("/login")',
      '',
    ].join('\n'),
    'tests/test_api.py': [
      'from tests.base import ApiCase, Client',
      '',
      '',
      'class TestApi(ApiCase):',
      '    def test_get(self):',
      '        assert self.client.get("/") == "/"',
      '        assert self.login() == "/login"',
      '',
      '',
      'def test_client():',
      '    assert Client().get("/x") == "/x"',
      '',
    ].join('\n'),
  },
  'ts package (helper classes, exported functions, re-exports through an index)': {
    'package.json': JSON.stringify({ name: 'shop', private: true, type: 'module', devDependencies: { vitest: '^4.0.0' } }, null, 2),
    'src/cart.ts': [
      'export interface Item { name: string; price: number }',
      '',
      'export class Cart {',
      '  items: Item[] = [];',
      '',
      '  add(item: Item): Item {',
      '    this.items.push(item);',
      '    return item;',
      '  }',
      '',
      '  total(): number {',
      '    return this.items.reduce((s, i) => s + i.price, 0);',
      '  }',
      '}',
      '',
      'export class DiscountCart extends Cart {',
      '  override total(): number {',
      '    return super.total() - 1;',
      '  }',
      '}',
      '',
      'export function makeCart(): Cart {',
      '  return new Cart();',
      '}',
      '',
      'export const describeCart = (cart: Cart): string => `${cart.items.length} items`;',
      '',
    ].join('\n'),
    'src/payments.ts': [
      'export class Gateway {',
      '  charge(amount: number): number {',
      '    return amount;',
      '  }',
      '}',
      '',
      'export function connect(): Gateway {',
      '  return new Gateway();',
      '}',
      '',
    ].join('\n'),
    'src/index.ts': "export { Cart, DiscountCart, makeCart } from './cart';\nexport * from './payments';\nexport type { Item } from './cart';\n",
    'tests/cart.test.ts': [
      "import { describe, expect, it, vi } from 'vitest';",
      "import { Cart, DiscountCart, makeCart, connect, Gateway } from '../src/index';",
      "import { describeCart } from '../src/cart';",
      "import * as payments from '../src/payments';",
      '',
      "describe('cart', () => {",
      "  it('adds', () => {",
      '    const cart = new Cart();',
      "    expect(cart.add({ name: 'pen', price: 2 }).name).toBe('pen');",
      '    expect(cart.total()).toBe(2);',
      '  });',
      '',
      "  it('discounts', () => {",
      '    const cart = new DiscountCart();',
      "    cart.add({ name: 'book', price: 5 });",
      '    expect(cart.total()).toBe(4);',
      "    expect(describeCart(cart)).toBe('1 items');",
      '  });',
      '',
      "  it('makes', () => {",
      '    const made = makeCart();',
      "    made.add({ name: 'cup', price: 1 });",
      '    expect(makeCart().items).toEqual([]);',
      '  });',
      '',
      "  it('charges', () => {",
      "    const spy = vi.spyOn(Gateway.prototype, 'charge').mockReturnValue(3);",
      '    expect(connect().charge(1)).toBe(3);',
      '    expect(payments.connect()).toBeInstanceOf(Gateway);',
      '    spy.mockRestore();',
      '  });',
      '});',
      '',
    ].join('\n'),
  },
};

const fixtures = fixturesRoot();
const subdirs = (p: string) => (existsSync(p) ? readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : []);
const copyOf = (dir: string) => () => {
  const root = tmpProject({});
  cpSync(dir, root, { recursive: true, filter: (src) => !/^expected/.test(path.basename(src)) });
  return root;
};

/** The rule fixtures with a non-test source file; at most CAP, spread evenly over the sorted list. */
const CAP = 60;
const ruleCases = allRules.flatMap((r) => (['invalid', 'valid'] as const).flatMap((kind) =>
  subdirs(path.join(fixtures, r.id, kind)).map((c) => `${r.id}/${kind}/${c}`)))
  .sort()
  .filter((rel) => hasNonTestSource(path.join(fixtures, rel)));
const chosen = ruleCases.length <= CAP ? ruleCases : Array.from({ length: CAP }, (_, i) => ruleCases[Math.floor((i * ruleCases.length) / CAP)]!);
const larger = ['demo', ...subdirs(path.join(fixtures, 'scenarios')).map((n) => `scenarios/${n}`), ...subdirs(path.join(fixtures, 'accuracy')).map((n) => `accuracy/${n}`)]
  .filter((rel) => hasNonTestSource(path.join(fixtures, rel)));

afterAll(() => {
  removeTmpProjects();
  if (process.env['INCREMENTAL_STATS']) {
    console.log(`incremental: ${stats.projects} projects, ${stats.comparisons} (project, step) comparisons; ${stats.changed} steps changed the findings; whole runs reused by ${stats.reused} first and ${stats.reusedSecond} second cached runs; ${stats.incremental} incremental runs kept the findings of ${stats.reusedFiles} files`);
    for (const [name, n] of [...stats.edits].sort()) console.log(`  ${n}\t${name}`);
  }
});

const LINT = ['all', 'tests'] as const;
const label = (name: string, lint: Subject['lint']) => `${name} [lint ${lint === 'all' ? '.' : 'the test folders'}]`;

describe('a cached run after an edit reports what a fresh run reports', () => {
  describe('hand-written projects (default rules)', () => {
    Object.entries(handWritten).forEach(([name, files], i) => {
      for (const lint of LINT) {
        it(label(name, lint), async () => {
          await exercise({ name: label(name, lint), make: () => tmpProject(files), options: {}, maxEdits: Infinity, rotate: i, isolated: true, lint });
          removeTmpProjects();
        });
      }
    });
  });

  describe('larger fixture projects (default rules)', () => {
    larger.forEach((rel, i) => {
      for (const lint of LINT) {
        it(label(rel, lint), async () => {
          await exercise({ name: label(`fixtures/${rel}`, lint), make: copyOf(path.join(fixtures, rel)), options: {}, maxEdits: 8, rotate: i * 5, lint });
          removeTmpProjects();
        });
      }
    });
  });

  // Half of them lint '.', half the test folders (alternating over the sorted list).
  describe(`rule fixtures with a non-test source (${chosen.length} of ${ruleCases.length}, every rule on)`, () => {
    chosen.forEach((rel, i) => {
      const lint = LINT[i % 2]!;
      it(label(rel, lint), async () => {
        await exercise({ name: label(`fixtures/${rel}`, lint), make: copyOf(path.join(fixtures, rel)), options: { onlyRules: ALL_RULES }, maxEdits: 4, rotate: i * 3, lint });
        removeTmpProjects();
      });
    });
  });
});

// Not vacuous: the cached runs above took the incremental path (judging again only some files) often.
describe('the comparisons above', () => {
  it('exercised incremental runs that kept recorded findings', () => {
    expect(stats.incremental).toBeGreaterThan(100);
    expect(stats.reusedFiles).toBeGreaterThan(100);
  });
});
