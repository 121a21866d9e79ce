import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  KAFKA_VERSION,
  localDir,
  parseKafkaBrokers,
  redactUrl,
  startLocalKafka,
  startLocalPostgres,
  type LocalKafka,
  type LocalPostgres,
  type Logger,
} from '@lienthong/devenv';

export interface BenchInfrastructure {
  readonly kafka: {
    readonly brokers: string[];
    readonly description: string;
    readonly local: boolean;
    readonly version: string | undefined;
    readonly pid: number | undefined;
  };
  readonly postgres: {
    readonly url: string;
    readonly description: string;
    readonly local: boolean;
    readonly pid: number | undefined;
  };
  /** Stops what was started here (nothing of what the environment named). Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Kafka and Postgres for the benchmark: what KAFKA_BROKERS / DATABASE_URL name, else local
 * processes in `.local/bench/`, fresh every run and removed afterwards.
 *
 * Not devenv's `test` purpose: that one turns Postgres fsync off (fine for throw-away test
 * data, meaningless for a commit-latency figure) and prefers containers when Docker answers.
 * The benchmark wants the production-like durable settings and the same local processes every
 * run, so it starts them itself with devenv's building blocks.
 */
export async function provisionBenchInfrastructure(
  env: Record<string, string | undefined>,
  logger: Logger,
): Promise<BenchInfrastructure> {
  const envBrokers = parseKafkaBrokers(env.KAFKA_BROKERS);
  const envDatabaseUrl = env.DATABASE_URL?.trim() || undefined;
  const dir = localDir('bench');
  const needsLocal = envBrokers === undefined || envDatabaseUrl === undefined;
  if (needsLocal) await claim(dir);

  const [kafka, postgres] = await Promise.allSettled([
    envBrokers
      ? Promise.resolve(undefined)
      : startLocalKafka({ dataDir: path.join(dir, 'kafka'), fresh: true, logger }),
    envDatabaseUrl
      ? Promise.resolve(undefined)
      : startLocalPostgres({ dataDir: path.join(dir, 'postgres'), fresh: true, durable: true, logger }),
  ]);
  const started: (LocalKafka | LocalPostgres)[] = [kafka, postgres].flatMap((result) =>
    result.status === 'fulfilled' && result.value ? [result.value] : [],
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const results = await Promise.allSettled(started.map((running) => running.stop()));
      if (needsLocal) {
        await rm(path.join(dir, 'kafka'), { recursive: true, force: true });
        await rm(path.join(dir, 'postgres'), { recursive: true, force: true });
        await release(dir);
      }
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    })();
    return stopping;
  };

  if (kafka.status === 'rejected' || postgres.status === 'rejected') {
    await stop().catch(() => {});
    const reasons = [kafka, postgres].flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    throw reasons.length === 1
      ? reasons[0]
      : new AggregateError(reasons, 'could not start Kafka and Postgres');
  }
  const localKafka = kafka.value;
  const localPostgres = postgres.value;
  return {
    kafka: localKafka
      ? {
          brokers: localKafka.brokers,
          description: `local Apache Kafka ${localKafka.version} process (single KRaft node) at ${localKafka.brokers.join(',')}`,
          local: true,
          version: KAFKA_VERSION,
          pid: localKafka.pid,
        }
      : {
          brokers: envBrokers ?? [],
          description: `KAFKA_BROKERS ${(envBrokers ?? []).join(',')}`,
          local: false,
          version: undefined,
          pid: undefined,
        },
    postgres: localPostgres
      ? {
          url: localPostgres.url,
          description: `embedded PostgreSQL ${localPostgres.version} process at 127.0.0.1:${localPostgres.port}`,
          local: true,
          pid: localPostgres.pid,
        }
      : {
          url: envDatabaseUrl ?? '',
          description: `DATABASE_URL ${redactUrl(envDatabaseUrl ?? '')}`,
          local: false,
          pid: undefined,
        },
    stop,
  };
}

const OWNER_FILE = 'owner.pid';

/** `.local/bench/` is one run's at a time: a second run must not wipe the first one's broker. */
async function claim(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, OWNER_FILE);
  try {
    const owner = Number((await readFile(file, 'utf8')).trim());
    if (Number.isInteger(owner) && owner !== process.pid && isLiveNode(owner)) {
      throw new Error(
        `another benchmark (pid ${owner}) is using ${dir}; wait for it ` +
          `(or delete ${file} if that pid is not a benchmark)`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFile(file, `${process.pid}\n`);
}

async function release(dir: string): Promise<void> {
  const file = path.join(dir, OWNER_FILE);
  if (!existsSync(file)) return;
  if (Number((await readFile(file, 'utf8')).trim()) === process.pid) await rm(file, { force: true });
}

function isLiveNode(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}
