/**
 * Small file helpers for key material: a file is either absent or complete, never half written,
 * and two processes creating the same key at once agree on one winner.
 */
import { randomUUID } from 'node:crypto';
import { link, rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `content` to `path` only if `path` does not exist yet, atomically (the content goes to
 * a temporary file first, then is hard-linked into place, which fails when another process got
 * there first). Returns false, writing nothing, when `path` already existed.
 */
export async function writeFileExclusive(path: string, content: string, mode: number): Promise<boolean> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, content, { mode, flag: 'wx' });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Replaces `path` with `content` atomically (readers see the old or the new file, whole). */
export async function writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, content, { mode, flag: 'wx' });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
