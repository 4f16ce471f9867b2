import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import { clearConfigCaches, loadPytestConfig } from '../config/pytest.js';
import { importNamesOf } from './python-packages.js';
import { isStdlib } from './python-stdlib.js';
import { createPythonResolver, type PythonResolverOptions } from './resolve-python.js';

const project = (files: Record<string, string>) => tmpProject(files, 'tl-respy-');
afterEach(() => {
  clearConfigCaches();
  vi.unstubAllEnvs();
  removeTmpProjects();
});

function resolver(root: string, extra: Partial<PythonResolverOptions> = {}) {
  const r = createPythonResolver({ root, pytest: loadPytestConfig(root), venv: null, ...extra });
  const at = (from: string) => path.join(root, from);
  return {
    r,
    resolve: (from: string, module: string, level = 0) => r.resolveModule(at(from), module, level),
    file: (rel: string) => ({ kind: 'file', path: at(rel) }),
    ns: (rel: string) => ({ kind: 'namespace', path: at(rel) }),
  };
}
const unresolved = (candidates: string[] = []) => ({ kind: 'unresolved', reason: 'first-party', candidates });

describe('prepend mode: basedirs of test files and conftests', () => {
  it('without __init__.py the test file\'s own directory is on sys.path (sibling import works) — verified with pytest 9.0.3', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_a.py': 'import helpers', 'tests/helpers.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'helpers')).toEqual(file('tests/helpers.py'));
  });

  it('without __init__.py and without a rootdir conftest, `tests.helpers` is not importable — verified with pytest 9.0.3', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_b.py': 'from tests.helpers import X', 'tests/helpers.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_b.py', 'tests.helpers')).toEqual(unresolved());
  });

  it('a rootdir conftest.py puts the rootdir on sys.path — verified with pytest 9.0.3', () => {
    const root = project({ 'pytest.ini': '', 'conftest.py': '', 'tests/test_b.py': '', 'tests/helpers.py': '' });
    const { resolve, ns, file } = resolver(root);
    expect(resolve('tests/test_b.py', 'tests')).toEqual(ns('tests'));
    expect(resolve('tests/test_b.py', 'tests.helpers')).toEqual(file('tests/helpers.py'));
  });

  it('with tests/__init__.py and tests/unit/__init__.py the basedir is the parent of tests — verified with pytest 9.0.3', () => {
    const root = project({
      'pytest.ini': '', 'tests/__init__.py': '', 'tests/unit/__init__.py': '', 'tests/unit/test_x.py': '',
      'tests/unit/helpers.py': '', 'tests/factories.py': '',
    });
    const { resolve, file, r } = resolver(root);
    expect(resolve('tests/unit/test_x.py', 'tests.factories')).toEqual(file('tests/factories.py'));
    expect(resolve('tests/unit/test_x.py', 'tests.unit.helpers')).toEqual(file('tests/unit/helpers.py'));
    // `import helpers` fails: tests/unit is a package, not a sys.path entry.
    expect(resolve('tests/unit/test_x.py', 'helpers')).toEqual({ kind: 'external', packageName: 'helpers', status: 'unknown' });
    expect(r.moduleNameOf(path.join(root, 'tests/unit/test_x.py'))).toBe('tests.unit.test_x');
  });

  it('basedirs are a session-wide union, lenient on purpose: real pytest 9.0.3 finds `shared` only if b/ was collected before a/ (measured both orders)', () => {
    const root = project({ 'pytest.ini': '', 'a/test_a.py': '', 'b/test_b.py': '', 'b/shared.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('a/test_a.py', 'shared')).toEqual(file('b/shared.py'));
  });

  it('the importing test file\'s own basedir comes first (pytest inserts it at sys.path[0] right before the import)', () => {
    const root = project({ 'pytest.ini': '', 'a/test_a.py': '', 'a/util.py': '', 'b/test_b.py': '', 'b/util.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('a/test_a.py', 'util')).toEqual(file('a/util.py'));
    expect(resolve('b/test_b.py', 'util')).toEqual(file('b/util.py'));
  });

  it('conftest.py directories count as basedirs', () => {
    const root = project({ 'pytest.ini': '', 'suite/conftest.py': '', 'suite/fixtures_lib.py': '', 'other/test_o.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('other/test_o.py', 'fixtures_lib')).toEqual(file('suite/fixtures_lib.py'));
  });

  it('python_files patterns decide which files are test files', () => {
    const root = project({ 'pytest.ini': '[pytest]\npython_files = check_*.py\n', 'a/check_x.py': '', 'a/util.py': '', 'b/test_y.py': '', 'b/other.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('a/check_x.py', 'util')).toEqual(file('a/util.py'));
    expect(resolve('a/check_x.py', 'other')).toEqual({ kind: 'external', packageName: 'other', status: 'unknown' });
  });

  it('testpaths limit which test files are collected', () => {
    const root = project({ 'pytest.ini': '[pytest]\ntestpaths = tests\n', 'tests/test_a.py': '', 'scripts/test_s.py': '', 'scripts/tool.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'tool')).toEqual({ kind: 'external', packageName: 'tool', status: 'unknown' });
  });

  it('norecursedirs directories (and virtualenvs) are not collected', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_a.py': '', 'build/test_b.py': '', 'build/gen.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'gen').kind).toBe('external');
  });
});

describe('pythonpath, src and flat layouts', () => {
  it('`pythonpath` entries are on sys.path', () => {
    const root = project({ 'pytest.ini': '[pytest]\npythonpath = lib .\n', 'lib/mylib.py': '', 'app/__init__.py': '', 'tests/test_a.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'mylib')).toEqual(file('lib/mylib.py'));
    expect(resolve('tests/test_a.py', 'app')).toEqual(file('app/__init__.py'));
  });

  it('src layout with a declared project: src/ is on sys.path (editable install assumed), the root is not', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "app"\n', 'src/app/__init__.py': '', 'src/app/core.py': '', 'tests/test_a.py': '',
    });
    const { resolve, file, r } = resolver(root);
    expect(resolve('tests/test_a.py', 'app.core')).toEqual(file('src/app/core.py'));
    expect(resolve('tests/test_a.py', 'src.app.core')).toEqual(unresolved());
    expect(r.moduleNameOf(path.join(root, 'src/app/core.py'))).toBe('app.core');
  });

  it('src layout without any project declaration is not assumed installed', () => {
    const root = project({ 'pytest.ini': '', 'src/app/__init__.py': '', 'tests/test_a.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'app')).toEqual({ kind: 'external', packageName: 'app', status: 'unknown' });
  });

  it('flat layout with setup.py and a top-level package: the root is on sys.path', () => {
    const root = project({ 'setup.py': 'from setuptools import setup\nsetup(name="app")\n', 'app/__init__.py': '', 'app/models.py': '', 'tests/test_a.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'app.models')).toEqual(file('app/models.py'));
  });

  it('poetry `packages = [{include, from}]` names the source directory', () => {
    const root = project({
      'pyproject.toml': '[tool.poetry]\nname = "x"\npackages = [{ include = "x", from = "lib" }]\n', 'lib/x/__init__.py': '', 'tests/test_a.py': '',
    });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'x')).toEqual(file('lib/x/__init__.py'));
  });

  it('sub-projects of a monorepo are assumed installed too', () => {
    const root = project({
      'pytest.ini': '', 'packages/core/pyproject.toml': '[project]\nname = "core"\n', 'packages/core/src/core/__init__.py': '', 'tests/test_a.py': '',
    });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'core')).toEqual(file('packages/core/src/core/__init__.py'));
  });
});

describe('modules, packages and namespace packages', () => {
  it('package beats module beats namespace in one directory; .pyi-only is unknown; extension modules exist', () => {
    const root = project({
      'pytest.ini': '[pytest]\npythonpath = lib\n', 'tests/test_a.py': '',
      'lib/both/__init__.py': '', 'lib/both.py': '', 'lib/mod.py': '', 'lib/mod/x.txt': '',
      'lib/typed.pyi': '', 'lib/fast.cpython-311-x86_64-linux-gnu.so': '',
    });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'both')).toEqual(file('lib/both/__init__.py'));
    expect(resolve('tests/test_a.py', 'mod')).toEqual(file('lib/mod.py'));
    expect(resolve('tests/test_a.py', 'typed')).toEqual({ kind: 'unknown' });
    expect(resolve('tests/test_a.py', 'fast')).toEqual({ kind: 'unknown' });
  });

  it('namespace portions on several entries merge (PEP 420) — verified with pytest 9.0.3', () => {
    const root = project({
      'pytest.ini': '[pytest]\npythonpath = one two\n', 'tests/test_a.py': '',
      'one/company/alpha.py': '', 'two/company/beta/__init__.py': '',
    });
    const { resolve, file, ns, r } = resolver(root);
    expect(resolve('tests/test_a.py', 'company')).toEqual(ns('one/company'));
    expect(resolve('tests/test_a.py', 'company.beta')).toEqual(file('two/company/beta/__init__.py'));
    expect(r.resolveSubmodule(path.join(root, 'one/company'), 'beta')).toEqual(file('two/company/beta/__init__.py'));
  });

  it('a regular package on a later entry wins over a namespace portion on an earlier one — verified with pytest 9.0.3', () => {
    const root = project({
      'pytest.ini': '[pytest]\npythonpath = one two\n', 'tests/test_a.py': '',
      'one/shared/data.json': '', 'two/shared/__init__.py': '',
    });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'shared')).toEqual(file('two/shared/__init__.py'));
  });

  it('a stdlib package wins over a first-party namespace directory of the same name — verified with pytest 9.0.3', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_a.py': '', 'tests/http/payload.json': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'http')).toEqual({ kind: 'builtin', name: 'http' });
  });

  it('a missing submodule of a first-party package is unresolved, with near-miss siblings as the user writes them', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_a.py': '', 'tests/pkg/__init__.py': '', 'tests/pkg/helpers.py': '', 'tests/pkg/other.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'pkg.helpres')).toEqual(unresolved(['pkg.helpers']));
    expect(resolve('tests/test_a.py', 'pkg.helpers.deeper')).toEqual(unresolved());
  });

  it('a typo of a first-party top-level module in a project with declared deps is unresolved with candidates', () => {
    const root = project({ 'pytest.ini': '', 'requirements.txt': 'requests\n', 'tests/test_a.py': '', 'tests/helpers.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'helpres')).toEqual(unresolved(['helpers']));
  });

  it('resolveSubmodule returns the submodule or null', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_a.py': '', 'tests/pkg/__init__.py': '', 'tests/pkg/sub.py': '', 'tests/pkg/nsdir/x.py': '' });
    const { r, file, ns } = resolver(root);
    const init = path.join(root, 'tests/pkg/__init__.py');
    expect(r.resolveSubmodule(init, 'sub')).toEqual(file('tests/pkg/sub.py'));
    expect(r.resolveSubmodule(init, 'nsdir')).toEqual(ns('tests/pkg/nsdir'));
    expect(r.resolveSubmodule(init, 'nope')).toBeNull();
  });

  it('a package that extends its __path__ (pkgutil) is not judged for missing submodules', () => {
    const root = project({
      'pytest.ini': '', 'tests/test_a.py': '',
      'tests/plug/__init__.py': "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n",
    });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'plug.extra')).toEqual({ kind: 'unknown' });
  });
});

describe('relative imports', () => {
  it('`from . import x` and `from .mod import y` resolve against the importing file\'s package', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "pkg"\n', 'pkg/__init__.py': '', 'pkg/mod.py': '', 'pkg/util.py': '',
      'pkg/sub/__init__.py': '', 'pkg/sub/deep.py': '', 'tests/test_a.py': '',
    });
    const { resolve, file } = resolver(root);
    expect(resolve('pkg/mod.py', '', 1)).toEqual(file('pkg/__init__.py'));
    expect(resolve('pkg/mod.py', 'util', 1)).toEqual(file('pkg/util.py'));
    expect(resolve('pkg/sub/deep.py', 'util', 2)).toEqual(file('pkg/util.py'));
    expect(resolve('pkg/__init__.py', 'sub.deep', 1)).toEqual(file('pkg/sub/deep.py'));
    expect(resolve('pkg/mod.py', 'utli', 1)).toEqual(unresolved(['.util']));
  });

  it('too many dots is unresolved', () => {
    const root = project({ 'pyproject.toml': '[project]\nname = "pkg"\n', 'pkg/__init__.py': '', 'pkg/mod.py': '', 'tests/test_a.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('pkg/mod.py', 'x', 2)).toEqual(unresolved());
  });

  it('a test file outside any package cannot import relatively in prepend mode — verified with pytest 9.0.3', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_c.py': 'from . import helpers', 'tests/helpers.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_c.py', '', 1)).toEqual(unresolved());
  });
});

describe('importlib mode', () => {
  it('test files are not put on sys.path: a sibling import fails — verified with pytest 9.0.3', () => {
    const root = project({ 'pytest.ini': '[pytest]\naddopts = --import-mode=importlib\n', 'tests/test_a.py': '', 'tests/helpers.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'helpers')).toEqual({ kind: 'external', packageName: 'helpers', status: 'unknown' });
  });

  it('`tests.helpers` and `from . import helpers` work: pytest imports the file as `tests.test_x` — verified with pytest 9.0.3', () => {
    const root = project({ 'pytest.ini': '[pytest]\naddopts = --import-mode=importlib\n', 'tests/test_b.py': '', 'tests/helpers.py': '', 'tools/x.py': '' });
    const { resolve, file, r } = resolver(root);
    expect(resolve('tests/test_b.py', 'tests.helpers')).toEqual(file('tests/helpers.py'));
    expect(resolve('tests/test_b.py', 'helpers', 1)).toEqual(file('tests/helpers.py'));
    expect(resolve('tests/test_b.py', 'tools.x')).toEqual(unresolved()); // measured: No module named 'tools'
    expect(r.moduleNameOf(path.join(root, 'tests/test_b.py'))).toBe('tests.test_b');
  });

  it('append mode still puts basedirs on sys.path (after site-packages)', () => {
    const root = project({ 'pytest.ini': '[pytest]\naddopts = --import-mode=append\n', 'tests/test_a.py': '', 'tests/helpers.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'helpers')).toEqual(file('tests/helpers.py'));
  });
});

describe('stdlib and builtins', () => {
  it('stdlib modules (dotted too) are builtin; first-party files shadow non-preloaded stdlib names in prepend mode — verified with pytest 9.0.3', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_a.py': '', 'tests/secrets.py': '', 'tests/logging.py': '' });
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'os.path')).toEqual({ kind: 'builtin', name: 'os.path' });
    expect(resolve('tests/test_a.py', 'secrets')).toEqual(file('tests/secrets.py'));
    // `logging` is already in sys.modules when pytest imports test files (measured), so the local file cannot shadow it.
    expect(resolve('tests/test_a.py', 'logging')).toEqual({ kind: 'builtin', name: 'logging' });
  });

  it('isStdlib follows the target version', () => {
    expect(isStdlib('tomllib', [3, 11])).toBe(true);
    expect(isStdlib('tomllib', [3, 10])).toBe(false);
    expect(isStdlib('distutils', [3, 11])).toBe(true);
    expect(isStdlib('distutils', [3, 12])).toBe(false);
    expect(isStdlib('telnetlib', [3, 13])).toBe(false);
    expect(isStdlib('formatter', [3, 9])).toBe(true);
    expect(isStdlib('json.decoder')).toBe(true);
    expect(isStdlib('requests')).toBe(false);
  });

  it('a module removed from the target version is not builtin (distutils on 3.12)', () => {
    const root = project({ 'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.12"\ndependencies = ["requests"]\n', 'tests/test_a.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'asyncore')).toEqual({ kind: 'external', packageName: 'asyncore', status: 'undeclared' });
  });
});

describe('external packages', () => {
  const venvFiles = {
    'pytest.ini': '', 'tests/test_a.py': '', 'requirements.txt': 'requests\n',
    '.venv/pyvenv.cfg': 'home = /usr/bin\ninclude-system-site-packages = false\n',
    '.venv/lib/python3.11/site-packages/requests/__init__.py': '',
    '.venv/lib/python3.11/site-packages/six.py': '',
    '.venv/lib/python3.11/site-packages/_cffi_backend.cpython-311-x86_64-linux-gnu.so': '',
    '.venv/lib/python3.11/site-packages/google/protobuf/__init__.py': '',
    '.venv/lib/python3.11/site-packages/__editable__.mylib-0.1.pth': 'PLACEHOLDER\n',
    'mylib/src/mylib/__init__.py': '',
  };

  it('a local .venv\'s site-packages: packages, modules, extension modules, namespace portions are installed', () => {
    vi.stubEnv('VIRTUAL_ENV', '');
    const root = project(venvFiles);
    const { resolve } = resolver(root, { venv: undefined });
    for (const name of ['requests', 'six', '_cffi_backend', 'google.protobuf']) {
      expect(resolve('tests/test_a.py', name)).toEqual({ kind: 'external', packageName: name.split('.')[0], status: 'installed' });
    }
  });

  it('not in the venv: status from the declarations', () => {
    vi.stubEnv('VIRTUAL_ENV', '');
    const root = project(venvFiles);
    const { resolve } = resolver(root, { venv: undefined });
    expect(resolve('tests/test_a.py', 'numpy')).toEqual({ kind: 'external', packageName: 'numpy', status: 'undeclared' });
  });

  it('plain path lines of .pth files (editable installs) are sys.path entries', () => {
    const root = project(venvFiles);
    writeFileSync(path.join(root, '.venv/lib/python3.11/site-packages/__editable__.mylib-0.1.pth'), `${path.join(root, 'mylib/src')}\nimport sys\n`);
    const { resolve, file } = resolver(root, { venv: '.venv' });
    expect(resolve('tests/test_a.py', 'mylib')).toEqual(file('mylib/src/mylib/__init__.py'));
  });

  it('declared in requirements*.txt with -r includes, with the PyYAML → yaml mapping', () => {
    const root = project({
      'pytest.ini': '', 'tests/test_a.py': '',
      'requirements.txt': '-r requirements/base.txt\nPyYAML>=6 ; python_version > "3.8"  # yaml\n-e git+https://x/y.git#egg=mypkg\n',
      'requirements/base.txt': 'beautifulsoup4[lxml]==4.12\n',
    });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'yaml')).toEqual({ kind: 'external', packageName: 'yaml', status: 'declared' });
    expect(resolve('tests/test_a.py', 'bs4.element')).toEqual({ kind: 'external', packageName: 'bs4', status: 'declared' });
    expect(resolve('tests/test_a.py', 'mypkg')).toEqual({ kind: 'external', packageName: 'mypkg', status: 'declared' });
    expect(resolve('tests/test_a.py', 'numpy')).toEqual({ kind: 'external', packageName: 'numpy', status: 'undeclared' });
  });

  it('declared in pyproject.toml: [project] deps, optional deps, dependency groups, poetry groups', () => {
    const root = project({
      'tests/test_a.py': '',
      'pyproject.toml': [
        '[project]', 'name = "x"', 'dependencies = ["python-dateutil>=2"]',
        '[project.optional-dependencies]', 'ml = ["scikit-learn"]',
        '[dependency-groups]', 'dev = ["pytest-mock", {include-group = "ml"}]',
        '[tool.poetry.group.test.dependencies]', 'Pillow = "*"',
      ].join('\n'),
    });
    const { resolve } = resolver(root);
    for (const name of ['dateutil', 'sklearn', 'pytest_mock', 'PIL']) {
      expect(resolve('tests/test_a.py', name)).toEqual({ kind: 'external', packageName: name, status: 'declared' });
    }
  });

  it('declared in setup.cfg and setup.py', () => {
    const a = project({ 'tests/test_a.py': '', 'setup.cfg': '[metadata]\nname = x\n[options]\ninstall_requires =\n    attrs\n    pyjwt>=2\n[options.extras_require]\ntest = freezegun\n' });
    const ra = resolver(a);
    for (const n of ['attr', 'jwt', 'freezegun']) expect(ra.resolve('tests/test_a.py', n)).toMatchObject({ status: 'declared' });
    const b = project({ 'tests/test_a.py': '', 'setup.py': 'setup(name="x", install_requires=["python-dotenv", "pyzmq>=25"], extras_require={"dev": ["psycopg2-binary"]})\n' });
    const rb = resolver(b);
    for (const n of ['dotenv', 'zmq', 'psycopg2']) expect(rb.resolve('tests/test_a.py', n)).toMatchObject({ status: 'declared' });
    expect(rb.resolve('tests/test_a.py', 'dev')).toMatchObject({ status: 'undeclared' });
  });

  it('nothing declared anywhere: unknown, never undeclared', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_a.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'numpy')).toEqual({ kind: 'external', packageName: 'numpy', status: 'unknown' });
  });

  it('pytest itself and the configured plugins are declared whenever pytest runs', () => {
    const root = project({ 'pytest.ini': '[pytest]\naddopts = -p xdist\nrequired_plugins = pytest-asyncio\n', 'requirements.txt': 'requests\n', 'tests/test_a.py': '' });
    const { resolve } = resolver(root);
    for (const n of ['pytest', '_pytest', 'pluggy', 'xdist', 'pytest_asyncio']) {
      expect(resolve('tests/test_a.py', n)).toMatchObject({ kind: 'external', status: 'declared' });
    }
  });

  it('well-known dependencies of a declared package count as declared (requests → urllib3)', () => {
    const root = project({ 'pytest.ini': '', 'requirements.txt': 'requests\n', 'tests/test_a.py': '' });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_a.py', 'urllib3')).toMatchObject({ status: 'declared' });
  });

  it('importNamesOf maps distributions to import names', () => {
    expect(importNamesOf('PyYAML')).toContain('yaml');
    expect(importNamesOf('protobuf')).toContain('google');
    expect(importNamesOf('zope.interface')).toContain('zope');
    expect(importNamesOf('google-cloud-storage')).toContain('google');
    expect(importNamesOf('msgpack-python')).toContain('msgpack');
    expect(importNamesOf('types-requests')).toEqual([]);
  });
});

describe('moduleNameOf', () => {
  it('a module is named relative to the sys.path entry it is found under', () => {
    const root = project({ 'pyproject.toml': '[project]\nname = "app"\n', 'src/app/__init__.py': '', 'src/app/a/b.py': '', 'tests/test_a.py': '' });
    const { r } = resolver(root);
    expect(r.moduleNameOf(path.join(root, 'src/app/a/b.py'))).toBe('app.a.b');
    expect(r.moduleNameOf(path.join(root, 'src/app/__init__.py'))).toBe('app');
    expect(r.moduleNameOf(path.join(root, 'tests/test_a.py'))).toBe('test_a');
  });

  it('a file no sys.path entry reaches has no name', () => {
    const root = project({ 'pytest.ini': '', 'scripts/tool.py': '', 'tests/test_a.py': '' });
    const { r } = resolver(root);
    expect(r.moduleNameOf(path.join(root, 'scripts/tool.py'))).toBeNull();
  });
});

describe('robustness', () => {
  it('a symlink loop in the tree does not hang the walk', () => {
    const root = project({ 'pytest.ini': '', 'tests/test_a.py': '', 'tests/helpers.py': '' });
    symlinkSync(root, path.join(root, 'tests', 'loop'));
    const { resolve, file } = resolver(root);
    expect(resolve('tests/test_a.py', 'helpers')).toEqual(file('tests/helpers.py'));
  });

  it('an importing file that does not exist and a root that does not exist give answers, not exceptions', () => {
    const root = project({ 'pytest.ini': '' });
    const { resolve } = resolver(root);
    expect(resolve('nowhere/x.py', 'json')).toEqual({ kind: 'builtin', name: 'json' });
    expect(resolve('nowhere/x.py', 'y', 1)).toEqual({ kind: 'unknown' });
    const r = createPythonResolver({ root: path.join(root, 'missing'), pytest: loadPytestConfig(root), venv: null });
    expect(r.resolveModule(path.join(root, 'missing/test_x.py'), 'numpy', 0)).toMatchObject({ kind: 'external' });
  });
});

describe('false alarms found on real suites (home-assistant/core, pytest)', () => {
  it('a `setup.py` module inside a package is not a project: relative imports keep the package name', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "ha"\n', 'tests/__init__.py': '', 'tests/test_u.py': 'import app.util',
      'app/__init__.py': '', 'app/setup.py': 'def setup(): pass', 'app/helpers/__init__.py': '', 'app/helpers/dep.py': '',
      'app/util/__init__.py': 'from ..helpers.dep import x', 'app/core.py': '', 'app/flow.py': 'from .core import y',
    });
    const { r, resolve, file } = resolver(root);
    expect(resolve('app/util/__init__.py', 'helpers.dep', 2)).toEqual(file('app/helpers/dep.py'));
    expect(resolve('app/flow.py', 'core', 1)).toEqual(file('app/core.py'));
    expect(r.moduleNameOf(path.join(root, 'app/util/__init__.py'))).toBe('app.util');
  });

  it('setuptools-scm `write_to` / `version_file` and hatch-vcs `version-file` modules exist (written at install time)', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "p"\n[tool.setuptools_scm]\nwrite_to = "src/p/_version.py"\n',
      'src/p/__init__.py': 'from ._version import version', 'tests/test_p.py': 'import p',
      'sub/pyproject.toml': '[project]\nname = "q"\n[tool.hatch.build.hooks.vcs]\nversion-file = "q/_v.py"\n', 'sub/q/__init__.py': '',
    });
    const { resolve } = resolver(root);
    expect(resolve('src/p/__init__.py', '_version', 1)).toEqual({ kind: 'unknown' });
    expect(resolve('tests/test_p.py', 'p._version')).toEqual({ kind: 'unknown' });
    expect(resolve('sub/q/__init__.py', '_v', 1)).toEqual({ kind: 'unknown' });
    expect(resolve('src/p/__init__.py', '_other', 1)).toEqual(unresolved());
  });

  it('a `.py` path a top-level .gitignore names literally is a generated module', () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "p"\n', '.gitignore': '# generated\n/src/p/_build_info.py\n*.pyc\n',
      'src/p/__init__.py': '', 'tests/test_p.py': 'import p',
    });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_p.py', 'p._build_info')).toEqual({ kind: 'unknown' });
    expect(resolve('tests/test_p.py', 'p._missing')).toEqual(unresolved());
  });

  it('a flat module that registers `sys.modules["mod.sub"]` has submodules that cannot be judged (pytest\'s py.py shim)', () => {
    const root = project({
      'pytest.ini': '[pytest]\npythonpath = src\n', 'tests/test_s.py': 'from shim.path import local',
      'src/shim.py': 'import sys\nimport _impl as path\nsys.modules["shim.path"] = path\n', 'src/_impl.py': '',
      'src/plain.py': 'x = 1',
    });
    const { resolve } = resolver(root);
    expect(resolve('tests/test_s.py', 'shim.path')).toEqual({ kind: 'unknown' });
    expect(resolve('tests/test_s.py', 'plain.sub')).toEqual(unresolved());
  });
});
