/** Shared by this front-end's tests: run `extract` on an inline source string. */
import { extract } from './index.js';
import type { FileFacts } from '../../facts/types.js';

export function facts(text: string, file = 'a.test.ts'): FileFacts {
  const language = /\.[mc]?tsx?$/.test(file) ? 'ts' : 'js';
  return extract({
    file, text, hash: 'h', size: text.length, language,
    options: { pythonVersion: [3, 12], pythonFunctions: [], pythonClasses: [], isTest: true },
  });
}
