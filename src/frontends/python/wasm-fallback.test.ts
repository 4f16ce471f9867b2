import { describe, expect, it } from 'vitest';
import { TimeBudgetExceeded } from '../../facts/deadline.js';
import { useWasmParserForTests } from './parser.js';
import { HUGE_PY, py, pyWithin, refs } from './test-helpers.js';

describe('web-tree-sitter fallback', () => {
  it('gives the same facts and UTF-16 spans as the native parser', async () => {
    await useWasmParserForTests();
    const f = py('s = "é😀"; zz\nimport os\ndef f(:\n');
    expect(refs(f)).toEqual(['zz@1:collect']);
    expect(f.references[0]!.span).toMatchObject({ column: 12, start: 11, end: 13 });
    expect(f.imports.map((i) => i.specifier)).toEqual(['os']);
    expect(f.parseErrors.length).toBeGreaterThan(0);
  });
  it('cancels a parse at the deadline and starts the next file afresh', async () => {
    await useWasmParserForTests();
    expect(() => pyWithin(HUGE_PY, 1)).toThrow(TimeBudgetExceeded);
    const f = py('import os\nzz\n');
    expect(f.imports.map((i) => i.specifier)).toEqual(['os']);
    expect(refs(f)).toEqual(['zz@2:collect']);
  });
});
