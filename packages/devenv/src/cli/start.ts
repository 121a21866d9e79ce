// `npm start`: provisions Kafka and Postgres (unless KAFKA_BROKERS / DATABASE_URL name them),
// starts every service, waits until each is ready, then stays in the foreground. Ctrl-C stops
// the services first (they drain their in-flight work) and the brokers last.
import { writeDevCredentials } from '@lienthong/auth';
import { provisionInfrastructure, type Infrastructure } from '../environment.ts';
import { localDir } from '../paths.ts';
import type { Logger } from '../logger.ts';
import {
  formatLogLine,
  startServiceProcess,
  waitUntilReady,
  type RunningServiceProcess,
} from '../service-processes.ts';
import { SERVICES } from '../services.ts';

const say = (line: string) => console.log(line);
const logger: Logger = {
  info: (objOrMsg, msg) => say(`[start] ${msg ?? (typeof objOrMsg === 'string' ? objOrMsg : '')}`),
  warn: (objOrMsg, msg) => say(`[start] warning: ${msg ?? (typeof objOrMsg === 'string' ? objOrMsg : '')}`),
  error: (objOrMsg, msg) => say(`[start] error: ${msg ?? (typeof objOrMsg === 'string' ? objOrMsg : '')}`),
};

let infrastructure: Infrastructure | undefined;
const running: RunningServiceProcess[] = [];
let stopping: Promise<void> | undefined;
let lastSignalAt = 0;

async function stopEverything(exitCode: number): Promise<never> {
  stopping ??= (async () => {
    say('\n[start] stopping services (they finish in-flight work first)...');
    await Promise.all([...running].reverse().map((service) => service.stop()));
    say('[start] stopping Kafka and Postgres...');
    await infrastructure?.stop();
    say('[start] stopped; nothing left running.');
  })();
  await stopping;
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    const now = Date.now();
    // npm forwards the terminal's Ctrl-C as well: one keypress may arrive twice.
    if (stopping && now - lastSignalAt > 3_000) {
      say('[start] second interrupt: killing services now');
      for (const service of running) void service.kill();
    }
    lastSignalAt = now;
    void stopEverything(0);
  });
}

try {
  say('[start] provisioning Kafka and Postgres (first run downloads the broker through Maven)...');
  infrastructure = await provisionInfrastructure({ purpose: 'start', env: process.env, logger });
  say(`[start] kafka:    ${infrastructure.kafka.description}`);
  say(`[start] postgres: ${infrastructure.postgres.description}`);
  // Local development tokens, signed by a key kept under .local/auth; services trust its JWKS.
  const credentials = await writeDevCredentials({
    dir: localDir('auth'),
    file: localDir('dev-credentials.env'),
  });
  const env = {
    DATABASE_URL: infrastructure.postgres.url,
    KAFKA_BROKERS: infrastructure.kafka.brokers.join(','),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    AUTH_JWKS_FILE: credentials.jwksFile,
    AUTH_ISSUER: credentials.issuer,
    AUTH_AUDIENCE: credentials.audience,
  };
  const urlOf = (name: string) =>
    `http://127.0.0.1:${SERVICES.find((spec) => spec.name === name)?.port ?? 0}`;
  for (const spec of SERVICES) {
    const service = startServiceProcess({
      spec,
      port: spec.port,
      env: { ...env, ...spec.env?.({ urlOf, stateDir: localDir('start') }) },
      onLog: (name, line) => say(formatLogLine(name, line)),
    });
    running.push(service);
    void service.exited.then((code) => {
      if (stopping) return;
      say(`[start] ${spec.name} exited unexpectedly (${String(code)}); stopping everything`);
      void stopEverything(1);
    });
  }
  await Promise.all(running.map((service) => waitUntilReady(service)));
  say('\n[start] lienthong is up. Every service answered /health/ready:');
  for (const service of running) {
    say(
      `  ${service.spec.name.padEnd(18)} ${service.url}   (${service.spec.description}; API docs ${service.url}/docs)`,
    );
  }
  say(`\nBearer tokens for the portal, operators and each agency: ${credentials.file}`);
  say('See it work: in another terminal, `npm run demo` submits the example birth 3-in-1 dossier, then a');
  say('death 4-in-1 dossier, prints each converging, and annuls the death so it is undone. Or by hand:');
  say(`  set -a; . ${credentials.file}; set +a`);
  say('  curl -s -X POST http://127.0.0.1:8080/v1/dossiers -H "authorization: Bearer $PORTAL_TOKEN" \\');
  say('    -H "idempotency-key: demo-$(date +%s)" -H "content-type: application/json" \\');
  say('    --data @examples/dossiers/birth-3-in-1.json');
  say('  curl -s http://127.0.0.1:8080/v1/dossiers/<id> -H "authorization: Bearer $PORTAL_TOKEN"');
  say('\nPress Ctrl-C to stop everything.\n');
} catch (error) {
  say(`[start] failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopEverything(1);
}
