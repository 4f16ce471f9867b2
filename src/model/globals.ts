/** Names the runtime provides without an import: Python builtins and the JS globals of each environment. */
import globals from 'globals';
import type { Runner } from './types.js';

/** dir(builtins) of CPython 3.11, plus names added in later versions and platform-only ones. */
export const PYTHON_BUILTINS: ReadonlySet<string> = new Set([
  ...'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError __build_class__ __debug__ __doc__ __import__ __loader__ __name__ __package__ __spec__ abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip'.split(' '),
  'PythonFinalizationError', 'WindowsError', '__file__', '__builtins__', '__annotations__', '__path__',
  '__cached__', '__dict__', '__module__', '__qualname__',
]);

const base = new Set<string>([
  ...Object.keys(globals.builtin), ...Object.keys(globals.es2026), ...Object.keys(globals.node), ...Object.keys(globals.nodeBuiltin),
  ...Object.keys(globals.browser), ...Object.keys(globals.worker), ...Object.keys(globals.commonjs),
  ...Object.keys(globals['shared-node-browser']),
]);

const RUNNER_GLOBALS: Record<Runner, string[]> = {
  vitest: Object.keys(globals.vitest),
  jest: Object.keys(globals.jest),
  mocha: Object.keys(globals.mocha),
  'node-test': [],
  pytest: [], unittest: [],
  unknown: [...Object.keys(globals.vitest), ...Object.keys(globals.jest), ...Object.keys(globals.mocha)],
};

/** Globals a JS/TS file sees: the language and host globals, plus the runner's when it injects them. */
export function jsGlobalsFor(runner: Runner, runnerGlobals: boolean): (name: string) => boolean {
  const extra = runnerGlobals ? new Set(RUNNER_GLOBALS[runner]) : new Set<string>();
  return (name) => base.has(name) || extra.has(name);
}

export function runnerGlobalNames(runner: Runner): readonly string[] {
  return RUNNER_GLOBALS[runner];
}
