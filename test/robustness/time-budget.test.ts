// The per-file time budget (`maxFileTime`): a file that takes longer to analyse is one skipped-file
// finding about itself, the files that import it are judged as if it could define anything, and
// every other file is linted as usual. The budget is 300 ms; each huge file takes seconds here
// (no durations are asserted: only which files were skipped).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { run } from '../../src/engine/run.js';
import { removeTmpProjects, tmpProject } from '../../src/testing/tmp-project.js';

const LINES = 200_000;
const pyBody = '    x = 1\n'.repeat(LINES);
const tsBody = '  let x = 1;\n'.repeat(LINES);
const config = (maxFileTime: number | false) => JSON.stringify({ maxFileTime });

let dir: string;
beforeAll(() => {
  dir = tmpProject({
    'package.json': JSON.stringify({ name: 'p', private: true, devDependencies: { vitest: '^4.0.0' } }),
    'pyproject.toml': '[project]\nname = "p"\nversion = "0"\ndependencies = []\n',
    '.test-lintrc.json': config(300),
    'tests/test_huge.py': `def test_many():\n${pyBody}    assert x\n`,
    'tests/huge.test.ts': `import { it, expect } from 'vitest';\nit('many', () => {\n${tsBody}  expect(x).toBe(1);\n});\n`,
    // Huge modules other files import, patch and take fixtures from.
    'tests/huge_helpers.py': `def make_thing():\n${pyBody}    return x\n`,
    'tests/huge_helpers.ts': `export function helper() {\n${tsBody}  return x;\n}\n`,
    'tests/conftest.py': `import pytest\n\n@pytest.fixture\ndef thing():\n${pyBody}    return x\n`,
    'tests/test_uses_huge.py': 'from unittest import mock\n\nfrom huge_helpers import make_thing\n\n\ndef test_uses(thing):\n    with mock.patch("huge_helpers.make_thing"):\n        assert make_thing() and thing\n',
    'tests/uses-huge.test.ts': "import { it, expect } from 'vitest';\nimport { helper } from './huge_helpers';\nit('uses', () => expect(helper()).toBe(1));\n",
    // Ordinary files in the same run.
    'tests/test_ok.py': 'def test_ok():\n    assert True\n',
    'tests/broken.test.ts': "import { it, expect } from 'vitest';\nimport { x } from './nope';\nit('a', () => expect(x).toBe(1));\n",
  }, 'tl-budget-');
});
afterAll(removeTmpProjects);

const skipped = (file: string, ms = 300) => `${file}:1 skipped-file not analysed: the file took longer than the ${ms} ms budget (maxFileTime)`;

describe('maxFileTime', () => {
  it('skips each file over the budget with one finding, keeps its importers quiet and lints the rest', async () => {
    let out = '';
    let err = '';
    const code = await main(['-f', 'json'], { cwd: dir, isTTY: false, stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
    const lines = (JSON.parse(out) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[])
      .flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath)}:${m.line} ${m.ruleId} ${m.message}`))
      .sort();
    expect(lines).toEqual([
      "tests/broken.test.ts:2 unresolved-import `./nope` does not resolve to a file of this project",
      skipped('tests/conftest.py'),
      skipped('tests/huge.test.ts'),
      skipped('tests/huge_helpers.py'),
      skipped('tests/huge_helpers.ts'),
      skipped('tests/test_huge.py'),
    ]);
    expect(err).toBe('');
    expect(code).toBe(1);
  });

  it('does not cache a file it skipped for time: with the budget raised, the next --cache run analyses it', async () => {
    const first = await run({ cwd: dir, paths: ['tests/huge.test.ts', 'tests/test_ok.py'], cache: true, workers: 0 });
    expect(first.findings.map((f) => f.ruleId)).toEqual(['skipped-file']);
    expect(first.cache).toMatchObject({ misses: 2, written: 1 });
    writeFileSync(path.join(dir, '.test-lintrc.json'), config(false));
    const second = await run({ cwd: dir, paths: ['tests/huge.test.ts', 'tests/test_ok.py'], cache: true, workers: 0 });
    expect(second.findings).toEqual([]);
    expect(second.cache).toMatchObject({ hits: 1, misses: 1, written: 1 });
    writeFileSync(path.join(dir, '.test-lintrc.json'), config(300));
  });

  it('models a module skipped for size the same way: its importers stay quiet', async () => {
    const small = tmpProject({
      'package.json': JSON.stringify({ name: 'p', private: true, devDependencies: { vitest: '^4.0.0' } }),
      '.test-lintrc.json': JSON.stringify({ maxFileSize: 1000 }),
      'tests/big.ts': `export const helper = 1;\n${'// padding\n'.repeat(200)}`,
      'tests/uses-big.test.ts': "import { it, expect } from 'vitest';\nimport { helper } from './big';\nit('uses', () => expect(helper).toBe(1));\n",
    }, 'tl-budget-');
    const result = await run({ cwd: small, paths: [], workers: 0 });
    expect(result.findings.map((f) => `${f.file} ${f.ruleId} ${f.message}`)).toEqual([
      'tests/big.ts skipped-file not analysed: the file is 2225 bytes, over the 1000-byte limit (maxFileSize)',
    ]);
  });
});
