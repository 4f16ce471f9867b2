import { appendFileSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import { CACHE_FORMAT } from '../facts/cache.js';
import { run, type RunOptions, type RunResult } from './run.js';

afterEach(removeTmpProjects);

const lines = (r: RunResult) => r.findings.map((f) => `${f.file}:${f.span.line} ${f.ruleId}`);

/** A pytest project: a helper class in src/, tests using it, and an import of a module that does not exist yet. */
function project(): string {
  return tmpProject({
    'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
    'src/shop/__init__.py': '',
    'src/shop/helpers.py': 'class Cart:\n    def add(self, item):\n        return item\n',
    'tests/test_cart.py': [
      'from shop.helpers import Cart',
      'from shop import missing_mod',
      '',
      '',
      'def test_add():',
      '    cart = Cart()',
      '    assert cart.add(1) == 1',
      '',
    ].join('\n'),
  });
}

const optsFor = (root: string, more: Partial<RunOptions> = {}): RunOptions => ({ cwd: root, paths: ['tests'], cache: true, reuseResults: true, workers: 0, ...more });

describe('run cache', () => {
  it('reuses the findings of an unchanged project without building the model', async () => {
    const root = project();
    const first = await run(optsFor(root));
    expect(first.model).not.toBeNull();
    expect(lines(first)).toEqual(['tests/test_cart.py:2 missing-export']);
    const second = await run(optsFor(root));
    expect(second.model).toBeNull();
    expect(second.findings).toEqual(first.findings);
    expect(second.files).toEqual(first.files);
  });

  it('reuses them across an edit that changes no fact (a comment at the end of a helper)', async () => {
    const root = project();
    await run(optsFor(root));
    appendFileSync(path.join(root, 'src/shop/helpers.py'), '# a note\n');
    const again = await run(optsFor(root));
    expect(again.model).toBeNull();
    expect(lines(again)).toEqual(['tests/test_cart.py:2 missing-export']);
  });

  it('judges again when a linked helper changes its facts', async () => {
    const root = project();
    await run(optsFor(root));
    writeFileSync(path.join(root, 'src/shop/helpers.py'), 'class Cart:\n    def add_item(self, item):\n        return item\n');
    const again = await run(optsFor(root));
    expect(again.model).not.toBeNull();
    expect(lines(again)).toEqual(['tests/test_cart.py:2 missing-export', 'tests/test_cart.py:7 unknown-member']);
  });

  it('judges again when the file system the resolver saw changes outside the linted files', async () => {
    const root = project();
    await run(optsFor(root));
    // src/ is not linted: only the resolver's listing of src/shop/ can notice the new module.
    writeFileSync(path.join(root, 'src/shop/missing_mod.py'), 'X = 1\n');
    const again = await run(optsFor(root));
    expect(again.model).not.toBeNull();
    expect(lines(again)).toEqual([]);
    mkdirSync(path.join(root, 'src/other'));
    const third = await run(optsFor(root));
    expect(third.model).not.toBeNull(); // a folder appeared in a listing the resolver made
    expect((await run(optsFor(root))).model).toBeNull();
  });

  it('judges again when the config or the options change', async () => {
    const root = project();
    await run(optsFor(root));
    expect((await run(optsFor(root, { ruleOverrides: { 'missing-export': 'warn' } }))).findings[0]!.severity).toBe('warn');
    writeFileSync(path.join(root, 'test-lint.config.json'), JSON.stringify({ rules: { 'missing-export': 'off' } }));
    const again = await run(optsFor(root));
    expect(again.model).not.toBeNull();
    expect(lines(again)).toEqual([]);
  });

  it('is not used unless asked for, and a corrupted entry is discarded with a warning', async () => {
    const root = project();
    await run(optsFor(root));
    expect((await run(optsFor(root, { reuseResults: false }))).model).not.toBeNull();
    const runs = path.join(root, '.test-lint-cache', `v${CACHE_FORMAT}`, 'runs');
    const [entry] = readdirSync(runs);
    writeFileSync(path.join(runs, entry!), readFileSync(path.join(runs, entry!), 'utf8').slice(0, 40));
    const warnings: string[] = [];
    const again = await run(optsFor(root, { warn: (m) => warnings.push(m) }));
    expect(again.model).not.toBeNull();
    expect(lines(again)).toEqual(['tests/test_cart.py:2 missing-export']);
    expect(warnings).toEqual([expect.stringContaining('discarded a corrupted run cache entry')]);
    expect((await run(optsFor(root))).model).toBeNull();
  });
});

describe('file states', () => {
  it('a settled file is trusted by its stat, yet an edit that keeps its size and mtime is seen (ctime)', async () => {
    const root = project();
    const helper = path.join(root, 'src/shop/helpers.py');
    const then = new Date('2020-01-01T00:00:00Z');
    utimesSync(helper, then, then);
    await new Promise((r) => setTimeout(r, 2100)); // files changed under 2 s ago are always hashed
    await run(optsFor(root));
    const runs = path.join(root, '.test-lint-cache', `v${CACHE_FORMAT}`, 'runs');
    const entry = JSON.parse(readFileSync(path.join(runs, readdirSync(runs)[0]!), 'utf8')) as { files: [string, string, string, string?][] };
    expect(entry.files.find(([f]) => f === 'src/shop/helpers.py')![3]).toMatch(/^\d+:/);
    expect((await run(optsFor(root))).model).toBeNull();
    writeFileSync(helper, readFileSync(helper, 'utf8').replace('def add(self', 'def adx(self'));
    utimesSync(helper, then, then); // same size, same mtime, same inode
    await new Promise((r) => setTimeout(r, 2100)); // settled again: only the ctime tells
    const again = await run(optsFor(root));
    expect(lines(again)).toEqual(['tests/test_cart.py:2 missing-export', 'tests/test_cart.py:7 unknown-member']);
  });
});

describe('incremental run', () => {
  /** Two helpers, each used by its own test; a third test calls a method some module adds with setattr. */
  function twoHelpers(): string {
    return tmpProject({
      'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["src"]\n',
      'src/shop/__init__.py': '',
      'src/shop/cart.py': 'class Cart:\n    def add(self, item):\n        return item\n',
      'src/shop/till.py': 'class Till:\n    def open(self):\n        return True\n',
      'src/shop/plugins.py': 'from shop.till import Till\n\n\ndef _close(self):\n    return False\n\n\nsetattr(Till, "close", _close)\n',
      'tests/test_cart.py': 'from shop.cart import Cart\n\n\ndef test_add():\n    assert Cart().add(1) == 1\n',
      'tests/test_till.py': 'import shop.plugins\nfrom shop.till import Till\n\n\ndef test_open():\n    assert Till().open()\n',
      'tests/test_close.py': 'from shop.till import Till\n\n\ndef test_close():\n    assert not Till().close()\n',
    });
  }
  const fresh = async (root: string) => lines(await run({ cwd: root, paths: ['tests'], workers: 0 }));

  it('judges again only the tests that read the changed helper, and reports what a fresh run reports', async () => {
    const root = twoHelpers();
    const first = await run(optsFor(root));
    expect(lines(first)).toEqual([]);
    writeFileSync(path.join(root, 'src/shop/cart.py'), 'class Cart:\n    def add_item(self, item):\n        return item\n');
    const again = await run(optsFor(root));
    expect(again.incremental).toEqual({ judged: 1, reused: 2 });
    expect(lines(again)).toEqual(['tests/test_cart.py:5 unknown-member']);
    expect(lines(again)).toEqual(await fresh(root));
    // The facts of the files nobody read were never loaded.
    expect(again.model!.isLoaded('tests/test_till.py')).toBe(false);
    // Back to the first text: judged again, the finding is gone.
    writeFileSync(path.join(root, 'src/shop/cart.py'), 'class Cart:\n    def add(self, item):\n        return item\n');
    const third = await run(optsFor(root));
    expect(third.incremental).toEqual({ judged: 1, reused: 2 });
    expect(lines(third)).toEqual([]);
  });

  it('judges again a test whose index lookup answers differently, though it never read the changed file', async () => {
    const root = twoHelpers();
    await run(optsFor(root));
    // plugins.py (which test_till.py imports) no longer adds Till.close: only the "attribute names set
    // dynamically" index tells test_close.py. test_cart.py keeps its findings.
    writeFileSync(path.join(root, 'src/shop/plugins.py'), 'from shop.till import Till\n\n\ndef _close(self):\n    return False\n');
    const again = await run(optsFor(root));
    expect(again.incremental).toEqual({ judged: 2, reused: 1 });
    expect(lines(again)).toEqual(['tests/test_close.py:5 unknown-member']);
    expect(lines(again)).toEqual(await fresh(root));
  });

  it('is a full run when a changed file imports something else (the linked files may change)', async () => {
    const root = twoHelpers();
    await run(optsFor(root));
    writeFileSync(path.join(root, 'tests/test_cart.py'), 'from shop.cart import Cart\nfrom shop.till import Till\n\n\ndef test_add():\n    assert Cart().add(Till()) is not None\n');
    const again = await run(optsFor(root));
    expect(again.model).not.toBeNull();
    expect(again.incremental).toBeUndefined();
    expect(lines(again)).toEqual(await fresh(root));
  });
});
