// Following dossiers on the coordinator's `lienthong.dossier.events` topic, never by polling.
import { DossierStatusChanged, TOPICS } from '@lienthong/contracts';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { waitUntil } from '../util.ts';
import { completedAsExpected, FINISHED, lastSeen, undoneInFull, type StepView } from './outcome.ts';

export interface Unfinished {
  readonly count: number;
  /** Last status seen on the events topic ('no event' when none came). */
  readonly byStatus: Readonly<Record<string, number>>;
}

/** Where a wave of dossiers is going: when one is done, when each got there, and who did not. */
export interface Goal {
  done(id: string): boolean;
  readonly reached: ReadonlyMap<string, number>;
  missed(ids: readonly string[]): Unfinished;
}

/** The coordinator's `status-changed` events, by dossier: last status, and when it ended as expected. */
export class StatusFollower {
  readonly lastStatus = new Map<string, string>();
  readonly lastSteps = new Map<string, readonly StepView[]>();
  /**
   * changedAt (ms since the epoch, the coordinator's clock) of the first event showing the
   * dossier `completed` with each of the saga's steps `succeeded`.
   */
  readonly completedAt = new Map<string, number>();
  /** changedAt of the first event showing it `refused` with every step `compensated`. */
  readonly undoneAt = new Map<string, number>();
  consumed = 0;
  readonly #consumer: Consumer;
  readonly #kafka: Kafka;
  readonly #groupId: string;
  readonly #steps: readonly string[];

  constructor(brokers: readonly string[], groupId: string, steps: readonly string[]) {
    this.#kafka = new Kafka({ clientId: groupId, brokers: [...brokers], logLevel: logLevel.ERROR });
    this.#groupId = groupId;
    this.#steps = steps;
    // Fetches return as soon as there is a record; the wait only bounds idle polling.
    this.#consumer = this.#kafka.consumer({ groupId, maxWaitTimeInMs: 1_000 });
  }

  /**
   * A fresh group, positioned at the topic's end offsets of this moment (so nothing published
   * from now on is missed, however long the join takes), then joined.
   */
  async start(): Promise<void> {
    const topic = TOPICS.dossierEvents;
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: this.#groupId,
        topic,
        partitions: ends.map(({ partition, offset }) => ({ partition, offset })),
      });
    } finally {
      await admin.disconnect();
    }
    let joined = false;
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topic, fromBeginning: false });
    await this.#consumer.run({
      eachMessage: ({ message }) => {
        this.consumed += 1;
        if (message.headers?.ce_type?.toString() !== DossierStatusChanged.type || !message.value) {
          return Promise.resolve();
        }
        let data: { dossierId: string; status: string; changedAt: string; steps?: StepView[] };
        try {
          data = JSON.parse(message.value.toString()) as typeof data;
        } catch {
          return Promise.resolve();
        }
        this.#seen(data.dossierId, data.status, data.steps ?? [], Date.parse(data.changedAt));
        return Promise.resolve();
      },
    });
    if (!(await waitUntil(() => joined, 60_000, 20))) throw new Error('the events consumer never joined');
  }

  #seen(id: string, status: string, steps: readonly StepView[], changedAt: number): void {
    this.lastStatus.set(id, status);
    this.lastSteps.set(id, steps);
    if (!this.completedAt.has(id) && completedAsExpected(status, steps, this.#steps)) {
      this.completedAt.set(id, changedAt);
    }
    if (!this.undoneAt.has(id) && undoneInFull(status, steps)) this.undoneAt.set(id, changedAt);
  }

  /** Nothing will change any more (unless it is annulled). */
  finished(id: string): boolean {
    return FINISHED.has(this.lastStatus.get(id) ?? '');
  }

  /** Finished again after an annulment: any end but `completed`. */
  settledAfterAnnulment(id: string): boolean {
    return this.finished(id) && this.lastStatus.get(id) !== 'completed';
  }

  /** Those of `ids` not completed as expected, by what they showed last. */
  unfinished(ids: readonly string[]): Unfinished {
    return this.#missing(ids, this.completedAt, { status: 'completed', stepStatus: 'succeeded' });
  }

  /** Those of `ids` not undone in full, by what they showed last. */
  notUndone(ids: readonly string[]): Unfinished {
    return this.#missing(ids, this.undoneAt, { status: 'refused', stepStatus: 'compensated' });
  }

  #missing(
    ids: readonly string[],
    reached: ReadonlyMap<string, number>,
    goal: { readonly status: string; readonly stepStatus: string },
  ): Unfinished {
    const byStatus: Record<string, number> = {};
    let count = 0;
    for (const id of ids) {
      if (reached.has(id)) continue;
      const status = lastSeen(this.lastStatus.get(id), this.lastSteps.get(id) ?? [], goal);
      count += 1;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
    return { count, byStatus };
  }

  /** Completed as expected (done once finished, whatever the end). */
  get completion(): Goal {
    return {
      done: (id) => this.finished(id),
      reached: this.completedAt,
      missed: (ids) => this.unfinished(ids),
    };
  }

  /** Undone in full after an annulment (done once finished again). */
  get undoing(): Goal {
    return {
      done: (id) => this.settledAfterAnnulment(id),
      reached: this.undoneAt,
      missed: (ids) => this.notUndone(ids),
    };
  }

  async stop(deleteGroup: boolean): Promise<void> {
    await this.#consumer.disconnect();
    if (!deleteGroup) return;
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups([this.#groupId]);
    } finally {
      await admin.disconnect();
    }
  }
}
