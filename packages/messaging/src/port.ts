import type { TopicSpec } from '@lienthong/contracts';

/**
 * Our own small port to the Kafka client. kafkajs is in maintenance mode; everything else in
 * lienthong depends on these interfaces only, so the client can be swapped after measuring.
 */

export interface ProducedRecord {
  readonly topic: string;
  /** Always the dossier id: one dossier's messages stay ordered on one partition. */
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly timestamp: string;
}

export interface ProducerPort {
  connect(): Promise<void>;
  /**
   * Resolves once every record is acknowledged by all in-sync replicas (acks=all), with the
   * idempotent producer and ordering-safe in-flight settings.
   */
  send(records: readonly ProducedRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface HandlerContext {
  /** Keeps the group membership alive during long work (e.g. a retry backoff). */
  heartbeat(): Promise<void>;
  /** True once the consumer is stopping: long waits should end early. */
  isStopping(): boolean;
}

export type RecordHandler = (record: ConsumedRecord, context: HandlerContext) => Promise<void>;

export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Partitions handled in parallel by this process; order within a partition is kept. Default 1. */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * How long the group waits for a silent member before giving its partitions to another.
   * Default 30 s; lower means faster takeover after a crash, and more false alarms under load.
   */
  readonly sessionTimeoutMs?: number;
}

export interface ConsumerPort {
  /**
   * Joins the group and hands every record to `handle`, one partition in order. A record's
   * offset is committed only after `handle` resolved for it; if `handle` rejects, the offset is
   * not committed and the record is delivered again.
   */
  start(handle: RecordHandler): Promise<void>;
  /** Finishes the record in hand, commits what is done, leaves the group. */
  stop(): Promise<void>;
  /** True while the consumer is a member of its group with partitions assigned (or none to assign). */
  isJoined(): boolean;
}

export interface AdminPort {
  /** Creates missing topics from their specs and grows partition counts that are too small. */
  ensureTopics(specs: readonly TopicSpec[], options: { replicationFactor: number }): Promise<void>;
  /** Cheap round trip to the cluster, for readiness. */
  ping(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface MessageBroker {
  createProducer(): ProducerPort;
  createConsumer(options: ConsumerOptions): ConsumerPort;
  createAdmin(): AdminPort;
}
