import { describe, expect, it } from 'vitest';
import { facts } from './test-helpers.js';

/** Exports as compact rows: name kind [from imported] [type]. */
function rows(text: string, file?: string): string[] {
  return facts(text, file).exports.map((e) =>
    [e.name, e.kind, e.from, e.imported, e.typeOnly ? 'type' : undefined].filter((x) => x !== undefined).join(' '));
}

describe('ES exports', () => {
  it('lists every declaration form', () => {
    expect(rows(`
      export const a = 1, { b, c: [d] } = o;
      export let e; export var f;
      export function g() {}
      export class H {}
      export enum I { X }
      export namespace J { export const k = 1; }
      export interface K {}
      export type L = string;
      export declare const m: number;
    `)).toEqual(['a local', 'b local', 'd local', 'e local', 'f local', 'g local', 'H local', 'I local', 'J local',
      'K local type', 'L local type', 'm local type']);
  });

  it('names default exports default', () => {
    expect(rows(`export default function named() {}`)).toEqual(['default local']);
    expect(rows(`export default class {}`)).toEqual(['default local']);
    expect(rows(`const x = 1; export default x;`)).toEqual(['default local']);
  });

  it('lists export lists, aliases and type-only specifiers', () => {
    expect(rows(`
      const a = 1, b = 2; type T = 1;
      export { a, b as c, type T };
    `)).toEqual(['a local', 'c local', 'T local type']);
  });

  it('lists re-exports, star and namespace re-exports with their source', () => {
    expect(rows(`
      export { a as b, c } from './x';
      export * from './y';
      export * from './z';
      export * as ns from './w';
      export type { T } from './t';
    `)).toEqual(['b reexport ./x a', 'c reexport ./x c', '* star ./y', '* star ./z', 'ns namespace-reexport ./w',
      'T reexport ./t T type']);
  });

  it('records export = as export-equals', () => {
    expect(rows(`const x = 1; export = x;`)).toEqual(['export= export-equals']);
  });

  it('dedupes overloads, enum and namespace merging, keeping value over type', () => {
    expect(rows(`
      export function f(a: string): void;
      export function f(a: number): void;
      export function f(a: any) {}
      export interface V {}
      export const V = 1;
      export enum E { A }
      export enum E { B = 2 }
    `)).toEqual(['f local', 'V local', 'E local']);
  });

  it('sets module.esm only when the file has import/export syntax', () => {
    expect(facts(`export const a = 1;`).module.esm).toBe(true);
    expect(facts(`import 'x';`).module.esm).toBe(true);
    expect(facts(`const a = require('x');`, 'a.js').module.esm).toBe(false);
  });
});

describe('CommonJS exports', () => {
  it('lists the keys of module.exports = { … }', () => {
    const f = facts(`const a = 1; module.exports = { a, b: 2, c() {} };`, 'a.js');
    expect(f.exports.map((e) => e.name)).toEqual(['a', 'b', 'c']);
    expect(f.module).toMatchObject({ commonjs: true, dynamicExports: false });
  });

  it('lists exports.x and module.exports.x assignments', () => {
    const f = facts(`exports.a = 1; module.exports.b = 2; exports['c'] = 3; Object.defineProperty(exports, 'd', {});`, 'a.cjs');
    expect(f.exports.map((e) => `${e.name} ${e.kind}`)).toEqual(['a local', 'b local', 'c local', 'd local']);
    expect(f.module.commonjs).toBe(true);
  });

  it('marks module.exports = <not an object literal> as dynamic', () => {
    expect(facts(`module.exports = require('./impl');`, 'a.js').module).toMatchObject({ commonjs: true, dynamicExports: true });
    expect(facts(`module.exports = { ...base, x };`, 'a.js').module).toMatchObject({ commonjs: true, dynamicExports: true });
    expect(facts(`module.exports = class Foo {};`, 'a.js').module.dynamicExports).toBe(true);
  });

  it('ignores exports.__esModule', () => {
    expect(facts(`Object.defineProperty(exports, '__esModule', { value: true }); exports.x = 1;`, 'a.js').exports.map((e) => e.name)).toEqual(['x']);
  });
});

describe('bindings', () => {
  it('lists top-level declarations with their kinds, not nested ones or types', () => {
    const f = facts(`
      import d, { a } from './m';
      function f(x, y = 1, ...r) { const inner = 1; }
      class C {}
      const { p, q: [s] } = o;
      enum E { A }
      namespace N {}
      interface I {}
      type T = 1;
    `);
    expect(f.bindings.map((b) => `${b.name}:${b.kind}`)).toEqual([
      'd:import', 'a:import', 'f:function', 'C:class', 'p:variable', 's:variable', 'E:other', 'N:other']);
    expect(f.bindings[2].params).toEqual({ required: 1, positional: 2, variadic: true, keywordVariadic: false, requiredKeywords: [], decorated: false });
    expect(f.bindings[2].span).toMatchObject({ line: 3, column: 16 });
  });

  it('keeps the implementation signature of overloaded functions', () => {
    const f = facts(`function f(a: string): void;\nfunction f(a: string, b?: number) {}`);
    expect(f.bindings).toHaveLength(1);
    expect(f.bindings[0].params).toMatchObject({ required: 1, positional: 2 });
  });
});
