/**
 * Finds and loads the user's config (cosmiconfig places plus `[tool.test-lint]` in pyproject.toml),
 * and validates it. Every failure is a ConfigError naming the file and the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cosmiconfig, defaultLoaders } from 'cosmiconfig';
import { parse as parseToml } from 'smol-toml';
import { ConfigError, camelKeys, validateConfig, type UserConfig } from './schema.js';

export const CONFIG_PLACES = [
  'package.json',
  '.test-lintrc',
  '.test-lintrc.json',
  '.test-lintrc.yaml',
  '.test-lintrc.yml',
  'test-lint.config.js',
  'test-lint.config.mjs',
  'test-lint.config.cjs',
  'test-lint.config.json',
  'pyproject.toml',
];

export interface LoadedConfig { config: UserConfig; file: string | null }

function pyprojectLoader(filepath: string, content: string): unknown {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(content) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(filepath, '(file)', `malformed TOML: ${(e as Error).message.split('\n')[0]}`);
  }
  const tool = doc.tool as Record<string, unknown> | undefined;
  const section = tool?.['test-lint'] as Record<string, unknown> | undefined;
  return section ? camelKeys(section) : null;
}

/** The repository top (a folder with `.git`), where the upward search stops. */
function stopDirFor(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export async function loadConfig(root: string, ruleIds: ReadonlySet<string>, explicit?: string): Promise<LoadedConfig> {
  const explorer = cosmiconfig('test-lint', {
    searchPlaces: CONFIG_PLACES,
    searchStrategy: 'global',
    stopDir: stopDirFor(root),
    loaders: { ...defaultLoaders, '.toml': pyprojectLoader, noExt: defaultLoaders['.json'] },
    cache: false,
  });
  let result;
  try {
    if (explicit && !existsSync(explicit)) throw new ConfigError(explicit, '(file)', 'no such file');
    result = explicit ? await explorer.load(explicit) : await explorer.search(root);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const err = e as Error & { filepath?: string };
    const file = err.filepath ?? explicit ?? root;
    throw new ConfigError(file, '(file)', `could not be loaded: ${err.message.split('\n')[0]}`, e);
  }
  if (!result || result.isEmpty) return { config: {}, file: result?.filepath ?? null };
  let raw = result.config;
  if (raw && typeof raw === 'object' && 'default' in raw && Object.keys(raw).length === 1) raw = raw.default;
  return { config: validateConfig(raw, result.filepath, ruleIds), file: result.filepath };
}

/** Read a file as UTF-8, or null when it does not exist / cannot be read. */
export function readTextOrNull(file: string): string | null {
  try { return readFileSync(file, 'utf8'); } catch { return null; }
}
