// What every benchmark command line does around its work: a devenv logger that speaks through
// the command's progress lines, and the promise that nothing the command started outlives it,
// whether the work ends well, fails, is interrupted (Ctrl-C, SIGTERM, SIGHUP) or throws where
// nobody catches.
import type { Logger as DevenvLogger } from '@lienthong/devenv';

/** Prints one progress line of the command, e.g. `[bench  12 s] …`. */
export type Say = (line: string) => void;

/** The text of a log call: `msg`, else the first argument when it is the message itself. */
function logText(objOrMsg: object | string, msg: string | undefined): string {
  return msg ?? (typeof objOrMsg === 'string' ? objOrMsg : '');
}

/**
 * A devenv logger whose info lines are progress lines. Warnings and errors go to `problems`
 * when given, else they are progress lines too, marked `warning:` and `error:`.
 */
export function devenvLogger(say: Say, problems?: Pick<DevenvLogger, 'warn' | 'error'>): DevenvLogger {
  return {
    info: (objOrMsg, msg) => say(logText(objOrMsg, msg)),
    warn: (objOrMsg, msg) =>
      problems ? problems.warn(objOrMsg, msg) : say(`warning: ${logText(objOrMsg, msg)}`),
    error: (objOrMsg, msg) =>
      problems ? problems.error(objOrMsg, msg) : say(`error: ${logText(objOrMsg, msg)}`),
  };
}

/** An error of any kind as text: its stack when it has one. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export interface SupervisedRun {
  /** `bench`, `bench:death`: the command's own error lines start with `[tag]`. */
  readonly tag: string;
  readonly say: Say;
  /** Stops whatever has been started by then. Called once, however the run ends. */
  readonly stop: () => Promise<void>;
  /** What the command does. */
  readonly work: () => Promise<void>;
  /** Called once a failure of `work` is printed, before anything is stopped: more to diagnose it. */
  readonly onFailure?: () => void;
}

/**
 * Runs `work`, then stops everything and exits the process: 0 when all went well, 1 when the
 * work failed or stopping did, 130 on a signal (after stopping everything too).
 */
export async function runSupervised(run: SupervisedRun): Promise<never> {
  const { tag, say } = run;
  let stopping: Promise<void> | undefined;
  const stopEverything = (): Promise<void> => {
    stopping ??= run.stop();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping`);
      void stopEverything().finally(() => process.exit(130));
    });
  }
  // Whatever goes wrong, nothing started here may outlive the command.
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.once(event, (error: unknown) => {
      console.error(`[${tag}] ${event}: ${describeError(error)}`);
      void stopEverything().finally(() => process.exit(1));
    });
  }

  let exitCode = 0;
  try {
    await run.work();
  } catch (error) {
    exitCode = 1;
    console.error(`[${tag}] failed: ${describeError(error)}`);
    run.onFailure?.();
  } finally {
    await stopEverything().catch((error: unknown) => {
      exitCode = 1;
      console.error(`[${tag}] could not stop everything: ${(error as Error).message}`);
    });
    say(exitCode === 0 ? 'done; nothing left running.' : 'stopped after a failure.');
  }
  // kafkajs and pg may keep sockets in their pools' idle timers for a while; nothing is pending.
  process.exit(exitCode);
}
