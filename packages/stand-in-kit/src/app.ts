/**
 * The HTTP app of a stand-in: service-kit's app with personal ID numbers masked in request
 * logs, and a sleeper woken when the app closes so that held answers and injected delays do
 * not keep it open.
 */
import { buildHttpApp, REDACTED, redactUrl } from '@lienthong/service-kit';
import type {
  ErrorCatalogue,
  FastifyPluginAsyncZod,
  HttpApp,
  Logger,
  ReadinessCheck,
} from '@lienthong/service-kit';
import type { Sleeper } from './sleeper.ts';

/** What every stand-in's app is built from, besides its store and fault switch. */
export interface StandInAppDependencies {
  readonly logger: Logger;
  readonly readinessChecks: readonly ReadinessCheck[];
  readonly clock: () => Date;
  /** [0, 1), for fault decisions. */
  readonly random: () => number;
  /** Waits for injected latency and held answers; woken when the app closes. */
  readonly sleeper: Sleeper;
}

/**
 * What `buildStandInApp` takes: the logger, readiness checks and sleeper (woken when the app
 * closes) of the dependencies, so a stand-in spreads its own in, and what it serves.
 */
export interface StandInAppOptions extends Pick<
  StandInAppDependencies,
  'logger' | 'readinessChecks' | 'sleeper'
> {
  /** The OpenAPI document's `info`: what the stand-in stands for, and that its admin routes are test only. */
  readonly openapi: { readonly title: string; readonly version: string; readonly description: string };
  /** @default coreErrors */
  readonly errorCatalogue?: ErrorCatalogue;
  /** The served and admin routes. */
  readonly routes: FastifyPluginAsyncZod;
}

/** A request path with every personal ID number (12 digits) in it masked: `/v1/people/[REDACTED]`. */
export function maskPersonalIds(url: string): string {
  return redactUrl(url).replace(/(?<!\d)\d{12}(?!\d)/g, REDACTED);
}

/**
 * service-kit's request serializer redacts query strings only, but stand-ins take personal ID
 * numbers in paths (`GET /v1/people/{personalId}`); this one masks them too.
 */
function requestSerializer(request: unknown): unknown {
  const { method, url, ip, socket } = (request ?? {}) as {
    method?: unknown;
    url?: unknown;
    ip?: unknown;
    socket?: { remotePort?: unknown };
  };
  return typeof method === 'string' && typeof url === 'string'
    ? { method, url: maskPersonalIds(url), remoteAddress: ip, remotePort: socket?.remotePort }
    : REDACTED;
}

/** A stand-in's HTTP app, not listening: main.ts listens, tests `inject()`. */
export function buildStandInApp(options: StandInAppOptions): HttpApp {
  const app = buildHttpApp({
    logger: options.logger.child({}, { serializers: { req: requestSerializer } }),
    openapi: options.openapi,
    ...(options.errorCatalogue === undefined ? {} : { errorCatalogue: options.errorCatalogue }),
    readinessChecks: options.readinessChecks,
    routes: options.routes,
  });
  // Held answers and injected delays would otherwise keep the server from closing until they end.
  app.addHook('preClose', (done) => {
    options.sleeper.wakeAll();
    done();
  });
  return app;
}
