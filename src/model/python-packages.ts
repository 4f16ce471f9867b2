/**
 * Third-party Python packages without installing them: which distributions a project
 * declares (requirements files, pyproject, setup.cfg, setup.py, Pipfile, tox.ini) and which
 * top-level import names those distributions provide.
 */
import { readText } from '../fs/probe.js';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parseIni } from '../config/pytest.js';

/** PEP 503 normalised distribution name (`PyYAML` → `pyyaml`, `ruamel.yaml` → `ruamel-yaml`). */
export function normalizeDist(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Distributions whose import name differs from their (normalised) distribution name.
 * Keys are PEP 503 normalised. Values: every top-level import name the distribution installs.
 */
const IMPORT_NAMES: Record<string, readonly string[]> = {
  'pyyaml': ['yaml', '_yaml'],
  'beautifulsoup4': ['bs4'],
  'pillow': ['PIL'],
  'python-dateutil': ['dateutil'],
  'scikit-learn': ['sklearn'],
  'scikit-image': ['skimage'],
  'opencv-python': ['cv2'],
  'opencv-python-headless': ['cv2'],
  'opencv-contrib-python': ['cv2'],
  'opencv-contrib-python-headless': ['cv2'],
  'protobuf': ['google'],
  'googleapis-common-protos': ['google'],
  'grpcio': ['grpc'],
  'grpcio-tools': ['grpc_tools'],
  'grpcio-status': ['grpc_status'],
  'attrs': ['attr', 'attrs'],
  'pyjwt': ['jwt'],
  'python-jose': ['jose'],
  'python-dotenv': ['dotenv'],
  'msgpack-python': ['msgpack'],
  'pyzmq': ['zmq'],
  'psycopg2-binary': ['psycopg2'],
  'psycopg-binary': ['psycopg_binary'],
  'psycopg': ['psycopg'],
  'setuptools': ['setuptools', 'pkg_resources', '_distutils_hack'],
  'pyopenssl': ['OpenSSL'],
  'pycryptodome': ['Crypto'],
  'pycryptodomex': ['Cryptodome'],
  'pycrypto': ['Crypto'],
  'pyserial': ['serial'],
  'pyusb': ['usb'],
  'pygithub': ['github'],
  'python-gitlab': ['gitlab'],
  'gitpython': ['git'],
  'pymysql': ['pymysql'],
  'mysqlclient': ['MySQLdb'],
  'mysql-connector-python': ['mysql'],
  'python-multipart': ['multipart', 'python_multipart'],
  'python-magic': ['magic'],
  'python-slugify': ['slugify'],
  'python-json-logger': ['pythonjsonlogger'],
  'python-socketio': ['socketio'],
  'python-engineio': ['engineio'],
  'python-telegram-bot': ['telegram'],
  'python-docx': ['docx'],
  'python-pptx': ['pptx'],
  'python-levenshtein': ['Levenshtein'],
  'levenshtein': ['Levenshtein'],
  'typing-extensions': ['typing_extensions'],
  'djangorestframework': ['rest_framework'],
  'django-filter': ['django_filters'],
  'django-environ': ['environ'],
  'django-cors-headers': ['corsheaders'],
  'django-redis': ['django_redis'],
  'djangorestframework-simplejwt': ['rest_framework_simplejwt'],
  'pytest-django': ['pytest_django'],
  'dnspython': ['dns'],
  'pywin32': ['win32api', 'win32con', 'win32com', 'pythoncom', 'pywintypes', 'win32gui'],
  'pyobjc': ['objc', 'Foundation', 'AppKit'],
  'ruamel-yaml': ['ruamel'],
  'zope-interface': ['zope'],
  'websocket-client': ['websocket'],
  'google-cloud-storage': ['google'],
  'google-api-python-client': ['googleapiclient', 'apiclient'],
  'google-auth': ['google'],
  'faiss-cpu': ['faiss'],
  'faiss-gpu': ['faiss'],
  'tensorflow-gpu': ['tensorflow'],
  'tensorflow-cpu': ['tensorflow'],
  'torch': ['torch'],
  'pytorch-lightning': ['pytorch_lightning', 'lightning'],
  'sentence-transformers': ['sentence_transformers'],
  'huggingface-hub': ['huggingface_hub'],
  'ipython': ['IPython'],
  'markdown': ['markdown'],
  'pymupdf': ['fitz', 'pymupdf'],
  'pypdf2': ['PyPDF2'],
  'pyqt5': ['PyQt5'],
  'pyqt6': ['PyQt6'],
  'pyside2': ['PySide2'],
  'pyside6': ['PySide6'],
  'pygobject': ['gi'],
  'python-xlib': ['Xlib'],
  'docutils': ['docutils'],
  'sqlalchemy': ['sqlalchemy'],
  'flask-sqlalchemy': ['flask_sqlalchemy'],
  'email-validator': ['email_validator'],
  'jinja2': ['jinja2'],
  'markupsafe': ['markupsafe'],
  'pydantic-settings': ['pydantic_settings'],
  'azure-storage-blob': ['azure'],
  'backports-zoneinfo': ['backports'],
  'importlib-metadata': ['importlib_metadata'],
  'importlib-resources': ['importlib_resources'],
  'tzdata': ['tzdata'],
  'pytz': ['pytz'],
  'pyparsing': ['pyparsing'],
  'pynacl': ['nacl'],
  'pysocks': ['socks', 'sockshandler'],
  'pywavelets': ['pywt'],
  'scipy': ['scipy'],
  'uvloop': ['uvloop'],
  'newrelic': ['newrelic'],
  'sentry-sdk': ['sentry_sdk'],
  'discord-py': ['discord'],
  'fonttools': ['fontTools'],
  'pyinstaller': ['PyInstaller'],
  'apache-airflow': ['airflow'],
  'apache-beam': ['apache_beam'],
  'pyarrow': ['pyarrow'],
  'xlsxwriter': ['xlsxwriter'],
  'freezegun': ['freezegun'],
  'hypothesis': ['hypothesis', '_hypothesis_pytestplugin', '_hypothesis_ftz_detector'],
  'pytest': ['pytest', '_pytest', 'py'],
  'pluggy': ['pluggy'],
  'matplotlib': ['matplotlib', 'mpl_toolkits', 'pylab'],
  'six': ['six'],
  'pyasn1-modules': ['pyasn1_modules'],
  'antlr4-python3-runtime': ['antlr4'],
  'pyee': ['pyee'],
  'websockets': ['websockets'],
  'lxml': ['lxml'],
  'scrapy': ['scrapy'],
  'tree-sitter': ['tree_sitter'],
  'llama-index': ['llama_index'],
  'langchain-core': ['langchain_core'],
  'openai': ['openai'],
};

/**
 * What a declared distribution reliably brings along (its own hard dependencies), so that
 * importing, say, `urllib3` in a project that declares `requests` is not called undeclared.
 * Keys are normalised distribution names; values are import names.
 */
const IMPLIED_IMPORTS: Record<string, readonly string[]> = {
  'requests': ['urllib3', 'idna', 'certifi', 'charset_normalizer'],
  'httpx': ['httpcore', 'anyio', 'sniffio', 'h11', 'certifi', 'idna'],
  'fastapi': ['starlette', 'pydantic', 'pydantic_core', 'anyio', 'typing_extensions', 'annotated_types', 'sniffio', 'idna'],
  'starlette': ['anyio', 'sniffio', 'idna'],
  'pydantic': ['pydantic_core', 'typing_extensions', 'annotated_types', 'typing_inspection'],
  'pydantic-settings': ['pydantic', 'pydantic_core', 'dotenv', 'typing_extensions'],
  'flask': ['werkzeug', 'jinja2', 'itsdangerous', 'click', 'markupsafe', 'blinker'],
  'django': ['asgiref', 'sqlparse'],
  'djangorestframework': ['django', 'asgiref'],
  'celery': ['kombu', 'billiard', 'vine', 'click', 'dateutil', 'amqp'],
  'jinja2': ['markupsafe'],
  'pandas': ['numpy', 'dateutil', 'pytz', 'tzdata', 'six'],
  'matplotlib': ['numpy', 'PIL', 'pyparsing', 'dateutil', 'cycler', 'kiwisolver', 'fontTools', 'packaging', 'contourpy'],
  'scipy': ['numpy'],
  'scikit-learn': ['numpy', 'scipy', 'joblib', 'threadpoolctl'],
  'boto3': ['botocore', 's3transfer', 'jmespath', 'dateutil', 'urllib3'],
  'botocore': ['jmespath', 'dateutil', 'urllib3'],
  'uvicorn': ['h11', 'click'],
  'sqlalchemy': ['greenlet', 'typing_extensions'],
  'aiohttp': ['multidict', 'yarl', 'aiosignal', 'frozenlist', 'attr', 'attrs', 'aiohappyeyeballs', 'propcache', 'idna'],
  'pytest': ['_pytest', 'py', 'pluggy', 'iniconfig', 'packaging'],
  'pytest-asyncio': ['pytest', '_pytest', 'pluggy'],
  'pytest-mock': ['pytest', '_pytest', 'pluggy'],
  'pytest-cov': ['coverage', 'pytest', '_pytest', 'pluggy'],
  'pytest-django': ['pytest', '_pytest'],
  'black': ['click', 'mypy_extensions', 'packaging', 'pathspec', 'platformdirs'],
  'httpcore': ['h11', 'certifi'],
  'openai': ['httpx', 'httpcore', 'anyio', 'pydantic', 'pydantic_core', 'typing_extensions', 'distro', 'jiter', 'sniffio', 'tqdm'],
  'anthropic': ['httpx', 'httpcore', 'anyio', 'pydantic', 'pydantic_core', 'typing_extensions', 'distro', 'jiter', 'sniffio'],
  'transformers': ['huggingface_hub', 'numpy', 'packaging', 'yaml', 'regex', 'requests', 'tokenizers', 'safetensors', 'tqdm', 'filelock'],
  'torch': ['filelock', 'typing_extensions', 'sympy', 'networkx', 'jinja2', 'fsspec'],
  'jsonschema': ['attr', 'attrs', 'referencing', 'rpds', 'jsonschema_specifications'],
  'google-cloud-storage': ['google'],
  'grpcio-tools': ['grpc', 'google'],
  'redis': ['async_timeout'],
  'click': [],
  'typer': ['click', 'rich', 'typing_extensions', 'shellingham'],
  'rich': ['markdown_it', 'pygments'],
  'alembic': ['sqlalchemy', 'mako', 'typing_extensions'],
  'sphinx': ['docutils', 'jinja2', 'pygments', 'babel', 'sphinxcontrib', 'alabaster', 'imagesize', 'snowballstemmer', 'packaging', 'requests'],
  'kubernetes': ['yaml', 'google', 'urllib3', 'certifi', 'dateutil', 'requests', 'websocket', 'six'],
  'langchain': ['langchain_core', 'pydantic', 'yaml', 'sqlalchemy', 'requests'],
  'motor': ['pymongo', 'bson', 'gridfs'],
  'pymongo': ['bson', 'gridfs'],
  'selenium': ['urllib3', 'trio', 'certifi', 'websocket'],
  'playwright': ['greenlet', 'pyee'],
  'pytest-playwright': ['playwright', 'pytest', '_pytest'],
};

/** Name prefixes of distributions that install into a shared top-level (namespace) package. */
const NAMESPACE_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['google-', 'google'], ['azure-', 'azure'], ['zope-', 'zope'], ['jaraco-', 'jaraco'], ['backports-', 'backports'],
  ['sphinxcontrib-', 'sphinxcontrib'], ['opentelemetry-', 'opentelemetry'], ['ruamel-', 'ruamel'], ['oslo-', 'oslo_'],
  ['flufl-', 'flufl'], ['plone-', 'plone'], ['collective-', 'collective'],
];

/** The top-level import names a distribution (as written in a requirement) most likely provides. */
export function importNamesOf(dist: string): string[] {
  const norm = normalizeDist(dist);
  const names = new Set<string>();
  const table = IMPORT_NAMES[norm];
  if (table) for (const n of table) names.add(n);
  if (norm.startsWith('types-') || norm.endsWith('-stubs')) return [...names]; // stub-only distributions: nothing at run time
  const underscored = norm.replace(/-/g, '_');
  names.add(underscored);
  // A dotted distribution name (`zope.interface`, `ruamel.yaml`) installs under its first segment.
  const dotted = /^([A-Za-z_][A-Za-z0-9_]*)\./.exec(dist.trim());
  if (dotted) names.add(dotted[1]!);
  for (const [prefix, top] of NAMESPACE_PREFIXES) if (norm.startsWith(prefix)) names.add(top);
  // Common spelling conventions: `python-foo` → `foo`, `foo-binary` → `foo`, `foo-python` → `foo`, `pyfoo` → `foo`.
  const m = /^python-(.+)$/.exec(norm);
  if (m) names.add(m[1]!.replace(/-/g, '_'));
  for (const suffix of ['-binary', '-python', '-headless', '-py', '-client', '-sdk', '-lib']) {
    if (norm.endsWith(suffix) && norm.length > suffix.length) names.add(norm.slice(0, -suffix.length).replace(/-/g, '_'));
  }
  if (/^py[a-z]/.test(norm) && !table) names.add(underscored.slice(2));
  return [...names];
}

/** Import names a declared distribution brings along through its own dependencies. */
export function impliedImportsOf(dist: string): readonly string[] {
  return IMPLIED_IMPORTS[normalizeDist(dist)] ?? [];
}

// ---------------------------------------------------------------------------------------
// Reading declarations.

export interface DeclaredDeps {
  /** Normalised distribution names declared anywhere. */
  distributions: Set<string>;
  /** Import names those distributions (and their well-known dependencies) provide. */
  importNames: Set<string>;
  /** Files that declared at least one dependency (absolute). */
  sources: string[];
}

/** The distribution name at the start of a PEP 508 requirement, or null (`foo[bar]>=1; python_version<"3.9"` → `foo`). */
export function requirementName(req: string): string | null {
  const s = req.trim();
  const egg = /#egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
  if (egg) return egg[1]!;
  if (/^(-|\.|\/|[a-z+]+:\/\/)/i.test(s)) return null;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(s);
  return m ? m[1]! : null;
}


function asTable(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? (v as Record<string, unknown>) : null;
}

function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Requirement names in a requirements file, following `-r`/`--requirement` includes (not `-c` constraints). */
function readRequirementsFile(file: string, seen: Set<string>, out: string[]): void {
  if (seen.has(file)) return;
  seen.add(file);
  const text = readText(file);
  if (text === null) return;
  // Backslash continuations join lines.
  for (const rawLine of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const inc = /^(?:-r|--requirement)(?:\s+|=)?(\S+)/.exec(line);
    if (inc) { readRequirementsFile(path.resolve(path.dirname(file), inc[1]!), seen, out); continue; }
    const editable = /^(?:-e|--editable)(?:\s+|=)(\S+)/.exec(line);
    if (editable) { const n = requirementName(editable[1]!); if (n) out.push(n); continue; }
    if (line.startsWith('-')) continue;
    const n = requirementName(line);
    if (n) out.push(n);
  }
}

function pyprojectDeps(doc: Record<string, unknown>): string[] {
  const out: string[] = [];
  const project = asTable(doc['project']);
  if (project) {
    out.push(...stringsOf(project['dependencies']));
    for (const v of Object.values(asTable(project['optional-dependencies']) ?? {})) out.push(...stringsOf(v));
  }
  for (const v of Object.values(asTable(doc['dependency-groups']) ?? {})) out.push(...stringsOf(v)); // `{include-group=…}` entries are tables: skipped
  const tool = asTable(doc['tool']);
  const poetry = asTable(tool?.['poetry']);
  if (poetry) {
    const keys = (t: unknown) => Object.keys(asTable(t) ?? {}).filter((k) => k.toLowerCase() !== 'python');
    out.push(...keys(poetry['dependencies']), ...keys(poetry['dev-dependencies']));
    for (const g of Object.values(asTable(poetry['group']) ?? {})) out.push(...keys(asTable(g)?.['dependencies']));
  }
  const uv = asTable(tool?.['uv']);
  out.push(...stringsOf(uv?.['dev-dependencies']));
  const pdm = asTable(tool?.['pdm']);
  for (const v of Object.values(asTable(pdm?.['dev-dependencies']) ?? {})) out.push(...stringsOf(v));
  const hatchEnvs = asTable(asTable(tool?.['hatch'])?.['envs']);
  for (const env of Object.values(hatchEnvs ?? {})) {
    out.push(...stringsOf(asTable(env)?.['dependencies']), ...stringsOf(asTable(env)?.['extra-dependencies']));
  }
  return out.map((r) => requirementName(r)).filter((n): n is string => n !== null);
}

/** Requirement lines of an ini value (`install_requires =\n  foo>=1\n  bar`), skipping comments and `file:` directives. */
function iniRequirementLines(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(/[\n;]/).map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('file:')).map(requirementName).filter((n): n is string => n !== null);
}

function setupCfgDeps(text: string): string[] {
  const ini = parseIni(text);
  const out: string[] = [];
  const options = ini.get('options');
  out.push(...iniRequirementLines(options?.get('install_requires')), ...iniRequirementLines(options?.get('tests_require')));
  for (const v of ini.get('options.extras_require')?.values() ?? []) out.push(...iniRequirementLines(v));
  return out;
}

/** Best effort: quoted strings inside `install_requires=[…]`, `tests_require=[…]`, `extras_require={…}` literals. */
function setupPyDeps(text: string): string[] {
  const out: string[] = [];
  const re = /\b(install_requires|tests_require|setup_requires|extras_require)\s*=\s*([[{(])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const open = m[2]!;
    const close = open === '[' ? ']' : open === '{' ? '}' : ')';
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < text.length; end++) {
      const c = text[end];
      if (c === open) depth++;
      else if (c === close && --depth === 0) break;
    }
    const body = text.slice(m.index + m[0].length, end);
    const strings = [...body.matchAll(/(['"])((?:(?!\1).)*)\1/g)].map((s) => s[2]!);
    // In extras_require, keys are extra names, not requirements: drop strings followed by ':'.
    const keys = open === '{' ? new Set([...body.matchAll(/(['"])((?:(?!\1).)*)\1\s*:/g)].map((s) => s[2]!)) : new Set<string>();
    for (const s of strings) {
      if (keys.has(s)) continue;
      const n = requirementName(s);
      if (n) out.push(n);
    }
  }
  return out;
}

function pipfileDeps(text: string): string[] {
  try {
    const doc = parseToml(text) as Record<string, unknown>;
    return [...Object.keys(asTable(doc['packages']) ?? {}), ...Object.keys(asTable(doc['dev-packages']) ?? {})];
  } catch { return []; }
}

function toxDeps(file: string, text: string): string[] {
  const out: string[] = [];
  for (const [name, sec] of parseIni(text)) {
    if (name !== 'testenv' && !name.startsWith('testenv:')) continue;
    for (const line of (sec.get('deps') ?? '').split('\n')) {
      const l = line.replace(/(^|\s)#.*$/, '').trim();
      if (!l || l.includes('{')) continue;
      const inc = /^-r\s*(\S+)/.exec(l);
      if (inc) { readRequirementsFile(path.resolve(path.dirname(file), inc[1]!), new Set(), out); continue; }
      const n = requirementName(l);
      if (n) out.push(n);
    }
  }
  return out;
}

/**
 * Read every dependency declaration found directly in `dirs` (a project root and the roots of
 * sub-projects): `requirements*.txt` and `requirements/*.txt` (with `-r` includes),
 * `pyproject.toml` (PEP 621, dependency groups, poetry, uv, pdm, hatch envs), `setup.cfg`,
 * `setup.py` (best effort), `Pipfile`, `tox.ini` deps. `listDir` lists a directory's entry names.
 */
export function readDeclaredDeps(dirs: Iterable<string>, listDir: (dir: string) => string[] | null): DeclaredDeps {
  const result: DeclaredDeps = { distributions: new Set(), importNames: new Set(), sources: [] };
  const add = (file: string, names: string[]) => {
    if (names.length === 0) return;
    result.sources.push(file);
    for (const n of names) {
      result.distributions.add(normalizeDist(n));
      for (const i of importNamesOf(n)) result.importNames.add(i);
      for (const i of impliedImportsOf(n)) result.importNames.add(i);
    }
  };
  const seenReq = new Set<string>();
  for (const dir of new Set(dirs)) {
    const entries = listDir(dir) ?? [];
    const reqFiles = entries.filter((e) => /^requirements.*\.(txt|in)$/i.test(e) || /^(dev|test)[-_]?requirements.*\.txt$/i.test(e))
      .map((e) => path.join(dir, e));
    if (entries.includes('requirements')) {
      for (const e of listDir(path.join(dir, 'requirements')) ?? []) {
        if (/\.(txt|in)$/.test(e)) reqFiles.push(path.join(dir, 'requirements', e));
      }
    }
    for (const f of reqFiles) {
      const names: string[] = [];
      readRequirementsFile(f, seenReq, names);
      add(f, names);
    }
    if (entries.includes('pyproject.toml')) {
      const f = path.join(dir, 'pyproject.toml');
      const text = readText(f);
      if (text !== null) {
        try { add(f, pyprojectDeps(parseToml(text) as Record<string, unknown>)); } catch { /* invalid TOML: declares nothing we can read */ }
      }
    }
    for (const [name, read] of [
      ['setup.cfg', (_f: string, t: string) => setupCfgDeps(t)],
      ['setup.py', (_f: string, t: string) => setupPyDeps(t)],
      ['Pipfile', (_f: string, t: string) => pipfileDeps(t)],
      ['tox.ini', toxDeps],
    ] as const) {
      if (!entries.includes(name)) continue;
      const f = path.join(dir, name);
      const text = readText(f);
      if (text !== null) add(f, read(f, text));
    }
  }
  return result;
}
