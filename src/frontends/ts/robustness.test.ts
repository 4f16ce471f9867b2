import { describe, expect, it } from 'vitest';
import { facts } from './test-helpers.js';
import { Deadline, TimeBudgetExceeded } from '../../facts/deadline.js';
import { extract } from './index.js';

describe('suppressions', () => {
  it('reads next-line, line and file directives with their rules', () => {
    const s = facts(`/* test-lint-disable focused-test */
// test-lint-disable-next-line rule-a, rule-b -- the reason
it.only('x', () => {}); // test-lint-disable-line shadowed-test
/* test-lint-disable-next-line */
x;`).suppressions;
    expect(s.map((x) => `${x.kind} ${x.rules.join('+') || '*'} ${x.span.line}->${x.targetLine}`)).toEqual([
      'file focused-test 1->1', 'next-line rule-a+rule-b 2->3', 'line shadowed-test 3->3', 'next-line * 4->5']);
  });

  it('ignores the marker inside strings, templates and in the middle of a comment', () => {
    expect(facts(`const a = '// test-lint-disable-line x';
const b = \`
// test-lint-disable-next-line y
\`;
// see test-lint-disable docs`).suppressions).toEqual([]);
  });

  it('finds directives between tokens and at the end of the file', () => {
    const s = facts(`call(a /* test-lint-disable-line r1 */, b);\n// test-lint-disable r2`).suppressions;
    expect(s.map((x) => `${x.kind} ${x.rules.join('+')}`)).toEqual(['line r1', 'file r2']);
  });
});

describe('parse errors and broken input', () => {
  it('keeps every parse diagnostic with its code and span', () => {
    const f = facts(`const = 1;\nlet x = ;`);
    expect(f.parseErrors.length).toBeGreaterThanOrEqual(2);
    expect(f.parseErrors[0]).toMatchObject({ code: 'TS1134', span: { line: 1, column: 7 } });
    expect(f.parseErrors[0].message).toMatch(/declaration expected/i);
  });

  it('reports an unterminated template and still extracts imports before it', () => {
    const f = facts("import { a } from './a';\nconst s = `never closed ${a}");
    expect(f.parseErrors.some((e) => e.code === 'TS1160')).toBe(true);
    expect(f.imports[0].names[0]).toMatchObject({ local: 'a', firstUse: 'collect' });
  });

  it('survives conflict markers', () => {
    const f = facts(`import a from './a';\n<<<<<<< HEAD\nconst x = 1;\n=======\nconst x = 2;\n>>>>>>> branch\n`);
    expect(f.parseErrors.length).toBeGreaterThan(0);
    expect(f.imports).toHaveLength(1);
  });

  it('never throws on deep nesting: 3000 parentheses, brackets and braces', () => {
    for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}'], ['f(', ')']]) {
      const f = facts(`${open.repeat(3000)}x${close.repeat(3000)}`);
      expect(f.file).toBe('a.test.ts');
    }
    expect(facts('('.repeat(3000)).file).toBe('a.test.ts');
  });

  it('never throws on deep but parseable nesting and reports what it can', () => {
    const f = facts(`${'f('.repeat(300)}x${')'.repeat(300)};`);
    expect(f.parseErrors).toEqual([]);
    expect(new Set(f.references.map((r) => r.name))).toEqual(new Set(['f', 'x']));
  });

  it('never throws on random bytes', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let n = 0; n < 30; n++) {
      const text = Array.from({ length: 2000 }, () => String.fromCharCode(Math.floor(rnd() * (rnd() < 0.8 ? 128 : 0xffff)))).join('');
      for (const file of ['a.ts', 'a.tsx', 'a.js']) expect(facts(text, file).file).toBe(file);
    }
  });

  it('never throws on shuffled real syntax', () => {
    const tokens = ['import', 'export', '{', '}', '(', ')', 'it', "'x'", '=>', 'class', 'extends', 'this', '.', 'a', '=',
      'require', 'vi', 'mock', 'describe', ',', ';', '`', '${', '<', '>', '/', 'typeof', 'declare', 'global', 'namespace',
      'enum', 'function', 'var', 'let', 'const', '...', '@', 'interface', 'type', '?', ':', 'module.exports', 'infer'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: 300 }, () => tokens[Math.floor(rnd() * tokens.length)]).join(rnd() < 0.5 ? ' ' : '\n');
      expect(() => facts(text, n % 2 ? 'a.tsx' : 'a.ts')).not.toThrow();
    }
  });
});

describe('the time budget', () => {
  const huge = `import { it, expect } from 'vitest';\nit('many', () => {\n${'  let x = 1;\n'.repeat(200_000)}  expect(x).toBe(1);\n});\n`;
  const within = (text: string, ms: number) => extract({
    file: 'a.test.ts', text, hash: 'h', size: text.length, language: 'ts', deadline: new Deadline(ms),
    options: { pythonVersion: [3, 12], pythonFunctions: [], pythonClasses: [], isTest: true },
  });
  it('stops TypeScript\'s parser at the deadline (it has no cancellation of its own) and parses the next file normally', () => {
    expect(() => within(huge, 1)).toThrow(TimeBudgetExceeded);
    const f = facts("import { a } from './a';\nit('t', () => a);\n");
    expect(f.imports.map((i) => i.specifier)).toEqual(['./a']);
    expect(f.tests.map((t) => t.name)).toEqual(['t']);
    expect(f.parseErrors).toEqual([]);
  });
  it('a file within its budget gets its facts', () => {
    expect(within("it('t', () => 1);\n", 60_000).tests.map((t) => t.name)).toEqual(['t']);
  });
});
