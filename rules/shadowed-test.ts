import { defineRule, type TestFact } from '../src/rule-kit/index.js';

export default defineRule({
  id: 'shadowed-test',
  phase: 'integrity',
  languages: ['python', 'ts', 'js'],
  severity: 'error',
  status: 'stable',
  scope: 'test-files',
  fix: { availability: 'none' },
  messages: {
    redefined: 'test `{name}` is defined again here (first at line {line}): the first definition never runs',
    duplicateTitle: 'test title `{name}` is used twice in one suite (first at line {line}): reports cannot tell them apart',
  },
  docs: {
    summary: 'Two tests with the same name in one scope.',
    why: 'In Python the second `def` replaces the first, which silently never runs. In JS both run, but results, retries, snapshots and `-t` filters cannot tell them apart.',
    examples: { invalid: 'invalid/python-redefined', valid: 'valid/same-name-other-scope' },
    limitations: 'Titles built at run time (template literals with expressions, `.each`) are not compared.',
  },
  visit: {
    file(facts, ctx) {
      const seen = new Map<string, TestFact>();
      for (const t of facts.tests) {
        if (t.kind !== 'test' || t.dynamicName) continue;
        const key = `${t.scope.join('\0')}\0${t.name}`;
        const first = seen.get(key);
        if (!first) { seen.set(key, t); continue; }
        ctx.report({
          at: t.nameSpan,
          message: facts.language === 'python' ? 'redefined' : 'duplicateTitle',
          data: { name: t.name, line: first.nameSpan.line },
          related: [{ file: facts.file, span: first.nameSpan, message: 'first definition' }],
        });
      }
    },
  },
});
