import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import { checkReceivers, type CheckerHost, type CheckerQuery } from './ts-checker.js';

afterAll(removeTmpProjects);

const HELPERS = `
import { EventEmitter } from 'node:events';
export class Cat { meow() { return 1; } }
export class Dog { bark() { return 2; } }
export interface Conn { send(d: string): number; close?(): void }
export interface Bag { [k: string]: unknown }
export class Bus extends EventEmitter { publish() { return 1; } }
export interface Opts { retries: number }
export interface Opts { timeout: number }
export class Box<T> { constructor(public value: T) {} }
`;

/**
 * The checker's answer for `member` accessed after `// ask` in test.ts — on its receiver, or, with
 * `values` (`a|b`), on those assigned values instead.
 */
function ask(testSource: string, member: string, values?: string, extra: Record<string, string> = {}) {
  const root = tmpProject({ 'helpers.ts': HELPERS, 'test.ts': testSource, ...extra });
  const file = path.join(root, 'test.ts');
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf('// ask');
  const start = text.indexOf(`.${member}`, from) + 1;
  const query: CheckerQuery = { file, memberAt: { start, end: start + member.length }, member, key: 'k' };
  if (values) query.values = values.split('|').map((v) => ({ start: text.indexOf(v, from), end: text.indexOf(v, from) + v.length }));
  const host: CheckerHost = {
    resolve: (fromFile, spec) => {
      if (!spec.startsWith('.')) return null;
      const base = path.resolve(path.dirname(fromFile), spec);
      return [`${base}.ts`, `${base}.d.ts`].find((f) => existsSync(f)) ?? null;
    },
    textOf: () => undefined,
    isFirstParty: (f) => f.startsWith(root) && !f.includes('node_modules'),
  };
  const { answers } = checkReceivers([{ configFile: null, options: { strict: true }, queries: [query] }], host);
  const a = answers.get('k');
  return a ? { types: a.types.map((t) => t.name).join(' | '), missing: a.missing } : null;
}

describe('the type checker judges only first-party classes and interfaces', () => {
  it('a class instance from a factory: the member is missing', () => {
    expect(ask(`import { Cat } from './helpers';\nconst make = () => new Cat();\n// ask\nmake().purr();`, 'purr'))
      .toEqual({ types: 'Cat', missing: true });
  });

  it('a union: missing only when every constituent lacks the member', () => {
    const src = `import { Cat, Dog } from './helpers';\ndeclare const pet: Cat | Dog | undefined;\n// ask\npet.bark();\npet.howl();`;
    expect(ask(src, 'bark')).toEqual({ types: 'Cat | Dog', missing: false });
    expect(ask(src, 'howl')).toEqual({ types: 'Cat | Dog', missing: true });
  });

  it('an optional member and merged interface declarations are members', () => {
    expect(ask(`import type { Conn } from './helpers';\ndeclare const c: Conn;\n// ask\nc.close?.();`, 'close')).toEqual({ types: 'Conn', missing: false });
    expect(ask(`import type { Opts } from './helpers';\ndeclare const o: Opts;\n// ask\no.timeout;`, 'timeout')).toEqual({ types: 'Opts', missing: false });
  });

  it('a generic instantiation is judged by its class', () => {
    expect(ask(`import { Box, Cat } from './helpers';\nconst b = new Box(new Cat());\n// ask\nb.value.purr();`, 'purr')).toEqual({ types: 'Cat', missing: true });
    expect(ask(`import { Box, Cat } from './helpers';\nconst b = new Box(new Cat());\n// ask\nb.unwrap();`, 'unwrap')).toEqual({ types: 'Box', missing: true });
  });

  it('cannot judge: any, index signatures, intersections with Record, package bases, type parameters', () => {
    expect(ask(`declare const x: any;\n// ask\nx.foo();`, 'foo')).toBeNull();
    expect(ask(`import type { Bag } from './helpers';\ndeclare const b: Bag;\n// ask\nb.foo;`, 'foo')).toBeNull();
    expect(ask(`import { Cat } from './helpers';\ndeclare const c: Cat & Record<string, () => void>;\n// ask\nc.foo();`, 'foo')).toBeNull();
    expect(ask(`import { Bus } from './helpers';\nconst bus = new Bus();\n// ask\nbus.on('x', () => {});`, 'on')).toBeNull();
    expect(ask(`function f<T>(t: T) {\n// ask\nreturn t.foo; }`, 'foo')).toBeNull();
  });

  it('cannot judge a class declared only in a declaration file', () => {
    const src = `import { Ambient } from './ambient';\ndeclare const a: Ambient;\n// ask\na.foo();`;
    expect(ask(src, 'foo', undefined, { 'ambient.d.ts': 'export declare class Ambient { bar(): void }' })).toBeNull();
  });

  it('values assigned to one `let` must all have the same type', () => {
    const src = `import { Cat, Dog } from './helpers';\nlet h;\n// ask\nh = new Cat();\nh = new Dog();\nh.purr();`;
    expect(ask(src, 'purr', 'new Cat()|new Dog()')).toBeNull();
    expect(ask(`import { Cat } from './helpers';\nlet h;\n// ask\nh = new Cat();\nh.purr();`, 'purr', 'new Cat()')).toEqual({ types: 'Cat', missing: true });
  });
});
