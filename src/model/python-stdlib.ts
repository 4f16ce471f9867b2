/**
 * Python's standard-library module names, for telling stdlib imports from third-party ones.
 * GENERATED ONCE from CPython 3.11.7:
 *   python3 -c "import sys; print(sorted(sys.stdlib_module_names))"
 * (top-level names, private `_x` modules included, platform-specific ones such as `winreg`
 * and `msvcrt` included because the list is platform-independent). Versions other than 3.11
 * are covered by the ADDED/REMOVED tables below, kept by hand from the "What's New" pages.
 */

/** `sys.stdlib_module_names` of CPython 3.11. */
const STDLIB_311: readonly string[] = [
  '__future__', '_abc', '_aix_support', '_ast', '_asyncio', '_bisect', '_blake2', '_bootsubprocess',
  '_bz2', '_codecs', '_codecs_cn', '_codecs_hk', '_codecs_iso2022', '_codecs_jp', '_codecs_kr', '_codecs_tw',
  '_collections', '_collections_abc', '_compat_pickle', '_compression', '_contextvars', '_crypt', '_csv', '_ctypes',
  '_curses', '_curses_panel', '_datetime', '_dbm', '_decimal', '_elementtree', '_frozen_importlib', '_frozen_importlib_external',
  '_functools', '_gdbm', '_hashlib', '_heapq', '_imp', '_io', '_json', '_locale',
  '_lsprof', '_lzma', '_markupbase', '_md5', '_msi', '_multibytecodec', '_multiprocessing', '_opcode',
  '_operator', '_osx_support', '_overlapped', '_pickle', '_posixshmem', '_posixsubprocess', '_py_abc', '_pydecimal',
  '_pyio', '_queue', '_random', '_scproxy', '_sha1', '_sha256', '_sha3', '_sha512',
  '_signal', '_sitebuiltins', '_socket', '_sqlite3', '_sre', '_ssl', '_stat', '_statistics',
  '_string', '_strptime', '_struct', '_symtable', '_thread', '_threading_local', '_tkinter', '_tokenize',
  '_tracemalloc', '_typing', '_uuid', '_warnings', '_weakref', '_weakrefset', '_winapi', '_zoneinfo',
  'abc', 'aifc', 'antigravity', 'argparse', 'array', 'ast', 'asynchat', 'asyncio',
  'asyncore', 'atexit', 'audioop', 'base64', 'bdb', 'binascii', 'bisect', 'builtins',
  'bz2', 'cProfile', 'calendar', 'cgi', 'cgitb', 'chunk', 'cmath', 'cmd',
  'code', 'codecs', 'codeop', 'collections', 'colorsys', 'compileall', 'concurrent', 'configparser',
  'contextlib', 'contextvars', 'copy', 'copyreg', 'crypt', 'csv', 'ctypes', 'curses',
  'dataclasses', 'datetime', 'dbm', 'decimal', 'difflib', 'dis', 'distutils', 'doctest',
  'email', 'encodings', 'ensurepip', 'enum', 'errno', 'faulthandler', 'fcntl', 'filecmp',
  'fileinput', 'fnmatch', 'fractions', 'ftplib', 'functools', 'gc', 'genericpath', 'getopt',
  'getpass', 'gettext', 'glob', 'graphlib', 'grp', 'gzip', 'hashlib', 'heapq',
  'hmac', 'html', 'http', 'idlelib', 'imaplib', 'imghdr', 'imp', 'importlib',
  'inspect', 'io', 'ipaddress', 'itertools', 'json', 'keyword', 'lib2to3', 'linecache',
  'locale', 'logging', 'lzma', 'mailbox', 'mailcap', 'marshal', 'math', 'mimetypes',
  'mmap', 'modulefinder', 'msilib', 'msvcrt', 'multiprocessing', 'netrc', 'nis', 'nntplib',
  'nt', 'ntpath', 'nturl2path', 'numbers', 'opcode', 'operator', 'optparse', 'os',
  'ossaudiodev', 'pathlib', 'pdb', 'pickle', 'pickletools', 'pipes', 'pkgutil', 'platform',
  'plistlib', 'poplib', 'posix', 'posixpath', 'pprint', 'profile', 'pstats', 'pty',
  'pwd', 'py_compile', 'pyclbr', 'pydoc', 'pydoc_data', 'pyexpat', 'queue', 'quopri',
  'random', 're', 'readline', 'reprlib', 'resource', 'rlcompleter', 'runpy', 'sched',
  'secrets', 'select', 'selectors', 'shelve', 'shlex', 'shutil', 'signal', 'site',
  'smtpd', 'smtplib', 'sndhdr', 'socket', 'socketserver', 'spwd', 'sqlite3', 'sre_compile',
  'sre_constants', 'sre_parse', 'ssl', 'stat', 'statistics', 'string', 'stringprep', 'struct',
  'subprocess', 'sunau', 'symtable', 'sys', 'sysconfig', 'syslog', 'tabnanny', 'tarfile',
  'telnetlib', 'tempfile', 'termios', 'textwrap', 'this', 'threading', 'time', 'timeit',
  'tkinter', 'token', 'tokenize', 'tomllib', 'trace', 'traceback', 'tracemalloc', 'tty',
  'turtle', 'turtledemo', 'types', 'typing', 'unicodedata', 'unittest', 'urllib', 'uu',
  'uuid', 'venv', 'warnings', 'wave', 'weakref', 'webbrowser', 'winreg', 'winsound',
  'wsgiref', 'xdrlib', 'xml', 'xmlrpc', 'zipapp', 'zipfile', 'zipimport', 'zlib',
  'zoneinfo',
];

/** `sys.builtin_module_names` of CPython 3.11 (Linux build): compiled in, found before any sys.path entry. */
export const BUILTIN_MODULE_NAMES: ReadonlySet<string> = new Set([
  '_abc', '_ast', '_codecs', '_collections', '_functools', '_imp', '_io', '_locale',
  '_operator', '_signal', '_sre', '_stat', '_string', '_symtable', '_thread', '_tokenize',
  '_tracemalloc', '_warnings', '_weakref', 'atexit', 'builtins', 'errno', 'faulthandler', 'gc',
  'itertools', 'marshal', 'posix', 'pwd', 'sys', 'time', 'xxsubtype',
]);

/** Top-level stdlib modules by the version that added them (only those newer or older than the 3.11 list matters). */
const ADDED: ReadonlyArray<readonly [string, [number, number]]> = [
  ['graphlib', [3, 9]], ['zoneinfo', [3, 9]], ['_zoneinfo', [3, 9]],
  ['tomllib', [3, 11]],
  ['_pydatetime', [3, 12]], ['_pylong', [3, 12]], ['_wmi', [3, 12]],
  ['_colorize', [3, 13]], ['_interpchannels', [3, 13]], ['_interpqueues', [3, 13]], ['_interpreters', [3, 13]],
  ['_opcode_metadata', [3, 13]], ['_pyrepl', [3, 13]], ['_suggestions', [3, 13]], ['_android_support', [3, 13]],
  ['_ios_support', [3, 13]], ['_apple_support', [3, 13]],
  ['annotationlib', [3, 14]], ['compression', [3, 14]], ['_zstd', [3, 14]], ['_remote_debugging', [3, 14]],
];

/** Top-level stdlib modules by the version that removed them (PEP 594 and earlier removals). */
const REMOVED: ReadonlyArray<readonly [string, [number, number]]> = [
  ['macpath', [3, 8]],
  ['_dummy_thread', [3, 9]], ['dummy_threading', [3, 9]],
  ['formatter', [3, 10]], ['parser', [3, 10]], ['symbol', [3, 10]], ['_bootlocale', [3, 10]], ['_peg_parser', [3, 10]],
  ['binhex', [3, 11]],
  ['distutils', [3, 12]], ['imp', [3, 12]], ['asynchat', [3, 12]], ['asyncore', [3, 12]], ['smtpd', [3, 12]],
  ['aifc', [3, 13]], ['audioop', [3, 13]], ['cgi', [3, 13]], ['cgitb', [3, 13]], ['chunk', [3, 13]], ['crypt', [3, 13]],
  ['_crypt', [3, 13]], ['imghdr', [3, 13]], ['mailcap', [3, 13]], ['msilib', [3, 13]], ['_msi', [3, 13]], ['nis', [3, 13]],
  ['nntplib', [3, 13]], ['ossaudiodev', [3, 13]], ['pipes', [3, 13]], ['sndhdr', [3, 13]], ['spwd', [3, 13]],
  ['sunau', [3, 13]], ['telnetlib', [3, 13]], ['uu', [3, 13]], ['xdrlib', [3, 13]], ['lib2to3', [3, 13]],
];

const STDLIB_SET: ReadonlySet<string> = new Set(STDLIB_311);
const ADDED_MAP = new Map(ADDED);
const REMOVED_MAP = new Map(REMOVED);

function atLeast(v: readonly [number, number], w: readonly [number, number]): boolean {
  return v[0] > w[0] || (v[0] === w[0] && v[1] >= w[1]);
}

/** Is the top-level module of `name` part of the standard library of Python `version`? */
export function isStdlib(name: string, version: readonly [number, number] = [3, 11]): boolean {
  const top = name.split('.')[0]!;
  const added = ADDED_MAP.get(top);
  if (added && !atLeast(version, added)) return false;
  const removed = REMOVED_MAP.get(top);
  if (removed) return !atLeast(version, removed);
  return STDLIB_SET.has(top) || (added !== undefined && atLeast(version, added));
}

/** Every stdlib top-level name for `version` (for did-you-mean). */
export function stdlibNames(version: readonly [number, number] = [3, 11]): string[] {
  const all = new Set([...STDLIB_311, ...ADDED_MAP.keys(), ...REMOVED_MAP.keys()]);
  return [...all].filter((n) => isStdlib(n, version)).sort();
}

/**
 * Stdlib modules already in `sys.modules` when pytest 9 (CPython 3.11, plugin autoload off)
 * imports the first conftest: a first-party module of the same name can never shadow them.
 * Measured with a conftest that dumped `sys.modules` (`PYTEST_DISABLE_PLUGIN_AUTOLOAD=1`).
 */
export const PYTEST_PRELOADED: ReadonlySet<string> = new Set([
  '__future__', '_abc', '_ast', '_bisect', '_bz2', '_codecs', '_collections', '_collections_abc', '_compression', '_csv',
  '_datetime', '_decimal', '_elementtree', '_frozen_importlib', '_frozen_importlib_external', '_functools', '_heapq', '_imp', '_io', '_json',
  '_locale', '_lzma', '_opcode', '_operator', '_posixsubprocess', '_random', '_sha512', '_signal', '_sitebuiltins', '_socket',
  '_sre', '_stat', '_string', '_struct', '_thread', '_typing', '_uuid', '_warnings', '_weakref', '_weakrefset',
  'abc', 'argparse', 'array', 'ast', 'atexit', 'base64', 'bdb', 'binascii', 'bisect', 'builtins',
  'bz2', 'calendar', 'codecs', 'collections', 'contextlib', 'copy', 'copyreg', 'csv', 'dataclasses', 'datetime',
  'decimal', 'difflib', 'dis', 'email', 'encodings', 'enum', 'errno', 'fcntl', 'fnmatch', 'functools',
  'gc', 'genericpath', 'gettext', 'glob', 'heapq', 'importlib', 'inspect', 'io', 'ipaddress', 'itertools',
  'json', 'keyword', 'linecache', 'locale', 'logging', 'lzma', 'marshal', 'math', 'ntpath', 'numbers',
  'opcode', 'operator', 'os', 'pathlib', 'platform', 'posix', 'posixpath', 'pprint', 'pyexpat', 'quopri',
  'random', 're', 'readline', 'reprlib', 'select', 'selectors', 'shlex', 'shutil', 'signal', 'site',
  'socket', 'stat', 'string', 'struct', 'subprocess', 'sys', 'tempfile', 'textwrap', 'threading', 'time',
  'token', 'tokenize', 'traceback', 'types', 'typing', 'unicodedata', 'unittest', 'urllib', 'uuid', 'warnings',
  'weakref', 'xml', 'zipfile', 'zipimport', 'zlib',
]);
