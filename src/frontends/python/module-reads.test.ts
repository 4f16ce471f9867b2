import { describe, expect, it } from 'vitest';
import { py } from './test-helpers.js';

function reads(src: string): Record<string, string[]> {
  const f = py(src);
  const out: Record<string, string[]> = {};
  for (const t of f.tests) if (t.kind === 'test') out[t.name] = [...(t.moduleReads ?? [])].sort();
  return out;
}

describe('moduleReads: module-level names a test\'s skip conditions read', () => {
  it('skipif decorators, skip branches in the body, and nothing else', () => {
    expect(reads(`
import pytest
try:
    import fancy
    HAS_FANCY = True
except ImportError:
    HAS_FANCY = False
LIMIT = 3

@pytest.mark.skipif(not HAS_FANCY, reason="no")
def test_deco():
    assert LIMIT

def test_body():
    if not HAS_FANCY:
        pytest.skip("no fancy")
    assert LIMIT

def test_branch_no_skip():
    if HAS_FANCY:
        assert fancy
    else:
        assert LIMIT

def test_local(HAS_FANCY):
    if not HAS_FANCY:
        pytest.skip("fixture")
`)).toEqual({
      test_deco: ['HAS_FANCY', 'pytest'],
      test_body: ['HAS_FANCY'],
      test_branch_no_skip: [],
      test_local: [],
    });
  });

  it('class decorators and class-level pytestmark apply to every method; unittest skipTest', () => {
    expect(reads(`
import pytest, unittest
HAS_A = False
HAS_B = False
HAS_C = False

@pytest.mark.skipif(not HAS_A, reason="a")
class TestA:
    def test_one(self):
        pass
    pytestmark = pytest.mark.skipif(not HAS_B, reason="b")
    class TestInner:
        def test_two(self):
            pass

class Case(unittest.TestCase):
    def test_three(self):
        if not HAS_C:
            self.skipTest("c")
`)).toEqual({
      test_one: ['HAS_A', 'HAS_B', 'pytest'],
      test_two: ['HAS_A', 'HAS_B', 'pytest'],
      test_three: ['HAS_C'],
    });
  });

  it('module-level pytestmark', () => {
    const f = py(`
import pytest
HAS_X = False
pytestmark = [pytest.mark.skipif(not HAS_X, reason="x")]

def test_a():
    pass
`);
    expect([...(f.module.pytestmarkReads ?? [])].sort()).toEqual(['HAS_X', 'pytest']);
    expect(f.tests[0]!.moduleReads).toBeUndefined();
  });
});
