import path from 'node:path';
import { defineRule, quoteList } from '../src/rule-kit/index.js';

const LINE_ONE = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

/** pytest matches `python_files` against basenames with fnmatch ('*', '?', '[seq]'). */
function fnmatch(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const close = pattern.indexOf(']', i + 2);
      const body = pattern.slice(i + 1, close);
      re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

const isGlob = (s: string) => /[*?[]/.test(s);

export default defineRule({
  id: 'runner-config',
  phase: ['collect', 'integrity'],
  languages: ['python'],
  severity: 'error',
  status: 'preview',
  scope: 'all-files',
  fix: { availability: 'none' },
  messages: {
    missingTestpath: '`testpaths` entry `{entry}` matches no file or folder: pytest ignores it{fallback}',
    noTestFiles: '`python_files` ({patterns}) matches no Python file under {where}: pytest collects no tests',
    deadPattern: '`python_files` pattern `{pattern}` matches no Python file under {where}',
  },
  docs: {
    summary: 'pytest settings that select nothing: a `testpaths` entry that names no existing path, or `python_files` patterns that match no file under the test paths.',
    why: 'pytest ignores a missing test path silently (when none exists it warns and searches the whole folder instead), and `python_files` that matches nothing makes pytest report "no tests ran" — usually after a folder or file-naming convention was changed and the config was not.',
    examples: { invalid: 'invalid/renamed-folder', valid: 'valid/config-matches' },
    limitations: 'Reported at line 1 of the config file. Existence is judged from the files test-lint was given (so this rule is in preview: run it on the whole project, not on a handful of files). Glob entries in `testpaths` are not checked.',
  },
  visit: {},
  project(ctx) {
    const cfg = ctx.model.pytestConfig();
    if (!cfg?.iniFile) return;
    const root = ctx.model.root;
    const rel = (abs: string) => path.relative(root, abs).split(path.sep).join('/');
    const iniFile = rel(cfg.iniFile);
    const files = [...ctx.model.fileNames()];
    if (!files.some((f) => ctx.model.isReported(f))) return;
    const under = (dir: string) => (f: string) => dir === '' || f === dir || f.startsWith(`${dir}/`);

    // testpaths, relative to the rootdir (pytest: relative to the ini file's folder, which is the rootdir).
    const entries = cfg.testpaths.filter((t) => !isGlob(t)).map((t) => ({ entry: t, dir: rel(path.resolve(cfg.rootdir, t)) }));
    const existing = entries.filter((e) => files.some(under(e.dir)));
    const missing = entries.filter((e) => !existing.includes(e));
    const allMissing = missing.length > 0 && missing.length === cfg.testpaths.length;
    for (const m of missing) {
      ctx.report({
        file: iniFile, at: LINE_ONE, phase: 'integrity', message: 'missingTestpath',
        data: { entry: m.entry, fallback: allMissing ? ' and, finding no test path at all, searches the whole folder instead' : '' },
        suggestions: ctx.model.nearest(m.entry, [...new Set(files.map((f) => f.split('/')[0]!).filter((d) => !d.includes('.')))]).map((c) => `did you mean \`${c}\`?`),
      });
    }

    // python_files, only when the project sets it (the defaults are pytest's, not the user's choice).
    if (!('python_files' in cfg.options)) return;
    const roots = existing.length > 0 && !cfg.testpaths.some(isGlob) ? existing.map((e) => e.dir) : [rel(cfg.rootdir)];
    const where = roots.map((r) => `\`${r || '.'}\``).join(', ');
    const pyFiles = files.filter((f) => f.endsWith('.py') && roots.some((r) => under(r)(f)));
    const basenames = pyFiles.map((f) => path.posix.basename(f));
    const dead = cfg.pythonFiles.filter((p) => !basenames.some((b) => fnmatch(p).test(b)));
    if (dead.length === 0) return;
    if (dead.length === cfg.pythonFiles.length) {
      const looksLikeTests = basenames.filter((b) => /test/i.test(b) && b !== 'conftest.py');
      ctx.report({
        file: iniFile, at: LINE_ONE, phase: 'collect', message: 'noTestFiles',
        data: { patterns: cfg.pythonFiles.map((p) => `\`${p}\``).join(', '), where },
        suggestions: looksLikeTests.length ? [`files such as ${quoteList([...new Set(looksLikeTests)], 2)} are not matched`] : [],
      });
      return;
    }
    for (const pattern of dead) {
      ctx.report({ file: iniFile, at: LINE_ONE, phase: 'integrity', message: 'deadPattern', data: { pattern, where } });
    }
  },
});
