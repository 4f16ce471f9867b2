/** test-lint's own version, for --version and report metadata. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** test-lint's own version, from the package.json above this module (src/ in tests, dist/src/ when built). */
export function version(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'test-lint') return pkg.version;
    } catch { /* keep looking upward */ }
    const up = path.dirname(dir);
    if (up === dir) return '0.0.0';
    dir = up;
  }
}
