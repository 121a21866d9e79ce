import {
  BirthRegistered,
  BirthRegistrationFailed,
  BirthRegistrationProgressed,
  BirthRegistrationRefused,
  PersonalIdAttached,
  RegisterBirth,
} from './messages/civil-status.ts';
import { DossierReceived, DossierStatusChanged, StepOverdue } from './messages/dossier-events.ts';
import {
  ChildHealthInsuranceCardIssued,
  HealthInsuranceFailed,
  HealthInsuranceProgressed,
  HealthInsuranceRefused,
  IssueChildHealthInsuranceCard,
} from './messages/health-insurance.ts';
import {
  PermanentResidenceRegistered,
  RegisterPermanentResidence,
  ResidenceRegistrationFailed,
  ResidenceRegistrationProgressed,
  ResidenceRegistrationRefused,
} from './messages/residence.ts';

export const DOSSIER_EVENTS = [DossierReceived, DossierStatusChanged, StepOverdue] as const;

export const CIVIL_STATUS_COMMANDS = [RegisterBirth] as const;
export const CIVIL_STATUS_EVENTS = [
  BirthRegistrationProgressed,
  BirthRegistered,
  PersonalIdAttached,
  BirthRegistrationRefused,
  BirthRegistrationFailed,
] as const;

export const RESIDENCE_COMMANDS = [RegisterPermanentResidence] as const;
export const RESIDENCE_EVENTS = [
  ResidenceRegistrationProgressed,
  PermanentResidenceRegistered,
  ResidenceRegistrationRefused,
  ResidenceRegistrationFailed,
] as const;

export const HEALTH_INSURANCE_COMMANDS = [IssueChildHealthInsuranceCard] as const;
export const HEALTH_INSURANCE_EVENTS = [
  HealthInsuranceProgressed,
  ChildHealthInsuranceCardIssued,
  HealthInsuranceRefused,
  HealthInsuranceFailed,
] as const;

/** Every message type of the platform: the source of the generated JSON Schemas. */
export const ALL_MESSAGES = [
  ...DOSSIER_EVENTS,
  ...CIVIL_STATUS_COMMANDS,
  ...CIVIL_STATUS_EVENTS,
  ...RESIDENCE_COMMANDS,
  ...RESIDENCE_EVENTS,
  ...HEALTH_INSURANCE_COMMANDS,
  ...HEALTH_INSURANCE_EVENTS,
] as const;
