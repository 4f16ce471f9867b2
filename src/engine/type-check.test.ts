import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTmpProjects, tmpProject } from '../testing/tmp-project.js';
import { run } from './run.js';

afterAll(removeTmpProjects);

const PKG = JSON.stringify({ name: 'p', private: true, type: 'module', devDependencies: { vitest: '^4.0.0' } });
const HELPERS = `export class Helper { createUser() { return 1; } }\nexport function makeHelper() { return new Helper(); }\n`;

function project(test: string, ext = 'ts'): string {
  return tmpProject({ 'package.json': PKG, [`tests/helpers.${ext}`]: HELPERS, [`tests/a.test.${ext}`]: test });
}

async function lint(dir: string, onlyRules = ['unknown-member']) {
  const r = await run({ cwd: dir, paths: ['.'], onlyRules, workers: 0 });
  return { typeCheck: r.typeCheck, findings: r.findings.map((f) => `${f.file}:${f.span.line} ${f.ruleId}`) };
}

describe('the type stage starts the checker only when an access needs it', () => {
  it('a factory-made receiver with an undeclared member: one root file', async () => {
    const r = await lint(project(`import { makeHelper } from './helpers';\nit('t', () => { makeHelper().x; const h = makeHelper(); h.creatUser(); });\n`));
    expect(r.findings).toEqual(['tests/a.test.ts:2 unknown-member']);
    expect(r.typeCheck).toMatchObject({ rootFiles: 1, queries: 1, answered: 1 });
  });

  it('not when the syntax settles the receiver, or the member is declared somewhere first-party', async () => {
    expect((await lint(project(`import { Helper } from './helpers';\nit('t', () => { const h = new Helper(); h.creatUser(); });\n`))).typeCheck).toBeNull();
    expect((await lint(project(`import { makeHelper } from './helpers';\nit('t', () => { const h = makeHelper(); h.createUser(); });\n`))).typeCheck).toBeNull();
  });

  it('not for JS files (checkJs is off), nor when no rule using types is on', async () => {
    const js = await lint(project(`import { makeHelper } from './helpers.js';\nit('t', () => { const h = makeHelper(); h.creatUser(); });\n`, 'js'));
    expect(js).toEqual({ typeCheck: null, findings: [] });
    const off = await lint(project(`import { makeHelper } from './helpers';\nit('t', () => { const h = makeHelper(); h.creatUser(); });\n`), ['focused-test']);
    expect(off.typeCheck).toBeNull();
  });

  it('not for a Python-only run', async () => {
    const dir = tmpProject({ 'pyproject.toml': '[tool.pytest.ini_options]\n', 'tests/test_a.py': 'from helpers import make\n\ndef test_a():\n    make().creat_user()\n', 'tests/helpers.py': 'def make():\n    return 1\n' });
    expect((await lint(dir)).typeCheck).toBeNull();
  });
});

describe('incremental runs and the checker', () => {
  it('a file that asked the checker is judged again on every run; the others keep their findings', async () => {
    const dir = tmpProject({
      'package.json': PKG, 'tests/helpers.ts': HELPERS, 'tests/other.ts': 'export class Other { run() { return 2; } }\n',
      'tests/a.test.ts': `import { makeHelper } from './helpers';\nit('t', () => { const h = makeHelper(); h.creatUser(); });\n`,
      'tests/b.test.ts': `import { Helper } from './helpers';\nit('t', () => { expect(new Helper().createUser()).toBe(1); });\n`,
    });
    const opts = { cwd: dir, paths: ['.'], onlyRules: ['unknown-member'], workers: 0, cache: true, reuseResults: true };
    const first = await run(opts);
    expect(first.typeCheck).toMatchObject({ rootFiles: 1 });
    // other.ts is read by nobody's judgment but its own; a.test.ts asked the checker, whose program may read anything.
    writeFileSync(path.join(dir, 'tests/other.ts'), 'export class Other { run() { return 2; } stop() { return 3; } }\n');
    const again = await run(opts);
    expect(again.incremental).toEqual({ judged: 2, reused: 2 });
    expect(again.typeCheck).toMatchObject({ rootFiles: 1 });
    expect(again.findings.map((f) => `${f.file}:${f.span.line}`)).toEqual(['tests/a.test.ts:2']);
    // A file the checker's program read changed (its source reads do not force a full run: a.test.ts is judged again anyway).
    writeFileSync(path.join(dir, 'tests/helpers.ts'), HELPERS.replace('createUser()', 'createUsers()'));
    const third = await run(opts);
    expect(third.incremental).toEqual({ judged: 3, reused: 1 });
    expect(third.findings.map((f) => `${f.file}:${f.span.line}`)).toEqual(['tests/a.test.ts:2', 'tests/b.test.ts:2']);
    expect((await run({ ...opts, cache: false, reuseResults: false })).findings).toEqual(third.findings);
    expect((await run(opts)).model).toBeNull();
  });
});
