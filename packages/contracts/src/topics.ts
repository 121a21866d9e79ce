/**
 * Every Kafka topic lienthong uses, declared in one place. Topics are created explicitly
 * from these specs at start-up (broker auto-create is off), so a typo fails loudly instead
 * of creating a stray topic.
 *
 * Partitioning: the key of every record is the dossier id, so one dossier's messages stay
 * in order on one partition while dossiers spread across partitions.
 */
export const TOPICS = {
  /** Dossier lifecycle events published by the saga coordinator; provinces subscribe here. */
  dossierEvents: 'lienthong.dossier.events',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  readonly name: string;
  readonly description: string;
  /** Upper bound on consumer parallelism for the topic. */
  readonly partitions: number;
  /** Kafka topic-level configs (strings, as the broker takes them). */
  readonly config: Readonly<Record<string, string>>;
}

const THIRTY_DAYS_MS = String(30 * 24 * 60 * 60 * 1000);

export const TOPIC_SPECS: readonly TopicSpec[] = [
  {
    name: TOPICS.dossierEvents,
    description: 'Dossier lifecycle events (received, status changed, completed...).',
    partitions: 6,
    // Kept 30 days so a province that reconnects after an outage can replay its backlog.
    config: { 'retention.ms': THIRTY_DAYS_MS, 'cleanup.policy': 'delete' },
  },
];
