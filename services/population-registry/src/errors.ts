/**
 * The registry's error codes: the core ones plus one per refusal. A refusal is a normal answer
 * of the population database, sent as 422 so that a caller (or a real endpoint replacing this
 * one) can tell "your data is wrong" from "try again later" by status alone.
 * README.md, "Error codes", lists the same codes; a unit test fails when they drift.
 */
import { coreErrors } from '@lienthong/service-kit';
import type { ErrorDefinition } from '@lienthong/service-kit';
import type { RefusalCode } from './domain/issuance.ts';

const refusals = {
  MOTHER_NOT_FOUND: {
    status: 422,
    title: "The mother's personal ID number is not on record",
    retryable: false,
  },
  FATHER_NOT_FOUND: {
    status: 422,
    title: "The father's personal ID number is not on record",
    retryable: false,
  },
  PARENT_DATA_INCONSISTENT: {
    status: 422,
    title: "A parent's record contradicts the birth",
    retryable: false,
  },
  CHILD_DATA_INCONSISTENT: {
    status: 422,
    title: "The child's data cannot be numbered",
    retryable: false,
  },
  SUSPECTED_DUPLICATE: {
    status: 422,
    title: 'The child seems to have a personal ID number already',
    retryable: false,
  },
} as const satisfies Record<RefusalCode, ErrorDefinition>;

export const populationRegistryErrors = coreErrors.extend(refusals);
