// The command line as a user meets it: exit codes, formats, flags, and clear errors for bad input.
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { tmpProject } from '../testing/tmp-project.js';
import { fixturesRoot } from '../rule-kit/tester.js';

async function cli(args: string[], cwd: string) {
  let stdout = '', stderr = '';
  const code = await main(args, { cwd, isTTY: false, stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

const project = (files: Record<string, string>) => tmpProject(files, 'tl-cli-');

const PKG = JSON.stringify({ name: 'p', private: true, devDependencies: { vitest: '^4.0.0' } });
const clean = () => project({ 'package.json': PKG, 'tests/a.test.ts': "import { it, expect } from 'vitest';\nit('a', () => expect(1).toBe(1));\n" });
const broken = () => project({ 'package.json': PKG, 'tests/a.test.ts': "import { it, expect } from 'vitest';\nimport { x } from './nope';\nit('a', () => expect(x).toBe(1));\n" });

describe('exit codes', () => {
  it('0 on a clean project, with no output', async () => {
    expect(await cli([], clean())).toEqual({ code: 0, stdout: '', stderr: '' });
  });
  it('1 when an error finding is reported', async () => {
    const r = await cli(['tests'], broken());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('unresolved-import');
  });
  it('2 for an unknown flag, naming it', async () => {
    const r = await cli(['--nope'], clean());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--nope'");
  });
  it('2 for a path that does not exist, naming it', async () => {
    const r = await cli(['missing-dir'], clean());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing-dir');
  });
  it('--rule turns a rule off, so the exit code is 0', async () => {
    expect((await cli(['--rule', 'unresolved-import:off'], broken())).code).toBe(0);
  });
  it('--rule with an unknown id is a usage error', async () => {
    const r = await cli(['--rule', 'no-such-rule:error'], clean());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown rule id 'no-such-rule'");
  });
  it('--rule with an invalid severity is a usage error', async () => {
    const r = await cli(['--rule', 'missing-export:loud'], clean());
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe("test-lint: --rule: invalid severity 'loud' (expected off, warn or error)\n");
  });
  it('--max-warnings counts warnings', async () => {
    const dir = broken();
    expect((await cli(['--rule', 'unresolved-import:warn', '--max-warnings', '0'], dir)).code).toBe(1);
    expect((await cli(['--rule', 'unresolved-import:warn', '--max-warnings', '1'], dir)).code).toBe(0);
  });
  it('--quiet drops warnings from the report', async () => {
    const r = await cli(['--rule', 'unresolved-import:warn', '--quiet'], broken());
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('config errors are exit 2 with the file and the key', () => {
  it('unknown top-level key', async () => {
    const dir = clean();
    writeFileSync(path.join(dir, '.test-lintrc.json'), JSON.stringify({ rulez: {} }));
    const r = await cli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.test-lintrc.json');
    expect(r.stderr).toContain('`rulez`');
  });
  it('unknown rule id in rules', async () => {
    const dir = clean();
    writeFileSync(path.join(dir, '.test-lintrc.json'), JSON.stringify({ rules: { 'missing-exports': 'error' } }));
    const r = await cli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('`rules.missing-exports`');
  });
  it('invalid severity', async () => {
    const dir = clean();
    writeFileSync(path.join(dir, '.test-lintrc.json'), JSON.stringify({ rules: { 'missing-export': 'loud' } }));
    const r = await cli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.test-lintrc\.json: invalid config at `rules\.missing-export`: invalid severity "loud"/);
  });
  it('maxFileTime must be milliseconds, 0 or false', async () => {
    const dir = clean();
    for (const bad of ['fast', -1, true]) {
      writeFileSync(path.join(dir, '.test-lintrc.json'), JSON.stringify({ maxFileTime: bad }));
      const r = await cli([], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`test-lint: ${path.join(dir, '.test-lintrc.json')}: invalid config at \`maxFileTime\`: expected a number of milliseconds (0 or false: no limit)\n`);
    }
    for (const good of [0, false, 5000]) {
      writeFileSync(path.join(dir, '.test-lintrc.json'), JSON.stringify({ maxFileTime: good }));
      expect(await cli([], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    }
  });
  it('malformed JSON names the file', async () => {
    const dir = clean();
    writeFileSync(path.join(dir, '.test-lintrc.json'), '{ "rules": ');
    const r = await cli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.test-lintrc.json');
  });
  it('malformed pyproject.toml names the file', async () => {
    const dir = clean();
    writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.test-lint\nrules = 1\n');
    const r = await cli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pyproject.toml');
  });
  it('[tool.test-lint] in pyproject.toml is read (kebab-case keys)', async () => {
    const dir = broken();
    writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.test-lint]\npython-version = "3.11"\n[tool.test-lint.rules]\nunresolved-import = "off"\n');
    expect((await cli([], dir)).code).toBe(0);
  });
  it('a JS config that throws when loaded: one line naming the file; its stack only with --debug', async () => {
    const dir = clean();
    writeFileSync(path.join(dir, 'test-lint.config.mjs'), 'throw new Error("boom");\n');
    const r = await cli([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`test-lint: ${path.join(dir, 'test-lint.config.mjs')}: invalid config at \`(file)\`: could not be loaded: boom\n`);
    const debug = await cli(['--debug'], dir);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toContain('Error: boom\n    at ');
    expect(debug.stderr).toContain('test-lint.config.mjs');
  });
  it('overrides apply per file', async () => {
    const dir = broken();
    writeFileSync(path.join(dir, '.test-lintrc.json'), JSON.stringify({ overrides: [{ files: ['tests/**'], rules: { 'unresolved-import': 'off' } }] }));
    expect((await cli([], dir)).code).toBe(0);
  });
});

describe('formats', () => {
  it('json has ESLint\'s shape plus phase and suggestions', async () => {
    const dir = broken();
    const r = await cli(['-f', 'json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ filePath: path.join(dir, 'tests/a.test.ts'), errorCount: 1, warningCount: 0 });
    expect(out[0].messages[0]).toMatchObject({ ruleId: 'unresolved-import', severity: 2, line: 2, column: 19, phase: 'collect', suggestions: [] });
  });
  it('compact is one line per finding', async () => {
    const r = await cli(['--format', 'compact'], broken());
    expect(r.stdout.split('\n')[0]).toMatch(/tests\/a\.test\.ts:2:19: error \[collect\] .* \(unresolved-import\)$/);
  });
  it('--output-file writes the report and prints nothing', async () => {
    const dir = broken();
    const r = await cli(['-f', 'json', '-o', 'out/report.json'], dir);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8'))[0].errorCount).toBe(1);
  });
  it('stylish shows the phase and a summary per phase', async () => {
    const r = await cli([], broken());
    expect(r.stdout).toContain('[collect]');
    expect(r.stdout).toMatch(/collect\s+1\s+breaks collection/);
  });
});

describe('other commands', () => {
  it('explain prints the rule docs', async () => {
    const r = await cli(['explain', 'missing-export'], clean());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# missing-export');
    expect(r.stdout).toContain('## Why is this bad?');
  });
  it('explain with an unknown id is exit 2', async () => {
    expect((await cli(['explain', 'nope'], clean())).code).toBe(2);
  });
  it('--print-config shows the effective rules for a file', async () => {
    const dir = clean();
    writeFileSync(path.join(dir, '.test-lintrc.json'), JSON.stringify({ rules: { 'focused-test': 'warn' } }));
    const r = await cli(['--print-config', 'tests/a.test.ts'], dir);
    const cfg = JSON.parse(r.stdout);
    expect(cfg.rules['focused-test'][0]).toBe('warn');
    expect(cfg.configFile).toBe(path.join(dir, '.test-lintrc.json'));
    // The per-file budgets in effect (defaults here: 5 MiB, 10 s).
    expect([cfg.maxFileSize, cfg.maxFileTime]).toEqual([5 * 1024 * 1024, 10_000]);
  });
  it('--version prints the version', async () => {
    const r = await cli(['--version'], clean());
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
  it('--fix-dry-run prints a diff and changes nothing; --fix writes it', async () => {
    const dir = project({ 'package.json': PKG, 'tests/helpers.ts': 'export const helper = 1;\n', 'tests/a.test.ts': "import { it, expect } from 'vitest';\nimport { helper } from './helpres';\nit('a', () => expect(helper).toBe(1));\n" });
    const dry = await cli(['--fix-dry-run', '--unsafe-fixes'], dir);
    expect(dry.stdout).toContain("+import { helper } from './helpers';");
    expect(readFileSync(path.join(dir, 'tests/a.test.ts'), 'utf8')).toContain('./helpres');
    const safeOnly = await cli(['--fix'], dir);
    expect(safeOnly.code).toBe(1); // the rename is unsafe: not applied without --unsafe-fixes
    const fixed = await cli(['--fix', '--unsafe-fixes'], dir);
    expect(fixed.code).toBe(0);
    expect(readFileSync(path.join(dir, 'tests/a.test.ts'), 'utf8')).toContain("from './helpers'");
    expect((await cli(['--fix', '--unsafe-fixes'], dir)).stderr).toContain('applied 0 fixes');
  });
  it('--stdin lints the given text as the named file', async () => {
    const dir = clean();
    const orig = process.stdin;
    const { Readable } = await import('node:stream');
    Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from("import { x } from './nope';\n")]), configurable: true });
    try {
      const r = await cli(['--stdin', '--stdin-filename', 'tests/b.test.ts', '-f', 'compact'], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('tests/b.test.ts:1:19');
    } finally {
      Object.defineProperty(process, 'stdin', { value: orig, configurable: true });
    }
  });
});

describe('the demo project', () => {
  it('reports the seeded problems and exits 1', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-demo-'));
    cpSync(path.join(fixturesRoot(), 'demo'), dir, { recursive: true });
    const r = await cli(['-f', 'compact'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('8 problems');
  });
});

describe('CI formats', () => {
  it('github annotations carry file, line, rule and phase', async () => {
    const dir = broken();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await cli(['-f', 'github'], dir);
      expect(r.stdout).toMatch(/^::error file=tests\/a\.test\.ts,line=2,col=19,endLine=2,endColumn=27,title=unresolved-import \[collect\]::/);
    } finally { process.chdir(cwd); }
  });
  it('sarif 2.1.0 lists the rules and a line-independent fingerprint', async () => {
    const r = await cli(['-f', 'sarif'], broken());
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0].results[0];
    expect(result).toMatchObject({ ruleId: 'unresolved-import', level: 'error', properties: { phase: 'collect' } });
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe('unresolved-import');
    expect(result.partialFingerprints['testLint/v1']).toMatch(/^[0-9a-f]{40}$/);
  });
  it('junit has one failing testcase per finding', async () => {
    const r = await cli(['-f', 'junit'], broken());
    expect(r.stdout).toContain('<testsuites name="test-lint" tests="1" failures="1">');
    expect(r.stdout).toContain('<failure message="`./nope` does not resolve to a file of this project" type="error">');
  });
});

describe('baseline', () => {
  it('--write-baseline records today, --baseline then fails only on new findings', async () => {
    const dir = broken();
    const w = await cli(['--write-baseline'], dir);
    expect(w).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(path.join(dir, 'test-lint-baseline.json'), 'utf8')).findings['tests/a.test.ts']['unresolved-import']).toBeTruthy();
    expect((await cli(['--baseline', 'test-lint-baseline.json'], dir)).code).toBe(0);
    // Lines shift: still covered (fingerprints do not use line numbers).
    const file = path.join(dir, 'tests/a.test.ts');
    writeFileSync(file, '// a new comment line\n' + readFileSync(file, 'utf8'));
    expect((await cli(['--baseline', 'test-lint-baseline.json'], dir)).code).toBe(0);
    // A new problem is reported.
    writeFileSync(path.join(dir, 'tests/b.test.ts'), "import { it } from 'vitest';\nimport { y } from './gone';\nit('b', () => y);\n");
    const r = await cli(['--baseline', 'test-lint-baseline.json', '-f', 'compact'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('tests/b.test.ts:2:19');
    expect(r.stdout).not.toContain('tests/a.test.ts');
  });
  it('a fixed finding is counted as prunable', async () => {
    const dir = broken();
    await cli(['--write-baseline'], dir);
    writeFileSync(path.join(dir, 'tests/a.test.ts'), "import { it, expect } from 'vitest';\nit('a', () => expect(1).toBe(1));\n");
    const r = await cli(['--baseline', 'test-lint-baseline.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 baseline entry is fixed');
  });
  it('a corrupt baseline is exit 2 naming the file', async () => {
    const dir = broken();
    writeFileSync(path.join(dir, 'b.json'), '{"nope": 1}');
    const r = await cli(['--baseline', 'b.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b.json');
  });
});

describe('pre-commit friendliness', () => {
  it('--no-error-on-unmatched-pattern ignores paths that do not exist', async () => {
    expect((await cli(['tests/a.test.ts', 'tests/deleted.test.ts', '--no-error-on-unmatched-pattern'], clean())).code).toBe(0);
  });
  it('named files with other extensions are ignored, not errors', async () => {
    const dir = clean();
    writeFileSync(path.join(dir, 'README.md'), '# x\n');
    expect((await cli(['README.md', 'tests/a.test.ts'], dir)).code).toBe(0);
  });
});
