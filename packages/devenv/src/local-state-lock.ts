import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stopLeftoverKafka } from './kafka/local-kafka.ts';
import type { Logger } from './logger.ts';
import { localDir } from './paths.ts';
import { isLiveProcessMatching } from './process-utils.ts';
import { stopLeftoverPostgres } from './postgres/local-postgres.ts';

export interface LocalStateClaim {
  /** The folder this process may use for its local Kafka and Postgres. */
  dir: string;
  release(): Promise<void>;
}

const OWNER_FILE = 'owner.pid';

/**
 * Claims `.local/<purpose>/` for this process, so that a second run never stops a broker the
 * first is still using, taking it for a crash leftover. When a live process holds it, `start`
 * fails; `test` falls back to a folder of its own, `.local/test-<pid>/`, removed on release.
 */
export async function claimLocalState(purpose: 'start' | 'test', logger: Logger): Promise<LocalStateClaim> {
  const dir = localDir(purpose);
  const owner = await claim(dir);
  if (owner === undefined) return { dir, release: () => releaseOwnership(dir) };
  if (purpose === 'start') {
    throw new Error(
      `another run (pid ${owner}) is using ${dir}; stop it first ` +
        `(or delete ${path.join(dir, OWNER_FILE)} if that pid is not ours)`,
    );
  }
  await removeAbandonedTestDirs(logger);
  const ownDir = localDir(`test-${process.pid}`);
  await rm(ownDir, { recursive: true, force: true });
  await mkdir(ownDir, { recursive: true });
  logger.info({ owner, dir: ownDir }, `${dir} is in use by another test run; using a separate folder`);
  return { dir: ownDir, release: () => rm(ownDir, { recursive: true, force: true }) };
}

/** Takes ownership of `dir` unless a live process has it; returns that process's pid if so. */
async function claim(dir: string): Promise<number | undefined> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, OWNER_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      // 'wx' fails when the file exists: of two processes racing here, one wins.
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(dir);
    if (owner === process.pid) return undefined;
    if (owner !== undefined && isLiveProcessMatching(owner, 'node')) return owner;
    await rm(file, { force: true });
  }
  throw new Error(`could not claim ${dir}`);
}

async function readOwner(dir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(dir, OWNER_FILE), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function releaseOwnership(dir: string): Promise<void> {
  if ((await readOwner(dir)) === process.pid) await rm(path.join(dir, OWNER_FILE), { force: true });
}

/** `.local/test-<pid>/` folders whose run crashed, with any broker or server still running there. */
async function removeAbandonedTestDirs(logger: Logger): Promise<void> {
  const parent = localDir();
  if (!existsSync(parent)) return;
  for (const name of await readdir(parent)) {
    const match = /^test-(\d+)$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (isLiveProcessMatching(pid, 'node')) continue;
    const dir = path.join(parent, name);
    await stopLeftoverKafka(path.join(dir, 'kafka'), logger);
    await stopLeftoverPostgres(path.join(dir, 'postgres'), logger);
    await rm(dir, { recursive: true, force: true });
  }
}
