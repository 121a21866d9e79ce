import { existsSync } from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

/** The monorepo root: the nearest folder above this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = import.meta.dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${import.meta.dirname}`);
    dir = parent;
  }
}

/** A path under `<root>/.local/`, the git-ignored home of downloaded jars and local data. */
export function localDir(...segments: string[]): string {
  return path.join(repoRoot(), '.local', ...segments);
}
