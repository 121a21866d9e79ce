/**
 * The ID worker: durable follow-up of personal-ID requests the population database did not
 * settle while the birth was registered. It picks due requests (`FOR UPDATE SKIP LOCKED`, so
 * several instances share the work), asks the database again under the same request id, and in
 * the same transaction records the answer and enqueues what the coordinator must hear:
 * PersonalIdAttached with a new extract, or BirthRegistrationFailed (refused, or unreachable past
 * the retry budget: an operator's retry resumes it, see `onRepeat`).
 */
import {
  BirthRegistrationFailed,
  createEnvelope,
  PersonalIdAttached,
  type MessageDefinition,
  type Reason,
} from '@lienthong/contracts';
import {
  childTraceparent,
  describeError,
  enqueueMessages,
  inTransaction,
  type PoolLike,
  type Queryable,
} from '@lienthong/messaging';
import type { PopulationRegistryClient } from '@lienthong/population-registry';
import { component, type Logger, type ServiceComponent } from '@lienthong/service-kit';
import type { ExtractSigner } from '@lienthong/signing';
import {
  claimDueRequest,
  findBirth,
  findCaseOrigin,
  setPersonalId,
  updateCaseRecord,
  updatePersonalIdRequest,
  type PersonalIdRequestRow,
} from './birth-register.ts';
import { CIVIL_STATUS_AGENCY } from './definition.ts';
import { decideAfterAttempt, type IdRequestPolicy } from './domain/personal-id-followup.ts';
import { issueExtract } from './extracts.ts';
import { askForPersonalId, personalIdRequest } from './population.ts';

export interface PersonalIdWorkerOptions {
  readonly pool: PoolLike;
  /** The service's schema (the outbox's NOTIFY channel is named after it). */
  readonly schema: string;
  readonly population: PopulationRegistryClient;
  readonly signer: ExtractSigner;
  readonly policy: IdRequestPolicy;
  readonly clock: { now(): Date };
  /** [0, 1), for the retry jitter. */
  readonly random: () => number;
  /** Message ids. */
  readonly ids: () => string;
  readonly logger: Logger;
  /** Most requests handled per round. @default 100 */
  readonly batchSize?: number;
}

export interface PersonalIdWorker {
  /** Handles due requests, one transaction each, until none is due (or the batch is done). */
  runDue(): Promise<number>;
}

const SOURCE = `/lienthong/${CIVIL_STATUS_AGENCY}`;

export function createPersonalIdWorker(options: PersonalIdWorkerOptions): PersonalIdWorker {
  const { pool, policy } = options;
  const batchSize = options.batchSize ?? 100;
  const log = options.logger.child({ component: 'personal-id-worker' });

  async function emit(
    tx: Queryable,
    definition: MessageDefinition,
    dossierId: string,
    data: Readonly<Record<string, unknown>>,
    now: Date,
  ): Promise<void> {
    const origin = await findCaseOrigin(tx, dossierId);
    const envelope = createEnvelope({
      definition,
      id: options.ids(),
      source: SOURCE,
      subject: dossierId,
      time: now,
      correlationId: dossierId,
      ...(origin ? { causationId: origin.commandId } : {}),
      traceparent: childTraceparent(origin?.traceparent),
      data: { dossierId, ...data },
    });
    await enqueueMessages(tx, options.schema, [{ topic: definition.topic, envelope }]);
  }

  async function reportFailure(
    tx: Queryable,
    request: PersonalIdRequestRow,
    certificateNumber: string,
    reason: Reason,
    now: Date,
  ) {
    await emit(tx, BirthRegistrationFailed, request.dossierId, { reason, certificateNumber }, now);
    log.warn(
      { dossierId: request.dossierId, code: reason.code, attempts: request.attempts },
      'personal-ID request reported as failed; an operator can retry the step',
    );
  }

  /** One due request, inside the transaction that claimed it. */
  async function handle(tx: Queryable, request: PersonalIdRequestRow, now: Date): Promise<void> {
    const birth = await findBirth(tx, request.dossierId, { lock: true });
    if (!birth) throw new Error(`personal-ID request of dossier ${request.dossierId} without a birth`);

    if (request.status !== 'pending') {
      // Refused or failed while registering: report it now that BirthRegistered is out.
      const reason = request.reason ?? unknownReason();
      await updatePersonalIdRequest(tx, request.dossierId, {
        status: request.status,
        attempts: request.attempts,
        nextAttemptAt: null,
        now,
      });
      if (request.status !== 'issued') {
        await reportFailure(tx, request, birth.certificateNumber, reason, now);
      }
      return;
    }

    const outcome = await askForPersonalId(
      options.population,
      // Resent exactly as first sent under this id (its callback URL included).
      personalIdRequest(birth, request.requestId, request.callbackUrl ?? undefined),
    );
    const step = decideAfterAttempt(outcome, request.attempts, policy, now, options.random);
    switch (step.kind) {
      case 'attach': {
        await setPersonalId(tx, request.dossierId, step.personalId, now);
        const extract = await issueExtract(tx, options.signer, birth, step.personalId, now);
        await updatePersonalIdRequest(tx, request.dossierId, {
          status: 'issued',
          attempts: 0,
          nextAttemptAt: null,
          lastError: null,
          now,
        });
        await updateCaseRecord(tx, request.dossierId, { personalId: step.personalId, extract });
        await emit(
          tx,
          PersonalIdAttached,
          request.dossierId,
          { certificateNumber: birth.certificateNumber, personalId: step.personalId, extract },
          now,
        );
        log.info({ dossierId: request.dossierId }, 'personal ID attached');
        return;
      }
      case 'wait':
        await updatePersonalIdRequest(tx, request.dossierId, {
          status: 'pending',
          attempts: 0,
          nextAttemptAt: step.nextAttemptAt,
          lastError: null,
          now,
        });
        return;
      case 'retry':
        await updatePersonalIdRequest(tx, request.dossierId, {
          status: 'pending',
          attempts: step.attempts,
          nextAttemptAt: step.nextAttemptAt,
          lastError: step.lastError,
          now,
        });
        log.info(
          { dossierId: request.dossierId, attempts: step.attempts, nextAttemptAt: step.nextAttemptAt },
          'population database unavailable; personal-ID request postponed',
        );
        return;
      case 'refused':
        await updatePersonalIdRequest(tx, request.dossierId, {
          status: 'refused',
          attempts: 0,
          nextAttemptAt: null,
          lastError: null,
          reason: step.reason,
          now,
        });
        await reportFailure(tx, request, birth.certificateNumber, step.reason, now);
        return;
      case 'give-up':
        await updatePersonalIdRequest(tx, request.dossierId, {
          status: 'failed',
          attempts: step.attempts,
          nextAttemptAt: null,
          lastError: step.lastError,
          reason: step.reason,
          now,
        });
        await reportFailure(
          tx,
          { ...request, attempts: step.attempts },
          birth.certificateNumber,
          step.reason,
          now,
        );
        return;
    }
  }

  /** A request whose handling threw (a bug, bad data): set aside so it does not block the others. */
  async function postpone(dossierId: string, error: unknown): Promise<void> {
    const now = options.clock.now();
    await pool.query(
      `UPDATE personal_id_requests SET next_attempt_at = $2, last_error = $3, updated_at = $4
       WHERE dossier_id = $1 AND next_attempt_at IS NOT NULL`,
      [dossierId, new Date(now.getTime() + policy.maxDelayMs), describeError(error), now],
    );
  }

  return {
    async runDue() {
      let handled = 0;
      while (handled < batchSize) {
        let claimed: string | undefined;
        try {
          const found = await inTransaction(pool, async (tx) => {
            const now = options.clock.now();
            const request = await claimDueRequest(tx, now);
            if (!request) return false;
            claimed = request.dossierId;
            await handle(tx, request, now);
            return true;
          });
          if (!found) break;
        } catch (error) {
          if (claimed === undefined) throw error;
          log.error({ err: error, dossierId: claimed }, 'personal-ID request failed unexpectedly; set aside');
          await postpone(claimed, error);
        }
        handled += 1;
      }
      return handled;
    },
  };
}

function unknownReason(): Reason {
  return {
    code: 'POPULATION_DB_UNAVAILABLE',
    message: {
      vi: 'Chưa cấp được số định danh cá nhân cho trẻ',
      en: 'The child’s personal ID number could not be obtained',
    },
  };
}

/**
 * The worker as a lifecycle component: a round every `intervalMs` (from the end of the previous
 * one, so rounds never overlap). A failing round is logged and the loop goes on: the work is in
 * the database. Close stops the timer and waits for the round in flight.
 */
export function personalIdWorkerComponent(
  worker: PersonalIdWorker,
  options: { readonly intervalMs: number; readonly logger: Logger },
): ServiceComponent {
  return component('personal-id-worker', () => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let inFlight: Promise<void> = Promise.resolve();
    const round = async () => {
      try {
        await worker.runDue();
      } catch (error) {
        options.logger.error({ err: error }, 'personal-ID worker round failed; retrying next round');
      }
    };
    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(() => {
        inFlight = round().finally(schedule);
      }, options.intervalMs);
    };
    schedule();
    return Promise.resolve({
      close: async () => {
        stopped = true;
        clearTimeout(timer);
        await inFlight;
      },
    });
  });
}
