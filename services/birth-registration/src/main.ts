// Composition root of the commune civil-status office's service: birth registration, the signed
// birth-certificate extract and the child's personal ID number from the population database.
import { agencyAct, annulmentRoutes, runAgencyService } from '@lienthong/agency-kit';
import { BirthRegistrationAnnulled, TOPICS } from '@lienthong/contracts';
import { createPopulationRegistryClient } from '@lienthong/population-registry';
import { loadConfig } from '@lienthong/service-kit';
import { createExtractSigner, createFileKeyStore } from '@lienthong/signing';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BirthRegistrationConfig, personalIdCallbackUrl } from './config.ts';
import { birthRegistrationDefinition } from './definition.ts';
import type { IdRequestPolicy } from './domain/personal-id-followup.ts';
import { createPersonalIdWorker, personalIdWorkerComponent } from './personal-id-worker.ts';
import { annulBirth, lockBirthByCertificate } from './birth-register.ts';
import { birthRegistrationRoutes } from './routes.ts';

const settings = loadConfig(BirthRegistrationConfig, process.env);

await runAgencyService(process.env, ({ config, logger, pool, clock }) => {
  const signer = createExtractSigner({ keyStore: createFileKeyStore({ dir: settings.SIGNING_KEYS_DIR }) });
  const population = createPopulationRegistryClient({
    baseUrl: settings.POPULATION_REGISTRY_URL,
    timeoutMs: settings.ID_REQUEST_TIMEOUT_MS,
  });
  const lookups = createPopulationRegistryClient({
    baseUrl: settings.POPULATION_REGISTRY_URL,
    timeoutMs: settings.PARENT_LOOKUP_TIMEOUT_MS,
  });
  const policy: IdRequestPolicy = {
    maxAttempts: settings.ID_REQUEST_MAX_ATTEMPTS,
    initialDelayMs: settings.ID_REQUEST_INITIAL_DELAY_MS,
    maxDelayMs: settings.ID_REQUEST_MAX_DELAY_MS,
    pendingRecheckMs: settings.ID_PENDING_RECHECK_MS,
  };
  const callbackUrl = personalIdCallbackUrl(settings.PUBLIC_BASE_URL);
  const worker = createPersonalIdWorker({
    pool,
    schema: config.DATABASE_SCHEMA,
    population,
    signer,
    policy,
    clock,
    random: Math.random,
    ids: randomUUID,
    logger,
  });
  const registration = birthRegistrationDefinition({
    lookups,
    population,
    signer,
    policy,
    callbackUrl,
    random: Math.random,
  });
  return {
    acts: [agencyAct(registration)],
    commandTopic: TOPICS.civilStatusCommands,
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    routes: (kit) => async (app) => {
      await app.register(birthRegistrationRoutes({ pool, signer, clock }));
      await app.register(
        annulmentRoutes({
          pool,
          clock,
          runtime: kit.runtimeOf(registration),
          resource: 'birth-registrations',
          numberPattern: /^KS-\d{5}-\d{4}-\d{6}$/,
          numberExample: 'KS-00004-2026-000017',
          event: BirthRegistrationAnnulled,
          lock: lockBirthByCertificate,
          markAnnulled: annulBirth,
        }),
      );
    },
    components: [
      // Creates the first signing key (and publishes the JWKS) before any command is handled.
      {
        name: 'signing-keys',
        start: async () => {
          await signer.publicJwks();
        },
      },
      personalIdWorkerComponent(worker, { intervalMs: settings.ID_POLL_INTERVAL_MS, logger }),
    ],
  };
});
