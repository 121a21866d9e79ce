import {
  buildBirthSaga,
  buildDeathSaga,
  DEFAULT_PROCEDURE_SETTINGS,
  type BirthDossier,
  type DeathDossier,
  type ProcedureSettings,
} from '@lienthong/procedures';
import {
  decide,
  type Decision,
  type Deadline,
  type Rejection,
  type SagaDefinition,
  type SagaInput,
  type SagaState,
} from '@lienthong/saga-engine';
import { computeDueAt } from '@lienthong/working-days';

/** A dossier row as the runtime reads it. */
export interface StoredDossier {
  readonly id: string;
  readonly procedure: string;
  readonly services: readonly string[];
  readonly communeCode: string;
  readonly status: string;
  readonly submission: Readonly<Record<string, unknown>>;
  readonly receivedAt: string;
  readonly firstReplyAt: string | null;
}

/** A record number an agency gave, by which the dossier can be found. */
export interface RecordNumber {
  readonly kind: string;
  readonly number: string;
}

/** One procedure group, with its saga's types closed over. */
export interface Procedure {
  readonly name: string;
  readonly saga: SagaDefinition<unknown>;
  decide(
    state: SagaState | undefined,
    input: SagaInput,
    dossier: StoredDossier,
    now: Date,
  ): Decision | Rejection;
  /** Agency record numbers found in the saga's step results. */
  recordNumbers(state: SagaState): RecordNumber[];
  /** The dossier's results for the portal, named as the portal reads them. */
  results(state: SagaState): Record<string, unknown>;
}

/** Per step: which result field is a record number (kind) and how the portal names it. */
type Outputs = Readonly<
  Record<string, Readonly<Record<string, { readonly as: string; readonly record?: string }>>>
>;

/** Statutory due moments from Vietnam's working-day calendar (15:00 cut-off, 17:00 end of day). */
export function statutoryDueAt(start: Date, deadline: Deadline): Date {
  return computeDueAt({ receivedAt: start, workingDays: deadline.workingDays });
}

function procedure<TInput>(
  name: string,
  saga: SagaDefinition<TInput>,
  toInput: (dossier: StoredDossier) => TInput,
  outputs: Outputs,
  /** The same for what undoing a step returned (recovery records...). */
  undone: Outputs = {},
): Procedure {
  const pick = (result: Readonly<Record<string, unknown>> | undefined, wanted: Outputs[string] | undefined) =>
    Object.entries(wanted ?? {}).flatMap(([field, output]) => {
      const value = result?.[field];
      return value === undefined || value === null ? [] : [{ value, ...output }];
    });
  const fields = (state: SagaState) =>
    state.steps.flatMap((step) => [
      ...pick(step.result, outputs[step.id]),
      ...pick(step.compensation?.result, undone[step.id]),
    ]);
  return {
    name,
    saga: saga as SagaDefinition<unknown>,
    decide: (state, input, dossier, now) =>
      decide(saga, state, input, { now, input: toInput(dossier), dueAt: statutoryDueAt }),
    recordNumbers: (state) =>
      fields(state).flatMap(({ value, record }) =>
        record && typeof value === 'string' ? [{ kind: record, number: value }] : [],
      ),
    results: (state) => Object.fromEntries(fields(state).map(({ value, as }) => [as, value])),
  };
}

const toInput = <TInput>(dossier: StoredDossier): TInput =>
  ({ ...dossier.submission, dossierId: dossier.id, receivedAt: dossier.receivedAt }) as unknown as TInput;

/** The procedure groups, with their sagas built from the deployment's settings. */
export type Procedures = ReadonlyMap<string, Procedure>;

export function createProcedures(settings: ProcedureSettings): Procedures {
  return new Map([
    [
      'birth',
      procedure<BirthDossier>('birth', buildBirthSaga(settings), toInput, {
        'birth-registration': {
          personalId: { as: 'personalId', record: 'personal-id' },
          certificateNumber: { as: 'birthCertificateNumber', record: 'birth-certificate' },
          registeredAt: { as: 'birthRegisteredAt' },
          extract: { as: 'birthCertificateExtract' },
        },
        'residence-registration': {
          recordNumber: { as: 'residenceRecordNumber', record: 'residence-record' },
        },
        'health-insurance': {
          cardNumber: { as: 'healthInsuranceCardNumber', record: 'health-insurance-card' },
          socialInsuranceNumber: { as: 'socialInsuranceNumber' },
          validFrom: { as: 'healthInsuranceValidFrom' },
          validTo: { as: 'healthInsuranceValidTo' },
        },
      }),
    ],
    [
      'death',
      procedure<DeathDossier>(
        'death',
        buildDeathSaga(settings),
        toInput,
        {
          'death-registration': {
            certificateNumber: { as: 'deathCertificateNumber', record: 'death-certificate' },
            registeredAt: { as: 'deathRegisteredAt' },
            extract: { as: 'deathCertificateExtract' },
          },
          'residence-deletion': {
            deletionNumber: { as: 'residenceDeletionNumber', record: 'residence-deletion' },
          },
          'funeral-benefit': {
            decisionNumber: { as: 'funeralBenefitDecisionNumber', record: 'funeral-benefit-decision' },
            route: { as: 'funeralBenefitRoute' },
            amount: { as: 'funeralBenefitAmount' },
            explanation: { as: 'funeralBenefitExplanation' },
          },
          'survivor-allowance': {
            decisionNumber: { as: 'survivorAllowanceDecisionNumber', record: 'survivor-allowance-decision' },
            kind: { as: 'survivorAllowanceKind' },
            amount: { as: 'survivorAllowanceAmount' },
            monthlyFrom: { as: 'survivorAllowanceMonthlyFrom' },
          },
        },
        {
          'funeral-benefit': {
            recoveryNumber: { as: 'funeralBenefitRecoveryNumber', record: 'recovery' },
            amountToRecover: { as: 'funeralBenefitAmountToRecover' },
          },
          'survivor-allowance': {
            recoveryNumber: { as: 'survivorAllowanceRecoveryNumber', record: 'recovery' },
            amountToRecover: { as: 'survivorAllowanceAmountToRecover' },
          },
        },
      ),
    ],
  ]);
}

/** The procedures with the default settings (tests, and deployments that change nothing). */
export const PROCEDURES: Procedures = createProcedures(DEFAULT_PROCEDURE_SETTINGS);

export function getProcedure(name: string, procedures: Procedures = PROCEDURES): Procedure {
  const found = procedures.get(name);
  if (!found) throw new Error(`no procedure ${name}`);
  return found;
}
