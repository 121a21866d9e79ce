import {
  buildHttpApp,
  parkedMessagesRoutes,
  type HttpApp,
  type Logger,
  type ParkingLot,
  type ReadinessCheck,
} from '@lienthong/service-kit';

export interface AppDependencies {
  readonly logger: Logger;
  readonly readinessChecks: readonly ReadinessCheck[];
  readonly parkingLots: readonly ParkingLot[];
}

/** The saga coordinator's HTTP app, not listening: main.ts listens, tests `inject()`. */
export function buildApp(deps: AppDependencies): HttpApp {
  return buildHttpApp({
    logger: deps.logger,
    openapi: {
      title: 'lienthong saga coordinator',
      version: '0.1.0',
      description: 'The national portal’s entry to interconnected civil procedures, and operations.',
    },
    readinessChecks: deps.readinessChecks,
    routes: async (app) => {
      await app.register(parkedMessagesRoutes(deps.parkingLots), { prefix: '/v1/ops' });
    },
  });
}
