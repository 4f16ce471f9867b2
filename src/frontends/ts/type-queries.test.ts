import { describe, expect, it } from 'vitest';
import { facts } from './test-helpers.js';

/** Member accesses with a type query, as `member<-from` (`@values` when the values assigned are asked about instead). */
function queries(text: string, file?: string): string[] {
  return facts(text, file).memberAccesses.filter((a) => a.typeQuery).map((a) => {
    const values = a.typeQuery!.values?.map((r) => text.slice(r.start, r.end)).join('|');
    return `${a.member}<-${a.typeQuery!.from.join(',')}${values ? `@${values}` : ''}`;
  });
}

describe('type queries: receivers whose type only a checker can tell', () => {
  it('names the callee of a factory call, awaited or destructured', () => {
    expect(queries(`const h = makeHelper();\nh.a();\nconst g = await ns.create();\ng.b();\nconst { x } = setup();\nx.c();`))
      .toEqual(['a<-makeHelper', 'b<-ns', 'c<-setup']);
  });

  it('names the types of an annotation, skipping utility types', () => {
    expect(queries(`let h: ReturnType<typeof makeHelper>;\nit('t', () => h.a());\nfunction f(p: Awaited<Api>) { p.b(); }`))
      .toEqual(['a<-makeHelper', 'b<-Api']);
  });

  it('a `let` declared bare is asked at every value assigned to it, wherever the assignments are', () => {
    expect(queries(`let h;\nit('t', () => h.a());\nbeforeEach(() => { h = makeHelper(); });\nafterEach(() => { h = other(); });`))
      .toEqual(['a<-makeHelper,other@makeHelper()|other()']);
    expect(queries(`let h;\nbeforeEach(() => { h += 1; h = make(); });\nit('t', () => h.a());`)).toEqual([]);
    expect(queries(`let h;\n({ h } = setup());\nit('t', () => h.a());`)).toEqual([]);
  });

  it('asks at `this.field` from the field initializer or assignments, and at getter chains', () => {
    expect(queries(`class S {\n  h = makeHelper();\n  run() { return this.h.go(); }\n}`)).toEqual(['go<-makeHelper']);
    expect(queries(`const h = new Helper();\nh.db.query();`)).toEqual(['db<-Helper', 'query<-Helper']);
  });

  it('names an imported value, but not a namespace import', () => {
    expect(queries(`import { helper } from './setup';\nimport * as ns from './ns';\nhelper.a();\nns.b();`)).toEqual(['a<-helper']);
  });

  it('asks nothing of receivers typed any/unknown by syntax, untyped parameters, literals, or JS files', () => {
    expect(queries(`const a: any = make();\na.x();\nconst b = make() as unknown;\nb.y();\nfunction f(p) { p.z(); }\nconst o = { k: 1 };\no.k;`)).toEqual([]);
    expect(queries(`const h = makeHelper();\nh.a();`, 'a.test.js')).toEqual([]);
  });

  it('lists the property names the file declares', () => {
    expect(facts(`class C { m() {} f = 1; get g() { return 1; } }\ninterface I { p: number; q(): void }\nconst o = { k: 1, s() {} };\nx.assigned = 1;`).memberNames?.sort())
      .toEqual(['assigned', 'f', 'g', 'k', 'm', 'p', 'q', 's']);
  });
});
