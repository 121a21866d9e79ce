import {
  bearerAuth,
  bearerSecurityScheme,
  BEARER_SECURITY_SCHEME_NAME,
  findPrincipal,
  requireScopes,
  type JwtVerifier,
} from '@lienthong/auth';
import type { PoolLike } from '@lienthong/messaging';
import {
  buildHttpApp,
  parkedMessagesRoutes,
  type HttpApp,
  type Logger,
  type ParkingLot,
  type ReadinessCheck,
} from '@lienthong/service-kit';
import { dossierRoutes } from './http/dossier-routes.ts';
import { opsRoutes } from './http/ops-routes.ts';
import type { DossierStore } from './runtime/dossier-store.ts';
import type { Clock, SagaRuntime } from './runtime/saga-runtime.ts';

export interface AppDependencies {
  readonly logger: Logger;
  readonly readinessChecks: readonly ReadinessCheck[];
  readonly parkingLots: readonly ParkingLot[];
  readonly verifier: JwtVerifier;
  readonly pool: PoolLike;
  readonly store: DossierStore;
  readonly saga: SagaRuntime;
  readonly clock: Clock;
  readonly newDossierId: () => string;
}

/** The saga coordinator's HTTP app, not listening: main.ts listens, tests `inject()`. */
export function buildApp(deps: AppDependencies): HttpApp {
  return buildHttpApp({
    logger: deps.logger,
    openapi: {
      title: 'lienthong: interconnected civil procedures',
      version: '1.0.0',
      description:
        'The national portal’s contract: submit one dossier, follow every agency’s part, find it by ' +
        'any agency record number. Every call carries a bearer JWT with the scopes each route names.',
      securitySchemes: { [BEARER_SECURITY_SCHEME_NAME]: bearerSecurityScheme },
    },
    readinessChecks: deps.readinessChecks,
    routes: async (app) => {
      await app.register(bearerAuth, { verifier: deps.verifier, describeInOpenApi: true });
      await app.register(dossierRoutes(deps), { prefix: '/v1' });
      await app.register(opsRoutes(deps), { prefix: '/v1/ops' });
      await app.register(
        parkedMessagesRoutes(deps.parkingLots, {
          onRequest: requireScopes('ops'),
          actorOf: (request) => findPrincipal(request)?.subject,
        }),
        { prefix: '/v1/ops' },
      );
    },
  });
}
