/**
 * Python classes outside the project whose members are known, so a first-party subclass of one
 * has a complete member list: the builtins helper classes extend (`class Markup(str)`, `class
 * Registry(dict)`, exceptions) and unittest's test cases. Dunder names are left out (rules skip them).
 * GENERATED ONCE from CPython 3.11.7 (`dir(cls)`, plus `dir(unittest.TestCase())` for the attributes
 * `__init__` sets), then widened by hand with the names other versions add or removed (3.8–3.14),
 * so a member of any supported version counts as present.
 */

const EXCEPTION = ['add_note', 'args', 'with_traceback'];

const TEST_CASE = [
  '_addExpectedFailure', '_addUnexpectedSuccess', '_baseAssertEqual', '_callCleanup', '_callSetUp', '_callTearDown',
  '_callTestMethod', '_classSetupFailed', '_class_cleanups', '_cleanups', '_deprecate', '_diffThreshold', '_formatMessage',
  '_getAssertEqualityFunc', '_outcome', '_subtest', '_testMethodDoc', '_testMethodName', '_truncateMessage',
  '_type_equality_funcs', 'addClassCleanup', 'addCleanup', 'addTypeEqualityFunc', 'assertAlmostEqual', 'assertAlmostEquals',
  'assertCountEqual', 'assertDictContainsSubset', 'assertDictEqual', 'assertEqual', 'assertEquals', 'assertFalse',
  'assertGreater', 'assertGreaterEqual', 'assertIn', 'assertIs', 'assertIsInstance', 'assertIsNone', 'assertIsNot',
  'assertIsNotNone', 'assertLess', 'assertLessEqual', 'assertListEqual', 'assertLogs', 'assertMultiLineEqual',
  'assertNoLogs', 'assertNotAlmostEqual', 'assertNotAlmostEquals', 'assertNotEqual', 'assertNotEquals', 'assertNotIn',
  'assertNotIsInstance', 'assertNotRegex', 'assertNotRegexpMatches', 'assertRaises', 'assertRaisesRegex',
  'assertRaisesRegexp', 'assertRegex', 'assertRegexpMatches', 'assertSequenceEqual', 'assertSetEqual', 'assertTrue',
  'assertTupleEqual', 'assertWarns', 'assertWarnsRegex', 'assert_', 'countTestCases', 'debug', 'defaultTestResult',
  'doClassCleanups', 'doCleanups', 'enterClassContext', 'enterContext', 'fail', 'failIf', 'failIfAlmostEqual',
  'failIfEqual', 'failUnless', 'failUnlessAlmostEqual', 'failUnlessEqual', 'failUnlessRaises', 'failureException', 'id',
  'longMessage', 'maxDiff', 'run', 'setUp', 'setUpClass', 'shortDescription', 'skipTest', 'subTest', 'tearDown',
  'tearDownClass',
  // 3.12–3.14
  '_addDuration', 'assertStartsWith', 'assertNotStartsWith', 'assertEndsWith', 'assertNotEndsWith', 'assertHasAttr',
  'assertNotHasAttr', 'assertIsSubclass', 'assertNotIsSubclass',
];

const ASYNC_TEST_CASE = [
  ...TEST_CASE,
  '_asyncioRunner', '_asyncioTestContext', '_callAsync', '_callMaybeAsync', '_setupAsyncioRunner', '_tearDownAsyncioRunner',
  'addAsyncCleanup', 'asyncSetUp', 'asyncTearDown', 'enterAsyncContext',
  // 3.8–3.10
  '_asyncioTestLoop', '_asyncioCallsQueue', '_asyncioCallsTask', '_setupAsyncioLoop', '_tearDownAsyncioLoop', '_asyncioLoopRunner',
];

/** Full dotted name (builtins by their plain name) → member names. */
const KNOWN: Record<string, readonly string[]> = {
  str: ['capitalize', 'casefold', 'center', 'count', 'encode', 'endswith', 'expandtabs', 'find', 'format', 'format_map',
    'index', 'isalnum', 'isalpha', 'isascii', 'isdecimal', 'isdigit', 'isidentifier', 'islower', 'isnumeric', 'isprintable',
    'isspace', 'istitle', 'isupper', 'join', 'ljust', 'lower', 'lstrip', 'maketrans', 'partition', 'removeprefix',
    'removesuffix', 'replace', 'rfind', 'rindex', 'rjust', 'rpartition', 'rsplit', 'rstrip', 'split', 'splitlines',
    'startswith', 'strip', 'swapcase', 'title', 'translate', 'upper', 'zfill'],
  bytes: ['capitalize', 'center', 'count', 'decode', 'endswith', 'expandtabs', 'find', 'fromhex', 'hex', 'index', 'isalnum',
    'isalpha', 'isascii', 'isdigit', 'islower', 'isspace', 'istitle', 'isupper', 'join', 'ljust', 'lower', 'lstrip',
    'maketrans', 'partition', 'removeprefix', 'removesuffix', 'replace', 'rfind', 'rindex', 'rjust', 'rpartition', 'rsplit',
    'rstrip', 'split', 'splitlines', 'startswith', 'strip', 'swapcase', 'title', 'translate', 'upper', 'zfill'],
  int: ['as_integer_ratio', 'bit_count', 'bit_length', 'conjugate', 'denominator', 'from_bytes', 'imag', 'is_integer',
    'numerator', 'real', 'to_bytes'],
  float: ['as_integer_ratio', 'conjugate', 'from_number', 'fromhex', 'hex', 'imag', 'is_integer', 'real'],
  list: ['append', 'clear', 'copy', 'count', 'extend', 'index', 'insert', 'pop', 'remove', 'reverse', 'sort'],
  dict: ['clear', 'copy', 'fromkeys', 'get', 'items', 'keys', 'pop', 'popitem', 'setdefault', 'update', 'values'],
  set: ['add', 'clear', 'copy', 'difference', 'difference_update', 'discard', 'intersection', 'intersection_update',
    'isdisjoint', 'issubset', 'issuperset', 'pop', 'remove', 'symmetric_difference', 'symmetric_difference_update', 'union',
    'update'],
  frozenset: ['copy', 'difference', 'intersection', 'isdisjoint', 'issubset', 'issuperset', 'symmetric_difference', 'union'],
  tuple: ['count', 'index'],
  BaseException: EXCEPTION, Exception: EXCEPTION, ValueError: EXCEPTION, TypeError: EXCEPTION, RuntimeError: EXCEPTION,
  KeyError: EXCEPTION, LookupError: EXCEPTION, IndexError: EXCEPTION, NotImplementedError: EXCEPTION, AssertionError: EXCEPTION,
  'unittest.TestCase': TEST_CASE, 'unittest.case.TestCase': TEST_CASE,
  'unittest.IsolatedAsyncioTestCase': ASYNC_TEST_CASE, 'unittest.async_case.IsolatedAsyncioTestCase': ASYNC_TEST_CASE,
};

/** The members of a class outside the project by its full dotted name (a builtin by its plain name), or null when not known. */
export function knownBaseMembers(fullName: string): readonly string[] | null {
  return Object.hasOwn(KNOWN, fullName) ? KNOWN[fullName]! : null;
}
