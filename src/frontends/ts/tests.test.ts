import { describe, expect, it } from 'vitest';
import { facts } from './test-helpers.js';
import type { TestFact } from '../../facts/types.js';

/** Tests as `kind scope>name flags`. */
function rows(text: string, file?: string): string[] {
  return facts(text, file).tests.map((t: TestFact) => {
    const flags = [t.only && 'only', t.skip && 'skip', t.todo && 'todo', t.dynamicName && 'dynamic',
      t.hasAssertion === null ? 'assert?' : t.hasAssertion ? 'assert' : 'no-assert'].filter(Boolean).join(',');
    return `${t.kind} ${[...t.scope, t.name].join(' > ')} ${flags}`;
  });
}

describe('test facts', () => {
  it('finds suites and tests with their enclosing suite titles', () => {
    expect(rows(`
      describe('outer', () => {
        context('inner', () => {
          it('a', () => { expect(1).toBe(1); });
          test('b', () => {});
        });
        specify('c', function () { assert.ok(true); });
      });
    `)).toEqual([
      'suite outer assert?',
      'suite outer > inner assert?',
      'test outer > inner > a assert',
      'test outer > inner > b no-assert',
      'test outer > c assert',
    ]);
  });

  it('reads .only, .skip, .todo, fit, fdescribe, xit and xdescribe', () => {
    expect(rows(`
      it.only('o', () => {});
      describe.skip('s', () => {});
      it.todo('t');
      fit('f', () => {});
      fdescribe('fd', () => {});
      xit('x', () => {});
      xdescribe('xd', () => {});
      test.concurrent.only('co', async () => {});
    `)).toEqual([
      'test o only,no-assert', 'suite s skip,assert?', 'test t todo,assert?', 'test f only,no-assert',
      'suite fd only,assert?', 'test x skip,no-assert', 'suite xd skip,assert?', 'test co only,no-assert',
    ]);
  });

  it('reads .each, .skipIf and .runIf calls and marks each-titles dynamic', () => {
    expect(rows(`
      it.each([[1, 2]])('adds %i', (a, b) => { expect(a).toBe(b); });
      describe.each\`a\n\${1}\`('table $a', ({ a }) => {});
      test.skipIf(isCi)('maybe', () => {});
      it.only.each([1])('focused %s', () => {});
    `)).toEqual([
      'test adds %i dynamic,assert', 'suite table $a dynamic,assert?', 'test maybe no-assert', 'test focused %s only,dynamic,no-assert',
    ]);
  });

  it('uses the source text as the name of a dynamic title', () => {
    const [t, u] = facts('it(`case ${n}`, () => {});\nit(name, () => {});').tests;
    expect([t.name, t.dynamicName, u.name, u.dynamicName]).toEqual(['`case ${n}`', true, 'name', true]);
  });

  it('gives the title span and the whole call span', () => {
    const [t] = facts(`describe('s', () => {\n  it('works', () => {});\n});`).tests.slice(1);
    expect(t.nameSpan).toMatchObject({ line: 2, column: 6, endColumn: 13 });
    expect(t.span).toMatchObject({ line: 2, column: 3, endLine: 2, endColumn: 24 });
  });

  it('recognises assertion forms: expect.*, assert*, should, expectTypeOf and test-context asserts', () => {
    expect(rows(`
      it('a', async () => { await expect(p).rejects.toThrow(); });
      it('b', () => { expect.assertions(1); });
      it('c', () => { x.should.equal(1); });
      it('d', () => { expectTypeOf(x).toBeString(); });
      test('e', (t) => { t.equal(1, 1); });
      test('f', (t) => { t.assert.ok(1); });
      it('g', () => { helper(); other.expectation; });
      it('h', () => { [1].forEach((n) => assertValid(n)); });
      it('i', () => { p.then(() => fail('must not resolve')); });
      it('j', () => { if (bad()) throw new Error('bad'); });
      it('k', () => { const f = () => { throw new Error('fake'); }; use(f); });
    `).map((r) => r.split(' ').pop())).toEqual(['assert', 'assert', 'assert', 'assert', 'assert', 'assert', 'no-assert', 'assert', 'assert', 'assert', 'no-assert']);
  });

  it('does not treat calls inside a test body, or regex.test(), as tests', () => {
    expect(rows(`
      it('outer', () => { it('inner', () => {}); });
      /x/.test(s); re.test('x');
    `)).toEqual(['test outer no-assert']);
  });

  it('marks a test whose callback is not an inline function as not analysed', () => {
    expect(rows(`it('ref', helperFn);`)).toEqual(['test ref assert?']);
  });

  it('still finds tests declared in a helper function', () => {
    expect(rows(`function shared() { it('shared', () => {}); }\ndescribe('s', () => shared());`)).toEqual([
      'test shared no-assert', 'suite s assert?']);
  });

  it('named helpers outside any body say whether they assert and what they call; tests list their callees', () => {
    const f = facts(`
      function top(x) { expect(x).toBe(1); }
      describe('s', () => {
        function local(v) { render(v).then(done); }
        const arrow = async () => { await local(1); };
        const alias = top.bind(null, 2);
        it('t', () => { arrow(); runWith(local); this.ctx.go(); });
      });
    `);
    const names = (calls: { name: string; chained?: boolean; passed?: boolean }[] | undefined) =>
      (calls ?? []).map((c) => `${c.passed ? '>' : ''}${c.name}${c.chained ? '~' : ''}`).join(' ');
    expect(f.callables!.map((c) => `${c.name} ${c.localScope ? 'local' : 'module'} ${c.asserts} ${names(c.calls)}`)).toEqual([
      'top module true ',
      'local local false render.then~ >done render >v',
      'arrow local false local',
      'alias local false top',
    ]);
    expect(names(f.tests.find((t) => t.name === 't')!.calls)).toBe('arrow runWith >local this.ctx.go');
  });
});
