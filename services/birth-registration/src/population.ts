/**
 * The office's adapter to the National Population Database: the parents lookup for the rules
 * and one attempt at the child's personal ID number, both as values (failures included), so
 * the callers decide with the pure rules in domain/.
 */
import { PermanentError, TransientError, describeError } from '@lienthong/messaging';
import type { PersonalIdRequest, PopulationRegistryClient } from '@lienthong/population-registry';
import type { BirthRecord } from './birth-register.ts';
import type { BirthCommand, ParentCheck, PersonOnRecord } from './domain/birth-rules.ts';
import type { AttemptOutcome } from './domain/personal-id-followup.ts';

/**
 * Looks the parents up. When the database does not answer (a `TransientError`: unreachable,
 * timed out, 5xx), the check is skipped: the database checks the parents again when it issues
 * the number, and registration must not wait for it. Other errors (a wrong base URL...) throw.
 */
export async function lookUpParents(
  client: PopulationRegistryClient,
  command: BirthCommand,
): Promise<{ check: ParentCheck; detail: string | null }> {
  try {
    const [mother, father] = await Promise.all([
      client.findPerson(command.mother.personalId),
      command.father ? client.findPerson(command.father.personalId) : Promise.resolve(undefined),
    ]);
    return {
      check: {
        kind: 'answered',
        mother: mother ? toPerson(mother) : null,
        ...(command.father ? { father: father ? toPerson(father) : null } : {}),
      },
      detail: null,
    };
  } catch (error) {
    if (error instanceof TransientError) return { check: { kind: 'skipped' }, detail: error.message };
    throw error;
  }
}

function toPerson(record: {
  sex: 'male' | 'female';
  dateOfBirth: string;
  status: 'alive' | 'deceased';
  dateOfDeath?: string | undefined;
}): PersonOnRecord {
  return {
    sex: record.sex,
    dateOfBirth: record.dateOfBirth,
    status: record.status,
    ...(record.dateOfDeath === undefined ? {} : { dateOfDeath: record.dateOfDeath }),
  };
}

/** The request for a registered child's number, from the register (not from a re-sent command). */
export function personalIdRequest(
  birth: Pick<BirthRecord, 'provinceCode' | 'child' | 'motherPersonalId' | 'fatherPersonalId'>,
  requestId: string,
  callbackUrl: string | undefined,
): PersonalIdRequest {
  return {
    requestId,
    // One of the 34 current provinces (admin-units); the database checks it too.
    provinceCode: birth.provinceCode as PersonalIdRequest['provinceCode'],
    child: {
      fullName: birth.child.fullName,
      sex: birth.child.sex,
      dateOfBirth: birth.child.dateOfBirth,
    },
    mother: { personalId: birth.motherPersonalId },
    ...(birth.fatherPersonalId ? { father: { personalId: birth.fatherPersonalId } } : {}),
    ...(callbackUrl ? { callbackUrl } : {}),
  };
}

/** One attempt; the client's errors become outcomes (their messages carry no personal data). */
export async function askForPersonalId(
  client: PopulationRegistryClient,
  request: PersonalIdRequest,
): Promise<AttemptOutcome> {
  try {
    return await client.requestPersonalId(request);
  } catch (error) {
    if (error instanceof TransientError) return { kind: 'unavailable', error: describeError(error) };
    if (error instanceof PermanentError) return { kind: 'rejected', error: describeError(error) };
    throw error;
  }
}
