import { describe, expect, it } from 'vitest';
import { errors, py, refs } from './test-helpers.js';

describe('scoping: free names', () => {
  it('a class-body name is not visible inside its methods', () => {
    const f = py(`
class A:
    x = 1
    def m(self):
        return x
`);
    expect(refs(f)).toEqual(['x@4:run']);
  });

  it('a later assignment in a function makes the name local (no free reference)', () => {
    const f = py(`
def f():
    print(y)
    y = 2
`);
    expect(refs(f)).toEqual(['print@2:run']);
  });

  it('comprehension variables are local; the first iterable is read in the enclosing scope', () => {
    const f = py(`
xs = [a for a in src if a]
ys = [b for b in xs for c in b if c]
`);
    expect(refs(f)).toEqual(['src@1:collect']);
  });

  it('global and nonlocal declarations resolve to the outer binding', () => {
    const f = py(`
def f():
    global G
    G = 1
    n = 0
    def g():
        nonlocal n
        n += 1
        return G
`);
    expect(refs(f)).toEqual([]);
    expect(f.exports.map((e) => e.name)).toEqual(['f', 'G']);
  });

  it('walrus binds in the enclosing function even from inside a comprehension', () => {
    const f = py(`
def f(xs):
    if any((hit := x) > 1 for x in xs):
        return hit
`);
    expect(refs(f)).toEqual(['any@2:run']);
  });

  it('except-as, with-as, for targets, match captures, del and lambda params bind', () => {
    const f = py(`
try:
    pass
except ValueError as err:
    print(err)
with open('f') as fh:
    fh.read()
for i, (j, k) in pairs:
    i + j + k
match cmd:
    case Point(x=0, y=yy) | [yy, *rest]:
        yy, rest
    case Color.RED as c:
        c
del gone
gone
h = lambda q, *r: (q, r, missing)
`);
    expect(refs(f)).toEqual(['ValueError@3:collect', 'print@4:collect', 'open@5:collect', 'pairs@7:collect', 'cmd@9:collect', 'Point@10:collect', 'Color@12:collect', 'missing@16:run']);
  });

  it('implicit module globals and __class__ in methods are never reported', () => {
    const f = py(`
print(__name__, __file__, __doc__)
class A:
    def m(self):
        return __class__
`);
    expect(refs(f)).toEqual(['print@1:collect']);
  });

  it('attribute names and keyword argument names are not references', () => {
    const f = py(`
import os
os.path.join(a, sep=b)
`);
    expect(refs(f)).toEqual(['a@2:collect', 'b@2:collect']);
  });

  it('reads inside try/except NameError are guarded', () => {
    const f = py(`
try:
    long
except NameError:
    pass
long
`);
    expect(refs(f)).toEqual(['long@2:collect:guarded', 'NameError@3:collect', 'long@5:collect']);
  });

  it('names bound under if TYPE_CHECKING count as bindings', () => {
    const f = py(`
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from m import Thing
def f(x: "Thing") -> None:
    y: Thing = x
`);
    expect(refs(f)).toEqual([]);
    expect(f.imports[1]!.typeChecking).toBe(true);
  });

  it('3.12 type parameters are bound in the signature and body', () => {
    const f = py(`
def first[T](xs: list[T]) -> T:
    return xs[0]
`, { pythonVersion: [3, 12] });
    expect(refs(f)).toEqual(['list@1:collect']);
    expect(errors(f)).toEqual([]);
  });
});

describe('phases', () => {
  it('decorators, defaults and annotations are collect; the body is run', () => {
    const f = py(`
@deco
def f(a: Ann = default) -> Ret:
    return body
`);
    expect(refs(f)).toEqual(['deco@1:collect', 'Ann@2:collect', 'default@2:collect', 'Ret@2:collect', 'body@3:run']);
  });

  it('class bodies are collect; a class inside a function is run', () => {
    const f = py(`
class A:
    x = top
def f():
    class B:
        y = inner
`);
    expect(refs(f)).toEqual(['top@2:collect', 'inner@5:run']);
  });

  it('with from __future__ import annotations, annotations are type-only and not collect', () => {
    const f = py(`
from __future__ import annotations
def f(a: Optional[int]) -> Ret:
    pass
x: Later = 1
`);
    expect(f.module.futureAnnotations).toBe(true);
    expect(refs(f)).toEqual(['Optional@2:run:typeOnly', 'int@2:run:typeOnly', 'Ret@2:run:typeOnly', 'Later@4:run:typeOnly']);
  });

  it('a missing annotation name without the future import breaks collection', () => {
    const f = py(`
def f(a: Optional[int] = None):
    pass
`);
    expect(refs(f)).toEqual(['Optional@1:collect', 'int@1:collect']);
  });

  it('lambda bodies are run, default values of lambdas are collect', () => {
    const f = py('g = lambda a=dflt: body\n');
    expect(refs(f)).toEqual(['dflt@1:collect', 'body@1:run']);
  });

  it('firstUse records the earliest phase an imported name is read', () => {
    const f = py(`
import a
from b import c, d, e
x = a
def f():
    return c
`);
    expect(f.imports.flatMap((i) => i.names.map((n) => `${n.local}:${n.firstUse}`))).toEqual(['a:collect', 'c:run', 'd:null', 'e:null']);
  });
});

describe('imports', () => {
  it('import forms: dotted, aliased, from, relative, star', () => {
    const f = py(`
import a.b.c
import a.b as x
from a.b import x as y, z
from . import sib
from ..pkg import thing
from m import *
`);
    const shape = f.imports.map((i) => `${i.specifier}|${i.level}|${i.names.map((n) => `${n.imported}>${n.local}`).join(',')}|${i.phase}`);
    expect(shape).toEqual([
      'a.b.c|0|*>a|collect', 'a.b|0|*>x|collect', 'a.b|0|x>y,z>z|collect', '|1|sib>sib|collect', 'pkg|2|thing>thing|collect', 'm|0|*>*|collect',
    ]);
  });

  it('a from-import name spans its whole clause (`x as y`), as in JS: reports and fixes start at the imported name', () => {
    const src = 'from a.b import (\n    x as y,\n    z,\n)\n';
    const f = py(src);
    expect(f.imports[0]!.names.map((n) => src.slice(n.span.start, n.span.end))).toEqual(['x as y', 'z']);
  });

  it('a function-local import runs with the function', () => {
    const f = py('def f():\n    import json\n    return json\n');
    expect(f.imports[0]!.phase).toBe('run');
    expect(f.imports[0]!.names[0]!.firstUse).toBe('run');
  });

  it('dynamic imports with a literal', () => {
    const f = py("import importlib\nm = importlib.import_module('pkg.mod')\nn = __import__('other')\n");
    expect(f.imports.filter((i) => i.kind === 'dynamic').map((i) => i.specifier)).toEqual(['pkg.mod', 'other']);
  });

  it('guarded imports: catches, flags from the handler, the try body and else, and fallbacks', () => {
    const f = py(`
try:
    import yaml
    HAS_YAML = True
except ImportError:
    HAS_YAML = False
try:
    import ujson as json
except (ImportError, AttributeError):
    import json
else:
    FAST = True
`);
    expect(f.imports[0]!.guard).toEqual({ catches: ['ImportError'], flags: ['HAS_YAML'], hasFallback: false });
    expect(f.imports[1]!.guard).toEqual({ catches: ['ImportError', 'AttributeError'], flags: ['FAST'], hasFallback: true });
    expect(f.imports[2]!.guard).toBeUndefined();
  });

  it('a try that does not catch import errors does not guard', () => {
    const f = py('try:\n    import a\nexcept KeyError:\n    pass\n');
    expect(f.imports[0]!.guard).toBeUndefined();
  });
});

describe('exports, bindings and module flags', () => {
  it('every top-level binding is exported; conditional ones are marked', () => {
    const f = py(`
import os
from m import y as z
def f(): pass
class C: pass
a, (b, *c) = 1, (2, 3)
n: int = 1
only_annotated: int
for i in range(3): pass
if os:
    cond = 1
with open('x') as fh: pass
`);
    expect(f.exports.map((e) => e.name)).toEqual(['os', 'z', 'f', 'C', 'a', 'b', 'c', 'n', 'i', 'cond', 'fh']);
    expect(f.bindings.filter((b) => b.conditional).map((b) => b.name)).toEqual(['i', 'cond', 'fh']);
    expect(f.bindings.find((b) => b.name === 'f')!.kind).toBe('function');
  });

  it('star imports export kind star with the relative specifier', () => {
    const f = py('from .sub import *\nfrom ..pkg.mod import *\n');
    expect(f.exports.map((e) => `${e.kind}:${e.from}`)).toEqual(['star:.sub', 'star:..pkg.mod']);
  });

  it('static __all__ (list, tuple, +=) and dynamic __all__', () => {
    expect(py("__all__ = ['a', \"b\"]\n__all__ += ('c',)\n").module.all).toEqual(['a', 'b', 'c']);
    expect(py('__all__ = [name for name in dir()]\n').module.all).toBeNull();
    expect(py('x = 1\n').module.all).toBeNull();
  });

  it('a top-level __getattr__ makes exports dynamic', () => {
    expect(py('def __getattr__(name):\n    raise AttributeError(name)\n').module.dynamicExports).toBe(true);
    expect(py('class A:\n    def __getattr__(self, n): pass\n').module.dynamicExports).toBe(false);
  });

  it('function bindings carry a parameter summary', () => {
    const f = py('def f(a, b=1, *args, c, d=2, **kw): pass\n');
    expect(f.bindings[0]!.params).toEqual({ required: 1, positional: 2, variadic: true, keywordVariadic: true, requiredKeywords: ['c'], decorated: false });
  });
});

describe('classes', () => {
  it('bases, decorators, members of every kind', () => {
    const f = py(`
@dataclasses.dataclass
class A(Base, unittest.TestCase, Generic[T], metaclass=Meta):
    field: int = 0
    other = 1
    class Inner: pass
    def __init__(self, a, b=2):
        self.x = a
        self.y: int = b
        (self.p, self.q) = 1, 2
    def later(self):
        self.x += 1
        with open('f') as self.fh: pass
        for self.i in range(3): pass
    @property
    def prop(self): return 1
    @staticmethod
    def s(a): pass
    @classmethod
    def c(cls, a): pass
    @functools.lru_cache
    def cached(self, a): pass
`);
    const c = f.classes.find((k) => k.name === 'A')!;
    expect(c.bases).toEqual(['Base', 'unittest.TestCase', 'Generic']);
    expect(c.decorators).toEqual(['dataclasses.dataclass']);
    expect(c.dynamicMembers).toBe(true); // metaclass
    expect(c.topLevel).toBe(true);
    expect(c.members.map((m) => `${m.name}:${m.kind}${m.static ? ':static' : ''}`)).toEqual([
      'field:field', 'other:field', 'Inner:field:static', '__init__:method', 'x:attribute', 'y:attribute', 'p:attribute', 'q:attribute',
      'later:method', 'fh:attribute', 'i:attribute', 'prop:property', 's:method:static', 'c:method:static', 'cached:method',
    ]);
    const init = c.members.find((m) => m.name === '__init__')!;
    expect(init.params).toMatchObject({ required: 1, positional: 2 });
    expect(c.members.find((m) => m.name === 'c')!.params).toMatchObject({ required: 1, positional: 1 });
    expect(c.members.find((m) => m.name === 's')!.params).toMatchObject({ required: 1, positional: 1 });
    expect(c.members.find((m) => m.name === 'cached')!.params!.decorated).toBe(true);
  });

  it('__getattr__ and setattr(self, …) make members dynamic; a class in a function is not top level', () => {
    const f = py(`
class G:
    def __getattr__(self, n): pass
class S:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)
class Plain:
    pass
def f():
    class Local: pass
`);
    expect(f.classes.map((c) => `${c.name}:${c.dynamicMembers}:${c.topLevel}`)).toEqual(['G:true:true', 'S:true:true', 'Plain:false:true', 'Local:false:false']);
  });
});

describe('what functions return (receiver inference)', () => {
  const returns = (f: ReturnType<typeof py>) => Object.fromEntries(f.bindings.filter((b) => b.kind === 'function').map((b) => [b.name, b.returns ?? null]));

  it('every return constructs or calls one name; locals are read when the body is complete', () => {
    const f = py(`
def make():
    return Helper(1)
def stocked(**kw):
    inv = Inventory()
    for k in kw:
        inv.restock(k)
    return inv
def via_module():
    return helpers.make_helper()
def maybe(flag):
    if flag:
        return Helper()
    return None
def first():
    return COUPONS[0]
`);
    expect(returns(f)).toEqual({
      make: { kind: 'call', callee: 'Helper' },
      stocked: { kind: 'call', callee: 'Inventory' },
      via_module: { kind: 'call', callee: 'helpers.make_helper' },
      maybe: { kind: 'call', callee: 'Helper' },
      first: { kind: 'item', of: 'COUPONS' },
    });
  });

  it('no summary when returns disagree or give something else, for generators, coroutines, decorated or rebound functions', () => {
    const f = py(`
def two(flag):
    if flag:
        return A()
    return B()
def param(h):
    return h
def mixed():
    x = A()
    x = B()
    return x
def attr(self):
    return self.helper
def gen():
    yield Helper()
async def coro():
    return Helper()
@wrap
def wrapped():
    return Helper()
def rebound():
    return Helper()
rebound = wrap(rebound)
def nothing():
    pass
`);
    expect(Object.values(returns(f)).every((r) => r === null)).toBe(true);
  });

  it('methods: cls(…) in a classmethod, a named class in a staticmethod', () => {
    const f = py(`
class Helper:
    @classmethod
    def create(klass, n):
        return klass(n)
    @staticmethod
    def default():
        return Helper(0)
    def copy(self):
        return self
`);
    const members = Object.fromEntries(f.classes[0]!.members.map((m) => [m.name, m.returns ?? null]));
    expect(members).toEqual({ create: { kind: 'cls' }, default: { kind: 'call', callee: 'Helper' }, copy: null });
  });

  it('unannotated fixtures: the value every return, or every yield of a generator fixture, gives', () => {
    const f = py(`
import pytest
@pytest.fixture
def service(inventory):
    return OrderService(inventory, tax_rate=0)
@pytest.fixture
def helper():
    h = Helper()
    yield h
    h.close()
@pytest.fixture
def annotated() -> Helper:
    return Helper()
@pytest.fixture
def chained(helper):
    return helper
@pytest.fixture
def nested():
    yield from other()
`);
    expect(Object.fromEntries(f.pytest!.fixtures.map((x) => [x.name, x.value ?? null]))).toEqual({
      service: { kind: 'call', callee: 'OrderService' },
      helper: { kind: 'call', callee: 'Helper' },
      annotated: { kind: 'call', callee: 'Helper' },
      chained: null,
      nested: null,
    });
  });
});

describe('generated constructors (dataclass, NamedTuple)', () => {
  const init = (f: ReturnType<typeof py>) => Object.fromEntries(f.classes.map((c) => [c.name, c.initFields
    ? `${c.initFields.kind}(${c.initFields.fields.map((x) => `${x.kwOnly ? '*' : ''}${x.name}${x.hasDefault ? '=' : ''}`).join(', ')})` : null]));

  it('fields in order, with defaults, ClassVar and init=False left out, KW_ONLY and kw_only respected', () => {
    const f = py(`
from dataclasses import KW_ONLY, dataclass, field
from typing import ClassVar, NamedTuple
import dataclasses

@dataclass
class A:
    "doc"
    a: int
    b: str = "x"
    c: list = field(default_factory=list)
    d: ClassVar[int] = 0
    e: int = field(init=False, default=0)
    plain = 3
    def m(self):
        return 1

@dataclasses.dataclass(frozen=True, kw_only=True)
class B:
    a: int

@dataclass
class C:
    a: int
    _: KW_ONLY
    b: int
    c: int = field(default=1, kw_only=False)

class P(NamedTuple):
    x: int
    y: int = 0

@dataclass(init=False)
class NoInit:
    a: int

@dataclass(**options)
class Unread:
    a: int

@dataclass
class Conditional:
    if FLAG:
        a: int

class Plain:
    a: int
`);
    expect(init(f)).toEqual({
      A: 'dataclass(a, b=, c=)', B: 'dataclass(*a)', C: 'dataclass(a, *b, c=)', P: 'namedtuple(x, y=)',
      NoInit: null, Unread: null, Conditional: null, Plain: null,
    });
  });

  it('a class bound again at module level is marked rebound', () => {
    const f = py('class A:\n    pass\nA = wrap(A)\nclass B:\n    pass\n');
    expect(f.bindings.map((b) => `${b.name}:${b.rebound ?? false}`)).toEqual(['A:true', 'B:false']);
  });
});

describe('patch targets', () => {
  it('patch.object / monkeypatch.setattr objects: whether the first name is the module-level binding there', () => {
    const f = py(`
from unittest import mock
from app import mailer

@mock.patch.object(mailer, "a")
def test_a(fake, monkeypatch):
    monkeypatch.setattr(mailer.Mailer, "b", 1)

def test_b(mailer):
    mock.patch.object(mailer, "c")

def test_c():
    mailer = object()
    mock.patch.object(mailer, "d")
`);
    expect(f.patches!.map((p) => `${p.object}.${p.attribute}:${p.objectModuleLevel ?? false}`)).toEqual([
      'mailer.a:true', 'mailer.Mailer.b:true', 'mailer.c:false', 'mailer.d:false',
    ]);
  });
});

describe('member accesses', () => {
  it('self, self-attr, name and new receivers with call info', () => {
    const f = py(`
class T:
    def m(self):
        self.helper.run(1, 2, *rest, key=3)
        self.value
        client.get('/x')
        Factory().build()
`);
    expect(f.memberAccesses.map((a) => ({ r: a.receiver, m: a.member, line: a.span.line, call: a.call ?? null }))).toEqual([
      { r: { kind: 'self', className: 'T' }, m: 'helper', line: 3, call: null },
      { r: { kind: 'self-attr', className: 'T', attr: 'helper' }, m: 'run', line: 3, call: { args: 2, spread: true, keywords: ['key'] } },
      { r: { kind: 'self', className: 'T' }, m: 'value', line: 4, call: null },
      { r: { kind: 'name', name: 'client' }, m: 'get', line: 5, call: { args: 1, spread: false, keywords: [] } },
      { r: { kind: 'new', className: 'Factory' }, m: 'build', line: 6, call: { args: 0, spread: false, keywords: [] } },
    ]);
  });

  it('items of module-level names: direct receivers and locals bound to one', () => {
    const f = py(`
COUPONS = [Coupon("A", 1), Coupon("B", 2)]
BY_CODE = {"a": Coupon("A", 1)}
MIXED = [Coupon("A", 1), Other()]
def test_x():
    COUPONS[1].apply(5)
    big = COUPONS[1]
    big.apply(5)
    local = [1]
    local[0].real
    other = local[0]
    other.real
`);
    expect(f.bindings.filter((b) => b.itemInstanceOf).map((b) => `${b.name}:${b.itemInstanceOf}`)).toEqual(['COUPONS:Coupon', 'BY_CODE:Coupon']);
    expect(f.memberAccesses.map((a) => ({ r: a.receiver, m: a.member, b: a.binding ?? null }))).toEqual([
      { r: { kind: 'item', name: 'COUPONS' }, m: 'apply', b: { kind: 'module' } },
      { r: { kind: 'name', name: 'big' }, m: 'apply', b: { kind: 'item', of: 'COUPONS' } },
      { r: { kind: 'item', name: 'local' }, m: 'real', b: null },
      { r: { kind: 'name', name: 'other' }, m: 'real', b: null },
    ]);
  });

  it('a module name bound to something else as well has no item class', () => {
    const f = py('COUPONS = [Coupon(1)]\nCOUPONS = load()\nPAIRS = [Coupon(1)]\nPAIRS += extra\n');
    expect(f.bindings.filter((b) => b.itemInstanceOf)).toEqual([]);
  });

  it('parameters with a constructed default: an instance in tests and fixtures, unknown elsewhere', () => {
    const f = py(`
def test_a(h=Helper()):
    h.run()
def helper_fn(h=Helper()):
    h.run()
`);
    expect(f.memberAccesses.map((a) => a.binding ?? null)).toEqual([{ kind: 'instance', className: 'Helper' }, null]);
  });

  it('accesses inside try/except Exception: pass are swallowed', () => {
    const f = py('try:\n    obj.close()\nexcept Exception:\n    pass\nobj.open()\n');
    expect(f.memberAccesses.map((a) => `${a.member}:${a.swallowed ?? false}`)).toEqual(['close:true', 'open:false']);
  });
});

describe('tests (pytest and unittest)', () => {
  it('pytest functions and Test classes; marks, skip, params, async, assertions', () => {
    const f = py(`
import pytest
def test_plain(tmp_path, monkeypatch, opt=1, *args, **kw):
    assert tmp_path
@pytest.mark.skip(reason="x")
def test_skipped():
    pass
async def test_async(client):
    client.assert_called_once()
def helper(): pass
class TestGroup:
    def test_method(self, db):
        with pytest.raises(ValueError):
            db.go()
    def helper(self): pass
class Helper:
    def test_not_collected(self): pass
`);
    expect(f.tests.map((t) => `${t.kind}:${[...t.scope, t.name].join('.')}:${t.skip}:${t.hasAssertion}:${t.async ?? '-'}:${(t.params ?? []).join(',')}`)).toEqual([
      'test:test_plain:false:true:false:tmp_path,monkeypatch',
      'test:test_skipped:true:false:false:',
      'test:test_async:false:true:true:client',
      'suite:TestGroup:false:null:-:',
      'test:TestGroup.test_method:false:true:false:db',
    ]);
    expect(f.tests[1]!.marks).toEqual(['pytest.mark.skip']);
  });

  it('unittest.TestCase subclasses of any name (also through an in-file base) list test* methods', () => {
    const f = py(`
import unittest
class Base(unittest.TestCase):
    def test_base(self):
        self.assertEqual(1, 1)
class MyChecks(Base):
    def test_one(self): pass
    def check_two(self): pass
`);
    expect(f.tests.map((t) => `${t.kind}:${[...t.scope, t.name].join('.')}:${t.hasAssertion}`)).toEqual([
      'suite:Base:null', 'test:Base.test_base:true', 'suite:MyChecks:null', 'test:MyChecks.test_one:false',
    ]);
  });

  it('custom python_functions / python_classes globs', () => {
    const f = py('def check_a(): pass\ndef test_b(): pass\nclass SuiteX:\n    def check_c(self): pass\n', { pythonFunctions: ['check_*'], pythonClasses: ['Suite*'] });
    expect(f.tests.map((t) => t.name)).toEqual(['check_a', 'SuiteX', 'check_c']);
  });

  it('a Test class with __init__ is still listed as a suite', () => {
    const f = py('class TestX:\n    def __init__(self): pass\n    def test_a(self): pass\n');
    expect(f.tests.map((t) => `${t.kind}:${t.name}`)).toEqual(['suite:TestX', 'test:test_a']);
  });

  it('mock.patch decorators inject arguments that are not fixtures', () => {
    const f = py("@mock.patch('a.b')\n@patch.object(C, 'x')\ndef test_p(m1, m2, real_fixture): pass\n");
    expect(f.tests[0]!.params).toEqual(['real_fixture']);
  });

  it('parametrize: argnames and value arities', () => {
    const f = py(`
@pytest.mark.parametrize("a, b", [(1, 2), (3,), pytest.param(4, 5, id="x"), case])
@pytest.mark.parametrize(("c",), [1, (2, 3)])
@pytest.mark.parametrize("d", make_values())
def test_p(a, b, c, d): pass
`);
    expect(f.tests[0]!.parametrize!.map((p) => ({ argnames: p.argnames, valueArity: p.valueArity, valuesStatic: p.valuesStatic }))).toEqual([
      { argnames: ['a', 'b'], valueArity: [2, 1, 2, null], valuesStatic: true },
      { argnames: ['c'], valueArity: [1, 1], valuesStatic: true },
      { argnames: ['d'], valueArity: [], valuesStatic: false },
    ]);
  });

  it('fixtures: name override, autouse, scope, params, marks on fixtures', () => {
    const f = py(`
@pytest.fixture
def plain(tmp_path): return 1
@pytest.fixture(scope="module", autouse=True, name="renamed", params=[1, 2])
def _impl(request): return request.param
@pytest.mark.usefixtures("x")
@pytest.fixture
def marked(): pass
class TestK:
    @pytest.fixture
    def inner(self, plain): pass
`);
    expect(f.pytest!.fixtures.map((x) => ({ name: x.name, fn: x.functionName, params: x.params, autouse: x.autouse, scope: x.scope, classScope: x.classScope, parametrized: x.parametrized, other: x.otherDecorators }))).toEqual([
      { name: 'plain', fn: 'plain', params: ['tmp_path'], autouse: false, scope: null, classScope: [], parametrized: false, other: [] },
      { name: 'renamed', fn: '_impl', params: ['request'], autouse: true, scope: 'module', classScope: [], parametrized: true, other: [] },
      { name: 'marked', fn: 'marked', params: [], autouse: false, scope: null, classScope: [], parametrized: false, other: ['pytest.mark.usefixtures'] },
      { name: 'inner', fn: 'inner', params: ['plain'], autouse: false, scope: null, classScope: ['TestK'], parametrized: false, other: [] },
    ]);
    expect(f.tests.map((t) => t.name)).toEqual(['TestK']);
  });
});

describe('callables and callees (assertion-free-test)', () => {
  const names = (calls: { name: string; chained?: boolean; passed?: boolean }[] | undefined) =>
    (calls ?? []).map((c) => `${c.passed ? '>' : ''}${c.name}${c.chained ? '~' : ''}`);

  it('top-level functions, methods and fixtures say whether they assert and, when not, what they call', () => {
    const f = py(`
def helper(x):
    def inner():
        assert x
    return inner
def runner(x):
    helper(x)
    make().go(x).verify()
class TestA:
    def _check(me, v):
        me.other(v)
@pytest.fixture
def fx():
    return build()
`);
    expect(f.callables!.map((c) => `${c.kind} ${c.className ?? ''}.${c.name} ${c.asserts} ${names(c.calls).join(' ')}`)).toEqual([
      'function .helper true ',
      'function .runner false helper >x make make.go~ make.go.verify~',
      'method TestA._check false self.other >v',
      'fixture .fx false build',
    ]);
  });

  it('a test without an assertion lists its callees; assertion forms on any receiver count', () => {
    const f = py(`
def test_calls(fx):
    run(check, key=fx)
    self_like.helper.verify()
def test_mock_in_dict():
    mocks["a"].assert_called_once()
def test_pytester(pytester):
    pytester.runpytest().stdout.fnmatch_lines(["*"])
def test_bare_fnmatch_lines():
    fnmatch_lines(["*"])
`);
    expect(f.tests.map((t) => `${t.name} ${t.hasAssertion} ${names(t.calls).join(' ')}`)).toEqual([
      'test_calls false run >check >fx self_like.helper.verify',
      'test_mock_in_dict true ',
      'test_pytester true ',
      'test_bare_fnmatch_lines false fnmatch_lines',
    ]);
  });

  it('a raise directly in a test body is a check; in a nested fake or a helper it is not', () => {
    const f = py(`
def boom(*a):
    raise OSError("x")
def test_by_hand():
    if total() != 3:
        raise AssertionError("wrong")
def test_fake_raises():
    def fake():
        raise OSError("x")
    use(fake)
def test_reraises():
    try:
        run()
    except OSError:
        raise
`);
    expect(f.tests.map((t) => `${t.name} ${t.hasAssertion}`)).toEqual(['test_by_hand true', 'test_fake_raises false', 'test_reraises false']);
    expect(f.callables!.map((c) => `${c.name} ${c.asserts}`)).toEqual(['boom false']);
  });

  it('module and class pytestmark marks', () => {
    const f = py(`
pytestmark = [pytest.mark.smoke, pytest.mark.usefixtures("db")]
class TestK:
    pytestmark = pytest.mark.slow
    def test_a(self): pass
`);
    expect(f.module.pytestmarks).toEqual(['pytest.mark.smoke', 'pytest.mark.usefixtures']);
    expect(f.tests[0]!.marks).toEqual(['pytest.mark.slow']);
  });
});

describe('suppressions', () => {
  it('line, next-line and file suppressions with and without rule lists', () => {
    const f = py(`
x = 1  # test-lint: disable=undefined-name, missing-export
# test-lint: disable-next-line=unknown-member
y.z()
# test-lint: disable-file
w = 2  # test-lint: disable
s = "# test-lint: disable=not-a-comment"
`);
    expect(f.suppressions.map((s) => `${s.kind}:${s.targetLine}:${s.rules.join('+')}`)).toEqual([
      'line:1:undefined-name+missing-export', 'next-line:3:unknown-member', 'file:4:', 'line:5:',
    ]);
  });
});

describe('syntax errors (CPython agreement)', () => {
  it('a block opener whose body was commented out is an IndentationError', () => {
    expect(errors(py('def f():\n#    pass\nx = 1\n'))).toEqual(["3: expected an indented block after function definition on line 1"]);
  });

  it('unexpected indent and unindent mismatch', () => {
    expect(errors(py('x = 1\n    y = 2\n'))).toEqual(['2: unexpected indent']);
    expect(errors(py('if x:\n    a = 1\n  b = 2\n'))).toEqual(['3: unindent does not match any outer indentation level']);
  });

  it('f-string reusing the outer quote: an error for 3.11, fine for 3.12', () => {
    const src = 'f"{x["a"]}"\n';
    expect(errors(py(src, { pythonVersion: [3, 11] }))).toEqual(["1: f-string: expecting '}'"]);
    expect(errors(py(src, { pythonVersion: [3, 12] }))).toEqual([]);
    expect(errors(py('f"{x!r:>{w}}"\n', { pythonVersion: [3, 11] }))).toEqual([]);
  });

  it('version gates: match < 3.10, except* < 3.11, type alias < 3.12, positional-only < 3.8', () => {
    expect(errors(py('match x:\n    case 1: pass\n', { pythonVersion: [3, 9] }))).toHaveLength(1);
    expect(errors(py('match x:\n    case 1: pass\n', { pythonVersion: [3, 10] }))).toEqual([]);
    expect(errors(py('try:\n    pass\nexcept* E:\n    pass\n', { pythonVersion: [3, 10] }))).toHaveLength(1);
    expect(errors(py('type X = int\n', { pythonVersion: [3, 11] }))).toHaveLength(1);
    expect(errors(py('type X = int\n', { pythonVersion: [3, 12] }))).toEqual([]);
    expect(errors(py('def f(a, /): pass\n', { pythonVersion: [3, 7] }))).toHaveLength(1);
  });

  it('compile-time checks tree-sitter accepts', () => {
    expect(errors(py('return 1\n'))).toEqual(["1: 'return' outside function"]);
    expect(errors(py('def f(a, a): pass\n'))).toEqual(["1: duplicate argument 'a' in function definition"]);
    expect(errors(py('None = 1\n'))).toHaveLength(1);
    expect(errors(py('def f(a=1, b): pass\n'))).toEqual(['1: non-default argument follows default argument']);
    expect(errors(py('x=1\nfrom __future__ import annotations\n'))).toEqual(['2: from __future__ imports must occur at the beginning of the file']);
    expect(errors(py('print "hello"\n'))).toEqual(["1: Missing parentheses in call to 'print'. Did you mean print(...)?"]);
  });

  it('imports are still read from a broken file', () => {
    const f = py('import os\nfrom a import b\ndef broken(:\n    pass\n');
    expect(f.parseErrors.length).toBeGreaterThan(0);
    expect(f.imports.map((i) => i.specifier)).toEqual(['os', 'a']);
  });
});

describe('robustness', () => {
  it('garbage input never throws', () => {
    for (const src of ['\u0000\u0001\u0002', ')))(((', '"""', 'def', '\t\t\t x', '@', '\\', 'é😀 = 1', 'x = "\ud800"']) {
      expect(() => py(src)).not.toThrow();
    }
  });

  it('3000 nested brackets: no throw, CPython-like error', () => {
    const f = py('x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '\n');
    expect(errors(f)[0]).toMatch(/too many nested parentheses/);
  });

  it('deeply nested expressions without brackets do not blow the stack', () => {
    expect(() => py('x = ' + '-'.repeat(20000) + '1\n')).not.toThrow();
    expect(() => py('x = ' + 'a + '.repeat(20000) + '1\n')).not.toThrow();
  });

  it('spans use UTF-16 columns and offsets', () => {
    const f = py('s = "é😀"; zz\n');
    const r = f.references[0]!;
    expect(r.name).toBe('zz');
    expect(r.span).toEqual({ line: 1, column: 12, endLine: 1, endColumn: 14, start: 11, end: 13 });
  });
});
