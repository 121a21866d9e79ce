/**
 * The HTTP edge every service shares: zod-typed routes with a generated OpenAPI 3.1 document,
 * request ids, one error handler producing problem documents, and health endpoints.
 * `buildHttpApp` returns an app that is not listening, so tests drive it with `inject()`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { fastify, LogController } from 'fastify';
import type { FastifyInstance } from 'fastify';
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, coreErrors } from './errors.ts';
import type { ErrorCatalogue } from './errors.ts';
import { LivenessReport, ReadinessReport, runReadinessChecks } from './health.ts';
import type { ReadinessCheck } from './health.ts';
import { createErrorHandler, requestPath, sendProblem } from './http-errors.ts';
import { traceIdFromTraceparent } from './logger.ts';
import type { Logger } from './logger.ts';
import type { ServiceComponent } from './lifecycle.ts';

/** Request id header, read from the caller when well-formed and always echoed in the response. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids we accept from callers: short and free of anything that could forge a log line. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where the OpenAPI document and its UI are served. */
export const DOCS_PREFIX = '/docs';

/** Options of `buildHttpApp`. */
export interface HttpAppOptions {
  /** The service logger; each request logs through a child carrying `requestId` (and `traceId`). */
  readonly logger: Logger;
  /**
   * The service's routes. Registered inside the scope whose validator and serializer are
   * zod's, so route schemas are zod schemas and handlers are typed from them.
   */
  readonly routes: FastifyPluginAsyncZod;
  /** Prefix for `routes`, e.g. `/api/v1`. @default '' (none) */
  readonly routesPrefix?: string;
  /** The OpenAPI document's `info`. @default { title: 'lienthong service', version: '0.0.0' } */
  readonly openapi?: {
    readonly title: string;
    readonly version: string;
    readonly description?: string;
    /** `components.securitySchemes`, e.g. the bearer scheme routes name in their `security`. */
    readonly securitySchemes?: Readonly<Record<string, unknown>>;
  };
  /** Checks run by `/health/ready`. @default [] (ready whenever the process runs) */
  readonly readinessChecks?: readonly ReadinessCheck[];
  /** Budget of each readiness check. @default 2000 */
  readonly readinessTimeoutMs?: number;
  /** Largest accepted request body in bytes. @default 262144 (256 KiB) */
  readonly bodyLimit?: number;
  /**
   * Codes the error handler may send: `coreErrors` or a catalogue extended from it.
   * @default coreErrors
   */
  readonly errorCatalogue?: ErrorCatalogue;
  /** Serve the OpenAPI document at `/docs/json` and its UI at `/docs`. @default true */
  readonly docs?: boolean;
  /** Log each request's start and completion (at info). @default true */
  readonly logRequests?: boolean;
}

/** The app type `buildHttpApp` returns. */
export type HttpApp = FastifyInstance;

/**
 * Builds the service's Fastify app, not listening. Routes are registered when the app is
 * readied (by `inject()`, `ready()` or `listen()`); a throwing routes plugin fails there.
 */
export function buildHttpApp(options: HttpAppOptions): HttpApp {
  const bodyLimit = options.bodyLimit ?? 256 * 1024;
  const catalogue = options.errorCatalogue ?? coreErrors;
  const missingCore = coreErrors.codes.filter((code) => catalogue.find(code) === undefined);
  if (missingCore.length > 0) {
    throw new Error(`errorCatalogue must extend coreErrors; missing ${missingCore.join(', ')}`);
  }
  const readinessChecks = options.readinessChecks ?? [];
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 2000;

  const app = fastify({
    loggerInstance: options.logger,
    bodyLimit,
    requestIdHeader: false,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: options.logRequests === false,
    }),
    genReqId: (request: IncomingMessage) => {
      const incoming = request.headers[REQUEST_ID_HEADER];
      return typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    childLoggerFactory: (logger, bindings, childOptions, rawRequest) => {
      const traceId = traceIdFromTraceparent(rawRequest.headers.traceparent);
      return logger.child(traceId === undefined ? bindings : { ...bindings, traceId }, childOptions);
    },
  }) as unknown as HttpApp;

  // Installed before any plugin so every encapsulated scope inherits them.
  app.setErrorHandler(createErrorHandler(catalogue, bodyLimit));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      new AppError('ROUTE_NOT_FOUND', `No route matches ${request.method} ${requestPath(request)}.`),
      catalogue,
    ),
  );
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });

  const docs = options.docs ?? true;
  if (docs) {
    void app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: options.openapi?.title ?? 'lienthong service',
          version: options.openapi?.version ?? '0.0.0',
          ...(options.openapi?.description === undefined ? {} : { description: options.openapi.description }),
        },
        ...(options.openapi?.securitySchemes
          ? { components: { securitySchemes: options.openapi.securitySchemes as Record<string, never> } }
          : {}),
      },
      transform: createJsonSchemaTransform({
        skipList: [
          DOCS_PREFIX,
          `${DOCS_PREFIX}/`,
          `${DOCS_PREFIX}/json`,
          `${DOCS_PREFIX}/yaml`,
          `${DOCS_PREFIX}/*`,
        ],
      }),
      transformObject: jsonSchemaTransformObject,
    });
    void app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
  }

  // The zod compilers are set inside this scope, not on the root: on the root they also
  // apply to plugins' JSON-schema routes, which broke them (see stack notes).
  const zodScope: FastifyPluginAsyncZod = async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(serializerCompiler);

    scope.get(
      '/health/live',
      {
        schema: {
          tags: ['health'],
          summary: 'The process is running',
          response: { 200: LivenessReport },
        },
        logLevel: 'warn',
      },
      () => Promise.resolve({ status: 'ok' as const }),
    );

    scope.get(
      '/health/ready',
      {
        schema: {
          tags: ['health'],
          summary: 'The service and its dependencies can take traffic',
          response: { 200: ReadinessReport, 503: ReadinessReport },
        },
        logLevel: 'warn',
      },
      async (request, reply) => {
        const report = await runReadinessChecks(readinessChecks, readinessTimeoutMs, request.log);
        return reply.status(report.status === 'ok' ? 200 : 503).send(report);
      },
    );

    await scope.register(options.routes, { prefix: options.routesPrefix ?? '' });
  };
  void app.register(zodScope);

  return app;
}

/**
 * The HTTP server as a lifecycle component: starts listening on start; on close stops
 * accepting connections and waits for requests in flight (fastify answers 503 meanwhile).
 */
export function httpServerComponent(
  app: HttpApp,
  listen: { readonly host: string; readonly port: number },
): ServiceComponent {
  return {
    name: 'http',
    start: async () => {
      await app.listen({ host: listen.host, port: listen.port });
      return { close: () => app.close() };
    },
  };
}
