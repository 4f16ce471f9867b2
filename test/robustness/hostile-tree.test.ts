// A tree nobody curated: every broken file gets a finding about itself, every valid file is linted
// normally, and the run neither crashes, hangs nor exits 2.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;
let findings: { filePath: string; messages: { ruleId: string; line: number }[] }[];
let code: number;
let stderr = '';

const rel = (f: string) => path.relative(dir, f).split(path.sep).join('/');
const rulesAt = (file: string) => findings.find((f) => rel(f.filePath) === file)?.messages.map((m) => m.ruleId) ?? [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tl-hostile-'));
  const put = (f: string, data: string | Buffer) => {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), data);
  };
  put('package.json', JSON.stringify({ name: 'hostile', private: true, devDependencies: { vitest: '^4.0.0' } }));
  put('pyproject.toml', '[project]\nname = "hostile"\nversion = "0"\ndependencies = []\n');
  // valid files
  put('tests/ok.test.ts', "import { it, expect } from 'vitest';\nit('ok', () => expect(1).toBe(1));\n");
  put('tests/test_ok.py', 'def test_ok():\n    assert True\n');
  put('tests/crlf.test.ts', "import { it, expect } from 'vitest';\r\nit('crlf', () => expect(1).toBe(1));\r\n");
  put('tests/test_mixed_endings.py', 'def test_a():\r\n    assert True\n\ndef test_b():\r    assert True\n');
  put('tests/bom.test.ts', "\uFEFFimport { it, expect } from 'vitest';\nit('bom', () => expect(1).toBe(1));\n");
  put('tests/empty.ts', '');
  put('tests/long_line.test.ts', `import { it, expect } from 'vitest';\nconst s = "${'x'.repeat(2_000_000)}";\nit('long', () => expect(s.length).toBe(2000000));\n`);
  put('tests/test_many_lines.py', 'def test_many():\n' + '    x = 1\n'.repeat(200_000) + '    assert x\n');
  // broken files (CPython refuses UTF-16 source: "source code string cannot contain null bytes")
  put('tests/test_utf16.py', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('def test_u():\n    assert True\n', 'utf16le')]));
  put('tests/binary.test.ts', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  put('tests/test_nul.py', Buffer.from('def test_n():\n    assert True\n\0\0\0\0\0\0\0\0\0\0\0\0\n'));
  put('tests/test_invalid_utf8.py', Buffer.concat([Buffer.from('def test_i():\n    s = "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"\n    assert s\n')]));
  put('tests/deep.test.ts', `const x = ${'['.repeat(3000)}${']'.repeat(3000)};\n`);
  put('tests/test_deep.py', `x = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`);
  put('tests/unterminated.test.ts', "import { it } from 'vitest';\nit('a', () => { const s = `never closed ${1 + \n");
  put('tests/test_unterminated.py', 'def test_s():\n    s = "never closed\n');
  mkdirSync(path.join(dir, 'tests/dir.test.ts'), { recursive: true });
  mkdirSync(path.join(dir, 'tests/loop'), { recursive: true });
  symlinkSync(path.join(dir, 'tests'), path.join(dir, 'tests/loop/back'));
  symlinkSync(path.join(dir, 'nowhere.ts'), path.join(dir, 'tests/dangling.test.ts'));
  try { execFileSync('mkfifo', [path.join(dir, 'tests/fifo.test.ts')]); } catch { /* no mkfifo: skip that case */ }
  // No time budget: the 200,000-line file must be linted normally however slow this machine is
  // (test/robustness/time-budget.test.ts covers the budget).
  writeFileSync(path.join(dir, '.test-lintrc.json'), JSON.stringify({ maxFileSize: 3_000_000, maxFileTime: false }));

  let out = '';
  code = await main(['-f', 'json'], { cwd: dir, isTTY: false, stdout: (s) => { out += s; }, stderr: (s) => { stderr += s; } });
  findings = JSON.parse(out);
});

describe('a hostile tree', () => {
  it('exits 1 (findings), not 2 (crash), and prints no internal error', () => {
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(findings.flatMap((f) => f.messages).filter((m) => m.ruleId === 'internal-error')).toEqual([]);
  });
  it('lints valid files normally: no findings', () => {
    for (const f of ['tests/ok.test.ts', 'tests/test_ok.py', 'tests/crlf.test.ts', 'tests/test_mixed_endings.py', 'tests/bom.test.ts',
      'tests/long_line.test.ts', 'tests/test_many_lines.py']) {
      expect(rulesAt(f), f).toEqual([]);
    }
  });
  it('gives every broken file a finding about itself', () => {
    for (const f of ['tests/deep.test.ts', 'tests/test_deep.py', 'tests/unterminated.test.ts', 'tests/test_unterminated.py',
      'tests/test_invalid_utf8.py', 'tests/binary.test.ts', 'tests/test_nul.py', 'tests/test_utf16.py']) {
      expect(rulesAt(f).length, f).toBeGreaterThan(0);
    }
  });
  it('skips directories named like test files, symlinks and FIFOs without hanging', () => {
    const files = findings.map((f) => rel(f.filePath));
    expect(files).not.toContain('tests/dir.test.ts');
    expect(files).not.toContain('tests/fifo.test.ts');
    expect(files.some((f) => f.startsWith('tests/loop/'))).toBe(false);
  });
});
