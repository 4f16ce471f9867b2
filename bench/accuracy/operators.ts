/**
 * Fault operators for the accuracy benchmark. Each operator proposes candidate mutations of one
 * file, as plain text edits guided by the project's own facts (`run()`'s model) and simple regexes.
 * Whether a candidate really breaks anything is not decided here: the real runner judges.
 */
import type { FileFacts, ImportFact, Span } from '../../src/facts/types.js';
import type { Project } from '../../src/model/project.js';

export type Operator =
  | 'drop-import'
  | 'missing-import-path'
  | 'rename-export'
  | 'rename-method'
  | 'remove-self-attr'
  | 'rename-fixture'
  | 'corrupt-conflict-markers'
  | 'corrupt-truncate'
  | 'corrupt-comment-opener'
  | 'corrupt-nul-byte'
  | 'corrupt-invalid-utf8'
  | 'comment-out-tests'
  | 'benign-local-rename'
  | 'benign-import-reorder'
  | 'benign-unused-export'
  | 'benign-mojibake-string';

export const OPERATORS: Operator[] = [
  'drop-import', 'missing-import-path', 'rename-export', 'rename-method', 'remove-self-attr', 'rename-fixture',
  'corrupt-conflict-markers', 'corrupt-truncate', 'corrupt-comment-opener', 'corrupt-nul-byte', 'corrupt-invalid-utf8',
  'comment-out-tests',
  'benign-local-rename', 'benign-import-reorder', 'benign-unused-export', 'benign-mojibake-string',
];

export const isBenign = (op: Operator): boolean => op.startsWith('benign-');

export interface Mutation {
  operator: Operator;
  /** Project-relative file that is edited. */
  file: string;
  /** 1-based line of the edit (for the report). */
  line: number;
  description: string;
  /** The whole new content of `file`. */
  content: string | Buffer;
}

export interface Workspace {
  model: Project;
  /** Files the benchmark may mutate: test files and the first-party modules they load (no runner configs). */
  eligible: string[];
  isTest(file: string): boolean;
  text(file: string): string;
}

const isPy = (f: string) => /\.pyi?$/.test(f);
const lineStarts = (text: string): number[] => {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
};
const replaceSpan = (text: string, span: { start: number; end: number }, by: string) => text.slice(0, span.start) + by + text.slice(span.end);
const renamed = (file: string, name: string) => (isPy(file) ? `${name}_renamed` : `${name}Renamed`);

/** Lines of `text` (without newlines), 0-based array; `lines[i]` is line i+1. */
const splitLines = (text: string) => text.split('\n');

/** A line is code: not blank, not a comment, not inside an obvious docstring/string block (heuristic). */
function codeLines(text: string, py: boolean): number[] {
  const lines = splitLines(text);
  const out: number[] = [];
  let inTriple = false;
  let inBlockComment = false;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (py) {
      const triples = (t.match(/"""|'''/g) ?? []).length;
      if (inTriple) { if (triples % 2 === 1) inTriple = false; continue; }
      if (triples % 2 === 1) { inTriple = true; continue; }
      if (triples > 0) continue; // one-line docstring
      if (!t || t.startsWith('#')) continue;
    } else {
      if (inBlockComment) { if (t.includes('*/')) inBlockComment = false; continue; }
      if (t.startsWith('/*')) { if (!t.includes('*/')) inBlockComment = true; continue; }
      if (!t || t.startsWith('//') || t.startsWith('*')) continue;
      if (t.startsWith('`')) continue;
    }
    out.push(i + 1);
  }
  return out;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Python: the first line of the decorators above a `def`/`class` on line `defLine` (1-based). */
function decoratedStart(lines: string[], defLine: number): number {
  const defIndent = indentOf(lines[defLine - 1]);
  let start = defLine;
  for (let j = defLine - 1; j >= 1; j--) {
    const t = lines[j - 1];
    if (!t.trim()) break;
    const ind = indentOf(t);
    if (ind === defIndent && t.trim().startsWith('@')) { start = j; continue; }
    if (ind > defIndent || /^[)\]}]/.test(t.trim())) continue;
    break;
  }
  return start;
}

/** Imports a mutation may touch: real, executed, unguarded import statements. */
function plainImports(f: FileFacts): ImportFact[] {
  return f.imports.filter((i) => i.kind === 'import' && !i.typeOnly && !i.typeChecking && !i.guard && i.phase === 'collect');
}

/** Remove the statement at `span`; when nothing else is on its lines, remove the lines. */
function removeStatement(text: string, span: Span, py: boolean): string {
  const starts = lineStarts(text);
  const ls = starts[span.line - 1];
  const le = span.endLine < starts.length ? starts[span.endLine] : text.length;
  const before = text.slice(ls, span.start);
  let end = span.end;
  if (!py && text[end] === ';') end++;
  const after = text.slice(end, le);
  if (!before.trim() && !after.trim()) return text.slice(0, ls) + text.slice(le);
  return text.slice(0, span.start) + text.slice(end);
}

export function candidates(ws: Workspace): Mutation[] {
  const out: Mutation[] = [];

  // Names imported per target module, and member names used anywhere in test files / fixture parameters.
  const importedFrom = new Map<string, Set<string>>();
  for (const f of ws.eligible) {
    const facts = ws.model.facts(f);
    if (!facts) continue;
    for (const imp of facts.imports) {
      const r = ws.model.resolveImport(f, imp);
      if (r.kind !== 'first-party') continue;
      const set = importedFrom.get(r.file) ?? new Set<string>();
      for (const n of imp.names) set.add(n.imported);
      importedFrom.set(r.file, set);
    }
  }
  const membersUsedInTests = new Set<string>();
  const paramsRequested = new Set<string>();
  for (const f of ws.eligible) {
    const facts = ws.model.facts(f);
    if (!facts) continue;
    if (ws.isTest(f)) for (const a of facts.memberAccesses) membersUsedInTests.add(a.member);
    for (const t of facts.tests) for (const p of t.params ?? []) paramsRequested.add(p);
    for (const fx of facts.pytest?.fixtures ?? []) for (const p of fx.params) paramsRequested.add(p);
  }

  for (const file of ws.eligible) {
    const facts = ws.model.facts(file);
    if (!facts) continue;
    const text = ws.text(file);
    const py = isPy(file);
    const lines = splitLines(text);
    const isTest = ws.isTest(file);
    const push = (operator: Operator, line: number, description: string, content: string | Buffer) =>
      out.push({ operator, file, line, description, content });

    // ---- drop-import: a test file's import whose names are read.
    if (isTest) {
      for (const imp of plainImports(facts)) {
        if (!imp.names.some((n) => n.firstUse !== null && !n.typeOnly)) continue;
        push('drop-import', imp.span.line, `remove \`${text.slice(imp.span.start, imp.span.end).split('\n')[0]}\``, removeStatement(text, imp.span, py));
      }
    }

    // ---- missing-import-path: a first-party import pointed at a path that does not exist.
    for (const imp of plainImports(facts)) {
      const r = ws.model.resolveImport(file, imp);
      if (r.kind !== 'first-party' && r.kind !== 'namespace') continue;
      if (py) {
        if (!imp.specifier) continue;
        const parts = imp.specifier.split('.');
        parts[parts.length - 1] += '_missing';
        const spec = parts.join('.');
        const dots = /^\.*/.exec(text.slice(imp.specifierSpan.start, imp.specifierSpan.end))![0];
        push('missing-import-path', imp.span.line, `import ${'.'.repeat(imp.level)}${imp.specifier} → ${'.'.repeat(imp.level)}${spec}`, replaceSpan(text, imp.specifierSpan, dots + spec));
      } else {
        if (!imp.specifier.startsWith('.')) continue;
        const m = /^(.*?)(\.[cm]?[jt]sx?)?$/.exec(imp.specifier)!;
        const spec = `${m[1]}-missing${m[2] ?? ''}`;
        const q = text[imp.specifierSpan.start];
        push('missing-import-path', imp.span.line, `'${imp.specifier}' → '${spec}'`, replaceSpan(text, imp.specifierSpan, `${q}${spec}${q}`));
      }
    }

    // ---- rename-export: a function/class another file imports, renamed in its own module only.
    if (!isTest) {
      const wanted = importedFrom.get(file) ?? new Set<string>();
      for (const b of facts.bindings) {
        if ((b.kind !== 'function' && b.kind !== 'class') || !wanted.has(b.name)) continue;
        if (!py && !facts.exports.some((e) => e.name === b.name && e.kind === 'local')) continue;
        if (text.slice(b.span.start, b.span.end) !== b.name) continue;
        push('rename-export', b.span.line, `rename ${b.kind} ${b.name} → ${renamed(file, b.name)} (definition only)`, replaceSpan(text, b.span, renamed(file, b.name)));
      }
    }

    // ---- rename-method: a method of a first-party helper class that tests call.
    if (!isTest || py) {
      for (const cls of facts.classes) {
        if (isTest && /^Test/.test(cls.name)) continue;
        for (const m of cls.members) {
          if (m.kind !== 'method' || m.static || /^(constructor|__\w+__)$/.test(m.name) || m.name.startsWith('test')) continue;
          if (!membersUsedInTests.has(m.name)) continue;
          if (text.slice(m.span.start, m.span.end) !== m.name) continue;
          push('rename-method', m.span.line, `rename ${cls.name}.${m.name} → ${renamed(file, m.name)}`, replaceSpan(text, m.span, renamed(file, m.name)));
        }
      }
    }

    // ---- remove-self-attr (python): drop a `self.x = …` line from a setup method.
    if (py && isTest) {
      for (let i = 0; i < lines.length; i++) {
        const def = /^(\s*)def (setup_method|setUp|setup|setup_class|asyncSetUp)\s*\(/.exec(lines[i]);
        if (!def) continue;
        const defIndent = def[1].length;
        for (let j = i + 1; j < lines.length; j++) {
          const l = lines[j];
          if (l.trim() && indentOf(l) <= defIndent) break;
          const m = /^(\s*)self\.(\w+)\s*=[^=]/.exec(l);
          if (!m) continue;
          const opens = (l.match(/[([{]/g) ?? []).length - (l.match(/[)\]}]/g) ?? []).length;
          if (opens !== 0 || l.trimEnd().endsWith('\\')) continue;
          const attr = m[2];
          const readElsewhere = lines.some((o, k) => k !== j && new RegExp(`self\\.${attr}\\b(?!\\s*=[^=])`).test(o));
          if (!readElsewhere) continue;
          const next = lines.slice();
          next[j] = `${m[1]}pass`;
          push('remove-self-attr', j + 1, `remove \`${l.trim()}\` from ${def[2]}`, next.join('\n'));
        }
      }
    }

    // ---- rename-fixture (python): rename a fixture function that tests request.
    if (py) {
      for (const fx of facts.pytest?.fixtures ?? []) {
        if (fx.renamed || !paramsRequested.has(fx.name)) continue;
        if (text.slice(fx.nameSpan.start, fx.nameSpan.end) !== fx.name) continue;
        push('rename-fixture', fx.nameSpan.line, `rename fixture ${fx.name} → ${fx.name}_renamed`, replaceSpan(text, fx.nameSpan, `${fx.name}_renamed`));
      }
    }

    // ---- corruptions: one candidate per code line (the sampler spreads over files and lines).
    const code = codeLines(text, py);
    for (const ln of code) {
      const l = lines[ln - 1];
      const ind = l.slice(0, indentOf(l));
      {
        const next = lines.slice();
        next.splice(ln - 1, 1, '<<<<<<< HEAD', l, '=======', `${l}${py ? '  # theirs' : ' // theirs'}`, '>>>>>>> feature');
        push('corrupt-conflict-markers', ln, `conflict markers around line ${ln}`, next.join('\n'));
      }
      {
        const next = lines.slice();
        next[ln - 1] = `${ind}\u0000${l.slice(ind.length)}`;
        push('corrupt-nul-byte', ln, `NUL byte at the start of line ${ln}`, next.join('\n'));
      }
      {
        const starts = lineStarts(text);
        const at = Buffer.byteLength(text.slice(0, starts[ln - 1] + ind.length), 'utf8');
        const buf = Buffer.from(text, 'utf8');
        push('corrupt-invalid-utf8', ln, `bytes FF FE at the start of line ${ln}`, Buffer.concat([buf.subarray(0, at), Buffer.from([0xff, 0xfe]), buf.subarray(at)]));
      }
      // truncation mid-statement: cut just after an opening parenthesis, in the second half of the file.
      const paren = l.indexOf('(');
      if (ln > lines.length / 2 && paren >= 0 && !/^\s*(#|\/\/)/.test(l)) {
        const starts = lineStarts(text);
        push('corrupt-truncate', ln, `truncated after \`${l.slice(0, paren + 1).trim()}\` on line ${ln}`, text.slice(0, starts[ln - 1] + paren + 1));
      }
      const opener = py
        ? /^\s*(async\s+def|def|class|if|elif|else|for|while|with|try|except|finally)\b.*:\s*(#.*)?$/.test(l)
        : /\{\s*$/.test(l) && !/^\s*(import|export\s+(type\s+)?\{|\}|type\b|interface\b)/.test(l) && /=>\s*\{\s*$|\)\s*\{\s*$|\b(class|else|try|finally)\b.*\{\s*$/.test(l);
      if (opener) {
        const next = lines.slice();
        next[ln - 1] = `${ind}${py ? '# ' : '// '}${l.slice(ind.length)}`;
        push('corrupt-comment-opener', ln, `commented out the block opener \`${l.trim().slice(0, 60)}\``, next.join('\n'));
      }
    }

    // ---- comment-out-tests: every top-level test or suite of a test file commented out.
    if (isTest) {
      const top = facts.tests.filter((t) => t.scope.length === 0);
      if (top.length > 0) {
        const next = lines.slice();
        for (const t of top) {
          const from = py ? decoratedStart(lines, t.span.line) : t.span.line;
          for (let k = from; k <= t.span.endLine; k++) next[k - 1] = `${py ? '# ' : '// '}${next[k - 1]}`;
        }
        push('comment-out-tests', top[0].span.line, `commented out all ${top.length} top-level tests/suites`, next.join('\n'));
      }
    }

    // ---- benign: consistent local rename inside one test.
    if (isTest) {
      for (const t of facts.tests.filter((x) => x.kind === 'test')) {
        const body = text.slice(t.span.start, t.span.end);
        const decl = py ? /^[ \t]+([a-z_]\w*)\s*=[^=]/m.exec(body) : /\b(?:const|let)\s+([A-Za-z_$][\w$]*)\s*[:=]/.exec(body);
        if (!decl) continue;
        const name = decl[1];
        if (name === 'self' || name === '_') continue;
        const occ = [...body.matchAll(new RegExp(`(?<![\\w$.'"])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))];
        const declAt = decl.index + decl[0].indexOf(name, py ? 0 : decl[0].search(/\s/));
        const unsafe = occ.some((m) => {
          const after = body.slice(m.index! + name.length);
          const before = body.slice(0, m.index!);
          if (m.index === declAt) return false;
          if (py && /^\s*=[^=]/.test(after)) return true; // keyword argument or re-assignment
          if (!py && /^\s*:/.test(after) && !/\?\s*$/.test(before)) return true; // object key
          if (!py && /[{,]\s*$/.test(before) && /^\s*[,}]/.test(after)) return true; // shorthand property
          return false;
        });
        if (unsafe || occ.length < 2) continue;
        const nn = py ? `${name}_local` : `${name}Local`;
        const newBody = body.replace(new RegExp(`(?<![\\w$.'"])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), nn);
        push('benign-local-rename', t.span.line, `rename local ${name} → ${nn} in test ${t.name}`, text.slice(0, t.span.start) + newBody + text.slice(t.span.end));
        break;
      }
    }

    // ---- benign: swap two adjacent one-line imports.
    {
      const ims = plainImports(facts).filter((i) => i.span.line === i.span.endLine).sort((a, b) => a.span.line - b.span.line);
      for (let k = 0; k + 1 < ims.length; k++) {
        const a = ims[k], b = ims[k + 1];
        if (b.span.line !== a.span.line + 1) continue;
        const whole = (i: ImportFact) => [text.slice(i.span.start, i.span.end).trim(), `${text.slice(i.span.start, i.span.end).trim()};`].includes(lines[i.span.line - 1].trim());
        if (!whole(a) || !whole(b)) continue;
        if (py && (a.specifier === '__future__' || b.specifier === '__future__')) continue;
        const next = lines.slice();
        [next[a.span.line - 1], next[b.span.line - 1]] = [next[b.span.line - 1], next[a.span.line - 1]];
        push('benign-import-reorder', a.span.line, `swap imports on lines ${a.span.line} and ${b.span.line}`, next.join('\n'));
        break;
      }
    }

    // ---- benign: an unused export appended to a helper module.
    if (!isTest && !facts.module.commonjs && !/\.d\.[cm]?ts$/.test(file) && !file.endsWith('.pyi')) {
      const sep = text.endsWith('\n') ? '' : '\n';
      const add = py
        ? `${sep}\n\ndef bench_unused_helper():\n    return 1\n`
        : /\.[cm]?tsx?$/.test(file)
          ? `${sep}\nexport function benchUnusedHelper(): number {\n  return 1;\n}\n`
          : `${sep}\nexport function benchUnusedHelper() {\n  return 1;\n}\n`;
      if (py || facts.module.esm !== false) push('benign-unused-export', lines.length, 'append an unused exported function', text + add);
    }

    // ---- benign: mojibake inside a string literal.
    if (isTest) {
      const MOJIBAKE = 'cafÃ© â€” dÃ©jÃ  vu ';
      if (py) {
        const imps = plainImports(facts).filter((i) => i.span.endLine < 200);
        const afterLine = imps.length ? Math.max(...imps.map((i) => i.span.endLine)) : 0;
        if (imps.length && indentOf(lines[afterLine - 1] ?? '') === 0) {
          const next = lines.slice();
          next.splice(afterLine, 0, '', `BENCH_NOTE = "${MOJIBAKE.trim()}"`);
          push('benign-mojibake-string', afterLine + 1, 'a module-level string constant with mojibake', next.join('\n'));
        }
      } else {
        const t = facts.tests.find((x) => !x.dynamicName && /^['"`]/.test(text.slice(x.nameSpan.start, x.nameSpan.start + 1)));
        if (t) {
          push('benign-mojibake-string', t.nameSpan.line, `mojibake inserted into the title of "${t.name}"`, text.slice(0, t.nameSpan.start + 1) + MOJIBAKE + text.slice(t.nameSpan.start + 1));
        }
      }
    }
  }
  return out;
}
