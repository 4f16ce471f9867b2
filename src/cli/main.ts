/** The command line: argv in, exit code out (0 clean, 1 error findings, 2 usage/config/internal error). */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, normalizeSeverity } from '../config/schema.js';
import { run, RULE_IDS, type Progress, type Shard } from '../engine/run.js';
import type { Phase } from '../facts/types.js';
import { REPORTERS } from '../report/index.js';
import type { Severity } from '../rule-kit/types.js';
import { createTwoFilesPatch } from 'diff';
import { fixProject } from '../fix/fix-loop.js';
import { applyBaseline, BaselineError, readBaseline, writeBaseline } from '../engine/baseline.js';
import { writeFileAtomic } from '../fix/write.js';
import { explainRule } from './explain.js';
import { version } from '../version.js';
import { printConfig } from './print-config.js';

export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

export class UsageError extends Error {}

const PHASES: Phase[] = ['collect', 'run', 'skip', 'integrity'];

function parseRuleFlag(value: string, previous: Record<string, Severity> = {}): Record<string, Severity> {
  const m = /^([a-z0-9-]+):(\w+)$/.exec(value.trim());
  if (!m) throw new UsageError(`--rule expects id:severity (e.g. missing-export:warn), got '${value}'`);
  if (!RULE_IDS.has(m[1])) throw new UsageError(`--rule: unknown rule id '${m[1]}'`);
  const sev = normalizeSeverity(m[2]);
  if (!sev) throw new UsageError(`--rule: invalid severity '${m[2]}' (expected off, warn or error)`);
  return { ...previous, [m[1]]: sev };
}

/** `--shard i/n`, 1 ≤ i ≤ n. */
export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard expects i/n with 1 ≤ i ≤ n (e.g. 2/4), got '${value}'`);
  return { index, count };
}

/**
 * `files parsed / total` on stderr, only when stderr is a terminal and the run has lasted more
 * than a second; redrawn at most ten times a second and erased when the run ends.
 */
export function progressIndicator(io: Io, now: () => number = Date.now, delayMs = 1000): { update: (p: Progress) => void; done: () => void } | null {
  if (!io.stderrIsTTY) return null;
  const started = now();
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const t = now();
      if (t - started < delayMs || t - last < 100) return;
      last = t;
      shown = true;
      io.stderr(`\r\x1b[Ktest-lint: ${p.phase === 'parse' ? 'parsing' : 'checking'} ${p.done}/${p.total} files`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

function parsePhases(value: string): Phase[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of list) if (!PHASES.includes(p as Phase)) throw new UsageError(`--phase: unknown phase '${p}' (expected ${PHASES.join(', ')})`);
  return list as Phase[];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface Io {
  stdout: (s: string) => void; stderr: (s: string) => void; cwd: string; isTTY: boolean;
  /** stderr is a terminal: long runs show a progress line there. */
  stderrIsTTY?: boolean;
}

const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY) && !process.env.CI,
});

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let debug = argv.includes('--debug');
  const program = new Command('test-lint')
    .description('Finds what breaks test collection, fails tests or silently skips them — statically.\n\n  test-lint explain <rule-id>   print a rule\'s documentation\n  test-lint lsp                 start the language server (stdio)')
    .argument('[paths...]', 'files or folders to lint', [])
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .addOption(new Option('-f, --format <name>', 'output format').choices(Object.keys(REPORTERS)).default('stylish'))
    .option('-o, --output-file <file>', 'write the report to a file')
    .option('--quiet', 'report errors only, not warnings')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-warnings expects a whole number, got '${v}'`);
      return n;
    })
    .option('--rule <id:severity>', 'set a rule\'s severity (repeatable)', parseRuleFlag)
    .option('--phase <list>', 'only report these phases (collect,run,skip,integrity)', parsePhases)
    .option('--cache', 'reuse facts by content hash, and the findings of an unchanged project (in .test-lint-cache/ under the project root)')
    .option('--cache-location <dir>', 'the cache folder (implies --cache)')
    .option('--shard <i/n>', 'report only shard i of n (split a large repository across CI jobs)', parseShard)
    .option('--fix', 'apply safe fixes to the files')
    .option('--fix-dry-run', 'print the unified diff of what --fix would change; change nothing')
    .option('--unsafe-fixes', 'with --fix/--fix-dry-run: also apply unsafe fixes (did-you-mean renames)')
    .option('--baseline <file>', 'report only findings that are not recorded in this baseline file')
    .option('--write-baseline', 'record the current findings in the baseline file (default test-lint-baseline.json) and exit 0')
    .option('--no-error-on-unmatched-pattern', 'do not fail when a named path does not exist (lint-staged, deleted files)')
    .option('--stdin', 'lint the text on standard input')
    .option('--stdin-filename <file>', 'the file name to lint standard input as')
    .option('--print-config <file>', 'print the configuration that applies to a file and exit')
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output')
    .option('--debug', 'print stack traces of internal errors')
    .version(version(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false);

  try {
    if (argv[0] === 'explain') {
      // `test-lint explain <rule-id>`: a sub-command beside the default (lint) command.
      const id = argv[1];
      const text = id ? explainRule(id) : null;
      if (!text) throw new UsageError(`explain: unknown rule id '${id ?? ''}' (known: ${[...RULE_IDS].sort().join(', ')})`);
      io.stdout(text);
      return EXIT.ok;
    }
    if (argv[0] === 'lsp') {
      // `test-lint lsp [--stdio]`: the language server; it runs until the editor closes it.
      const { startLanguageServer } = await import('../lsp/server.js');
      startLanguageServer();
      return new Promise<number>(() => {});
    }
    await program.parseAsync(argv, { from: 'user' });
    const o = program.opts<{
      config?: string; format: string; outputFile?: string; quiet?: boolean; maxWarnings?: number;
      rule?: Record<string, Severity>; phase?: Phase[]; stdin?: boolean; stdinFilename?: string;
      printConfig?: string; color?: boolean; debug?: boolean; fix?: boolean; fixDryRun?: boolean; unsafeFixes?: boolean;
      baseline?: string; writeBaseline?: boolean; errorOnUnmatchedPattern: boolean;
      cache?: boolean; cacheLocation?: string; shard?: Shard;
    }>();
    debug = Boolean(o.debug);
    if (o.printConfig) {
      io.stdout(await printConfig(io.cwd, o.printConfig, o.config, o.rule));
      return EXIT.ok;
    }
    if (o.stdinFilename && !o.stdin) throw new UsageError('--stdin-filename needs --stdin');
    const stdin = o.stdin ? { text: await readStdin(), filename: o.stdinFilename ?? 'stdin.ts' } : undefined;
    if ((o.fix || o.fixDryRun) && stdin) throw new UsageError('--fix and --fix-dry-run do not work with --stdin');
    if (o.unsafeFixes && !o.fix && !o.fixDryRun) throw new UsageError('--unsafe-fixes needs --fix or --fix-dry-run');
    const progress = progressIndicator(io);
    const runOptions = {
      cwd: io.cwd, paths: program.processedArgs[0] as string[], configFile: o.config, ruleOverrides: o.rule, phases: o.phase, stdin,
      cache: Boolean(o.cache || o.cacheLocation), cacheLocation: o.cacheLocation && path.resolve(io.cwd, o.cacheLocation), shard: o.shard,
      onProgress: progress?.update, warn: (m: string) => io.stderr(`test-lint: ${m}\n`),
    };
    let result;
    if (o.fix || o.fixDryRun) {
      const outcome = await fixProject(runOptions, { unsafe: Boolean(o.unsafeFixes), write: Boolean(o.fix) });
      result = outcome.result;
      if (o.fixDryRun) {
        for (const [file, c] of [...outcome.changes].sort(([a], [b]) => (a < b ? -1 : 1))) io.stdout(createTwoFilesPatch(`a/${file}`, `b/${file}`, c.before, c.after, undefined, undefined, { context: 3 }).split('\n').slice(1).join('\n'));
      }
      const n = [...outcome.changes.values()].reduce((s, c) => s + c.applied.length, 0);
      io.stderr(`test-lint: ${o.fix ? 'applied' : 'would apply'} ${n} fix${n === 1 ? '' : 'es'} in ${outcome.changes.size} file${outcome.changes.size === 1 ? '' : 's'}${outcome.dropped.length ? `; dropped ${outcome.dropped.length} that would break parsing` : ''}\n`);
    } else {
      try { result = await run({ ...runOptions, reuseResults: true }); } finally { progress?.done(); }
    }
    if (result.missingPaths.length && o.errorOnUnmatchedPattern) {
      throw new UsageError(`no such file or folder: ${result.missingPaths.map((p) => path.relative(io.cwd, p) || '.').join(', ')}`);
    }
    if (o.writeBaseline) {
      const file = path.resolve(io.cwd, o.baseline ?? path.join(result.root, 'test-lint-baseline.json'));
      writeBaseline(file, result.findings);
      io.stderr(`test-lint: recorded ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} in ${path.relative(io.cwd, file) || file}\n`);
      return EXIT.ok;
    }
    if (o.baseline) {
      const applied = applyBaseline(result.findings, readBaseline(path.resolve(io.cwd, o.baseline)));
      if (applied.unmatched) io.stderr(`test-lint: ${applied.unmatched} baseline entr${applied.unmatched === 1 ? 'y is' : 'ies are'} fixed; run --write-baseline to prune\n`);
      result = { ...result, findings: applied.findings };
    }
    const findings = o.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
    const color = o.color ?? (o.outputFile ? false : io.isTTY && !process.env.NO_COLOR);
    const text = REPORTERS[o.format]({ findings, root: result.root, files: result.files, color });
    if (o.outputFile) {
      const out = path.resolve(io.cwd, o.outputFile);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileAtomic(out, text);
    }
    else io.stdout(text);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = result.findings.length - result.findings.filter((f) => f.severity === 'error').length;
    if (errors > 0) return EXIT.findings;
    if (o.maxWarnings !== undefined && warnings > o.maxWarnings) {
      io.stderr(`test-lint found too many warnings (maximum: ${o.maxWarnings}).\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.error; // commander already printed the message
    }
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof BaselineError) {
      const cause = e.cause instanceof Error && debug ? `${e.cause.stack}\n` : '';
      io.stderr(`test-lint: ${e.message}\n${cause}`);
      return EXIT.error;
    }
    io.stderr(`test-lint: internal error: ${(e as Error).message}\n${debug ? `${(e as Error).stack}\n` : 'Run with --debug for the stack trace.\n'}`);
    return EXIT.error;
  }
}
