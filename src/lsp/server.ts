/**
 * `test-lint lsp`: a language server over stdio. Lints an open document as the CLI's `--stdin`
 * does (the project model around it read from disk), publishes diagnostics with the phase, and
 * offers the findings' fixes and a disable comment as quick fixes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type CodeAction, type Connection, type Diagnostic,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { run } from '../engine/run.js';
import type { Finding, Fix } from '../rule-kit/types.js';

interface DiagnosticData { ruleId: string; fix?: Fix; line: number; python: boolean }

const DEBOUNCE_MS = 150;

export function startLanguageServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): void {
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, NodeJS.Timeout>();

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'test-lint' },
  }));

  async function validate(doc: TextDocument): Promise<void> {
    if (!doc.uri.startsWith('file:')) return;
    const file = fileURLToPath(doc.uri);
    let findings: Finding[] = [];
    try {
      const result = await run({ cwd: path.dirname(file), paths: [], stdin: { text: doc.getText(), filename: file } });
      findings = result.findings;
    } catch (e) {
      connection.console.error(`test-lint: ${(e as Error).message}`);
    }
    const python = file.endsWith('.py') || file.endsWith('.pyi');
    const diagnostics: Diagnostic[] = findings.map((f) => ({
      range: { start: { line: f.span.line - 1, character: f.span.column - 1 }, end: { line: f.span.endLine - 1, character: f.span.endColumn - 1 } },
      severity: f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: 'test-lint',
      code: f.ruleId,
      message: `${f.message} [${f.phase}]${f.suggestions.length ? `\n${f.suggestions.join('\n')}` : ''}`,
      data: { ruleId: f.ruleId, fix: f.fix, line: f.span.line, python } satisfies DiagnosticData,
    }));
    await connection.sendDiagnostics({ uri: doc.uri, diagnostics });
  }

  const schedule = (doc: TextDocument) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => { timers.delete(doc.uri); void validate(doc); }, DEBOUNCE_MS));
  };
  documents.onDidOpen((e) => { void validate(e.document); });
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => { void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }); });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const actions: CodeAction[] = [];
    for (const d of params.context.diagnostics) {
      const data = d.data as DiagnosticData | undefined;
      if (!data || d.source !== 'test-lint') continue;
      if (data.fix && data.fix.applicability !== 'display') {
        actions.push({
          title: data.fix.title + (data.fix.applicability === 'unsafe' ? ' (unsafe)' : ''),
          kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: data.fix.applicability === 'safe',
          edit: { changes: { [doc.uri]: data.fix.edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.text })) } },
        });
      }
      const lineText = doc.getText({ start: { line: data.line - 1, character: 0 }, end: { line: data.line - 1, character: 10_000 } });
      const indent = /^\s*/.exec(lineText)![0];
      const comment = data.python ? `# test-lint: disable-next-line=${data.ruleId}` : `// test-lint-disable-next-line ${data.ruleId}`;
      actions.push({
        title: `Disable ${data.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d],
        edit: { changes: { [doc.uri]: [{ range: { start: { line: data.line - 1, character: 0 }, end: { line: data.line - 1, character: 0 } }, newText: `${indent}${comment}\n` }] } },
      });
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
}
