// Composition root of the death group's agency service: the commune civil-status office's death
// registration (with its signed extract and its annulment), the funeral benefit routed by
// eligibility, and Vietnam Social Security's survivor allowance.
import { agencyAct, annulmentRoutes, extractRoutes, runAgencyService } from '@lienthong/agency-kit';
import { createBenefitRegistriesClient } from '@lienthong/benefit-registries';
import { DeathRegistrationAnnulled, TOPICS } from '@lienthong/contracts';
import { createPopulationRegistryClient } from '@lienthong/population-registry';
import { loadConfig } from '@lienthong/service-kit';
import { createExtractSigner, createFileKeyStore } from '@lienthong/signing';
import { fileURLToPath } from 'node:url';
import { funeralBenefitAct, survivorAllowanceAct } from './benefit-acts.ts';
import { DeathFuneralConfig } from './config.ts';
import { annulDeath, lockDeathByCertificate } from './death-register.ts';
import { deathRegistrationAct } from './death-registration-act.ts';
import { DEFAULT_FUNERAL_POLICY } from './domain/funeral-benefit.ts';
import { DEFAULT_SURVIVOR_ALLOWANCE_POLICY } from './domain/survivor-allowance.ts';

const settings = loadConfig(DeathFuneralConfig, process.env);

await runAgencyService(process.env, ({ pool, clock }) => {
  const signer = createExtractSigner({ keyStore: createFileKeyStore({ dir: settings.SIGNING_KEYS_DIR }) });
  const population = createPopulationRegistryClient({
    baseUrl: settings.POPULATION_REGISTRY_URL,
    timeoutMs: settings.LOOKUP_TIMEOUT_MS,
  });
  const registries = createBenefitRegistriesClient({
    baseUrl: settings.BENEFIT_REGISTRIES_URL,
    timeoutMs: settings.LOOKUP_TIMEOUT_MS,
  });
  const funeralPolicy = {
    ...DEFAULT_FUNERAL_POLICY,
    socialProtectionMultiplier: settings.SOCIAL_PROTECTION_FUNERAL_MULTIPLIER,
  };
  const registration = deathRegistrationAct({ population, signer });
  return {
    acts: [
      agencyAct(registration),
      agencyAct(funeralBenefitAct({ registries, policy: funeralPolicy })),
      agencyAct(survivorAllowanceAct({ registries, policy: DEFAULT_SURVIVOR_ALLOWANCE_POLICY })),
    ],
    commandTopic: TOPICS.deathFuneralCommands,
    consumerName: 'death-funeral.commands',
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    routes: (kit) => async (app) => {
      await app.register(extractRoutes(signer));
      await app.register(
        annulmentRoutes({
          pool,
          clock,
          runtime: kit.runtimeOf(registration),
          resource: 'death-registrations',
          numberPattern: /^KT-\d{5}-\d{4}-\d{6}$/,
          numberExample: 'KT-00004-2026-000017',
          event: DeathRegistrationAnnulled,
          lock: lockDeathByCertificate,
          markAnnulled: annulDeath,
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
    ],
  };
});
