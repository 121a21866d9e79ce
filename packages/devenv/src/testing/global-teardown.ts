import type { Infrastructure } from '../environment.ts';
import { INFRASTRUCTURE_KEY } from './global-setup.ts';

type GlobalWithInfrastructure = typeof globalThis & { [INFRASTRUCTURE_KEY]?: Infrastructure };

/** Stops what global-setup.ts started (nothing, when the environment named it all). */
export default async function teardown(): Promise<void> {
  const holder = globalThis as GlobalWithInfrastructure;
  const infrastructure = holder[INFRASTRUCTURE_KEY];
  if (!infrastructure) return;
  delete holder[INFRASTRUCTURE_KEY];
  await infrastructure.stop();
}
