/** For tests: real mini-projects on disk (`{relative path: content}`) in fresh temp folders, removed on request. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const created: string[] = [];

/** Writes the files into a fresh temp folder and returns its real path. */
export function tmpProject(files: Record<string, string | Buffer>, prefix = 'tl-'): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  created.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** Removes every folder tmpProject made so far. */
export function removeTmpProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
