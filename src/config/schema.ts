/** The user's configuration: its shape, validation (with the offending key), and per-file resolution. */
import picomatch from 'picomatch';
import type { Severity } from '../rule-kit/types.js';

export type SeveritySetting = Severity | 0 | 1 | 2;
export type RuleSetting = SeveritySetting | [SeveritySetting, Record<string, unknown>?];

export interface Override {
  files: string[];
  excludeFiles?: string[];
  rules: Record<string, RuleSetting>;
}

export interface UserConfig {
  rules?: Record<string, RuleSetting>;
  include?: string[];
  exclude?: string[];
  overrides?: Override[];
  /** Extra test-file globs; when set they replace the runners' own patterns. */
  testFiles?: string[];
  pythonVersion?: string;
  venv?: string;
  /** Files larger than this many bytes are skipped with a finding. */
  maxFileSize?: number;
  /** Milliseconds one file may take to analyse (facts, then rules) before it is skipped with a finding; 0 or false: no limit. */
  maxFileTime?: number | false;
}

export class ConfigError extends Error {
  /** `cause`: the error a JS config threw while loading (its stack is printed with --debug). */
  constructor(readonly file: string, readonly key: string, detail: string, cause?: unknown) {
    super(`${file}: invalid config at \`${key}\`: ${detail}`, cause === undefined ? undefined : { cause });
  }
}

const TOP_KEYS: Record<keyof UserConfig, 'rules' | 'string[]' | 'string' | 'number' | 'limit' | 'overrides'> = {
  rules: 'rules', include: 'string[]', exclude: 'string[]', overrides: 'overrides', testFiles: 'string[]',
  pythonVersion: 'string', venv: 'string', maxFileSize: 'number', maxFileTime: 'limit',
};

/** pyproject.toml uses kebab-case keys (Ruff's convention); JSON/JS use camelCase. */
export function camelKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k === 'rules' ? k : k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

export function normalizeSeverity(s: unknown): Severity | null {
  if (s === 'off' || s === 0) return 'off';
  if (s === 'warn' || s === 1 || s === 'warning') return 'warn';
  if (s === 'error' || s === 2) return 'error';
  return null;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Throws ConfigError naming the first bad key. */
export function validateConfig(raw: unknown, file: string, ruleIds: ReadonlySet<string>): UserConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(file, '(root)', 'expected an object');
  const cfg = raw as Record<string, unknown>;
  for (const [key, value] of Object.entries(cfg)) {
    const kind = TOP_KEYS[key as keyof UserConfig];
    if (!kind) throw new ConfigError(file, key, `unknown key (known: ${Object.keys(TOP_KEYS).join(', ')})`);
    if (kind === 'string[]' && !isStringArray(value)) throw new ConfigError(file, key, 'expected an array of strings');
    if (kind === 'string' && typeof value !== 'string') throw new ConfigError(file, key, 'expected a string');
    if (kind === 'number' && (typeof value !== 'number' || !(value > 0))) throw new ConfigError(file, key, 'expected a positive number');
    if (kind === 'limit' && value !== false && (typeof value !== 'number' || !(value >= 0) || value === Infinity)) {
      throw new ConfigError(file, key, 'expected a number of milliseconds (0 or false: no limit)');
    }
    if (kind === 'rules') validateRules(value, file, key, ruleIds);
    if (kind === 'overrides') {
      if (!Array.isArray(value)) throw new ConfigError(file, key, 'expected an array');
      value.forEach((o, i) => {
        const at = `${key}[${i}]`;
        if (!o || typeof o !== 'object') throw new ConfigError(file, at, 'expected an object');
        for (const k of Object.keys(o)) if (!['files', 'excludeFiles', 'rules'].includes(k)) throw new ConfigError(file, `${at}.${k}`, 'unknown key (known: files, excludeFiles, rules)');
        if (!isStringArray(o.files)) throw new ConfigError(file, `${at}.files`, 'expected an array of strings');
        if (o.excludeFiles !== undefined && !isStringArray(o.excludeFiles)) throw new ConfigError(file, `${at}.excludeFiles`, 'expected an array of strings');
        validateRules(o.rules ?? {}, file, `${at}.rules`, ruleIds);
      });
    }
  }
  if (cfg.pythonVersion !== undefined && !/^3\.\d+$/.test(cfg.pythonVersion as string)) throw new ConfigError(file, 'pythonVersion', 'expected a version such as "3.12"');
  return cfg as UserConfig;
}

function validateRules(value: unknown, file: string, at: string, ruleIds: ReadonlySet<string>): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(file, at, 'expected an object of rule id → severity');
  for (const [id, setting] of Object.entries(value)) {
    if (!ruleIds.has(id)) throw new ConfigError(file, `${at}.${id}`, 'unknown rule id');
    const sev = Array.isArray(setting) ? setting[0] : setting;
    if (normalizeSeverity(sev) === null) throw new ConfigError(file, `${at}.${id}`, `invalid severity ${JSON.stringify(sev)} (expected off, warn or error)`);
    if (Array.isArray(setting) && setting[1] !== undefined && (typeof setting[1] !== 'object' || setting[1] === null)) {
      throw new ConfigError(file, `${at}.${id}`, 'rule options must be an object');
    }
  }
}

export interface RuleConfig { severity: Severity; options: Record<string, unknown> }

/** Resolves the rule settings that apply to one file (base rules, then matching overrides in order). */
export class EffectiveConfig {
  private readonly matchers: { match: (f: string) => boolean; rules: Record<string, RuleSetting> }[];
  constructor(readonly user: UserConfig, readonly file: string | null) {
    this.matchers = (user.overrides ?? []).map((o) => {
      const inc = picomatch(o.files, { dot: true, matchBase: !o.files.some((g) => g.includes('/')) });
      const exc = o.excludeFiles ? picomatch(o.excludeFiles, { dot: true }) : () => false;
      return { match: (f: string) => inc(f) && !exc(f), rules: o.rules };
    });
  }
  /** Setting for one rule in one file: null when the config says nothing. */
  ruleFor(id: string, file?: string): RuleConfig | null {
    let out: RuleConfig | null = null;
    const apply = (s: RuleSetting | undefined) => {
      if (s === undefined) return;
      const sev = normalizeSeverity(Array.isArray(s) ? s[0] : s)!;
      const options = Array.isArray(s) && s[1] ? s[1] : out?.options ?? {};
      out = { severity: sev, options };
    };
    apply(this.user.rules?.[id]);
    if (file) for (const m of this.matchers) if (m.match(file)) apply(m.rules[id]);
    return out;
  }
}
