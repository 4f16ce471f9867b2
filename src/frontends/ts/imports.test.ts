import { describe, expect, it } from 'vitest';
import { facts } from './test-helpers.js';
import type { ImportFact } from '../../facts/types.js';

/** Imports as compact rows: kind specifier phase [imported>local:firstUse…]. */
function rows(text: string, file?: string): string[] {
  return facts(text, file).imports.map((i: ImportFact) =>
    `${i.kind} ${i.specifier} ${i.phase}${i.typeOnly ? ' type' : ''}${i.hasFactory ? ' factory' : ''}`
    + (i.names.length ? ` [${i.names.map((n) => `${n.imported}>${n.local}:${n.firstUse}${n.typeOnly ? ':type' : ''}`).join(' ')}]` : ''));
}

describe('import forms', () => {
  it('reads default, namespace, named and aliased imports', () => {
    expect(rows(`
      import d from './d';
      import * as ns from './ns';
      import { a, b as c } from './named';
      import e, { f } from './mixed';
    `)).toEqual([
      'import ./d collect [default>d:null]',
      'import ./ns collect [*>ns:null]',
      'import ./named collect [a>a:null b>c:null]',
      'import ./mixed collect [default>e:null f>f:null]',
    ]);
  });

  it('marks import type and inline type specifiers as type-only', () => {
    expect(rows(`
      import type { A } from './a';
      import { type B, C } from './b';
      import { type D } from './d';
    `)).toEqual([
      'import ./a collect type [A>A:null:type]',
      'import ./b collect [B>B:null:type C>C:null]',
      'import ./d collect type [D>D:null:type]',
    ]);
  });

  it('records side-effect imports and re-exports as imports', () => {
    expect(rows(`
      import './setup';
      export { x, y as z } from './xy';
      export * from './all';
      export * as ns from './ns';
    `)).toEqual([
      'side-effect ./setup collect',
      'export-from ./xy collect [x>x:null y>z:null]',
      'export-from ./all collect [*>*:null]',
      'export-from ./ns collect [*>ns:null]',
    ]);
  });

  it('records dynamic imports with their phase and ignores computed ones', () => {
    expect(rows(`
      const lazy = import('./top');
      it('loads', async () => { await import('./inside'); await import(name); });
    `)).toEqual(['dynamic ./top collect', 'dynamic ./inside run']);
  });

  it('records require with the names it destructures', () => {
    expect(rows(`
      const fs = require('fs');
      const { a, b: c } = require('./ab');
      const only = require('./m').only;
      require('./side');
      function later() { return require('./late'); }
    `, 'a.test.js')).toEqual([
      'require fs collect [*>fs:null]',
      'require ./ab collect [a>a:null b>c:null]',
      'require ./m collect [only>only:null]',
      'require ./side collect',
      'require ./late run',
    ]);
  });

  it('records import x = require() as a require', () => {
    expect(rows(`import fs = require('fs');\nfs.readFileSync;`)).toEqual(['require fs collect [*>fs:collect]']);
  });

  it('records vi.mock / jest.mock paths and whether they have a factory', () => {
    expect(rows(`
      vi.mock('./a');
      vi.mock('./b', () => ({ x: 1 }));
      jest.mock('./c', { virtual: true });
      vi.doMock(import('./d'), async () => ({}));
      const real = await vi.importActual('./e');
      jest.requireActual('./f');
    `)).toEqual([
      'mock ./a collect',
      'mock ./b collect factory',
      'mock ./c collect factory',
      'mock ./d collect factory',
      'mock ./e collect',
      'mock ./f collect',
    ]);
  });

  it('gives the specifier span including the quotes', () => {
    const [i] = facts(`import { a } from './mod';`).imports;
    expect(i.specifierSpan).toMatchObject({ line: 1, column: 19, endColumn: 26, start: 18, end: 25 });
    expect(i.span).toMatchObject({ line: 1, column: 1, endColumn: 27 });
  });
});

describe('firstUse', () => {
  it('is collect when read at top level or in a describe body', () => {
    expect(rows(`
      import { a, b } from './m';
      a();
      describe('s', () => { b.x; });
    `)).toEqual(['import ./m collect [a>a:collect b>b:collect]']);
  });

  it('is run when read only inside tests, hooks or functions', () => {
    expect(rows(`
      import { a, b, c } from './m';
      it('t', () => a());
      beforeEach(() => { b; });
      function helper() { return c; }
    `)).toEqual(['import ./m collect [a>a:run b>b:run c>c:run]']);
  });

  it('is null when the import is never read or read only in types', () => {
    expect(rows(`
      import { A, B, C } from './m';
      let x: A;
      type T = typeof B;
      class K implements C {}
    `)).toEqual(['import ./m collect [A>A:null B>B:null C>C:null]']);
  });

  it('is collect for decorators, extends clauses, static fields and top-level call arguments', () => {
    expect(rows(`
      import { dec, Base, init, arg } from './m';
      @dec class K extends Base { static s = init(); }
      console.log(arg);
    `)).toEqual(['import ./m collect [dec>dec:collect Base>Base:collect init>init:collect arg>arg:collect]']);
  });

  it('is run for instance field initializers and default parameter values', () => {
    expect(rows(`
      import { f, g } from './m';
      class K { x = f(); }
      function h(p = g) {}
    `)).toEqual(['import ./m collect [f>f:run g>g:run]']);
  });

  it('ignores reads shadowed by a parameter, a local or a catch binding', () => {
    expect(rows(`
      import { a, b, c, d } from './m';
      function f(a) { return a; }
      { const b = 1; b; }
      try {} catch (c) { c; }
      for (const d of []) d;
    `)).toEqual(['import ./m collect [a>a:null b>b:null c>c:null d>d:null]']);
  });

  it('sees through destructuring and var hoisting when shadowing', () => {
    expect(rows(`
      import { a, b } from './m';
      function f() { a; if (x) { var a = 1; } }
      const g = ({ b }) => b;
    `)).toEqual(['import ./m collect [a>a:null b>b:null]']);
  });

  it('counts a read in a nested block of the top level as collect', () => {
    expect(rows(`
      import { a } from './m';
      if (process.env.X) { const y = a; }
    `)).toEqual(['import ./m collect [a>a:collect]']);
  });

  it('counts a shorthand property and export default as reads, export { } not', () => {
    expect(rows(`
      import { a, b, c } from './m';
      const o = { a };
      export default b;
      export { c };
    `)).toEqual(['import ./m collect [a>a:collect b>b:collect c>c:null]']);
  });

  it('treats an IIFE and forEach callbacks at top level as collect', () => {
    expect(rows(`
      import { a, b } from './m';
      (() => a())();
      [1, 2].forEach((n) => b(n));
    `)).toEqual(['import ./m collect [a>a:collect b>b:collect]']);
  });

  it('tracks firstUse of require locals too', () => {
    expect(rows(`
      const { a, b } = require('./m');
      a();
      it('t', () => b());
    `, 'x.test.js')).toEqual(['require ./m collect [a>a:collect b>b:run]']);
  });
});
