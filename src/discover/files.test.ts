import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from './files.js';

function tree(files: string[]): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tl-root-')));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), '');
  }
  return root;
}

describe('findProjectRoot', () => {
  it('is the nearest folder with a project marker above the named paths', () => {
    const root = tree(['pyproject.toml', 'tests/unit/test_a.py']);
    expect(findProjectRoot([path.join(root, 'tests/unit/test_a.py')], root)).toBe(root);
  });
  it('skips a package folder that holds a setup.py module (homeassistant/setup.py)', () => {
    const root = tree(['pyproject.toml', 'pkg/__init__.py', 'pkg/setup.py', 'pkg/util.py']);
    expect(findProjectRoot([path.join(root, 'pkg/util.py')], root)).toBe(root);
  });
  it('uses the common ancestor of several paths', () => {
    const root = tree(['package.json', 'a/x.test.ts', 'b/y.test.ts']);
    expect(findProjectRoot([path.join(root, 'a/x.test.ts'), path.join(root, 'b/y.test.ts')], root)).toBe(root);
  });
});
