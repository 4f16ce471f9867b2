/** Shared helpers for the Python front-end tests. */
import type { FrontEndOptions } from '../../facts/types.js';
import { extractPython } from './index.js';
import type { PythonFileFacts } from './pytest-facts.js';

export function py(source: string, options: Partial<FrontEndOptions> = {}): PythonFileFacts {
  const text = source.replace(/^\n/, '');
  return extractPython({
    file: 'test_x.py', text, hash: '0', size: text.length, language: 'python',
    options: { pythonVersion: [3, 11], pythonFunctions: ['test'], pythonClasses: ['Test'], isTest: true, ...options },
  });
}

/** Free names as `name@line:phase`. */
export function refs(f: PythonFileFacts): string[] {
  return f.references.map((r) => `${r.name}@${r.span.line}:${r.phase}${r.guarded ? ':guarded' : ''}${r.typeOnly ? ':typeOnly' : ''}`);
}

export function errors(f: PythonFileFacts): string[] {
  return f.parseErrors.map((e) => `${e.span.line}: ${e.message}`);
}
