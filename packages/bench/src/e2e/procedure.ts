// What makes one procedure group's end-to-end benchmark its own: the dossiers it submits, what
// "completed" means for them, what its section says, and (optionally) an annulment wave. The
// engine (run.ts, report.ts, cli.ts) does the rest the same way for every group.
import type pg from 'pg';
import type { E2eReport } from './report.ts';
import type { E2eSystem } from './system.ts';

export interface E2eSettings {
  /** Offered loads, dossiers per second, open loop. */
  readonly loads: readonly number[];
  /** Per load: submitted on schedule but not measured. */
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Dossiers submitted at once after the open-loop steps. */
  readonly burst: number;
  /**
   * Before the first load, unmeasured and awaited: the JVM's and Node's JIT, the pools, the
   * consumers' first fetches. Kafka's CPU per message falls for tens of seconds after it starts.
   */
  readonly systemWarmup: { readonly rate: number; readonly ms: number };
  /** A dossier not finished this long after its step's last submission counts as a failure. */
  readonly finishLimitMs: number;
  /** Dossiers read back through GET per step at the end. */
  readonly crossChecksPerStep: number;
  /** Completed dossiers annulled together after the open-loop loads (0: none). */
  readonly annulments: number;
  /** Of those, how many are read back and checked in the services' records once undone. */
  readonly annulmentChecks: number;
}

/** A dossier as `GET /v1/dossiers/{id}` shows it (the fields the benchmark reads). */
export interface DossierView {
  readonly status: string;
  readonly steps: readonly {
    readonly service: string;
    readonly status: string;
    readonly compensation?: {
      readonly attempts: number;
      readonly result: Record<string, unknown> | null;
    } | null;
  }[];
  readonly results: Record<string, unknown>;
  readonly reason?: { readonly code: string } | null;
}

/** What was done before the measurements so that every dossier can be submitted (not measured). */
export interface SetupFacts {
  /** What was made, e.g. "2,070 deceased people". */
  readonly what: string;
  readonly items: number;
  /** Admin requests sent, retries included. */
  readonly requests: number;
  readonly concurrency: number;
  readonly ms: number;
}

export interface Preparation {
  /** The JSON body of dossier number `seq` (0, 1, …, in submission order). */
  body(seq: number): string;
  readonly setup?: SetupFacts;
}

export interface PrepareContext {
  readonly system: E2eSystem;
  /** Dossiers the run submits at most. */
  readonly count: number;
  readonly onProgress: (line: string) => void;
}

export interface AnnulmentProcedure {
  /** The service at whose office registrations are annulled. */
  readonly service: string;
  /** Its annulment route for a certificate number. */
  path(certificateNumber: string): string;
  /** The dossier result that holds the certificate number. */
  readonly certificateResult: string;
  readonly reason: { readonly code: string; readonly message: { readonly vi: string; readonly en: string } };
  /** Problems in the services' own records of an undone dossier (empty: as expected). */
  check(input: {
    readonly monitor: pg.Client;
    readonly system: E2eSystem;
    readonly dossierId: string;
    readonly view: DossierView;
  }): Promise<string[]>;
  readonly text: {
    /** The paragraph under the wave's heading: who annuls what, and what is undone. */
    readonly what: string;
    /** What the check of an undone dossier verified, after "undone in full, with …". */
    readonly checked: string;
  };
}

export interface ProcedureText {
  /** The section's heading (level 2). */
  readonly title: string;
  /** "about four minutes". */
  readonly fullRun: string;
  /** Flags of the "other steps" example command. */
  readonly otherSteps: string;
  /** Sentences on what a dossier is and what it takes, in the paragraph on the system. */
  dossier(report: E2eReport): string;
  /** "3-in-1 sagas": what "Sustained: 24.7 completed … per second" counts. */
  readonly sagas: string;
  /** What a read-back verified, after "completed with …". */
  readonly checkedResults: string;
  /** The service whose backends waiting for a lock are the sign of contention, and its name in the text. */
  readonly lockWatch: { readonly service: string; readonly label: string };
  /** An observation on the contention the dossiers cause (same people, same commune…). */
  contention(report: E2eReport): string;
}

export interface E2eProcedure {
  /** `birth`: the npm script `bench:birth`, the section marker, the run's database and group names. */
  readonly name: string;
  /** The saga's steps: completed means `completed` with each of them `succeeded`. */
  readonly steps: readonly string[];
  /** Results a completed dossier has. */
  readonly requiredResults: readonly string[];
  /** Results a completed dossier has with exactly these values. */
  readonly expectedResults: Readonly<Record<string, unknown>>;
  settings(quick: boolean): E2eSettings;
  /** Measurements end this long after the start (shutting down comes after). */
  budgetMs(quick: boolean): number;
  /** Called once before anything is measured. */
  prepare(context: PrepareContext): Promise<Preparation>;
  readonly annulment?: AnnulmentProcedure;
  /** Column headings of the services in the CPU tables. */
  readonly shortNames: Readonly<Record<string, string>>;
  readonly text: ProcedureText;
}
