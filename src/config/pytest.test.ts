import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import { clearConfigCaches, loadPytestConfig, lowerBound, parseIni, pythonVersionFrom, shlexSplit } from './pytest.js';

const project = (files: Record<string, string>) => tmpProject(files, 'tl-pytest-');
afterEach(() => {
  clearConfigCaches();
  removeTmpProjects();
});

describe('parseIni (iniconfig rules)', () => {
  it('reads sections, key = value and key: value, joins indented continuations with newlines', () => {
    const ini = parseIni('[pytest]\naddopts = -q\n  --import-mode=importlib\ntestpaths: tests\n# comment\n; comment\n[other]\nx=1\n');
    expect(ini.get('pytest')?.get('addopts')).toBe('-q\n--import-mode=importlib');
    expect(ini.get('pytest')?.get('testpaths')).toBe('tests');
    expect(ini.get('other')?.get('x')).toBe('1');
  });
  it('does not strip inline comments (pytest passes strip_inline_comments=False)', () => {
    expect(parseIni('[pytest]\nminversion = 7.0 # note\n').get('pytest')?.get('minversion')).toBe('7.0 # note');
  });
  it('a key whose name part contains ":" splits on ":" (iniconfig)', () => {
    expect(parseIni('[s]\na:b=c\n').get('s')?.get('a')).toBe('b=c');
  });
});

describe('shlexSplit', () => {
  it('splits on whitespace and honours quotes', () => {
    expect(shlexSplit(`-p xdist "a b" 'c d'\n--x`)).toEqual(['-p', 'xdist', 'a b', 'c d', '--x']);
  });
});

describe('loadPytestConfig: rootdir and inifile', () => {
  it('pytest.ini is the config file even when empty; rootdir is its directory', () => {
    const root = project({ 'pytest.ini': '', 'tests/x.txt': '' });
    const cfg = loadPytestConfig(path.join(root, 'tests'));
    expect(cfg.rootdir).toBe(root);
    expect(cfg.iniFile).toBe(path.join(root, 'pytest.ini'));
  });

  it('.pytest.ini counts like pytest.ini', () => {
    const root = project({ '.pytest.ini': '[pytest]\ntestpaths = t\n' });
    expect(loadPytestConfig(root)).toMatchObject({ rootdir: root, iniFile: path.join(root, '.pytest.ini'), testpaths: ['t'] });
  });

  it('pyproject.toml [tool.pytest.ini_options] configures (ini mode)', () => {
    const root = project({ 'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["src"]\nasyncio_mode = "auto"\n' });
    const cfg = loadPytestConfig(root);
    expect(cfg.iniFile).toBe(path.join(root, 'pyproject.toml'));
    expect(cfg.pythonpath).toEqual([path.join(root, 'src')]);
    expect(cfg.asyncioMode).toBe('auto');
  });

  it('pyproject.toml [tool.pytest] native table configures (pytest 9 toml mode)', () => {
    const root = project({ 'pyproject.toml': '[tool.pytest]\naddopts = ["--import-mode=importlib", "-p", "xdist"]\npython_files = ["check_*.py"]\n' });
    const cfg = loadPytestConfig(root);
    expect(cfg.importMode).toBe('importlib');
    expect(cfg.plugins).toEqual(['xdist']);
    expect(cfg.pythonFiles).toEqual(['check_*.py']);
  });

  it('tox.ini counts only with a [pytest] section; setup.cfg only with [tool:pytest] — verified with pytest 9.0.3', () => {
    const a = project({ 'tox.ini': '[tox]\nenvlist = py3\n', 'setup.cfg': '[tool:pytest]\npython_functions = check\n' });
    expect(loadPytestConfig(a)).toMatchObject({ iniFile: path.join(a, 'setup.cfg'), pythonFunctions: ['check'] });
    const b = project({ 'tox.ini': '[pytest]\npython_classes = Check *Suite\n', 'setup.cfg': '[tool:pytest]\n' });
    expect(loadPytestConfig(b)).toMatchObject({ iniFile: path.join(b, 'tox.ini'), pythonClasses: ['Check', '*Suite'] });
  });

  it('first match upward wins: a nearer tox.ini [pytest] beats a farther pytest.ini', () => {
    const root = project({ 'pytest.ini': '', 'sub/tox.ini': '[pytest]\n' });
    expect(loadPytestConfig(path.join(root, 'sub')).rootdir).toBe(path.join(root, 'sub'));
  });

  it('within one directory pytest.ini beats pyproject.toml', () => {
    const root = project({ 'pytest.ini': '[pytest]\nminversion = 8.0\n', 'pyproject.toml': '[tool.pytest.ini_options]\nminversion = "7.0"\n' });
    expect(loadPytestConfig(root)).toMatchObject({ iniFile: path.join(root, 'pytest.ini'), minversion: '8.0' });
  });

  it('a pyproject.toml without a pytest table still becomes the config when nothing else matched (pytest ≥ 8.1) — verified with pytest 9.0.3', () => {
    const root = project({ 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.10"\n', 'pkg/tests/a.txt': '' });
    const cfg = loadPytestConfig(path.join(root, 'pkg', 'tests'));
    expect(cfg.rootdir).toBe(root);
    expect(cfg.iniFile).toBe(path.join(root, 'pyproject.toml'));
    expect(cfg.requiresPython).toBe('>=3.10');
  });

  it('no config file: an ancestor with setup.py is the rootdir — verified with pytest 9.0.3', () => {
    const root = project({ 'setup.py': '', 'tests/a.txt': '' });
    expect(loadPytestConfig(path.join(root, 'tests'))).toMatchObject({ rootdir: root, iniFile: null });
  });

  it('no config file and no setup.py: the start directory is the rootdir', () => {
    const root = project({ 'tests/a.txt': '' });
    expect(loadPytestConfig(path.join(root, 'tests'))).toMatchObject({ rootdir: path.join(root, 'tests'), iniFile: null });
  });

  it('--rootdir overrides the rootdir but not the ini file', () => {
    const root = project({ 'pytest.ini': '[pytest]\npythonpath = lib\n', 'other/a.txt': '' });
    const cfg = loadPytestConfig(root, { rootdir: 'other' });
    expect(cfg.rootdir).toBe(path.join(root, 'other'));
    expect(cfg.pythonpath).toEqual([path.join(root, 'lib')]); // relative to the ini file's directory
  });

  it('defaults', () => {
    const root = project({ 'pytest.ini': '' });
    expect(loadPytestConfig(root)).toMatchObject({
      pythonFiles: ['test_*.py', '*_test.py'], pythonClasses: ['Test'], pythonFunctions: ['test'],
      importMode: 'prepend', asyncioMode: null, plugins: [], testpaths: [], pythonpath: [], considerNamespacePackages: false,
    });
  });

  it('addopts: --import-mode, -p plugins (not -p no:x), required_plugins names', () => {
    const root = project({ 'pytest.ini': '[pytest]\naddopts = --import-mode append -p no:cacheprovider -pxdist\nrequired_plugins = pytest-asyncio>=0.21 pytest-mock\n' });
    expect(loadPytestConfig(root)).toMatchObject({ importMode: 'append', plugins: ['xdist', 'pytest-asyncio', 'pytest-mock'] });
  });

  it('a broken pyproject.toml is skipped rather than thrown', () => {
    const root = project({ 'pyproject.toml': '[tool.pytest.ini_options\n', 'setup.py': '' });
    expect(loadPytestConfig(root)).toMatchObject({ rootdir: root });
  });
});

describe('pythonVersionFrom', () => {
  it('[tool.test-lint] python-version wins', () => {
    const root = project({ 'pyproject.toml': '[tool.test-lint]\npython-version = "3.10"\n[project]\nrequires-python = ">=3.8"\n' });
    expect(pythonVersionFrom(loadPytestConfig(root), root)).toEqual([3, 10]);
  });
  it('requires-python lower bound', () => {
    const root = project({ 'pyproject.toml': '[project]\nrequires-python = ">=3.9,<4"\n' });
    expect(pythonVersionFrom(loadPytestConfig(root), root)).toEqual([3, 9]);
  });
  it('ruff target-version, then mypy python_version, then 3.13', () => {
    const a = project({ 'pyproject.toml': '[tool.ruff]\ntarget-version = "py311"\n[tool.mypy]\npython_version = "3.8"\n' });
    expect(pythonVersionFrom(null, a)).toEqual([3, 11]);
    const b = project({ 'mypy.ini': '[mypy]\npython_version = 3.12\n' });
    expect(pythonVersionFrom(null, b)).toEqual([3, 12]);
    expect(pythonVersionFrom(null, project({}))).toEqual([3, 13]);
  });
  it('lowerBound reads common specifiers', () => {
    expect(lowerBound('>=3.8')).toEqual([3, 8]);
    expect(lowerBound('~=3.10')).toEqual([3, 10]);
    expect(lowerBound('^3.11')).toEqual([3, 11]);
    expect(lowerBound('<3.12')).toBeNull();
    expect(lowerBound('>=3.7, !=3.8.*')).toEqual([3, 7]);
  });
});

describe('inNorecurseDir', () => {
  it('skips files under a directory matching norecursedirs (fnmatch on basenames below the rootdir)', async () => {
    const { inNorecurseDir } = await import('./pytest.js');
    const root = project({ 'pyproject.toml': '[tool.pytest.ini_options]\nnorecursedirs = [".git", "testing_*"]\n' });
    const cfg = loadPytestConfig(root);
    expect(inNorecurseDir(cfg, path.join(root, 'tests/testing_config/custom/test_x.py'))).toBe(true);
    expect(inNorecurseDir(cfg, path.join(root, 'tests/components/test_x.py'))).toBe(false);
    expect(inNorecurseDir(cfg, path.join(root, 'testing_x.py'))).toBe(false); // a file, not a directory
    const dflt = loadPytestConfig(project({ 'pytest.ini': '[pytest]\n' }));
    expect(inNorecurseDir(dflt, path.join(dflt.rootdir, 'build/test_x.py'))).toBe(true);
    expect(inNorecurseDir(dflt, path.join(dflt.rootdir, '.hidden/test_x.py'))).toBe(true);
    expect(inNorecurseDir(dflt, path.join(dflt.rootdir, 'tests/test_x.py'))).toBe(false);
  });

  it('a pattern with a slash matches the directory path (pytest fnmatch_ex: `testing/example_scripts`)', async () => {
    const { inNorecurseDir } = await import('./pytest.js');
    const root = project({ 'pyproject.toml': '[tool.pytest.ini_options]\nnorecursedirs = ["testing/example_scripts", ".*"]\n' });
    const cfg = loadPytestConfig(root);
    expect(inNorecurseDir(cfg, path.join(root, 'testing/example_scripts/collect/test_foo.py'))).toBe(true);
    expect(inNorecurseDir(cfg, path.join(root, 'testing/test_main.py'))).toBe(false);
    expect(inNorecurseDir(cfg, path.join(root, 'example_scripts/test_foo.py'))).toBe(false);
  });
});
