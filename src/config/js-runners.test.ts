import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import {
  isTestFile,
  JEST_DEFAULT_TEST_MATCH,
  loadJsRunnerConfigs,
  NODE_TEST_DEFAULT_INCLUDE,
  parseSimpleYaml,
  VITEST_DEFAULT_EXCLUDE,
  VITEST_DEFAULT_INCLUDE,
  workspacePackages,
} from './js-runners.js';


const project = (files: Record<string, string>) => tmpProject(files, 'tl-runners-');

afterAll(() => {
  removeTmpProjects();
});

const pkg = (o: object) => JSON.stringify(o);
const json = pkg;

describe('vitest', () => {
  it('reads include, exclude, globals, setupFiles and an object alias with path.resolve(__dirname)', () => {
    const root = project({
      'package.json': pkg({ devDependencies: { vitest: '^3' } }),
      'vitest.config.ts': `
        import { defineConfig } from 'vitest/config';
        import path from 'node:path';
        export default defineConfig({
          resolve: { alias: { '@': path.resolve(__dirname, 'src') } },
          test: { include: ['./tests/**/*.test.ts'], exclude: ['tests/fixtures/**'], globals: true, setupFiles: './tests/setup.ts' },
        });`,
    });
    expect(loadJsRunnerConfigs(root)).toEqual([
      {
        runner: 'vitest',
        configFile: path.join(root, 'vitest.config.ts'),
        include: ['tests/**/*.test.ts'],
        exclude: ['tests/fixtures/**'],
        testRegex: [],
        alias: [{ find: '@', replacement: path.join(root, 'src') }],
        globals: true,
        setupFiles: [path.join(root, 'tests/setup.ts')],
        dir: root,
        dynamic: false,
        tsconfigPaths: false,
      },
    ]);
  });

  it('reads an array alias with fileURLToPath(new URL()) and a regex find, via a const config', () => {
    const root = project({
      'vitest.config.mts': `
        import { fileURLToPath, URL } from 'node:url';
        import { resolve } from 'path';
        const config = {
          resolve: { alias: [
            { find: '~', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
            { find: /^#lib\\/(.*)$/, replacement: resolve(__dirname, 'lib/$1') },
          ] },
        };
        export default config;`,
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.runner).toBe('vitest');
    expect(c!.alias).toEqual([
      { find: '~', replacement: path.join(root, 'src') },
      { find: /^#lib\/(.*)$/, replacement: path.join(root, 'lib/$1') },
    ]);
    expect(c!.include).toEqual(VITEST_DEFAULT_INCLUDE);
    expect(c!.exclude).toEqual(VITEST_DEFAULT_EXCLUDE);
    expect(c!.globals).toBe(false);
    expect(c!.dynamic).toBe(false);
  });

  it('follows mergeConfig(viteConfig, defineConfig({...})) into ./vite.config', () => {
    const root = project({
      'vite.config.ts': `export default { resolve: { alias: { '@': '/src' } } }`,
      'vitest.config.ts': `
        import { mergeConfig, defineConfig } from 'vitest/config';
        import viteConfig from './vite.config';
        export default mergeConfig(viteConfig, defineConfig({ test: { include: ['src/**/*.spec.ts'] } }));`,
    });
    const configs = loadJsRunnerConfigs(root);
    expect(configs).toHaveLength(1);
    expect(configs[0]).toMatchObject({
      configFile: path.join(root, 'vitest.config.ts'),
      include: ['src/**/*.spec.ts'],
      alias: [{ find: '@', replacement: path.join(root, 'src') }],
      dynamic: false,
      globals: false,
    });
  });

  it('reads the literal part of mergeConfig with a base it cannot read, and marks the rest dynamic', () => {
    const root = project({
      'vitest.config.ts': `
        import { mergeConfig } from 'vitest/config';
        import base from '@acme/config/vitest';
        export default mergeConfig(base, { test: { include: ['src/**/*.spec.ts'] } });`,
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.include).toEqual(['src/**/*.spec.ts']);
    expect(c!.alias).toEqual([]);
    expect(c!.dynamic).toBe(true);
    // `globals` may come from the unread part: assume it is on.
    expect(c!.globals).toBe(true);
  });

  it('reads vite.config with a test key and a vite root-relative alias', () => {
    const root = project({
      'vite.config.js': `export default { resolve: { alias: { '@': '/src' } }, test: { environment: 'jsdom' } }`,
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.runner).toBe('vitest');
    expect(c!.configFile).toBe(path.join(root, 'vite.config.js'));
    expect(c!.alias).toEqual([{ find: '@', replacement: path.join(root, 'src') }]);
  });

  it('ignores a vite.config without test key when vitest is not used', () => {
    const root = project({ 'vite.config.ts': `export default { plugins: [] }` });
    expect(loadJsRunnerConfigs(root).map((c) => c.runner)).toEqual(['unknown']);
  });

  it('marks a config built at run time as dynamic and keeps the defaults', () => {
    const root = project({
      'vitest.config.ts': `
        import { defineConfig } from 'vitest/config';
        import { makeInclude } from './build';
        export default defineConfig({ test: { include: makeInclude(), ...shared } });`,
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.dynamic).toBe(true);
    expect(c!.include).toEqual(VITEST_DEFAULT_INCLUDE);
    expect(c!.globals).toBe(true);
  });

  it('reads defineConfig with a function returning an object', () => {
    const root = project({
      'vitest.config.ts': `
        import { defineConfig } from 'vitest/config';
        export default defineConfig(({ mode }) => {
          const include = ['spec/**/*.ts'];
          return { test: { include, globals: true } };
        });`,
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.include).toEqual(['spec/**/*.ts']);
    expect(c!.globals).toBe(true);
    expect(c!.dynamic).toBe(false);
  });

  it('expands vitest.workspace globs and inline projects', () => {
    const root = project({
      'package.json': pkg({ devDependencies: { vitest: '^2' } }),
      'vitest.workspace.ts': `
        import { defineWorkspace } from 'vitest/config';
        export default defineWorkspace(['packages/*', { test: { name: 'e2e', root: './e2e', include: ['**/*.e2e.ts'] } }]);`,
      'packages/a/package.json': pkg({ name: 'a' }),
      'packages/a/vitest.config.ts': `export default { test: { include: ['src/**/*.test.ts'] } }`,
      'packages/b/package.json': pkg({ name: 'b' }),
    });
    const configs = loadJsRunnerConfigs(root);
    const brief = configs.map((c) => [c.runner, path.relative(root, c.dir), c.configFile && path.relative(root, c.configFile), c.include]);
    expect(brief).toEqual([
      ['vitest', 'packages/a', 'packages/a/vitest.config.ts', ['src/**/*.test.ts']],
      ['vitest', 'packages/b', null, VITEST_DEFAULT_INCLUDE],
      ['vitest', 'e2e', 'vitest.workspace.ts', ['**/*.e2e.ts']],
    ]);
  });

  it('expands test.projects in vitest.config', () => {
    const root = project({
      'vitest.config.ts': `export default { test: { projects: [{ extends: true, test: { name: 'unit', include: ['unit/**/*.ts'] } }] }, resolve: { alias: { '@': './src' } } }`,
    });
    const configs = loadJsRunnerConfigs(root);
    expect(configs).toHaveLength(1);
    expect(configs[0]!.include).toEqual(['unit/**/*.ts']);
    expect(configs[0]!.alias).toEqual([{ find: '@', replacement: path.join(root, 'src') }]);
  });
});

describe('jest', () => {
  it('uses testMatch defaults and substitutes <rootDir> in moduleNameMapper', () => {
    const root = project({
      'jest.config.js': `
        module.exports = {
          moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1', '\\\\.(css|less)$': 'identity-obj-proxy' },
          setupFilesAfterEnv: ['<rootDir>/jest.setup.js'],
        };`,
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.runner).toBe('jest');
    expect(c!.include).toEqual(JEST_DEFAULT_TEST_MATCH);
    expect(c!.exclude).toEqual(['**/node_modules/**']);
    expect(c!.globals).toBe(true);
    expect(c!.setupFiles).toEqual([path.join(root, 'jest.setup.js')]);
    expect(c!.dynamic).toBe(false);
    expect(c!.alias.map((a) => a.replacement)).toEqual([path.join(root, 'src/$1'), 'identity-obj-proxy']);
    // The mapper replaces the whole specifier, as jest does.
    expect('@/utils/x'.replace(c!.alias[0]!.find, c!.alias[0]!.replacement)).toBe(path.join(root, 'src/utils/x'));
    expect('./styles/a.css'.replace(c!.alias[1]!.find, c!.alias[1]!.replacement)).toBe('identity-obj-proxy');
    expect(isTestFile([c!], path.join(root, 'src/__tests__/a.ts'))).toBe(c);
    expect(isTestFile([c!], path.join(root, 'src/a.test.tsx'))).toBe(c);
    expect(isTestFile([c!], path.join(root, 'src/a.ts'))).toBeNull();
    expect(isTestFile([c!], path.join(root, 'node_modules/x/a.test.js'))).toBeNull();
  });

  it('reads package.json#jest testRegex and a TS config with export default', () => {
    const root = project({
      'package.json': pkg({ jest: { testRegex: '(/spec/.*|\\.spec)\\.js$', testPathIgnorePatterns: ['/node_modules/', '<rootDir>/build/'] } }),
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.configFile).toBe(path.join(root, 'package.json'));
    expect(c!.include).toEqual([]);
    expect(c!.testRegex).toEqual(['(/spec/.*|\\.spec)\\.js$']);
    expect(c!.exclude).toEqual(['**/node_modules/**', 'build/**']);
    expect(isTestFile([c!], path.join(root, 'lib/a.spec.js'))).toBe(c);
    expect(isTestFile([c!], path.join(root, 'build/a.spec.js'))).toBeNull();
    expect(isTestFile([c!], path.join(root, 'lib/a.test.js'))).toBeNull();

    const root2 = project({ 'jest.config.ts': `import type { Config } from 'jest';\nconst config: Config = { testMatch: ['<rootDir>/test/**/*.ts'] };\nexport default config;` });
    expect(loadJsRunnerConfigs(root2)[0]!.include).toEqual(['test/**/*.ts']);
  });

  it('reads moduleDirectories and modulePaths as extra lookup folders', () => {
    const root = project({ 'jest.config.json': json({ moduleDirectories: ['node_modules', 'src'], modulePaths: ['<rootDir>/shared'] }) });
    expect(loadJsRunnerConfigs(root)[0]!.moduleDirs).toEqual([path.join(root, 'shared'), path.join(root, 'src')]);
  });

  it('detects jest from devDependencies without a config file', () => {
    const root = project({ 'package.json': pkg({ devDependencies: { jest: '^29' } }) });
    const [c] = loadJsRunnerConfigs(root);
    expect(c).toMatchObject({ runner: 'jest', configFile: null, include: JEST_DEFAULT_TEST_MATCH, dir: root, dynamic: false });
  });
});

describe('mocha', () => {
  it('reads spec from .mocharc.yml', () => {
    const root = project({
      '.mocharc.yml': `# mocha\nspec:\n  - 'test/**/*.spec.js'\nrequire: ./test/setup.js\nrecursive: true\n`,
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c).toMatchObject({
      runner: 'mocha',
      configFile: path.join(root, '.mocharc.yml'),
      include: ['test/**/*.spec.js'],
      globals: true,
      setupFiles: [path.join(root, 'test/setup.js')],
    });
  });

  it('defaults to ./test non-recursive with mocha extensions, and reads package.json#mocha', () => {
    const root = project({ 'package.json': pkg({ devDependencies: { mocha: '^10' } }) });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.include).toEqual(['test/*.{js,cjs,mjs}']);
    expect(isTestFile([c!], path.join(root, 'test/a.js'))).toBe(c);
    expect(isTestFile([c!], path.join(root, 'test/sub/a.js'))).toBeNull();

    const root2 = project({ 'package.json': pkg({ mocha: { spec: 'spec', extension: ['ts'], recursive: true } }) });
    expect(loadJsRunnerConfigs(root2)[0]!.include).toEqual(['spec/**/*.ts']);
  });

  it('reads .mocharc.json with comments and .mocharc.cjs', () => {
    const root = project({ '.mocharc.json': `{ // tests\n "spec": ["src/**/*.test.mjs"], }` });
    expect(loadJsRunnerConfigs(root)[0]!.include).toEqual(['src/**/*.test.mjs']);
    const root2 = project({ '.mocharc.cjs': `module.exports = { spec: ['tests/*.spec.cjs'] };` });
    expect(loadJsRunnerConfigs(root2)[0]!.include).toEqual(['tests/*.spec.cjs']);
  });
});

describe('node --test and unknown', () => {
  it('detects node --test from the test script', () => {
    const root = project({ 'package.json': pkg({ scripts: { test: 'node --test' } }) });
    const [c] = loadJsRunnerConfigs(root);
    expect(c).toMatchObject({ runner: 'node-test', include: NODE_TEST_DEFAULT_INCLUDE, globals: false, dir: root });
    expect(isTestFile([c!], path.join(root, 'lib/a.test.mjs'))).toBe(c);
    expect(isTestFile([c!], path.join(root, 'test/anything.js'))).toBe(c);
    expect(isTestFile([c!], path.join(root, 'lib/a.js'))).toBeNull();
  });

  it('falls back to unknown with vitest defaults', () => {
    const root = project({ 'package.json': pkg({ name: 'x' }) });
    const configs = loadJsRunnerConfigs(root);
    expect(configs).toEqual([
      {
        runner: 'unknown',
        configFile: null,
        include: VITEST_DEFAULT_INCLUDE,
        exclude: VITEST_DEFAULT_EXCLUDE,
        testRegex: [],
        alias: [],
        globals: true,
        setupFiles: [],
        dir: root,
        dynamic: false,
      },
    ]);
    expect(isTestFile(configs, path.join(root, 'src/a.spec.tsx'))).toBe(configs[0]);
    expect(isTestFile(configs, path.join(root, 'dist/a.spec.js'))).toBeNull();
  });
});

describe('workspaces', () => {
  it('finds configs in pnpm workspace members and nested folders; the most specific folder wins', () => {
    const root = project({
      'package.json': pkg({ devDependencies: { vitest: '^3' } }),
      'pnpm-workspace.yaml': `packages:\n  - 'packages/*'\n  - "!packages/ignored"\n`,
      'packages/web/package.json': pkg({ name: '@acme/web', devDependencies: { jest: '^29' } }),
      'packages/ignored/package.json': pkg({ name: 'ignored', devDependencies: { mocha: '^10' } }),
      'tools/lint/jest.config.json': `{ "testMatch": ["**/*.check.js"] }`,
    });
    const configs = loadJsRunnerConfigs(root);
    expect(configs.map((c) => [c.runner, path.relative(root, c.dir)])).toEqual([
      ['jest', 'packages/web'],
      ['jest', 'tools/lint'],
      ['vitest', ''],
    ]);
    expect(isTestFile(configs, path.join(root, 'packages/web/a.test.ts'))!.runner).toBe('jest');
    expect(isTestFile(configs, path.join(root, 'src/a.test.ts'))!.runner).toBe('vitest');
    expect(workspacePackages(root)).toEqual([{ name: '@acme/web', dir: path.join(root, 'packages/web') }]);
  });

  it('reads package.json workspaces', () => {
    const root = project({
      'package.json': pkg({ workspaces: { packages: ['libs/*'] } }),
      'libs/a/package.json': pkg({ name: 'a', scripts: { test: 'vitest run' } }),
    });
    expect(loadJsRunnerConfigs(root).map((c) => [c.runner, path.relative(root, c.dir)])).toEqual([
      ['vitest', 'libs/a'],
      ['unknown', ''],
    ]);
  });
});

describe('parseSimpleYaml', () => {
  it('reads scalars, block lists and flow lists', () => {
    expect(parseSimpleYaml(`a: 1\nb:\n  - x # c\n  - 'y'\nc: [p, "q"]\nd: true\n`)).toEqual({ a: '1', b: ['x', 'y'], c: ['p', 'q'], d: true });
  });
});

describe('defines and tsconfig paths', () => {
  it('reads vite `define` keys, also from a config whose value is dynamic', () => {
    const root = project({
      'package.json': pkg({ devDependencies: { vitest: '^3' } }),
      'vitest.config.ts': `
        import { defineConfig } from 'vitest/config';
        import { entries } from './aliases.js';
        export default defineConfig({
          define: { __DEV__: true, 'process.env.X': '1', __FEATURE__: false },
          resolve: { alias: entries },
        });`,
      'aliases.js': 'export const entries = compute();',
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.defines?.sort()).toEqual(['__DEV__', '__FEATURE__']);
    // The alias is unreadable: the config may map anything, so tsconfig paths cannot be ruled out.
    expect(c!.dynamic).toBe(true);
    expect(c!.tsconfigPaths).toBe(null);
  });

  it('reads jest `globals` through a config built by a function in a required file', () => {
    const root = project({
      'package.json': pkg({ devDependencies: { jest: '^29' } }),
      'jest.base.js': 'module.exports = (dir, extra) => ({ globals: { __DEV__: true }, testEnvironment: "node", ...extra });',
      'jest.config.js': 'const base = require("./jest.base"); module.exports = base(__dirname, {});',
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.defines).toEqual(['__DEV__']);
    // The function's result is evaluated with its arguments bound: the config is readable after all.
    expect(c!.dynamic).toBe(false);
    expect(c!.tsconfigPaths).toBe(false);
  });

  it('evaluates a config built by a required function, its arguments spread over the base', () => {
    const root = project({
      'package.json': pkg({ devDependencies: { jest: '^29' } }),
      'jest.base.config.js': `module.exports = function buildConfig(dir, own, env = 'node') {
        const name = require(dir + '/package.json').name;
        return { testEnvironment: env, displayName: name, testRegex: '__tests__/.*\\.js$', ...own };
      };`,
      'jest.config.js': `const buildConfig = require('./jest.base.config');
        module.exports = buildConfig(__dirname, { testPathIgnorePatterns: ['<rootDir>/__tests__/utils'], testRegex: '__tests__/base/.*\\.js$' });`,
    });
    const [c] = loadJsRunnerConfigs(root);
    expect(c!.testRegex).toEqual(['__tests__/base/.*.js$']);
    expect(c!.exclude).toContain('__tests__/utils/**');
  });

  it('expands jest `projects` globs of config files', () => {
    const root = project({
      'package.json': pkg({ devDependencies: { jest: '^29' } }),
      'jest.config.js': 'module.exports = { projects: ["<rootDir>/packages/*/jest.config.js"] };',
      'packages/a/jest.config.js': 'module.exports = { testMatch: ["**/*.check.js"] };',
      'packages/b/jest.config.js': 'module.exports = { testMatch: ["**/*.spec.js"] };',
    });
    const cs = loadJsRunnerConfigs(root).filter((c) => c.runner === 'jest');
    expect(cs.map((c) => [path.relative(root, c.dir), c.include]).sort()).toEqual([['packages/a', ['**/*.check.js']], ['packages/b', ['**/*.spec.js']]]);
  });

  it('ignores a tsconfig-paths plugin named only in a comment', () => {
    const root = project({
      'package.json': pkg({ devDependencies: { vitest: '^3' } }),
      'vitest.config.ts': `import { defineConfig } from 'vitest/config';
        // TODO: add vite-tsconfig-paths
        export default defineConfig({ test: {} });`,
    });
    expect(loadJsRunnerConfigs(root)[0]!.tsconfigPaths).toBe(false);
  });

  it('says vitest ignores tsconfig paths without a plugin, and reads them with vite-tsconfig-paths or resolve.tsconfigPaths', () => {
    const plain = project({
      'package.json': pkg({ devDependencies: { vitest: '^3' } }),
      'vitest.config.ts': `import { defineConfig } from 'vitest/config';
        import vue from '@vitejs/plugin-vue';
        export default defineConfig({ plugins: [vue()], test: { globals: true } });`,
    });
    expect(loadJsRunnerConfigs(plain)[0]!.tsconfigPaths).toBe(false);
    const noConfig = project({ 'package.json': pkg({ devDependencies: { vitest: '^3' } }) });
    expect(loadJsRunnerConfigs(noConfig)[0]!.tsconfigPaths).toBe(false);
    const plugin = project({
      'vitest.config.ts': `import { defineConfig } from 'vitest/config';
        import tsconfigPaths from 'vite-tsconfig-paths';
        export default defineConfig({ plugins: [tsconfigPaths()], test: {} });`,
    });
    expect(loadJsRunnerConfigs(plugin)[0]!.tsconfigPaths).toBe(true);
    const vite8 = project({
      'vitest.config.ts': `import { defineConfig } from 'vitest/config';
        export default defineConfig({ resolve: { tsconfigPaths: true }, test: {} });`,
    });
    expect(loadJsRunnerConfigs(vite8)[0]!.tsconfigPaths).toBe(true);
  });

  it('cannot tell with a plugin from an unknown package, a plugin variable or an inline resolveId hook', () => {
    for (const plugins of ['[someFramework()]', 'shared', '[{ name: "x", resolveId(id) { return id } }]']) {
      const root = project({
        'vitest.config.ts': `import { defineConfig } from 'vitest/config';
          import someFramework from 'some-framework/vite';
          import { shared } from 'shared-config';
          export default defineConfig({ plugins: ${plugins}, test: {} });`,
      });
      expect(loadJsRunnerConfigs(root)[0]!.tsconfigPaths, plugins).toBe(null);
    }
  });

  it('says jest ignores tsconfig paths, unless pathsToModuleNameMapper, a resolver, a preset or babel module-resolver is involved', () => {
    const plain = project({ 'jest.config.json': JSON.stringify({ preset: 'ts-jest', moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' } }) });
    expect(loadJsRunnerConfigs(plain)[0]!.tsconfigPaths).toBe(false);
    const mapper = project({
      'jest.config.js': `const { pathsToModuleNameMapper } = require('ts-jest');
        const { compilerOptions } = require('./tsconfig.json');
        module.exports = { moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths) };`,
      'tsconfig.json': '{}',
    });
    expect(loadJsRunnerConfigs(mapper)[0]!.tsconfigPaths).toBe(true);
    const preset = project({ 'jest.config.json': JSON.stringify({ preset: 'react-native' }) });
    expect(loadJsRunnerConfigs(preset)[0]!.tsconfigPaths).toBe(null);
    const babel = project({
      'jest.config.json': JSON.stringify({ testEnvironment: 'node' }),
      'babel.config.js': 'module.exports = { plugins: [["module-resolver", { alias: { "@": "./src" } }]] };',
    });
    expect(loadJsRunnerConfigs(babel)[0]!.tsconfigPaths).toBe(null);
  });
});
