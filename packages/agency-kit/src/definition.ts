import type { AgencyAct, CompensateData, Reason } from '@lienthong/contracts';
import type { PooledClient } from '@lienthong/messaging';

/**
 * The declared policy's verdict on a case, from pure rules: decide alone, refuse with a stable
 * reason, hand the case to an officer (with why), or ask the citizen for documents (saying what
 * is missing). A refusal is a normal outcome, not an error.
 */
export type Assessment =
  | { readonly decision: 'approve' }
  | { readonly decision: 'refuse'; readonly reason: Reason }
  | { readonly decision: 'ask-officer'; readonly reason: Reason }
  | { readonly decision: 'request-supplement'; readonly reason: Reason };

/** What an agency's I/O steps may use, inside the transaction handling the command. */
export interface AgencyContext {
  readonly tx: PooledClient;
  readonly now: Date;
  /** Next number of a gap-free per-scope sequence, e.g. ('KS-00004-2026') → 17. */
  nextNumber(scope: string): Promise<number>;
}

/** What a compensation command says: why, when and by whom the registration was annulled. */
export type Annulment = Omit<CompensateData, 'dossierId'>;

/**
 * One agency act as data: its messages, its rules, the act itself and, when the law lets it be
 * undone, how. The kit does the rest: cases, idempotency, the officer queue, cancellation,
 * supplements, compensation, and replies through the outbox.
 */
export interface AgencyDefinition<TCommand, TFacts> {
  /** Agency code, e.g. `health-insurance`; officers need the scope `agency:<code>`. */
  readonly agency: string;
  /** The act's messages (its command, replies, cancel, supplement, compensation). */
  readonly messages: AgencyAct;
  /** Loads what the rules need to know (existing records...). */
  facts(command: TCommand, context: AgencyContext): Promise<TFacts>;
  /** The declared policy: pure, from the command, the facts and the time. */
  assess(command: TCommand, facts: TFacts, now: Date): Assessment;
  /**
   * Performs the act (register, issue...) and returns the `succeeded` event's data. Runs once
   * per case: after an approval by policy (`facts` are then those the policy judged, in the same
   * transaction) or by an officer (`facts` undefined: load what is needed again). Throw
   * `TransientError` to retry.
   */
  act(command: TCommand, context: AgencyContext, facts?: TFacts): Promise<Readonly<Record<string, unknown>>>;
  /**
   * Called when the coordinator sends the command again for a case already decided or waiting
   * (a re-send after a timeout, or an operator's retry), before the answer is repeated. The
   * act is never done twice; this is where an agency resumes follow-up work that failed (e.g.
   * a personal-ID request that ran out of retries). Default: nothing.
   */
  onRepeat?(command: TCommand, context: AgencyContext): Promise<void>;
  /**
   * Undoes the act after an annulment and returns the `compensated` event's data. Runs once per
   * case (a repeated compensation repeats the answer). `record` is what `act` returned. A
   * failure to undo (e.g. a registry down) rolls back whatever it wrote and is reported as
   * `compensationFailed`, which the coordinator retries; a `PermanentError` parks the message.
   */
  undo?(
    command: TCommand,
    record: Readonly<Record<string, unknown>>,
    annulment: Annulment,
    context: AgencyContext,
  ): Promise<Readonly<Record<string, unknown>>>;
  /** Stops follow-up work when a case is cancelled undecided. Default: nothing. */
  onCancel?(dossierId: string, context: AgencyContext): Promise<void>;
}
