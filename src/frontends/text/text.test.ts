// Text-level facts: mojibake round-trips, encoding damage, comment runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyFacts, type Language } from '../../facts/types.js';
import { initPythonParser } from '../python/parser.js';
import { addCommentFacts } from './comments.js';
import { decodeFile } from './decode.js';
import { mojibakeInLine } from './mojibake.js';

const repaired = (s: string) => { const m = mojibakeInLine(s); return m ? s.slice(0, m.start) + m.replacement + s.slice(m.end) : null; };

describe('mojibake', () => {
  it('restores UTF-8 read as cp1252, Latin-1 or MacRoman, twice-mangled text too', () => {
    expect(repaired('print("ðŸ”„ syncing")')).toBe('print("🔄 syncing")');
    expect(repaired('itâ€™s')).toBe('it’s');
    expect(repaired('done ‚úÖ')).toBe('done ✅');
    expect(repaired('naÃ¯ve rÃ©sumÃ©')).toBe('naïve résumé');
    expect(repaired('caf√©')).toBe('café');
    expect(repaired('Ð¿Ñ€Ð¸Ð²ÐµÑ‚')).toBe('привет');
    expect(repaired('Ã¢â‚¬â„¢')).toBe('’');
    expect(repaired('ðŸ˜\u008d')).toBe('😍');
  });
  it('leaves correct non-ASCII text alone', () => {
    for (const s of ['日本語のテスト', 'Größe Übung „Straße“', 'emoji 🔄 ✅ 😀', '« écrire » français à ça', '─│┌┐└┘├┤',
      'Ça va? À bientôt', 'Ñandú', '© 2024 — “quoted” ‘x’ …', 'ÀÉÎÕÜ', 'São Paulo', 'Ærø', '½ ¼ ¾ ±', 'naïve']) {
      expect(mojibakeInLine(s), s).toBeNull();
    }
  });
  it('is a text issue with its repair', () => {
    const d = decodeFile(Buffer.from('x = 1\ns = "cafÃ© ok"\n', 'utf8'));
    expect(d.issues.map((i) => [i.kind, i.span.line, i.span.column, i.replacement])).toEqual([['mojibake', 2, 9, 'é']]);
  });
});

describe('comment runs', () => {
  beforeAll(() => initPythonParser());
  const runs = (text: string, language: Language = 'python', file = language === 'python' ? 'test_x.py' : 'x.test.ts') => {
    const f = emptyFacts(file, language, '', 0);
    addCommentFacts(f, text);
    return f.comments!.map((r) => `${r.span.line}-${r.span.endLine}:${r.nonBlankLines}:${r.parsesAsCode}`);
  };
  it('python: code parses, prose does not, `#` inside docstrings is not a comment', () => {
    expect(runs('# def test_a():\n#     assert f(1) == 2\n\nx = 1\n# This is prose, and it\n# does not parse.\n')).toEqual(['1-2:2:true', '5-6:2:false']);
    expect(runs('def f():\n    """Example:\n    # x = 1\n    # y = 2\n    """\n')).toEqual([]);
    expect(runs('# alpha\n# beta\n')).toEqual(['1-2:2:false']);
    expect(runs('#!/usr/bin/env python\nx = 1  # REMOVED_SYNTAX_ERROR\n# REMOVED_SYNTAX_ERROR: x(\n# plain\n')).toEqual(['3-4:2:false']);
  });
  it('js: `//` runs', () => {
    expect(runs('// it("a", () => {\n//   expect(1).toBe(1);\n// });\nconst a = 1;\n', 'ts')).toEqual(['1-3:3:true']);
    expect(runs('// Copyright 2024 Example Inc.\n// Licensed under the MIT license.\n', 'ts')).toEqual(['1-2:2:false']);
  });
  it('js: whole-line `/* … */` blocks, with or without a ` * ` gutter; `/** */` and `/*! */` are doc blocks', () => {
    const style = (text: string) => {
      const f = emptyFacts('x.test.ts', 'ts', '', 0);
      addCommentFacts(f, text);
      return f.comments!.map((r) => `${r.span.line}-${r.span.endLine}:${r.style ?? 'line'}:${r.nonBlankLines}:${r.parsesAsCode}`);
    };
    expect(style('/*\nit("a", () => {\n  expect(1).toBe(1);\n});\n*/\nconst a = 1;\n')).toEqual(['1-5:block:3:true']);
    expect(style('  /*\n   * const a = f();\n   * a.run();\n   */\n')).toEqual(['1-4:block:2:true']);
    expect(style('/**\n * @example\n * const a = f();\n * a.run();\n */\n/*!\n * Licensed MIT\n * (c) Someone\n */\n')).toEqual(['1-5:doc:3:true', '6-9:doc:2:false']);
    expect(style('/*\n Prose that explains\n the design here.\n*/\n')).toEqual(['1-4:block:2:false']);
    // not whole-line, or one line, or inside a string, template or regex: no run
    expect(style('f(); /* a\n b(); */\nconst s = "/* x\\n y */";\nconst t = `\n/* c();\nd(); */\n${x}`;\nconst r = /\\/* ok/;\n/* one(); */\n')).toEqual([]);
  });

  it('js: annotated example lists and AST-selector diagrams are not code', () => {
    expect(runs('// no: import NODE from "foo";\n// no: import * as NODE from "foo";\n// yes: export { NODE as foo };\n', 'ts')).toEqual(['1-3:3:false']);
    expect(runs('// MethodDefinition[key.name="constructor"]\n//   FunctionExpression\n//     CallExpression[callee.name="make"]\n', 'ts')).toEqual(['1-3:3:false']);
    expect(runs('// const config = {\n//   retries: 3,\n// };\n// t.throws(() => obj.a = 3);\n// x += 1\n', 'ts')).toEqual(['1-5:5:true']);
  });

  it('js: `//` inside a template literal or string is not a comment', () => {
    expect(runs('const t = `\n// a();\n// b();\n`;\nconst u = "// c();";\n', 'ts')).toEqual([]);
  });

  it('python: damage inside a comment or a string is marked', () => {
    const d = decodeFile(Buffer.from([...Buffer.from('# caf'), 0xe9, ...Buffer.from('\ns = "'), 0xe9, ...Buffer.from('"\n')]));
    const f = emptyFacts('m.py', 'python', '', 0);
    f.textIssues = d.issues;
    addCommentFacts(f, d.text);
    expect(f.textIssues.map((i) => [i.kind, i.span.line, i.where])).toEqual([['invalid-utf8', 1, 'comment']]);
    const g = emptyFacts('m.py', 'python', '', 0);
    const text = 's = "a\uFEFFb"\n\uFEFF# x\n# \uFEFF\n';
    g.textIssues = [1, 2, 3].map((line) => ({ kind: 'bom-inside' as const, span: { line, column: 1, endLine: line, endColumn: 1, start: [6, 10, 15][line - 1], end: 0 } }));
    addCommentFacts(g, text);
    expect(g.textIssues.map((i) => i.where)).toEqual(['string', 'code', 'comment']);
  });
});
