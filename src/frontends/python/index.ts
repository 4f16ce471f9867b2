/** The Python front-end: one file's text in, plain facts out (see src/facts/types.ts). */
import { emptyFacts, type FileFacts, type FrontEnd, type FrontEndInput, type SuppressionFact } from '../../facts/types.js';
import { PythonAnalyzer, type SyntaxIssue } from './analyze.js';
import { parsePython, type PyNode } from './parser.js';
import { Deadline, TimeBudgetExceeded } from '../../facts/deadline.js';
import { LineIndex } from './positions.js';
import type { PythonFileFacts } from './pytest-facts.js';
import { scanTokens } from './scan.js';

export { initPythonParser } from './parser.js';
export type { FixtureFact, ParametrizeFact, PytestFacts, PythonFileFacts, PythonTestFact } from './pytest-facts.js';

export const pythonFrontEnd: FrontEnd = {
  languages: ['python'],
  extract: extractPython,
};

const MAX_REPORTED_ERRORS = 20;

export function extractPython(input: FrontEndInput): PythonFileFacts {
  const facts: PythonFileFacts = emptyFacts(input.file, 'python', input.hash, input.size);
  const text = input.text;
  const li = new LineIndex(text);
  const deadline = input.deadline ?? Deadline.NONE;
  try {
    const parsed = parsePython(text, deadline);
    if (!parsed) {
      facts.parseErrors.push({ message: 'Python parser unavailable (call initPythonParser first)', span: li.span(0, 0), code: 'python' });
      return facts;
    }
    const analyzer = new PythonAnalyzer(text, li, facts, input.options, deadline);
    analyzer.run(parsed.root);
    facts.pytest = { fixtures: analyzer.fixtures };

    const issues: SyntaxIssue[] = analyzer.issues;
    if (parsed.hasError) collectTreeErrors(parsed.root, issues, deadline);
    const scanError = scanTokens(text, parsed.strings);
    if (scanError) issues.push(scanError);
    if (text.includes('\0')) issues.push({ message: 'source code cannot contain null bytes', start: text.indexOf('\0'), end: text.indexOf('\0') + 1 });
    issues.sort((a, b) => a.start - b.start);
    for (const issue of issues.slice(0, MAX_REPORTED_ERRORS)) {
      facts.parseErrors.push({ message: issue.message, span: li.span(issue.start, issue.end), code: 'python' });
    }
    facts.suppressions = readSuppressions(text, parsed.comments, li);
  } catch (e) {
    // Never throw (but for the time budget, which the engine reports): a front-end failure is a finding about this file.
    if (e instanceof TimeBudgetExceeded) throw e;
    facts.parseErrors.push({ message: `internal error in the Python front-end: ${(e as Error)?.message ?? e}`, span: li.span(0, 0), code: 'internal' });
  }
  return facts;
}

/** The outermost ERROR nodes and every MISSING node, as CPython-like messages. */
function collectTreeErrors(root: PyNode, out: SyntaxIssue[], deadline: Deadline): void {
  const stack: PyNode[] = [root];
  while (stack.length) {
    deadline.tick();
    const n = stack.pop()!;
    if (n.type === 'ERROR') {
      out.push({ message: 'invalid syntax', start: n.start, end: n.end });
      continue;
    }
    if (n.missing) {
      out.push({ message: n.named ? 'invalid syntax' : `expected '${n.type}'`, start: n.start, end: n.end });
      continue;
    }
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
}

const SUPPRESSION = /^#\s*test-lint:\s*(disable-next-line|disable-file|disable)\b\s*(?:=\s*([\w\-, ]*))?/;

/** `# noqa: F821` / `# noqa: E501,F821` (comma or space separated codes, anywhere in the comment). */
const NOQA_F821 = /#\s*noqa\s*:\s*(?:[A-Z]+[0-9]+[\s,]+)*F821\b/i;

/** `# type: ignore[codes]` (mypy) / `# pyright: ignore[rules]`: the codes, '' when bare. */
const TYPE_IGNORE = /#\s*(?:type|pyright)\s*:\s*ignore\b(?:\[([^\]]*)\])?/;

/** mypy error codes and pyright rules → the test-lint rules that report the same error. */
const TYPE_IGNORE_RULES: Record<string, string[]> = {
  'attr-defined': ['unknown-member', 'unset-attribute'], 'union-attr': ['unknown-member', 'unset-attribute'],
  reportAttributeAccessIssue: ['unknown-member', 'unset-attribute'], reportOptionalMemberAccess: ['unknown-member'],
  'call-arg': ['call-arity'], reportCallIssue: ['call-arity'],
};

/**
 * A type checker's ignore comment on a line marks a deliberate attribute or call error (typing tests
 * that check `x.missing()  # type: ignore[attr-defined]` is rejected): honoured for the rules that
 * report the same error, never reported as unused. Bare `# type: ignore` covers all of them.
 */
function typeIgnoreRules(comment: string): string[] {
  const m = TYPE_IGNORE.exec(comment);
  if (!m) return [];
  const codes = m[1] === undefined ? Object.keys(TYPE_IGNORE_RULES) : m[1].split(',').map((c) => c.trim());
  return [...new Set(codes.flatMap((c) => TYPE_IGNORE_RULES[c] ?? []))];
}

/** `# test-lint: disable=…` (this line), `disable-next-line=…`, `disable-file[=…]`; no rule list = all rules. */
function readSuppressions(text: string, comments: number[], li: LineIndex): SuppressionFact[] {
  const out: SuppressionFact[] = [];
  for (let i = 0; i < comments.length; i += 2) {
    const start = comments[i]!;
    const end = comments[i + 1]!;
    const comment = text.slice(start, end);
    if (!comment.includes('test-lint')) {
      // flake8/Ruff's `# noqa: F821` (undefined name) marks a deliberate undefined name, e.g. a test that
      // expects the NameError: honoured for undefined-name, never reported as unused (it is not ours).
      if (comment.includes('noqa') && NOQA_F821.test(comment)) {
        const span = li.span(start, end);
        out.push({ kind: 'line', rules: ['undefined-name'], span, targetLine: span.line, foreign: true });
      }
      const ignored = comment.includes('ignore') ? typeIgnoreRules(comment) : [];
      if (ignored.length) {
        const span = li.span(start, end);
        out.push({ kind: 'line', rules: ignored, span, targetLine: span.line, foreign: true });
      }
      continue;
    }
    const m = SUPPRESSION.exec(comment);
    if (!m) continue;
    const rules = (m[2] ?? '').split(',').map((r) => r.trim()).filter((r) => r.length > 0);
    const span = li.span(start, end);
    const kind: SuppressionFact['kind'] = m[1] === 'disable-next-line' ? 'next-line' : m[1] === 'disable-file' ? 'file' : 'line';
    out.push({ kind, rules, span, targetLine: kind === 'next-line' ? span.line + 1 : span.line });
  }
  return out;
}

export type { FileFacts };
