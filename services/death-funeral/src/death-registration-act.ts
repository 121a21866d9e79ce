/**
 * The civil-status office's death registration as an agency act: the rules (domain/death-rules.ts)
 * decide from the population database's record and this register; `act` registers the death and
 * signs the extract. It is undone only by its annulment, decided at the office (annulment routes).
 */
import type { AgencyDefinition } from '@lienthong/agency-kit';
import { DeathRegistration, type DataOf } from '@lienthong/contracts';
import type { PopulationRegistryClient } from '@lienthong/population-registry';
import { DeathCertificateExtract, type ExtractSigner } from '@lienthong/signing';
import { vietnamCivilDate } from '@lienthong/working-days';
import { findRegisteredDeath, insertDeath, insertDeathExtract, lockPerson } from './death-register.ts';
import { deathExtract, extractIssuer } from './domain/death-extract.ts';
import {
  assessDeath,
  certificateSequenceScope,
  deathCertificateNumber,
  registeredName,
  type DeathCommand,
  type DeathFacts,
} from './domain/death-rules.ts';

/** The agency code: civil-status officers (scope `agency:civil-status`) register and annul deaths. */
export const CIVIL_STATUS_AGENCY = 'civil-status';

export interface DeathRegistrationDependencies {
  readonly population: PopulationRegistryClient;
  readonly signer: ExtractSigner;
}

export function deathRegistrationAct(
  deps: DeathRegistrationDependencies,
): AgencyDefinition<DeathCommand, DeathFacts> {
  return {
    agency: CIVIL_STATUS_AGENCY,
    messages: DeathRegistration,
    facts: async (command, { tx }) => {
      await lockPerson(tx, command.deceased.personalId);
      const registeredDeath = await findRegisteredDeath(tx, command.deceased.personalId, command.dossierId);
      // Unreachable or slow: a TransientError, and the command is retried (then parked).
      const person = await deps.population.findPerson(command.deceased.personalId);
      return {
        registeredDeath,
        person: person && {
          fullName: person.fullName,
          sex: person.sex,
          dateOfBirth: person.dateOfBirth,
          status: person.status,
          ...(person.dateOfDeath ? { dateOfDeath: person.dateOfDeath } : {}),
        },
      };
    },
    assess: (command, facts, now) => assessDeath(command, facts, now),
    act: async (command, context) => {
      const { tx, now } = context;
      const registrationDate = vietnamCivilDate(now);
      const year = registrationDate.slice(0, 4);
      const sequence = await context.nextNumber(certificateSequenceScope(command.communeCode, year));
      const death = {
        certificateNumber: deathCertificateNumber(command.communeCode, year, sequence),
        registrationDate,
        communeCode: command.communeCode,
        deceased: {
          personalId: command.deceased.personalId,
          fullName: registeredName(command.deceased.fullName),
          sex: command.deceased.sex,
          dateOfBirth: command.deceased.dateOfBirth,
          dateOfDeath: command.deceased.dateOfDeath,
          placeOfDeath: command.deceased.placeOfDeath,
        },
      };
      await insertDeath(tx, { ...death, dossierId: command.dossierId, registeredAt: now, command });
      // Validated before signing: a signed document must match the published structure.
      const extract = DeathCertificateExtract.parse(deathExtract(death));
      const signed = await deps.signer.sign(extract, {
        type: 'death-certificate-extract',
        issuer: extractIssuer(command.communeCode),
        issuedAt: now,
      });
      await insertDeathExtract(tx, { certificateNumber: death.certificateNumber, signed, now });
      return {
        certificateNumber: death.certificateNumber,
        registeredAt: now.toISOString(),
        extract: { jws: signed.jws, kid: signed.kid },
      } satisfies Omit<DataOf<typeof DeathRegistration.succeeded>, 'dossierId'>;
    },
  };
}
