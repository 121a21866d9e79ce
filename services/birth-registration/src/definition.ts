/**
 * The civil-status office's act as an agency definition: the rules (domain/birth-rules.ts)
 * decide; `act` registers the birth, signs the extract and asks once for the child's personal ID
 * number; whatever the database did not settle at once is left to the ID worker
 * (personal-id-worker.ts), durably, and never holds up the registration.
 */
import type { AgencyDefinition } from '@lienthong/agency-kit';
import { provinceOfCommune } from '@lienthong/admin-units';
import type { BirthRegistered } from '@lienthong/contracts';
import { BirthRegistration, type DataOf } from '@lienthong/contracts';
import type { PopulationRegistryClient } from '@lienthong/population-registry';
import type { ExtractSigner } from '@lienthong/signing';
import { vietnamCivilDate } from '@lienthong/working-days';
import {
  findParentCheck,
  findSameChild,
  insertBirth,
  insertPersonalIdRequest,
  lockMother,
  lockPersonalIdRequest,
  makeDueNow,
  recordParentCheck,
  updatePersonalIdRequest,
  type NewBirth,
} from './birth-register.ts';
import {
  assessBirth,
  certificateNumber,
  certificateSequenceScope,
  nameKey,
  registeredName,
  type BirthCommand,
  type BirthFacts,
} from './domain/birth-rules.ts';
import {
  decideAfterAttempt,
  personalIdRequestId,
  resumeOnRepeat,
  type IdRequestPolicy,
  type NextStep,
} from './domain/personal-id-followup.ts';
import { issueExtract } from './extracts.ts';
import { askForPersonalId, lookUpParents, personalIdRequest } from './population.ts';

/** The agency code: officers need the scope `agency:civil-status`. */
export const CIVIL_STATUS_AGENCY = 'civil-status';

export interface BirthRegistrationDependencies {
  /** For the parents lookup, with a short timeout. */
  readonly lookups: PopulationRegistryClient;
  /** For personal-ID requests, with the request timeout. */
  readonly population: PopulationRegistryClient;
  readonly signer: ExtractSigner;
  readonly policy: IdRequestPolicy;
  /** `<PUBLIC_BASE_URL>/v1/callbacks/personal-id`, when this service can be called back. */
  readonly callbackUrl: string | undefined;
  /** [0, 1), for the retry jitter. */
  readonly random: () => number;
}

export function birthRegistrationDefinition(
  deps: BirthRegistrationDependencies,
): AgencyDefinition<BirthCommand, BirthFacts> {
  return {
    agency: CIVIL_STATUS_AGENCY,
    messages: BirthRegistration,

    facts: async (command, { tx, now }) => {
      await lockMother(tx, command.mother.personalId);
      const sameChildRegistrations = await findSameChild(tx, {
        motherPersonalId: command.mother.personalId,
        dateOfBirth: command.child.dateOfBirth,
        childNameKey: nameKey(command.child.fullName),
        dossierId: command.dossierId,
      });
      const { check, detail } = await lookUpParents(deps.lookups, command);
      await recordParentCheck(tx, {
        dossierId: command.dossierId,
        outcome: check.kind === 'answered' ? 'answered' : 'skipped',
        detail,
        now,
      });
      return { sameChildRegistrations, parents: check };
    },

    assess: (command, facts, now) => assessBirth(command, facts, now),

    act: async (command, context) => {
      const { tx, now } = context;
      const province = provinceOfCommune(command.communeCode);
      const registrationDate = vietnamCivilDate(now);
      const year = registrationDate.slice(0, 4);
      const child = {
        fullName: registeredName(command.child.fullName),
        sex: command.child.sex,
        dateOfBirth: command.child.dateOfBirth,
      };
      const subject = {
        provinceCode: province.code,
        child,
        motherPersonalId: command.mother.personalId,
        fatherPersonalId: command.father?.personalId ?? null,
      };
      // Asked before the certificate number is taken, so the commune's number sequence is not
      // locked while the population database thinks.
      const requestId = personalIdRequestId(command.dossierId, 0);
      const outcome = await askForPersonalId(
        deps.population,
        personalIdRequest(subject, requestId, deps.callbackUrl),
      );
      const step = decideAfterAttempt(outcome, 0, deps.policy, now, deps.random);
      const personalId = step.kind === 'attach' ? step.personalId : null;

      const sequence = await context.nextNumber(certificateSequenceScope(command.communeCode, year));
      const birth: NewBirth = {
        ...subject,
        certificateNumber: certificateNumber(command.communeCode, year, sequence),
        dossierId: command.dossierId,
        communeCode: command.communeCode,
        registrationDate,
        registeredAt: now,
        childNameKey: nameKey(command.child.fullName),
        placeOfBirth: command.child.placeOfBirth,
        hospitalCertificateNumber: command.child.birthCertificateNumber,
        ethnicity: command.child.ethnicity ?? null,
        nationality: command.child.nationality ?? null,
        motherFullName: registeredName(command.mother.fullName),
        fatherFullName: command.father ? registeredName(command.father.fullName) : null,
        parentsCheck: (await findParentCheck(tx, command.dossierId)) === 'answered' ? 'verified' : 'skipped',
        personalId,
      };
      await insertBirth(tx, birth);
      await insertPersonalIdRequest(tx, {
        dossierId: command.dossierId,
        requestId,
        callbackUrl: deps.callbackUrl,
        ...requestAfterAct(step, now),
        now,
      });
      const extract = await issueExtract(tx, deps.signer, birth, personalId, now);
      return {
        certificateNumber: birth.certificateNumber,
        registeredAt: now.toISOString(),
        personalId,
        extract,
      } satisfies Omit<DataOf<typeof BirthRegistered>, 'dossierId'>;
    },

    // An operator's retry (or a re-send) of a registered birth: resume the personal-ID request
    // that failed or was refused, never register again. The kit then repeats BirthRegistered.
    onRepeat: async (command, { tx, now }) => {
      const request = await lockPersonalIdRequest(tx, command.dossierId);
      if (!request) return;
      const resume = resumeOnRepeat({
        status: request.status,
        busy: request.nextAttemptAt !== null,
        generation: request.generation,
      });
      switch (resume.kind) {
        case 'nothing':
          return;
        case 'nudge':
          await makeDueNow(tx, request.requestId, now);
          return;
        case 'restart':
          await updatePersonalIdRequest(tx, command.dossierId, {
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            lastError: null,
            reason: null,
            // The same request id is resent as first sent; a new one goes with today's callback URL.
            ...(resume.generation === request.generation
              ? {}
              : {
                  renewed: {
                    requestId: personalIdRequestId(command.dossierId, resume.generation),
                    generation: resume.generation,
                    callbackUrl: deps.callbackUrl,
                  },
                }),
            now,
          });
          return;
      }
    },
  };
}

/**
 * The request row after the attempt made while registering. A refusal or a give-up is due at
 * once: the ID worker reports it (BirthRegistrationFailed) after this transaction has committed
 * BirthRegistered, so the coordinator hears them in that order.
 */
function requestAfterAct(step: NextStep, now: Date) {
  switch (step.kind) {
    case 'attach':
      return { status: 'issued', attempts: 0, nextAttemptAt: null, lastError: null, reason: null } as const;
    case 'wait':
      return {
        status: 'pending',
        attempts: 0,
        nextAttemptAt: step.nextAttemptAt,
        lastError: null,
        reason: null,
      } as const;
    case 'retry':
      return {
        status: 'pending',
        attempts: step.attempts,
        nextAttemptAt: step.nextAttemptAt,
        lastError: step.lastError,
        reason: null,
      } as const;
    case 'refused':
      return {
        status: 'refused',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        reason: step.reason,
      } as const;
    case 'give-up':
      return {
        status: 'failed',
        attempts: step.attempts,
        nextAttemptAt: now,
        lastError: step.lastError,
        reason: step.reason,
      } as const;
  }
}
