// The Python front-end under the per-file time budget: a parse still running at the deadline is
// cancelled (tree-sitter's progress callback) and the parser starts the next file afresh.
import { describe, expect, it } from 'vitest';
import { TimeBudgetExceeded } from '../../facts/deadline.js';
import { HUGE_PY, py, pyWithin, refs } from './test-helpers.js';

describe('the time budget', () => {
  it('throws TimeBudgetExceeded past the deadline instead of returning partial facts', () => {
    expect(() => pyWithin(HUGE_PY, 1)).toThrow(TimeBudgetExceeded);
  });
  it('parses the next file from its own start after a cancelled parse', () => {
    expect(() => pyWithin(HUGE_PY, 1)).toThrow(TimeBudgetExceeded);
    const f = py('import os\nzz\n');
    expect(f.imports.map((i) => i.specifier)).toEqual(['os']);
    expect(refs(f)).toEqual(['zz@2:collect']);
    expect(f.parseErrors).toEqual([]);
  });
  it('a file within its budget gets its facts', () => {
    expect(pyWithin('def test_a():\n    assert True\n', 60_000).tests.map((t) => t.name)).toEqual(['test_a']);
  });
});
