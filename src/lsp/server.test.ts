// The language server as an editor drives it: JSON-RPC over stdio to the built binary.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../dev/gen.js';

function lspClient() {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'bin/test-lint.js'), 'lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = Buffer.alloc(0);
  const waiting: { match: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, head).toString())![1]);
      if (buf.length < head + 4 + len) return;
      const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString());
      buf = buf.subarray(head + 4 + len);
      const i = waiting.findIndex((w) => w.match(msg));
      if (i >= 0) waiting.splice(i, 1)[0].resolve(msg);
    }
  });
  let id = 0;
  const send = (msg: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const next = (match: (m: any) => boolean) => new Promise<any>((resolve) => waiting.push({ match, resolve }));
  const request = (method: string, params: object) => { const myId = ++id; send({ id: myId, method, params }); return next((m) => m.id === myId); };
  return { child, send, next, request };
}

describe('test-lint lsp', () => {
  it('publishes diagnostics with the phase and offers the fix as a quick fix', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tl-lsp-'));
    mkdirSync(path.join(dir, 'tests'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'l', private: true, devDependencies: { vitest: '^4.0.0' } }));
    writeFileSync(path.join(dir, 'tests/helpers.ts'), 'export const helper = 1;\n');
    const uri = pathToFileURL(path.join(dir, 'tests/a.test.ts')).href;
    const text = "import { it, expect } from 'vitest';\nimport { helper } from './helpres';\nit('a', () => expect(helper).toBe(1));\n";
    const c = lspClient();
    try {
      await c.request('initialize', { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} });
      c.send({ method: 'initialized', params: {} });
      const published = c.next((m) => m.method === 'textDocument/publishDiagnostics');
      c.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'typescript', version: 1, text } } });
      const { params } = await published;
      expect(params.uri).toBe(uri);
      expect(params.diagnostics).toHaveLength(1);
      const d = params.diagnostics[0];
      expect(d).toMatchObject({ code: 'unresolved-import', source: 'test-lint', severity: 1, range: { start: { line: 1, character: 23 } } });
      expect(d.message).toContain('[collect]');
      const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      const titles = actions.result.map((a: { title: string }) => a.title);
      expect(titles).toEqual(['Import `./helpers` instead (unsafe)', 'Disable unresolved-import for this line']);
      expect(actions.result[0].edit.changes[uri][0]).toMatchObject({ newText: './helpers', range: { start: { line: 1, character: 24 }, end: { line: 1, character: 33 } } });
      await c.request('shutdown', {});
      c.send({ method: 'exit' });
    } finally {
      c.child.kill();
    }
  });
});
