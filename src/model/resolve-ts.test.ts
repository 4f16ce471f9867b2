import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import { loadJsRunnerConfigs } from '../config/js-runners.js';
import { createTsResolver, packageNameOf } from './resolve-ts.js';


const project = (files: Record<string, string>) => tmpProject(files, 'tl-resolve-');

afterAll(() => {
  removeTmpProjects();
});

/** A resolver for a mini-project, with specifiers resolved from `from` (relative to the root). */
function setup(files: Record<string, string>) {
  const root = project(files);
  const resolver = createTsResolver({ root, runners: loadJsRunnerConfigs(root) });
  return {
    root,
    at: (rel: string) => path.join(root, rel),
    resolve: (from: string, spec: string) => resolver.resolve(path.join(root, from), spec),
  };
}

const json = (o: object) => JSON.stringify(o);

describe('relative imports', () => {
  const p = setup({
    'src/helpers.ts': 'export const a = 1;',
    'src/util/index.ts': 'export {};',
    'src/legacy.mjs': 'export {};',
    'src/mod.mts': 'export {};',
    'src/types-only.d.ts': 'export type T = 1;',
    'tests/a.test.ts': '',
  });

  it('resolves with and without extension, and `.js` to the `.ts` source', () => {
    expect(p.resolve('tests/a.test.ts', '../src/helpers')).toEqual({ kind: 'file', path: p.at('src/helpers.ts') });
    expect(p.resolve('tests/a.test.ts', '../src/helpers.ts')).toEqual({ kind: 'file', path: p.at('src/helpers.ts') });
    expect(p.resolve('tests/a.test.ts', '../src/helpers.js')).toEqual({ kind: 'file', path: p.at('src/helpers.ts') });
    expect(p.resolve('tests/a.test.ts', '../src/legacy.mjs')).toEqual({ kind: 'file', path: p.at('src/legacy.mjs') });
  });

  it('resolves folder index files and extensionless .mts (vite tries it)', () => {
    expect(p.resolve('tests/a.test.ts', '../src/util')).toEqual({ kind: 'file', path: p.at('src/util/index.ts') });
    expect(p.resolve('tests/a.test.ts', '../src/mod')).toEqual({ kind: 'file', path: p.at('src/mod.mts') });
  });

  it('gives a declaration file as a file', () => {
    expect(p.resolve('tests/a.test.ts', '../src/types-only')).toEqual({ kind: 'file', path: p.at('src/types-only.d.ts') });
  });

  it('suggests near-miss spellings as the user would write them', () => {
    expect(p.resolve('src/x.ts', './helpres')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['./helpers'] });
    expect(p.resolve('src/x.ts', './helpres.js')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['./helpers.js'] });
    expect(p.resolve('tests/a.test.ts', '../src/utl')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['../src/util'] });
    expect(p.resolve('tests/a.test.ts', '../scr/helpers')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['../src/helpers'] });
    expect(p.resolve('tests/a.test.ts', '../src/nothing-like-it')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: [] });
  });
});

describe('tsconfig', () => {
  it('follows paths + baseUrl from an extended tsconfig', () => {
    const p = setup({
      'tsconfig.base.json': json({ compilerOptions: { baseUrl: '.', paths: { '@app/*': ['src/app/*'], '#config': ['src/config.ts'] } } }),
      'tsconfig.json': `{ // comment\n "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true } }`,
      'src/app/store.ts': 'export {};',
      'src/config.ts': 'export {};',
      'src/lib/x.ts': 'export {};',
      'tests/a.test.ts': '',
    });
    expect(p.resolve('tests/a.test.ts', '@app/store')).toEqual({ kind: 'file', path: p.at('src/app/store.ts') });
    expect(p.resolve('tests/a.test.ts', '#config')).toEqual({ kind: 'file', path: p.at('src/config.ts') });
    // baseUrl-relative import
    expect(p.resolve('tests/a.test.ts', 'src/lib/x')).toEqual({ kind: 'file', path: p.at('src/lib/x.ts') });
    expect(p.resolve('tests/a.test.ts', '@app/stroe')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['@app/store'] });
    expect(p.resolve('tests/a.test.ts', 'src/lib/y')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['src/lib/x'] });
  });

  it('uses paths without baseUrl, and the nearest tsconfig or jsconfig', () => {
    const p = setup({
      'tsconfig.json': json({ compilerOptions: { paths: { '~/*': ['./src/*'] } } }),
      'src/a.ts': '',
      'web/jsconfig.json': json({ compilerOptions: { paths: { '~/*': ['./lib/*'] } } }),
      'web/lib/a.js': '',
      'web/test/a.test.js': '',
    });
    expect(p.resolve('src/x.ts', '~/a')).toEqual({ kind: 'file', path: p.at('src/a.ts') });
    expect(p.resolve('web/test/a.test.js', '~/a')).toEqual({ kind: 'file', path: p.at('web/lib/a.js') });
  });

  it('tolerates a broken tsconfig', () => {
    const p = setup({ 'tsconfig.json': '{ "compilerOptions": { "paths": ', 'src/a.ts': '', 'src/b.ts': '' });
    expect(p.resolve('src/b.ts', './a')).toEqual({ kind: 'file', path: p.at('src/a.ts') });
  });

  it('keeps node16 but also accepts what bundler mode finds (extensionless relative)', () => {
    const p = setup({
      'tsconfig.json': json({ compilerOptions: { module: 'node16', moduleResolution: 'node16' } }),
      'package.json': json({ type: 'module' }),
      'src/a.ts': '',
      'src/b.ts': '',
    });
    expect(p.resolve('src/b.ts', './a')).toEqual({ kind: 'file', path: p.at('src/a.ts') });
    expect(p.resolve('src/b.ts', './a.js')).toEqual({ kind: 'file', path: p.at('src/a.ts') });
  });

  it('picks the referenced tsconfig of a solution-style tsconfig', () => {
    const p = setup({
      'tsconfig.json': json({ files: [], references: [{ path: './tsconfig.node.json' }, { path: './tsconfig.app.json' }] }),
      'tsconfig.node.json': json({ include: ['vite.config.ts'] }),
      'tsconfig.app.json': json({ compilerOptions: { paths: { '@/*': ['./src/*'] } }, include: ['src'] }),
      'src/lib/a.ts': '',
      'src/lib/a.test.ts': '',
    });
    expect(p.resolve('src/lib/a.test.ts', '@/lib/a')).toEqual({ kind: 'file', path: p.at('src/lib/a.ts') });
  });
});

describe('runner aliases', () => {
  it('applies a vitest object alias built with path.resolve(__dirname)', () => {
    const p = setup({
      'vitest.config.ts': `import path from 'path';\nexport default { resolve: { alias: { '@': path.resolve(__dirname, './src') } } };`,
      'src/store/index.ts': '',
      'src/logo.svg': '<svg/>',
      'tests/a.test.ts': '',
    });
    expect(p.resolve('tests/a.test.ts', '@/store')).toEqual({ kind: 'file', path: p.at('src/store/index.ts') });
    expect(p.resolve('tests/a.test.ts', '@/logo.svg')).toEqual({ kind: 'asset', path: p.at('src/logo.svg') });
    expect(p.resolve('tests/a.test.ts', '@/stor')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['@/store'] });
  });

  it('applies a vitest array alias with a RegExp', () => {
    const p = setup({
      'vite.config.ts': `import { fileURLToPath, URL } from 'node:url';
        export default { test: {}, resolve: { alias: [{ find: /^~\\/(.*)$/, replacement: fileURLToPath(new URL('./lib/$1', import.meta.url)) }] } };`,
      'lib/math.js': '',
      'test/a.test.js': '',
    });
    expect(p.resolve('test/a.test.js', '~/math')).toEqual({ kind: 'file', path: p.at('lib/math.js') });
  });

  it('applies a jest moduleNameMapper with <rootDir>; a mapper to a package is external', () => {
    const p = setup({
      'package.json': json({ devDependencies: { jest: '29', 'identity-obj-proxy': '3' } }),
      'jest.config.js': `module.exports = { moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1', '\\\\.(css|scss)$': 'identity-obj-proxy' } };`,
      'src/util.ts': '',
      'src/__tests__/a.test.ts': '',
    });
    expect(p.resolve('src/__tests__/a.test.ts', '@/util')).toEqual({ kind: 'file', path: p.at('src/util.ts') });
    expect(p.resolve('src/__tests__/a.test.ts', './missing.css')).toEqual({ kind: 'external', packageName: 'identity-obj-proxy', status: 'declared' });
  });
});

describe('runner config details', () => {
  it('looks bare specifiers up in jest moduleDirectories', () => {
    const p = setup({
      'package.json': json({ devDependencies: { jest: '29' } }),
      'jest.config.js': `module.exports = { moduleDirectories: ['node_modules', 'src'] };`,
      'src/utils/date.js': '',
      'src/__tests__/a.test.js': '',
    });
    expect(p.resolve('src/__tests__/a.test.js', 'utils/date')).toEqual({ kind: 'file', path: p.at('src/utils/date.js') });
    expect(p.resolve('src/__tests__/a.test.js', 'utils/dates')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['utils/date'] });
    expect(p.resolve('src/__tests__/a.test.js', 'left-pad')).toEqual({ kind: 'unresolved', reason: 'package', candidates: [] });
  });

  it('stays quiet about unknown packages when the runner config is dynamic (it may alias them)', () => {
    const p = setup({
      'vitest.config.ts': `import base from '@acme/base';
export default { ...base, test: { globals: true } };`,
      'src/a.test.ts': '',
    });
    expect(p.resolve('src/a.test.ts', '@components/Button')).toEqual({ kind: 'unknown' });
    expect(p.resolve('src/a.test.ts', './missing')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: [] });
  });
});

describe('packages', () => {
  const p = setup({
    'package.json': json({ name: 'app', workspaces: ['packages/*'], dependencies: { lodash: '4', 'not-installed': '1' }, devDependencies: { vitest: '3' } }),
    'node_modules/lodash/package.json': json({ name: 'lodash', main: 'lodash.js' }),
    'node_modules/lodash/lodash.js': '',
    'node_modules/fancy/package.json': json({
      name: 'fancy',
      exports: { '.': { import: './esm/index.js', require: './cjs/index.js' }, './sub': { types: './types/sub.d.ts', default: './esm/sub.js' }, './feature/*': './esm/features/*.js' },
    }),
    'node_modules/fancy/esm/index.js': '',
    'node_modules/fancy/cjs/index.js': '',
    'node_modules/fancy/esm/sub.js': '',
    'node_modules/fancy/types/sub.d.ts': '',
    'node_modules/fancy/esm/features/a.js': '',
    'node_modules/@types/ghost/index.d.ts': '',
    'node_modules/@types/ghost/package.json': json({ name: '@types/ghost' }),
    'packages/ui/package.json': json({ name: '@acme/ui', main: 'dist/index.js' }),
    'packages/ui/src/index.ts': '',
    'packages/ui/src/button.tsx': '',
    'src/a.test.ts': '',
  });

  it('gives installed packages (and exports subpaths) as external installed', () => {
    expect(p.resolve('src/a.test.ts', 'lodash')).toEqual({ kind: 'external', packageName: 'lodash', status: 'installed' });
    expect(p.resolve('src/a.test.ts', 'fancy')).toEqual({ kind: 'external', packageName: 'fancy', status: 'installed' });
    expect(p.resolve('src/a.test.ts', 'fancy/sub')).toEqual({ kind: 'external', packageName: 'fancy', status: 'installed' });
    expect(p.resolve('src/a.test.ts', 'fancy/feature/a')).toEqual({ kind: 'external', packageName: 'fancy', status: 'installed' });
  });

  it('gives declared but not installed as external declared, and undeclared as unresolved package', () => {
    expect(p.resolve('src/a.test.ts', 'not-installed/x')).toEqual({ kind: 'external', packageName: 'not-installed', status: 'declared' });
    expect(p.resolve('src/a.test.ts', 'vitest')).toEqual({ kind: 'external', packageName: 'vitest', status: 'declared' });
    expect(p.resolve('src/a.test.ts', 'lodahs')).toEqual({ kind: 'unresolved', reason: 'package', candidates: ['lodash'] });
    expect(p.resolve('src/a.test.ts', '@scope/nope')).toEqual({ kind: 'unresolved', reason: 'package', candidates: [] });
  });

  it('does not count a package whose only the @types are installed', () => {
    expect(p.resolve('src/a.test.ts', 'ghost')).toEqual({ kind: 'unresolved', reason: 'package', candidates: [] });
    expect(p.resolve('src/a.test.ts', '@types/ghost')).toEqual({ kind: 'external', packageName: '@types/ghost', status: 'installed' });
  });

  it('resolves an uninstalled workspace package to its sources', () => {
    expect(p.resolve('src/a.test.ts', '@acme/ui')).toEqual({ kind: 'file', path: p.at('packages/ui/src/index.ts') });
    expect(p.resolve('src/a.test.ts', '@acme/ui/button')).toEqual({ kind: 'file', path: p.at('packages/ui/src/button.tsx') });
  });

  it('resolves a symlinked workspace package to the project file', () => {
    fs.mkdirSync(p.at('node_modules/@acme'), { recursive: true });
    fs.symlinkSync(p.at('packages/ui'), p.at('node_modules/@acme/ui2'));
    // Not a member name (members are read from package.json names): resolved through node_modules + realpath.
    fs.writeFileSync(p.at('packages/ui/index.ts'), '');
    const fresh = createTsResolver({ root: p.root, runners: [] });
    expect(fresh.resolve(p.at('src/a.test.ts'), '@acme/ui2/index')).toEqual({ kind: 'file', path: p.at('packages/ui/index.ts') });
  });
});

describe('built-ins, assets and virtual modules', () => {
  const p = setup({ 'src/style.css': '', 'src/data.json': '{}', 'src/doc.md': '', 'src/worker.ts': '', 'src/a.ts': '' });

  it('gives node built-ins with and without node:', () => {
    expect(p.resolve('src/a.ts', 'fs')).toEqual({ kind: 'builtin', name: 'fs' });
    expect(p.resolve('src/a.ts', 'fs/promises')).toEqual({ kind: 'builtin', name: 'fs/promises' });
    expect(p.resolve('src/a.ts', 'node:path')).toEqual({ kind: 'builtin', name: 'path' });
    expect(p.resolve('src/a.ts', 'node:test')).toEqual({ kind: 'builtin', name: 'test' });
    expect(p.resolve('src/a.ts', 'node:sqlite')).toEqual({ kind: 'builtin', name: 'sqlite' });
  });

  it('gives existing assets, and near misses for missing ones', () => {
    expect(p.resolve('src/a.ts', './style.css')).toEqual({ kind: 'asset', path: p.at('src/style.css') });
    expect(p.resolve('src/a.ts', './data.json')).toEqual({ kind: 'asset', path: p.at('src/data.json') });
    expect(p.resolve('src/a.ts', './doc.md?raw')).toEqual({ kind: 'asset', path: p.at('src/doc.md') });
    expect(p.resolve('src/a.ts', './worker.ts?url')).toEqual({ kind: 'asset', path: p.at('src/worker.ts') });
    // vite's `?worker` import is a Worker constructor, not the module's exports.
    expect(p.resolve('src/a.ts', './worker?worker')).toEqual({ kind: 'asset', path: p.at('src/worker.ts') });
    expect(p.resolve('src/a.ts', './worker?sharedworker')).toEqual({ kind: 'asset', path: p.at('src/worker.ts') });
    expect(p.resolve('src/a.ts', './style.scss')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['./style.css'] });
    expect(p.resolve('src/a.ts', './styles.css')).toEqual({ kind: 'unresolved', reason: 'first-party', candidates: ['./style.css'] });
  });

  it('cannot judge virtual modules and unknown aliases', () => {
    for (const spec of ['virtual:pwa-register', '~icons/mdi/home', '$app/stores', '\0plugin', 'bun:test', '@/not-configured', '~/x', '#internal', '/@vite/client', '/@fs/x/y.ts']) {
      expect(p.resolve('src/a.ts', spec)).toEqual({ kind: 'unknown' });
    }
  });
});

describe('packageNameOf', () => {
  it('takes the scope into account', () => {
    expect(packageNameOf('@scope/name/sub/x')).toBe('@scope/name');
    expect(packageNameOf('name/sub')).toBe('name');
    expect(packageNameOf('@/x')).toBeNull();
  });
});

describe('tsconfig paths as the runner sees them', () => {
  const tsconfig = json({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', paths: { '@/*': ['./src/*'] } } });

  it('under vitest without a tsconfig-paths plugin, an import only `paths` map is unresolved, with the reason', () => {
    const p = setup({
      'package.json': json({ devDependencies: { vitest: '^4' } }),
      'tsconfig.json': tsconfig,
      'vitest.config.ts': `import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: {} });`,
      'src/math.ts': 'export const one = 1;',
      'tests/a.test.ts': '',
      'scripts/tool.ts': '',
    });
    const r = p.resolve('tests/a.test.ts', '@/math');
    expect(r).toMatchObject({ kind: 'unresolved', reason: 'first-party', candidates: [] });
    expect((r as { detail?: string }).detail).toMatch(/tsconfig `paths`.*src\/math\.ts.*vitest does not read them/);
    // A file vitest does not load (run by tsx, which reads `paths`) keeps resolving through them.
    expect(p.resolve('scripts/tool.ts', '@/math')).toEqual({ kind: 'file', path: p.at('src/math.ts') });
    expect(p.resolve('tests/a.test.ts', '../src/math')).toEqual({ kind: 'file', path: p.at('src/math.ts') });
  });

  it('resolves through `paths` with resolve.tsconfigPaths, and with a config it cannot read', () => {
    for (const config of ['export default defineConfig({ resolve: { tsconfigPaths: true }, test: {} });', 'export default defineConfig(makeConfig());']) {
      const p = setup({
        'package.json': json({ devDependencies: { vitest: '^4' } }),
        'tsconfig.json': tsconfig,
        'vitest.config.ts': `import { defineConfig } from 'vitest/config';\nimport { makeConfig } from 'shared';\n${config}`,
        'src/math.ts': 'export const one = 1;',
        'tests/a.test.ts': '',
      });
      expect(p.resolve('tests/a.test.ts', '@/math'), config).toEqual({ kind: 'file', path: p.at('src/math.ts') });
    }
  });

  it('under jest without a mapper, says to add one', () => {
    const p = setup({
      'package.json': json({ devDependencies: { jest: '^30' } }),
      'tsconfig.json': tsconfig,
      'jest.config.json': json({ testMatch: ['**/*.test.ts'] }),
      'src/math.ts': 'export const one = 1;',
      'tests/a.test.ts': '',
    });
    expect((p.resolve('tests/a.test.ts', '@/math') as { detail?: string }).detail).toMatch(/jest does not read them.*moduleNameMapper/);
  });

  it('finds a workspace package whose `paths` point at its unbuilt dist/; stays quiet when its entry is unbuilt too', () => {
    const p = setup({
      'package.json': json({ private: true, workspaces: ['packages/*'], devDependencies: { vitest: '^4' } }),
      'tsconfig.json': json({ compilerOptions: { paths: { lib: ['./packages/lib/dist/index.d.ts'], 'lib/*': ['./packages/lib/dist/*'] } } }),
      'packages/lib/package.json': json({ name: 'lib', exports: { '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' }, require: './index.cjs' }, './package.json': './package.json' } }),
      'packages/lib/index.cjs': 'throw new Error("ESM only");',
      'packages/lib/src/public.ts': 'export {};',
      'tests/a.test.ts': '',
    });
    expect(p.resolve('tests/a.test.ts', 'lib')).toEqual({ kind: 'unknown' });
    expect(p.resolve('tests/a.test.ts', 'lib/package.json')).toEqual({ kind: 'file', path: p.at('packages/lib/package.json') });
  });
});

describe('build output', () => {
  const p = setup({
    'package.json': json({ name: 'pkg', main: './dist/index.cjs', devDependencies: { vitest: '^4' } }),
    'index.js': '',
    'bench/a.bench.ts': '',
    'build-notes/x.ts': '',
  });

  it('stays quiet about a missing dist/ folder the package.json names (not built yet)', () => {
    expect(p.resolve('index.js', './dist/index.cjs')).toEqual({ kind: 'unknown' });
    expect(p.resolve('bench/a.bench.ts', '../dist/pkg.esm-browser.prod')).toEqual({ kind: 'unknown' });
    expect(p.resolve('bench/a.bench.ts', '../dist')).toEqual({ kind: 'unknown' });
  });

  it('still reports a folder the package.json does not name, and a missing file in an existing dist/', () => {
    expect(p.resolve('index.js', './out/index.cjs')).toMatchObject({ kind: 'unresolved' });
    const q = setup({ 'package.json': json({ main: './dist/index.js' }), 'dist/other.js': '', 'index.js': '' });
    expect(q.resolve('index.js', './dist/index.js')).toMatchObject({ kind: 'unresolved' });
  });
});
