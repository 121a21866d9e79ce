/**
 * @lienthong/population-registry as a library: the HTTP contract and the client the
 * birth-registration service uses as its adapter, without the server's dependencies (fastify,
 * the database). The service itself starts from main.ts.
 */
export { createPopulationRegistryClient } from './client.ts';
export type {
  PersonalIdOutcome,
  PopulationRegistryClient,
  PopulationRegistryClientOptions,
} from './client.ts';
export {
  FaultSettingsBody,
  FaultSettingsView,
  IssuedAnswer,
  NewPerson,
  PendingAnswer,
  PermanentResidence,
  PersonalId,
  PersonalIdCallback,
  PersonalIdRequest,
  PersonalIdRequestStatus,
  PersonRecord,
  RefusalCode,
  RefusedAnswer,
  RequestId,
  Sex,
} from './contract.ts';
export { REFUSAL_CODES } from './domain/issuance.ts';
export { checkPersonalId, decodePersonalId, generatePersonalId } from './domain/personal-id.ts';
