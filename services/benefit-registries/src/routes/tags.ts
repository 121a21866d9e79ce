import type { RegistryName } from '../domain/registries.ts';

/** The OpenAPI tag of each registry's served routes. */
export const REGISTRY_TAGS: Readonly<Record<RegistryName, string>> = Object.freeze({
  'social-insurance': 'social insurance (Vietnam Social Security)',
  'social-protection': 'social protection',
  merit: 'people with merit (home affairs)',
});
