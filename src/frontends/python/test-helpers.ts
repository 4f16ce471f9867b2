/** Shared helpers for the Python front-end tests. */
import { Deadline } from '../../facts/deadline.js';
import type { FrontEndOptions } from '../../facts/types.js';
import { extractPython } from './index.js';
import type { PythonFileFacts } from './pytest-facts.js';

export function py(source: string, options: Partial<FrontEndOptions> = {}, deadline?: Deadline): PythonFileFacts {
  const text = source.replace(/^\n/, '');
  return extractPython({
    file: 'test_x.py', text, hash: '0', size: text.length, language: 'python', deadline,
    options: { pythonVersion: [3, 11], pythonFunctions: ['test'], pythonClasses: ['Test'], isTest: true, ...options },
  });
}

/** `py` with a time budget of `ms`. */
export function pyWithin(source: string, ms: number): PythonFileFacts {
  return py(source, {}, new Deadline(ms));
}

/** A file tree-sitter needs about a second to parse (200,000 lines). */
export const HUGE_PY = `def test_many():\n${'    x = 1\n'.repeat(200_000)}    assert x\n`;

/** Free names as `name@line:phase`. */
export function refs(f: PythonFileFacts): string[] {
  return f.references.map((r) => `${r.name}@${r.span.line}:${r.phase}${r.guarded ? ':guarded' : ''}${r.typeOnly ? ':typeOnly' : ''}`);
}

export function errors(f: PythonFileFacts): string[] {
  return f.parseErrors.map((e) => `${e.span.line}: ${e.message}`);
}
