import { actCommands, actEvents, type AgencyAct } from './agency-act.ts';
import type { MessageDefinition } from './message-definition.ts';
import { BirthRegistration, BirthRegistrationAnnulled, PersonalIdAttached } from './messages/civil-status.ts';
import {
  DeathRegistration,
  DeathRegistrationAnnulled,
  FuneralBenefit,
  SurvivorAllowance,
} from './messages/death-funeral.ts';
import { DossierReceived, DossierStatusChanged, StepOverdue } from './messages/dossier-events.ts';
import { ChildHealthInsuranceCard } from './messages/health-insurance.ts';
import { ResidenceDeletion, ResidenceRegistration } from './messages/residence.ts';

export const DOSSIER_EVENTS = [DossierReceived, DossierStatusChanged, StepOverdue] as const;

/** The acts each agency service performs. */
export const CIVIL_STATUS_ACTS: readonly AgencyAct[] = [BirthRegistration];
export const RESIDENCE_ACTS: readonly AgencyAct[] = [ResidenceRegistration, ResidenceDeletion];
export const HEALTH_INSURANCE_ACTS: readonly AgencyAct[] = [ChildHealthInsuranceCard];
export const DEATH_FUNERAL_ACTS: readonly AgencyAct[] = [
  DeathRegistration,
  FuneralBenefit,
  SurvivorAllowance,
];

const commandsOf = (acts: readonly AgencyAct[]) => acts.flatMap(actCommands);
const eventsOf = (acts: readonly AgencyAct[]) => acts.flatMap(actEvents);

export const CIVIL_STATUS_COMMANDS: readonly MessageDefinition[] = commandsOf(CIVIL_STATUS_ACTS);
export const CIVIL_STATUS_EVENTS: readonly MessageDefinition[] = [
  ...eventsOf(CIVIL_STATUS_ACTS),
  PersonalIdAttached,
  BirthRegistrationAnnulled,
];

export const RESIDENCE_COMMANDS: readonly MessageDefinition[] = commandsOf(RESIDENCE_ACTS);
export const RESIDENCE_EVENTS: readonly MessageDefinition[] = eventsOf(RESIDENCE_ACTS);

export const HEALTH_INSURANCE_COMMANDS: readonly MessageDefinition[] = commandsOf(HEALTH_INSURANCE_ACTS);
export const HEALTH_INSURANCE_EVENTS: readonly MessageDefinition[] = eventsOf(HEALTH_INSURANCE_ACTS);

export const DEATH_FUNERAL_COMMANDS: readonly MessageDefinition[] = commandsOf(DEATH_FUNERAL_ACTS);
export const DEATH_FUNERAL_EVENTS: readonly MessageDefinition[] = [
  ...eventsOf(DEATH_FUNERAL_ACTS),
  DeathRegistrationAnnulled,
];

/** Every event an agency publishes: what the coordinator (and any subscriber) reads. */
export const AGENCY_EVENTS: readonly MessageDefinition[] = [
  ...CIVIL_STATUS_EVENTS,
  ...RESIDENCE_EVENTS,
  ...HEALTH_INSURANCE_EVENTS,
  ...DEATH_FUNERAL_EVENTS,
];

/** Every message type of the platform: the source of the generated JSON Schemas. */
export const ALL_MESSAGES: readonly MessageDefinition[] = [
  ...DOSSIER_EVENTS,
  ...CIVIL_STATUS_COMMANDS,
  ...CIVIL_STATUS_EVENTS,
  ...RESIDENCE_COMMANDS,
  ...RESIDENCE_EVENTS,
  ...HEALTH_INSURANCE_COMMANDS,
  ...HEALTH_INSURANCE_EVENTS,
  ...DEATH_FUNERAL_COMMANDS,
  ...DEATH_FUNERAL_EVENTS,
];
