/**
 * @lienthong/benefit-registries as a library: the HTTP contract and the client the
 * death-funeral service uses as its adapter to the social-insurance, social-protection and
 * people-with-merit registries, without the server's dependencies (fastify, the database).
 * The service itself starts from main.ts.
 */
export { createBenefitRegistriesClient } from './client.ts';
export type { BenefitRegistriesClient, BenefitRegistriesClientOptions } from './client.ts';
export {
  FaultRoute,
  FaultSettingsBody,
  FaultSettingsView,
  MERIT_CATEGORIES,
  MeritRecord,
  MONTHLY_BENEFIT_STATUSES,
  PersonalId,
  RecoveryList,
  RecoveryRecord,
  RecoveryRequest,
  RegistryName,
  RequestId,
  Sex,
  SOCIAL_INSURANCE_STATUSES,
  SOCIAL_PROTECTION_PROGRAMMES,
  SocialInsuranceRecord,
  SocialInsuranceStatus,
  SocialProtectionProgramme,
  SocialProtectionRecord,
} from './contract.ts';
export { RECOVERY_NUMBER_PATTERN, REGISTRIES, REGISTRY_SHORT_CODES } from './domain/registries.ts';
