/**
 * `npm run bench:accuracy -- <repo> [--seed N] [--count N] [--operators a,b] [--out FILE.json]`
 *
 * Copies <repo> to a temp folder, applies seeded-random faults one at a time, lets the real runner
 * (vitest / pytest) label each one, runs test-lint in-process and scores it. Prints a markdown
 * table; writes the labels and per-mutation details as JSON (and the table next to it as .md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { markdown, runBenchmark } from './engine.js';
import { OPERATORS, type Operator } from './operators.js';

const USAGE = 'usage: npm run bench:accuracy -- <repo> [--seed N] [--count N] [--operators op1,op2] [--out FILE.json] [--quiet]';

function parseArgs(argv: string[]) {
  let repo: string | undefined;
  let seed = 1;
  let count = 48;
  let out: string | undefined;
  let operators: Operator[] | undefined;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    const int = (v: string) => {
      if (!/^\d+$/.test(v)) throw new Error(`${a}: not a whole number: ${v}`);
      return Number(v);
    };
    if (a.startsWith('--seed')) seed = int(value());
    else if (a.startsWith('--count')) count = int(value());
    else if (a.startsWith('--out')) out = value();
    else if (a.startsWith('--operators')) {
      operators = value().split(',').map((s) => s.trim()) as Operator[];
      const bad = operators.filter((o) => !OPERATORS.includes(o));
      if (bad.length) throw new Error(`unknown operator(s): ${bad.join(', ')}; known: ${OPERATORS.join(', ')}`);
    } else if (a === '--quiet') quiet = true;
    else if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (!repo) repo = a;
    else throw new Error(`one repository at a time\n${USAGE}`);
  }
  if (!repo) throw new Error(USAGE);
  return { repo, seed, count, out, operators, quiet };
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  // npm runs scripts in the package folder; a relative repo is meant from where npm was called.
  const repo = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.repo);
  const report = await runBenchmark({
    repo, seed: args.seed, count: args.count, operators: args.operators,
    log: args.quiet ? undefined : (l) => process.stderr.write(`${l}\n`),
  });
  report.repo = args.repo;
  const md = markdown(report);
  const out = args.out
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), args.out)
    : path.resolve('dist', 'bench-accuracy', `${path.basename(repo)}-seed${args.seed}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(out.replace(/\.json$/, '') + '.md', md);
  process.stdout.write(md);
  process.stderr.write(`\nwrote ${out}\n`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(2);
});
