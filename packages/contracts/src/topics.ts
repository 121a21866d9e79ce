/**
 * Every Kafka topic lienthong uses, declared in one place. Topics are created explicitly
 * from these specs at start-up (broker auto-create is off), so a typo fails loudly instead
 * of creating a stray topic.
 *
 * Partitioning: the key of every record is the dossier id, so one dossier's messages stay
 * in order on one partition while dossiers spread across partitions. Each agency has a
 * commands topic (the coordinator asks) and an events topic (the agency tells everyone).
 */
export const TOPICS = {
  /** Dossier lifecycle events published by the saga coordinator; provinces subscribe here. */
  dossierEvents: 'lienthong.dossier.events',
  civilStatusCommands: 'lienthong.civil-status.commands',
  civilStatusEvents: 'lienthong.civil-status.events',
  residenceCommands: 'lienthong.residence.commands',
  residenceEvents: 'lienthong.residence.events',
  healthInsuranceCommands: 'lienthong.health-insurance.commands',
  healthInsuranceEvents: 'lienthong.health-insurance.events',
  /** The death registration, the funeral benefit and the survivor allowance (death-funeral service). */
  deathFuneralCommands: 'lienthong.death-funeral.commands',
  deathFuneralEvents: 'lienthong.death-funeral.events',
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
// Kept 30 days so a province that reconnects after an outage can replay its backlog.
const retained = { 'retention.ms': THIRTY_DAYS_MS, 'cleanup.policy': 'delete' };

export const TOPIC_SPECS: readonly TopicSpec[] = [
  {
    name: TOPICS.dossierEvents,
    description: 'Dossier lifecycle events (received, status changed, step overdue).',
    partitions: 6,
    config: retained,
  },
  ...(['civilStatus', 'residence', 'healthInsurance', 'deathFuneral'] as const).flatMap((agency) => [
    {
      name: TOPICS[`${agency}Commands`],
      description: `Commands the saga coordinator sends to ${agency}.`,
      partitions: 6,
      config: retained,
    },
    {
      name: TOPICS[`${agency}Events`],
      description: `Everything ${agency} decided or did, for the coordinator and subscribers.`,
      partitions: 6,
      config: retained,
    },
  ]),
];
