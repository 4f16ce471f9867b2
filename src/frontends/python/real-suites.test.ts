// Facts that were wrong on real pytest suites (pytest's own tests, home-assistant/core), reduced to minimal code.
import { describe, expect, it } from 'vitest';
import { py, refs } from './test-helpers.js';

describe('facts from real suites', () => {
  it('`del obj.attr` reads obj only; the attribute name is not a variable', () => {
    const f = py(`
def f(ns, sys):
    del ns.cached
    del sys.last_type, ns.items[0]
    del ns.a.b
`);
    expect(refs(f)).toEqual([]);
  });

  it('a class statement in a class body binds there: a later base list and decorator read it', () => {
    const f = py(`
class Outer:
    class Base(Warning):
        pass

    class Child(Base):
        pass

    @staticmethod
    def deco(): pass

    class Grand(Child):
        def m(self):
            return Base
`);
    // `Base` inside a method skips the class scope (CPython): still free there.
    expect(refs(f)).toEqual(['Warning@2:collect', 'staticmethod@8:collect', 'Base@13:run']);
    expect(f.classes.find((c) => c.name === 'Outer')!.members.map((m) => m.name)).toEqual(['Base', 'Child', 'deco', 'Grand']);
  });

  it('a class defined in a method is bound in the method, not a member of the enclosing class', () => {
    const f = py(`
class T:
    def test_x(self):
        class Local:
            pass
        return Local()
`);
    expect(refs(f)).toEqual([]);
    expect(f.classes.find((c) => c.name === 'T')!.members.map((m) => m.name)).toEqual(['test_x']);
  });

  it('`with a if c else b as x` binds x to the whole conditional (tree-sitter nests `as` in the else branch)', () => {
    const f = py(`
def f(c, a, b):
    with a if c else b as x, a or b as y:
        return x, y
`);
    expect(refs(f)).toEqual([]);
  });

  it('`# noqa: F821` is an undefined-name suppression that is never reported unused', () => {
    const f = py(`
def f():
    return missing  # type: ignore[name-defined] # noqa: F821
y = 1  # noqa: E501, F821
z = 2  # noqa: E501
`);
    expect(f.suppressions.map((s) => `${s.targetLine}:${s.rules.join('+')}:${s.foreign}`)).toEqual(['2:undefined-name:true', '3:undefined-name:true']);
  });

  it('a type checker\'s ignore comment covers the rules reporting the same error (pytest\'s typing tests)', () => {
    const f = py(`
e.exception_type().blah()  # type: ignore
e.missing()  # type: ignore[attr-defined]
f(1, 2)  # pyright: ignore[reportCallIssue]
x = g()  # type: ignore[assignment]
`);
    expect(f.suppressions.map((s) => `${s.targetLine}:${s.rules.join('+')}:${s.foreign}`)).toEqual([
      '1:unknown-member+unset-attribute+call-arity:true', '2:unknown-member+unset-attribute:true', '3:call-arity:true',
    ]);
  });
});
