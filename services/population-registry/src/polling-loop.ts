/**
 * A background loop as a lifecycle component: runs `tick` every `intervalMs` (measured from
 * the end of the previous tick, so ticks never overlap). A failing tick is logged and the loop
 * goes on: the work is in the database and the next tick retries it. Close stops the timer
 * and waits for a tick in flight.
 */
import type { Logger, ServiceComponent } from '@lienthong/service-kit';

export interface PollingLoopOptions {
  readonly name: string;
  readonly intervalMs: number;
  readonly logger: Logger;
  /** One round of work. */
  readonly tick: () => Promise<unknown>;
}

export function pollingLoopComponent(options: PollingLoopOptions): ServiceComponent {
  return {
    name: options.name,
    start: () => {
      const log = options.logger.child({ component: options.name });
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let inFlight: Promise<void> = Promise.resolve();

      const run = async () => {
        try {
          await options.tick();
        } catch (error) {
          log.error({ err: error }, 'background round failed; retrying next round');
        }
      };
      const schedule = () => {
        if (stopped) return;
        timer = setTimeout(() => {
          inFlight = run().finally(schedule);
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
    },
  };
}
