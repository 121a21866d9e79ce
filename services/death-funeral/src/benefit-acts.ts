/**
 * The two benefits decided after a death registration, as agency acts: the funeral benefit,
 * routed by eligibility from the deceased's records (domain/funeral-benefit.ts), and the survivor
 * allowance (domain/survivor-allowance.ts). Both read the registries through their adapter, and
 * both are undone after an annulment by revoking the decision and recording the recovery at the
 * paying registry (a failure there is reported and retried by the coordinator).
 */
import type { AgencyContext, AgencyDefinition, Annulment, Assessment } from '@lienthong/agency-kit';
import type { BenefitRegistriesClient } from '@lienthong/benefit-registries';
import { FuneralBenefit, FuneralRoute, SurvivorAllowance, type DataOf } from '@lienthong/contracts';
import { vietnamCivilDate } from '@lienthong/working-days';
import {
  findStandingFuneralBenefit,
  insertDecision,
  recordRecovery,
  type Benefit,
  type PayingRegistry,
} from './death-register.ts';
import {
  benefitDecisionNumber,
  decisionSequenceScope,
  recoveryNumber,
  recoverySequenceScope,
  type BenefitDecisionKind,
} from './domain/death-rules.ts';
import {
  checkFuneralPolicy,
  decideFuneralBenefit,
  type FuneralBenefitDecision,
  type FuneralPolicy,
} from './domain/funeral-benefit.ts';
import {
  checkSurvivorAllowancePolicy,
  decideSurvivorAllowance,
  paidBy,
  type SurvivorAllowanceCommand,
  type SurvivorAllowanceDecision,
  type SurvivorAllowancePolicy,
} from './domain/survivor-allowance.ts';

export type FuneralCommand = DataOf<typeof FuneralBenefit.command>;

interface FuneralFacts {
  readonly decision: FuneralBenefitDecision;
  /** A funeral benefit already granted for this death through another dossier. */
  readonly standing: string | null;
}

async function funeralFacts(
  registries: BenefitRegistriesClient,
  policy: FuneralPolicy,
  command: FuneralCommand,
  context: AgencyContext,
): Promise<FuneralFacts> {
  const { personalId } = command.deceased;
  // Any registry unreachable: a TransientError, and the command is retried (then parked).
  const [socialInsurance, socialProtection, merit] = await Promise.all([
    registries.findSocialInsurance(personalId),
    registries.findSocialProtection(personalId),
    registries.findMerit(personalId),
  ]);
  return {
    standing: await findStandingFuneralBenefit(context.tx, personalId, command.dossierId),
    decision: decideFuneralBenefit(
      {
        deceased: { dateOfBirth: command.deceased.dateOfBirth, dateOfDeath: command.deceased.dateOfDeath },
        socialInsurance: socialInsurance ?? null,
        socialProtection: socialProtection ?? null,
        merit: merit ?? null,
      },
      policy,
    ),
  };
}

/** The policy's verdict on a benefit the domain decided: paid, or refused with its reason. */
function verdictOf(decision: FuneralBenefitDecision | SurvivorAllowanceDecision): Assessment {
  return decision.kind === 'refused'
    ? { decision: 'refuse', reason: decision.reason }
    : { decision: 'approve' };
}

/** The grant behind an approval (the policy approves only a grant). */
function grantOf<T extends { readonly kind: string }>(decision: T): Extract<T, { kind: 'granted' }> {
  if (decision.kind !== 'granted') throw new Error('a benefit approved without an entitlement');
  return decision as Extract<T, { kind: 'granted' }>;
}

/** Numbers a benefit decision (`MT-`/`TT-<commune>-<year>-<seq>`), records it and returns what it says. */
async function recordDecision<TDecision extends Readonly<Record<string, unknown>>>(
  context: AgencyContext,
  decided: {
    kind: BenefitDecisionKind;
    benefit: Benefit;
    command: { dossierId: string; communeCode: string; deceased: { personalId: string } };
    payingRegistry: PayingRegistry;
    amount: number;
  },
  body: TDecision,
): Promise<TDecision & { decisionNumber: string; decidedAt: string }> {
  const year = vietnamCivilDate(context.now).slice(0, 4);
  const { command } = decided;
  const decisionNumber = benefitDecisionNumber(
    decided.kind,
    command.communeCode,
    year,
    await context.nextNumber(decisionSequenceScope(decided.kind, command.communeCode, year)),
  );
  const decision = { decisionNumber, ...body, decidedAt: context.now.toISOString() };
  await insertDecision(context.tx, {
    decisionNumber,
    dossierId: command.dossierId,
    benefit: decided.benefit,
    personalId: command.deceased.personalId,
    payingRegistry: decided.payingRegistry,
    amount: decided.amount,
    decision,
    decidedAt: context.now,
  });
  return decision;
}

/**
 * Revokes a decision: the paying registry records what must be paid back (idempotent by the
 * dossier and benefit, so a retry after a failure never records it twice), then this office.
 */
async function revoke(
  registries: BenefitRegistriesClient,
  context: AgencyContext,
  revocation: {
    dossierId: string;
    benefit: Benefit;
    communeCode: string;
    personalId: string;
    decisionNumber: string;
    registry: PayingRegistry;
    amount: number;
    annulment: Annulment;
  },
) {
  const registryRecovery = await registries.recordRecovery(revocation.registry, {
    requestId: `${revocation.dossierId}:${revocation.benefit}`,
    personalId: revocation.personalId,
    decisionNumber: revocation.decisionNumber,
    amount: revocation.amount,
    reason: `${revocation.annulment.reason.code}: ${revocation.annulment.reason.message.en}`.slice(0, 500),
  });
  const year = vietnamCivilDate(context.now).slice(0, 4);
  const number = recoveryNumber(
    revocation.communeCode,
    year,
    await context.nextNumber(recoverySequenceScope(revocation.communeCode, year)),
  );
  await recordRecovery(context.tx, {
    decisionNumber: revocation.decisionNumber,
    recoveryNumber: number,
    amount: revocation.amount,
    reason: revocation.annulment.reason,
    registry: revocation.registry,
    registryRecoveryNumber: registryRecovery.recoveryNumber,
    at: context.now,
  });
  return {
    decisionNumber: revocation.decisionNumber,
    recoveryNumber: number,
    amountToRecover: revocation.amount,
    revokedAt: context.now.toISOString(),
  };
}

/** The funeral benefit's agency code: officers of the paying agencies share it here. */
const FUNERAL_BENEFIT_AGENCY = 'funeral-benefit';

export function funeralBenefitAct(deps: {
  readonly registries: BenefitRegistriesClient;
  readonly policy: FuneralPolicy;
}): AgencyDefinition<FuneralCommand, FuneralFacts> {
  // A policy that cannot be applied stops the service at start, not at its first dossier.
  checkFuneralPolicy(deps.policy);
  return {
    agency: FUNERAL_BENEFIT_AGENCY,
    messages: FuneralBenefit,
    facts: (command, context) => funeralFacts(deps.registries, deps.policy, command, context),
    assess: (_command, facts) => {
      if (facts.standing) {
        return {
          decision: 'refuse',
          reason: {
            code: 'FUNERAL_BENEFIT_ALREADY_GRANTED',
            message: {
              vi: 'Trợ cấp mai táng cho người chết này đã được giải quyết theo một hồ sơ khác',
              en: 'A funeral benefit for this death was already granted through another dossier',
            },
          },
        };
      }
      return verdictOf(facts.decision);
    },
    act: async (command, context, judged) => {
      const facts = judged ?? (await funeralFacts(deps.registries, deps.policy, command, context));
      const { kind: _kind, considered, ...grant } = grantOf(facts.decision);
      return recordDecision(
        context,
        {
          kind: 'MT',
          benefit: 'funeral-benefit',
          command,
          payingRegistry: grant.route,
          amount: grant.amount,
        },
        { ...grant, considered: [...considered] },
      ) satisfies Promise<Omit<DataOf<typeof FuneralBenefit.succeeded>, 'dossierId'>>;
    },
    undo: (command, record, annulment, context) => {
      return revoke(deps.registries, context, {
        dossierId: command.dossierId,
        benefit: 'funeral-benefit',
        communeCode: command.communeCode,
        personalId: command.deceased.personalId,
        decisionNumber: String(record.decisionNumber),
        // The paying registry is the route's.
        registry: FuneralRoute.parse(record.route),
        // The benefit is paid once, in full, on the decision.
        amount: Number(record.amount),
        annulment,
      });
    },
  };
}

interface SurvivorFacts {
  readonly decision: SurvivorAllowanceDecision;
}

async function survivorFacts(
  registries: BenefitRegistriesClient,
  policy: SurvivorAllowancePolicy,
  command: SurvivorAllowanceCommand,
): Promise<SurvivorFacts> {
  const record = await registries.findSocialInsurance(command.deceased.personalId);
  return { decision: decideSurvivorAllowance(command, record ?? null, policy) };
}

/** The survivor allowance's agency code: Vietnam Social Security. */
const SOCIAL_SECURITY_AGENCY = 'social-security';

export function survivorAllowanceAct(deps: {
  readonly registries: BenefitRegistriesClient;
  readonly policy: SurvivorAllowancePolicy;
}): AgencyDefinition<SurvivorAllowanceCommand, SurvivorFacts> {
  checkSurvivorAllowancePolicy(deps.policy);
  return {
    agency: SOCIAL_SECURITY_AGENCY,
    messages: SurvivorAllowance,
    facts: (command) => survivorFacts(deps.registries, deps.policy, command),
    assess: (_command, facts) => verdictOf(facts.decision),
    act: async (command, context, judged) => {
      const facts = judged ?? (await survivorFacts(deps.registries, deps.policy, command));
      const { kind: _kind, allowanceKind, beneficiaries, ...grant } = grantOf(facts.decision);
      return recordDecision(
        context,
        {
          kind: 'TT',
          benefit: 'survivor-allowance',
          command,
          payingRegistry: 'social-insurance',
          amount: grant.amount,
        },
        { kind: allowanceKind, ...grant, beneficiaries: [...beneficiaries] },
      ) satisfies Promise<Omit<DataOf<typeof SurvivorAllowance.succeeded>, 'dossierId'>>;
    },
    undo: (command, record, annulment, context) =>
      revoke(deps.registries, context, {
        dossierId: command.dossierId,
        benefit: 'survivor-allowance',
        communeCode: command.communeCode,
        personalId: command.deceased.personalId,
        decisionNumber: String(record.decisionNumber),
        registry: 'social-insurance',
        // As of the annulment, so a retry on another day asks the registry for the same amount.
        amount: paidBy(record, vietnamCivilDate(new Date(annulment.annulledAt))),
        annulment,
      }),
  };
}
