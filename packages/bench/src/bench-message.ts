import { createEnvelope, defineMessage, MessageRegistry, TOPICS, type Envelope } from '@lienthong/contracts';
import { z } from 'zod';

/**
 * The benchmark's message. Its definition names the dossier-events topic only because every
 * definition must name a declared topic; the benchmark enqueues it to its own topics.
 */
export const BenchPing = defineMessage({
  type: 'lienthong.bench.ping',
  version: 1,
  kind: 'event',
  topic: TOPICS.dossierEvents,
  description: 'Benchmark message: its effect records when it was applied.',
  schema: z.object({
    step: z.number().int(),
    seq: z.number().int(),
    /** Filler so the record is about the size of a real dossier event. */
    note: z.string(),
  }),
});

export const benchRegistry = new MessageRegistry([BenchPing]);

/** Distinct dossier ids the benchmark spreads its messages over (records are keyed by dossier). */
export const KEY_COUNT = 1_000;

const NOTE = 'Hồ sơ liên thông khai sinh – đăng ký thường trú – cấp thẻ BHYT cho trẻ dưới 6 tuổi.';

export function benchMessage(id: string, step: number, seq: number): Envelope {
  const dossier = `HS-BENCH-${(seq % KEY_COUNT).toString().padStart(4, '0')}`;
  return createEnvelope({
    definition: BenchPing,
    id,
    source: '/lienthong/bench',
    subject: dossier,
    time: new Date(),
    correlationId: dossier,
    data: { step, seq, note: NOTE },
  });
}
