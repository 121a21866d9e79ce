import type { MessageDefinition, Reason } from '@lienthong/contracts';
import type { PooledClient } from '@lienthong/messaging';

/**
 * The declared policy's verdict on a case, from pure rules: decide alone, refuse with a stable
 * reason, or hand the case to an officer (with why). A refusal is a normal outcome, not an error.
 */
export type Assessment =
  | { readonly decision: 'approve' }
  | { readonly decision: 'refuse'; readonly reason: Reason }
  | { readonly decision: 'ask-officer'; readonly reason: Reason };

/** What an agency's I/O steps may use, inside the transaction handling the command. */
export interface AgencyContext {
  readonly tx: PooledClient;
  readonly now: Date;
  /** Next number of a gap-free per-scope sequence, e.g. ('KS-00004-2026') → 17. */
  nextNumber(scope: string): Promise<number>;
}

/** The four replies every agency step speaks (see the contracts of each agency). */
export interface AgencyReplies {
  /** `{ dossierId, status, reason? }` */
  readonly progressed: MessageDefinition;
  /** The act is done; data from `act`. */
  readonly succeeded: MessageDefinition;
  /** `{ dossierId, reason }` */
  readonly refused: MessageDefinition;
  /** `{ dossierId, reason }`: a technical failure the agency gave up on. */
  readonly failed: MessageDefinition;
}

/**
 * One agency act as data: the command it answers, its rules, and the act itself. The kit does
 * the rest (cases, idempotency, the officer queue, replies through the outbox).
 */
export interface AgencyDefinition<TCommand, TFacts> {
  /** Agency code, e.g. `health-insurance`; officers need the scope `agency:<code>`. */
  readonly agency: string;
  readonly command: MessageDefinition;
  readonly replies: AgencyReplies;
  /** Loads what the rules need to know (existing records...). */
  facts(command: TCommand, context: AgencyContext): Promise<TFacts>;
  /** The declared policy: pure, from the command, the facts and the time. */
  assess(command: TCommand, facts: TFacts, now: Date): Assessment;
  /**
   * Performs the act (register, issue...) and returns the `succeeded` event's data. Runs once
   * per case: after an approval by policy or by an officer. Throw `TransientError` to retry.
   */
  act(command: TCommand, context: AgencyContext): Promise<Readonly<Record<string, unknown>>>;
  /**
   * Called when the coordinator sends the command again for a case already decided or waiting
   * (a re-send after a timeout, or an operator's retry), before the answer is repeated. The
   * act is never done twice; this is where an agency resumes follow-up work that failed (e.g.
   * a personal-ID request that ran out of retries). Default: nothing.
   */
  onRepeat?(command: TCommand, context: AgencyContext): Promise<void>;
}
