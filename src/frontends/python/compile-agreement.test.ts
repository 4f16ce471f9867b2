/**
 * test-lint's Python syntax errors must agree with CPython's compile(): this runs ONE python3
 * process over ~80 snippets (valid and invalid) and compares "has an error" for each.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { py } from './test-helpers.js';

function python3Version(): [number, number] | null {
  try {
    const out = execFileSync('python3', ['-c', 'import sys; print(sys.version_info[0], sys.version_info[1])'], { encoding: 'utf8' });
    const [a, b] = out.trim().split(' ').map(Number);
    return [a!, b!];
  } catch {
    return null;
  }
}

const version = python3Version();

const SNIPPETS = [
  // valid
  'x = 1\n', 'def f(a, /, b=1, *args, c, d=2, **kw):\n    return a\n', 'class A(B, metaclass=M):\n    x: int = 1\n',
  '@a.b(c)\ndef f():\n    pass\n', 'async def f():\n    async with a as b:\n        await b\n    async for x in y:\n        pass\n',
  'async def f():\n    return [await x for x in y]\n', '(await x for x in y)\n', 'lambda: (yield)\n',
  'while x:\n    try:\n        pass\n    finally:\n        continue\n', 'x = {**a, "b": 1}\ny = [*a, *b]\n',
  '"""doc"""\nfrom __future__ import annotations\n', 'x = (1,\n  2)\ny = 3\n', 'x = 1 \\\n  + 2\n',
  'def f():\n    """doc\n  continues"""\n    return 1\n', 'if True:\n    x = 1\n\n    # c\n  # dedented comment\n    y = 2\n',
  'f"{x!r:>{width}}"\n', 'print (a), b\n', 'print >>f, x\n', 'def f(): return *a, b\n', 'match x:\n    case [a, *rest] if a: pass\n    case _: pass\n',
  'try:\n    pass\nexcept* E:\n    pass\n', '(x := 1)\n', 'if (y := 2): pass\n', 'type(m).attr = 1\n', '(pars): bool = True\n',
  'x = 0o777 + 0b1 + 0xff + 1_000 + 1e5 + 1j + 0.5 + 00\n', 'del x, y[0], z.a\n', 'raise E from e\n', 'from .. import (a, b,)\n',
  'def f():\n    x = 1\n    def g():\n        nonlocal x\n', 'global x\n', 'with (open(a) as b, open(c) as d): pass\n',
  // invalid
  'def f():\n#    pass\nx = 1\n', 'x = 1\n    y = 2\n', 'if x:\n    a = 1\n  b = 2\n', 'if x:\n\ta = 1\n        b = 2\n',
  'def f():\n', 'return\n', 'x = yield\n', 'await x\n', 'def f():\n    await x\n', 'break\n', 'for x in y:\n    class A: continue\n',
  'def f(a, a): pass\n', 'def f(*): pass\n', 'def f(a=1, b): pass\n', 'def f(**k, a): pass\n', 'nonlocal x\n', 'def f():\n    nonlocal x\n',
  'None = 1\n', 'True = 1\n', '__debug__ = 1\n', 'f() = 1\n', 'a + b = 1\n', 'del f()\n', 'for 1 in x: pass\n', '(a, b) += 1\n',
  'x = *a\n', '*a, *b = c\n', '*a = b\n', 'f(a=1, b)\n', 'f(**k, *a)\n', 'f(a=1, a=2)\n', 'f(x for x in y, 1)\n',
  'f\'{a["b"]}\'\n', 'f"{x\\n}"\n', 'print "x"\n', 'exec "code"\n', 'x <> y\n', '`x`\n', 'x := 1\n',
  'x=1\nfrom __future__ import annotations\n', 'from __future__ import braces\n', 'class A:\n    from x import *\n',
  'try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n', 'try:\n    pass\nexcept E, e:\n    pass\n', '0777\n', '1L\n',
  "b'\u00e9'\n", 'async def f():\n    yield 1\n    return 2\n', '[x := 1 for x in z]\n', 'class A:\n    [y := 1 for x in z]\n',
  'def f():\n    [x async for x in y]\n', "s = 'unterminated\n", 'x = (\n', 'def f(:\n    pass\n', '((((' + '('.repeat(200) + ')'.repeat(204) + '\n',
];

describe('syntax errors agree with CPython compile()', () => {
  it.skipIf(version === null)('every snippet: test-lint reports an error exactly when python3 compile() raises SyntaxError', () => {
    const script = [
      'import sys, json',
      'for s in json.load(sys.stdin):',
      '    try:',
      "        compile(s, 'x.py', 'exec'); print('OK')",
      '    except (SyntaxError, ValueError) as e:',
      "        print('ERR ' + str(getattr(e, 'msg', e)).replace('\\n', ' '))",
    ].join('\n');
    const res = spawnSync('python3', ['-c', script], { input: JSON.stringify(SNIPPETS), encoding: 'utf8' });
    const verdicts = res.stdout.trim().split('\n');
    expect(verdicts).toHaveLength(SNIPPETS.length);
    const disagreements: string[] = [];
    SNIPPETS.forEach((src, i) => {
      const cpython = verdicts[i]!;
      const ours = py(src, { pythonVersion: version! }).parseErrors;
      if ((cpython === 'OK') !== (ours.length === 0)) {
        disagreements.push(`${JSON.stringify(src)}: python3 says ${cpython}; test-lint says ${ours.map((e) => e.message).join('; ') || 'OK'}`);
      }
    });
    expect(disagreements).toEqual([]);
  });
});
