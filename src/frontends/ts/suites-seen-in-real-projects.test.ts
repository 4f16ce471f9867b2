// Facts that real suites (vitest, vue, mobx, date-fns) showed the front-end getting wrong.
import { describe, expect, it } from 'vitest';
import { facts } from './test-helpers.js';
import type { TestFact } from '../../facts/types.js';

const rows = (text: string, file?: string) =>
  facts(text, file).tests.map((t: TestFact) => `${t.kind} ${[...t.scope, t.name].join(' > ')}${t.skip ? ' skip' : ''}${t.dynamicName ? ' dynamic' : ''}`);

describe('test-defining APIs', () => {
  it('counts calls of a `test.extend(…)` alias (also chained, with modifiers) as tests', () => {
    expect(rows(`
      import { test, describe } from 'vitest';
      const myTest = test.extend({ a: 1 }).extend({ b: 2 });
      describe('s', () => {
        myTest('one', ({ a }) => {});
        myTest.concurrent('two', () => {});
        myTest.skip('three', () => {});
      });
      const notATest = helper.extend({});
      notATest('x', () => {});
    `)).toEqual(['suite s', 'test s > one', 'test s > two', 'test s > three skip']);
  });

  it('reads Playwright `test.describe` (and `.serial`, `.fixme`) as suites', () => {
    expect(rows(`
      import { test } from '@playwright/test';
      test.describe('a', () => { test('t', async () => {}); });
      test.describe.serial('b', () => { test('t', async () => {}); test.fixme('later', async () => {}); });
      test.describe.configure({ mode: 'serial' });
    `, 'app.spec.ts')).toEqual(['suite a', 'test a > t', 'suite b', 'test b > t', 'test b > later skip']);
  });

  it("counts ESLint's RuleTester#run(name, rule, { valid, invalid }) as tests", () => {
    expect(rows(`
      const tester = new RuleTester();
      tester.run('no-foo', rule, { valid: ['a'], invalid: [] });
      server.run('x', handler, { port: 1 });
    `, 'no-foo.js')).toEqual(['test no-foo dynamic']);
  });
});

describe('references', () => {
  it('does not report names read only inside a skipped test body (a skipped suite body still runs)', () => {
    const f = facts(`
      test.skip('later', () => { notWrittenYet(); });
      xit('later too', () => { alsoMissing(); });
      describe.skip('suite', () => { collectedAnyway(); });
      test('runs', () => { reallyMissing(); });
    `);
    const runner = new Set(['test', 'xit', 'describe']);
    expect(f.references.filter((r) => !r.guarded && !runner.has(r.name)).map((r) => r.name)).toEqual(['collectedAnyway', 'reallyMissing']);
  });

  it('gives a namespace receiver only when the name is the module binding, not a local that shadows it', () => {
    const f = facts(`
      import * as a from './a';
      a.top;
      const g = (a) => a.charCodeAt(0);
      function h() { const a = 'x'; return a.length; }
      test('t', () => a.inTest);
    `);
    expect(f.memberAccesses.map((m) => `${m.member}:${m.receiver.kind}`)).toEqual(['top:name', 'charCodeAt:other', 'length:other', 'inTest:name']);
  });

  it('marks every import of a declaration file as types only (runners never load it)', () => {
    const f = facts(`export * from './dist/index.js';\nimport { x } from './dist/x.js';\nexport { x };`, 'index.d.ts');
    expect(f.imports.map((i) => [i.specifier, i.typeOnly])).toEqual([['./dist/index.js', true], ['./dist/x.js', true]]);
  });
});
