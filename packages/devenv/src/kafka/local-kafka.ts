import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import {
  findFreePorts,
  isLiveProcessMatching,
  settlesWithin,
  tailFile,
  terminateProcess,
} from '../process-utils.ts';
import { ensureKafkaJars } from './kafka-jars.ts';
import { waitForKafka } from './kafka-readiness.ts';
import { KAFKA_VERSION } from './version.ts';

export interface StartLocalKafkaOptions {
  /** Holds config, data, log and pid file. Reused across runs unless `fresh`. */
  dataDir: string;
  /** Client port; a free one when omitted. */
  port?: number;
  /** KRaft controller port; a free one when omitted. */
  controllerPort?: number;
  logger: Logger;
  /** Delete dataDir first (after stopping a broker a crashed run left in it). */
  fresh?: boolean;
  /** Folder of broker jars; fetched with Maven into .local/kafka when omitted. */
  libsDir?: string;
  readyTimeoutMs?: number;
}

export interface LocalKafka {
  brokers: string[];
  port: number;
  controllerPort: number;
  pid: number;
  dataDir: string;
  logFile: string;
  version: string;
  /** Controlled shutdown (SIGTERM), SIGKILL after 20 s. Safe to call twice. */
  stop: () => Promise<void>;
}

const STOP_GRACE_MS = 20_000;

/**
 * Runs the Apache Kafka broker from Maven Central jars as a child JVM: a single node in KRaft
 * combined mode (broker and controller) on 127.0.0.1, resolved once ready to answer an admin call.
 */
export async function startLocalKafka(options: StartLocalKafkaOptions): Promise<LocalKafka> {
  const { logger } = options;
  const dataDir = path.resolve(options.dataDir);
  const files = kafkaFiles(dataDir);

  await stopLeftoverBroker(files, logger);
  if (options.fresh) await rm(dataDir, { recursive: true, force: true });
  await mkdir(files.logDir, { recursive: true });

  const libsDir = options.libsDir ?? (await ensureKafkaJars({ logger }));
  const classpath = path.join(libsDir, '*');
  const [port, controllerPort] = await resolvePorts(options.port, options.controllerPort);

  await writeFile(
    files.serverProperties,
    renderServerProperties({ port, controllerPort, logDir: files.logDir }),
  );
  await writeFile(files.log4j2, renderLog4j2Yaml(files.logFile));
  await formatStorage(classpath, files);

  const java = javaExecutable();
  const logFd = openSync(files.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      java,
      [
        '-Xms256m',
        '-Xmx512m',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${files.log4j2}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        files.serverProperties,
      ],
      { cwd: dataDir, stdio: ['ignore', logFd, logFd], detached: false },
    );
  } finally {
    closeSync(logFd);
  }

  const aborter = new AbortController();
  let exitDescription: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitDescription = signal ? `killed by ${signal}` : `exit code ${code}`;
      aborter.abort();
      resolve();
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      exitDescription =
        error.code === 'ENOENT' ? `${java} not found (install Java 17+ or set JAVA_HOME)` : error.message;
      aborter.abort();
      resolve();
    });
  });
  // Should this process end without stop(), the broker must not outlive it.
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);

  const pid = child.pid;
  if (pid !== undefined) await writeFile(files.pidFile, `${pid}\n`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (exitDescription === undefined) {
        child.kill('SIGTERM');
        if (!(await settlesWithin(exited, STOP_GRACE_MS))) {
          logger.warn({ pid }, `Kafka did not stop within ${STOP_GRACE_MS} ms; killing it`);
          child.kill('SIGKILL');
          await exited;
        }
      }
      await rm(files.pidFile, { force: true });
    })();
    return stopping;
  };

  const brokers = [`127.0.0.1:${port}`];
  const started = Date.now();
  try {
    await waitForKafka(brokers, {
      logger,
      signal: aborter.signal,
      timeoutMs: options.readyTimeoutMs ?? 60_000,
    });
  } catch (error) {
    const reason = exitDescription ? `Kafka exited (${exitDescription})` : (error as Error).message;
    await stop();
    const tail = await tailFile(files.logFile);
    throw new Error(`${reason} before it was ready. Last lines of ${files.logFile}:\n${tail}`, {
      cause: error,
    });
  }
  if (pid === undefined) throw new Error('Kafka started without a pid');
  logger.info({ brokers, pid, ms: Date.now() - started }, `local Apache Kafka ${KAFKA_VERSION} ready`);

  return {
    brokers,
    port,
    controllerPort,
    pid,
    dataDir,
    logFile: files.logFile,
    version: KAFKA_VERSION,
    stop,
  };
}

interface KafkaFiles {
  serverProperties: string;
  log4j2: string;
  logFile: string;
  logDir: string;
  pidFile: string;
  clusterIdFile: string;
}

function kafkaFiles(dataDir: string): KafkaFiles {
  return {
    serverProperties: path.join(dataDir, 'server.properties'),
    log4j2: path.join(dataDir, 'log4j2.yaml'),
    logFile: path.join(dataDir, 'kafka.log'),
    logDir: path.join(dataDir, 'data'),
    pidFile: path.join(dataDir, 'kafka.pid'),
    clusterIdFile: path.join(dataDir, 'cluster-id'),
  };
}

/**
 * Stops a broker that a crashed run left running in `dataDir` (named by its pid file): it
 * would hold the ports and the data folder.
 */
export async function stopLeftoverKafka(dataDir: string, logger: Logger): Promise<void> {
  await stopLeftoverBroker(kafkaFiles(path.resolve(dataDir)), logger);
}

async function stopLeftoverBroker(files: KafkaFiles, logger: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(files.pidFile, 'utf8')).trim());
  } catch {
    return;
  }
  if (Number.isInteger(pid) && pid > 0 && isLiveProcessMatching(pid, files.serverProperties)) {
    logger.warn({ pid }, 'stopping a Kafka broker left running by an earlier run');
    await terminateProcess(pid, { signal: 'SIGTERM', graceMs: STOP_GRACE_MS });
  }
  await rm(files.pidFile, { force: true });
}

async function resolvePorts(port?: number, controllerPort?: number): Promise<[number, number]> {
  const free = await findFreePorts(2);
  const clientPort = port ?? free.find((candidate) => candidate !== controllerPort) ?? 0;
  const quorumPort = controllerPort ?? free.find((candidate) => candidate !== clientPort) ?? 0;
  if (clientPort === quorumPort) throw new Error(`Kafka port and controller port are both ${clientPort}`);
  return [clientPort, quorumPort];
}

/** Formats the KRaft log folder once; a reused folder keeps its cluster id. */
async function formatStorage(classpath: string, files: KafkaFiles): Promise<void> {
  if (existsSync(path.join(files.logDir, 'meta.properties'))) return;
  let clusterId: string;
  try {
    clusterId = (await readFile(files.clusterIdFile, 'utf8')).trim();
  } catch {
    clusterId = newClusterId();
    await writeFile(files.clusterIdFile, `${clusterId}\n`);
  }
  await runToCompletion(javaExecutable(), [
    `-Dlog4j2.configurationFile=${files.log4j2}`,
    '-cp',
    classpath,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    files.serverProperties,
    '--ignore-formatted',
  ]);
}

/**
 * Kafka's cluster id: a UUID written as 22 characters of URL-safe base64. Like Kafka's own
 * Uuid.randomUuid(), never one starting with '-', which the command line would take for a flag.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function javaExecutable(): string {
  const javaHome = process.env.JAVA_HOME;
  return javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
}

function runToCompletion(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error(`${command} not found (install Java 17+ or set JAVA_HOME)`)
          : error,
      );
    });
    child.once('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${path.basename(command)} ${args.slice(-9).join(' ')} exited with ${code}:\n${output}`),
        );
    });
  });
}

/** server.properties for one node that is both broker and KRaft controller, on loopback. */
export function renderServerProperties(settings: {
  port: number;
  controllerPort: number;
  logDir: string;
}): string {
  const { port, controllerPort, logDir } = settings;
  const properties: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': logDir,
    // One broker: internal topics cannot have more replicas than that.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    // Topics are created on purpose, by their owners, never by a typo in a producer.
    'auto.create.topics.enable': 'false',
  };
  const lines = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `# Written by @lienthong/devenv on every start; edits are overwritten.\n${lines.join('\n')}\n`;
}

function escapeProperty(value: string): string {
  return value.replaceAll('\\', '\\\\');
}

/** Log4j2 config: INFO into `logFile`, WARN for the loggers that narrate every request or segment. */
export function renderLog4j2Yaml(logFile: string): string {
  const quiet = [
    'kafka.request.logger',
    'kafka.network.RequestChannel$',
    'state.change.logger',
    'kafka.log.LogCleaner',
    'kafka.cluster.Partition',
    'kafka.server.ReplicaFetcherManager',
    'kafka.server.ReplicaAlterLogDirsManager',
    'org.apache.kafka.common.config.AbstractConfig',
    'org.apache.kafka.storage.internals.log',
    'org.apache.kafka.coordinator',
    'org.apache.kafka.clients',
  ];
  return [
    'Configuration:',
    '  status: warn',
    '  name: lienthong-devenv-kafka',
    '  Appenders:',
    '    File:',
    '      name: file',
    `      fileName: ${JSON.stringify(logFile)}`,
    '      append: true',
    '      PatternLayout:',
    '        pattern: "[%d] %p %m (%c)%n"',
    '  Loggers:',
    '    Root:',
    '      level: info',
    '      AppenderRef:',
    '        - ref: file',
    '    Logger:',
    ...quiet.flatMap((name) => [`      - name: ${JSON.stringify(name)}`, '        level: warn']),
    '',
  ].join('\n');
}
