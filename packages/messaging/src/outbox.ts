import type { Envelope } from '@lienthong/contracts';
import { envelopeHeaders } from './kafka-codec.ts';
import type { Queryable } from './sql.ts';

/** Postgres NOTIFY channel the relay listens on; delivered only when the transaction commits. */
export function outboxChannel(schema: string): string {
  return `lienthong_outbox_${schema}`;
}

export interface OutgoingMessage {
  readonly topic: string;
  readonly envelope: Envelope;
}

/**
 * Writes messages into the outbox inside the caller's transaction: they are published if and
 * only if that transaction commits. Callers lock the dossier's row before enqueueing, which
 * makes one dossier's outbox ids follow its commit order.
 *
 * Re-enqueueing a message id already present is a no-op, so a retried handler cannot emit twice.
 */
export async function enqueueMessages(
  tx: Queryable,
  schema: string,
  messages: readonly OutgoingMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const values: unknown[] = [];
  const rows = messages.map(({ topic, envelope }, index) => {
    values.push(envelope.id, topic, envelope.subject, envelopeHeaders(envelope), envelope.data);
    const base = index * 5;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5})`;
  });
  await tx.query(
    `INSERT INTO outbox (message_id, topic, message_key, headers, payload) VALUES ${rows.join(', ')}
     ON CONFLICT (message_id) DO NOTHING`,
    values,
  );
  await tx.query('SELECT pg_notify($1, $2)', [outboxChannel(schema), '']);
}
