import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { localDir, repoRoot } from '../paths.ts';
import { isProcessAlive } from '../process-utils.ts';
import { KAFKA_VERSION, pomKafkaVersion } from './version.ts';

const MARKER = '.complete';

export interface EnsureKafkaJarsOptions {
  logger: Logger;
  /** Defaults to infra/kafka/pom.xml. */
  pomFile?: string;
  /** Defaults to `.local/kafka/libs-<version>`. */
  libsDir?: string;
}

/**
 * Makes sure the broker's runtime jars are in `.local/kafka/libs-<version>/` and returns that
 * folder. Maven fetches them once (it caches in ~/.m2); later calls only read a marker file.
 */
export async function ensureKafkaJars(options: EnsureKafkaJarsOptions): Promise<string> {
  const { logger } = options;
  const pomFile = options.pomFile ?? path.join(repoRoot(), 'infra', 'kafka', 'pom.xml');
  const libsDir = options.libsDir ?? localDir('kafka', `libs-${KAFKA_VERSION}`);
  const pom = await readFile(pomFile, 'utf8');
  const pomVersion = pomKafkaVersion(pom);
  if (pomVersion !== KAFKA_VERSION) {
    throw new Error(`${pomFile} pins Kafka ${pomVersion ?? '(none)'} but KAFKA_VERSION is ${KAFKA_VERSION}`);
  }
  // The marker holds the POM's hash: a changed POM (say, a new logging binding) refetches.
  const pomHash = createHash('sha256').update(pom).digest('hex');
  if ((await readMarker(libsDir)) === pomHash) return libsDir;

  await removeAbandonedStagingDirs(libsDir);
  const staging = `${libsDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  logger.info({ libsDir }, `fetching Apache Kafka ${KAFKA_VERSION} jars with Maven (first run only)`);
  const started = Date.now();
  try {
    await runMaven([
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      pomFile,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ]);
    const jars = await readdir(staging);
    if (!jars.includes(`kafka_2.13-${KAFKA_VERSION}.jar`)) {
      throw new Error(`Maven finished but kafka_2.13-${KAFKA_VERSION}.jar is not in ${staging}`);
    }
    // Written last, so an interrupted download never looks complete.
    await writeFile(path.join(staging, MARKER), pomHash);
    await rm(libsDir, { recursive: true, force: true });
    await rename(staging, libsDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Another process may have completed the same download in the meantime.
    if ((await readMarker(libsDir)) === pomHash) return libsDir;
    throw error;
  }
  logger.info({ libsDir, ms: Date.now() - started }, 'Kafka jars ready');
  return libsDir;
}

async function readMarker(libsDir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(libsDir, MARKER), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** Staging folders of runs that died mid-download. */
async function removeAbandonedStagingDirs(libsDir: string): Promise<void> {
  const parent = path.dirname(libsDir);
  if (!existsSync(parent)) return;
  const prefix = `${path.basename(libsDir)}.partial-`;
  for (const name of await readdir(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && !isProcessAlive(pid)) {
      await rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
}

function runMaven(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'Maven (mvn) is not on PATH: the local Kafka broker is fetched with it. Install Java 17+ and Maven, ' +
                'or run a broker yourself (docker compose up -d kafka) and set KAFKA_BROKERS=localhost:9092.',
            )
          : error,
      );
    });
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`mvn ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}
