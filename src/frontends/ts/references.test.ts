import { describe, expect, it } from 'vitest';
import { facts } from './test-helpers.js';

/** Free references as `name@line:phase[:type][:guarded]`. */
function refs(text: string, file?: string): string[] {
  return facts(text, file).references.map((r) =>
    `${r.name}@${r.span.line}:${r.phase}${r.typeOnly ? ':type' : ''}${r.guarded ? ':guarded' : ''}`);
}

function names(text: string, file?: string): string[] {
  return facts(text, file).references.filter((r) => !r.typeOnly).map((r) => r.name);
}

describe('free references', () => {
  it('lists names bound nowhere with the phase they are read in', () => {
    expect(refs(`console.log(a);\nit('t', () => {\n  b();\n});`)).toEqual(['console@1:collect', 'a@1:collect', 'it@2:collect', 'b@3:run']);
  });

  it('does not count property names, object keys, labels or method names', () => {
    expect(names(`
      a.b.c;
      const o = { key: 1, ['k' + x]: 2, m() {} };
      outer: for (;;) { break outer; }
      class K { prop = 1; method() {} }
    `)).toEqual(['a', 'x']);
  });

  it('counts a shorthand property as a read, but not the key of a destructuring pattern', () => {
    expect(names(`const o = { short };\nconst { key: local = dflt } = src;`)).toEqual(['short', 'dflt', 'src']);
  });

  it('resolves hoisted var and function declarations used before them', () => {
    expect(names(`
      f(); v;
      function f() { return g(); function g() {} }
      if (c) { var v = 1; }
      const late = () => later; const later = 1;
    `)).toEqual(['c']);
  });

  it('scopes let, const and class to their block', () => {
    expect(names(`{ const a = 1; class B {} } a; B;`)).toEqual(['a', 'B']);
  });

  it('binds catch parameters, for-of bindings and destructured parameters locally', () => {
    expect(names(`
      try {} catch ({ message }) { message; }
      for (const [k, v] of m) { k; v; }
      function f({ a, b: [c] }, ...rest) { a; c; rest; arguments; }
      const arrow = () => arguments;
    `)).toEqual(['m', 'arguments']);
  });

  it('binds function and class expression names inside themselves only', () => {
    expect(names(`const f = function self() { self; }; const C = class Me { m() { Me; } }; self; Me;`)).toEqual(['self', 'Me']);
  });

  it('marks typeof x as guarded, but not typeof x.y', () => {
    expect(refs(`if (typeof window !== 'undefined') {}\ntypeof a.b;`)).toEqual(['window@1:collect:guarded', 'a@2:collect']);
  });

  it('marks type positions as type-only and resolves type parameters and local types', () => {
    expect(refs(`
      interface Local {}
      function f<T>(x: T, y: Local, z: Missing): ReturnType<typeof g> {}
      type M<K> = { [P in keyof K]: K[P] extends infer U ? U : never };
    `)).toEqual(['Missing@3:run:type', 'ReturnType@3:run:type', 'g@3:run:type']);
  });

  it('does not let a type-only name satisfy a value read', () => {
    expect(names(`interface Foo {}\nnew Foo();`)).toEqual(['Foo']);
  });

  it('treats enum, namespace and import-equals names as bindings; enum members bind in initializers', () => {
    expect(names(`
      enum E { A = 1, B = A << 1 }
      namespace N { export const x = 1; x; }
      import Alias = N.x;
      E; N; Alias;
    `)).toEqual([]);
  });

  it('excludes names declared by declare global and declare const, skips declare module', () => {
    expect(names(`
      declare global { var __APP__: string; }
      declare const injected: number;
      declare module 'virtual' { export const inside: number; }
      __APP__; injected; inside;
    `)).toEqual(['inside']);
  });

  it('keeps undefined, NaN and globalThis as references', () => {
    expect(names(`[undefined, NaN, globalThis];`)).toEqual(['undefined', 'NaN', 'globalThis']);
  });

  it('skips intrinsic JSX tags but reads components and namespaces', () => {
    expect(names(`const a = <div><Comp x={y} /><ui.Button /><my-el /></div>;`, 'a.tsx')).toEqual(['Comp', 'y', 'ui']);
  });

  it('skips import.meta, new.target and this', () => {
    expect(names(`import.meta.url; function F() { new.target; this.x; }`)).toEqual([]);
  });

  it('reports an unresolved export { x } as a collect reference', () => {
    expect(refs(`export { missing };`)).toEqual(['missing@1:collect']);
  });

  it('survives a chain of thousands of binary operators', () => {
    const text = `const s = ${Array.from({ length: 5000 }, (_, i) => `v${i % 3}`).join(' + ')};`;
    expect(new Set(names(text))).toEqual(new Set(['v0', 'v1', 'v2']));
  });
});
