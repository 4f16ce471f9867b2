import { describe, expect, it } from 'vitest';
import { facts } from './test-helpers.js';
import type { ClassFact } from '../../facts/types.js';

function members(c: ClassFact): string[] {
  return c.members.map((m) => `${m.static ? 'static ' : ''}${m.kind} ${m.name}`);
}

describe('classes', () => {
  it('lists methods, fields, accessors and static members', () => {
    const [c] = facts(`
      class Page {
        title = '';
        static count: number;
        get url() { return ''; }
        set url(v) {}
        open(a: string, b?: number) {}
        static create() {}
        #secret = 1;
      }
    `).classes;
    expect(members(c)).toEqual(['field title', 'static field count', 'accessor url', 'method open', 'static method create', 'field #secret']);
    expect(c.members[3].params).toMatchObject({ required: 1, positional: 2, variadic: false });
    expect(c.topLevel).toBe(true);
  });

  it('counts constructor parameter properties as fields and this.x assignments as attributes', () => {
    const [c] = facts(`
      class Helper {
        declared = 1;
        constructor(private readonly api: Api, plain: number) { this.ready = true; this.declared = 2; }
        reset() { this.ready = false; const f = () => { this.late = 1; }; }
      }
    `).classes;
    expect(members(c)).toEqual(['field declared', 'field api', 'method reset', 'attribute ready', 'attribute late']);
  });

  it('does not give this.x of a nested function or object method to the class', () => {
    const [c] = facts(`
      class K { m() { function f() { this.a = 1; } const o = { n() { this.b = 1; } }; } }
    `).classes;
    expect(members(c)).toEqual(['method m']);
  });

  it('records bases as dotted names, null for expressions', () => {
    const cs = facts(`
      class A extends Base {}
      class B extends ns.Base {}
      class C extends mixin(Base) {}
      class D implements I {}
    `).classes;
    expect(cs.map((c) => c.bases)).toEqual([['Base'], ['ns.Base'], [null], []]);
  });

  it('marks index signatures as dynamic members and records decorators', () => {
    const [c] = facts(`@Injectable() @ns.Tag class Bag { [key: string]: unknown; }`).classes;
    expect(c.dynamicMembers).toBe(true);
    expect(c.decorators).toEqual(['Injectable', 'ns.Tag']);
  });

  it('names class expressions by their own name or the const they initialise; nested ones are not top level', () => {
    const cs = facts(`
      const Anon = class {};
      const Outer = class Inner {};
      describe('s', () => { class Local {} });
    `).classes;
    expect(cs.map((c) => `${c.name} ${c.topLevel}`)).toEqual(['Anon true', 'Inner true', 'Local false']);
  });

  it('keeps one member per overloaded method, with the implementation params', () => {
    const [c] = facts(`class K { m(a: string): void; m(a: string, b: number): void; m(a: any, b?: any) {} }`).classes;
    expect(c.members).toHaveLength(1);
    expect(c.members[0].params).toMatchObject({ required: 1, positional: 2 });
  });
});

describe('member accesses', () => {
  it('records name, self, self-attr and new receivers with call arity', () => {
    const f = facts(`
      helper.run(1, ...rest);
      class C { m() { this.go(); this.dep.call(1, 2); } }
      new Page().open;
      obj[key]();
    `);
    expect(f.memberAccesses.map((m) => `${JSON.stringify(m.receiver)} ${m.member} ${m.call ? `${m.call.args}${m.call.spread ? '+' : ''}` : '-'} ${m.phase}`)).toEqual([
      '{"kind":"name","name":"helper"} run 1+ collect',
      '{"kind":"self","className":"C"} go 0 run',
      '{"kind":"self-attr","className":"C","attr":"dep"} call 2 run',
      '{"kind":"self","className":"C"} dep - run',
      '{"kind":"new","className":"Page"} open - collect',
    ]);
  });

  it('does not record assignment targets as accesses', () => {
    expect(facts(`obj.x = 1; obj.y += 1;`).memberAccesses.map((m) => m.member)).toEqual(['y']);
  });
});
