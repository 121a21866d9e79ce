import { DossierStatus, Reason, StepStatus, SupplementDocument } from '@lienthong/contracts';
import { z } from 'zod';

const HistoryEntry = z
  .object({
    at: z.string(),
    type: z.string(),
    step: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    actor: z.string().optional(),
    reason: z.string().optional(),
    messageId: z.string().optional(),
    messageType: z.string().optional(),
    detail: z.string().optional(),
  })
  .describe('One line of the dossier’s timeline');

export const DossierLinks = z.object({
  self: z.string().describe('This dossier'),
});

export const DossierAccepted = z
  .object({
    id: z.string().describe('The dossier id: the one code every agency record carries'),
    status: DossierStatus,
    links: DossierLinks,
  })
  .describe('The dossier was accepted; follow `links.self` for its status');

export const DossierSummary = z.object({
  id: z.string(),
  procedure: z.string(),
  status: DossierStatus,
  portalStatusCode: z.number().int().min(1).max(10).describe('The portal’s 1–10 status code'),
  communeCode: z.string(),
  services: z.array(z.string()),
  receivedAt: z.string(),
  updatedAt: z.string(),
});

export const DossierView = DossierSummary.extend({
  finishedAt: z.string().nullable(),
  steps: z.array(
    z.object({
      service: z.string(),
      title: z
        .object({ vi: z.string(), en: z.string() })
        .describe('The procedure, in Vietnamese and English'),
      agency: z.string(),
      deadline: z
        .object({
          workingDays: z.number().int().describe('Statutory time limit in working days (0: the same day)'),
          basis: z
            .string()
            .describe('Where the figure comes from; "unconfirmed" when the law we hold does not say'),
        })
        .nullable(),
      status: StepStatus,
      attempt: z.number().int().describe('How many times the command was sent'),
      startedAt: z.string().nullable(),
      dueAt: z.string().nullable().describe('Statutory due moment (working days, 15:00 cut-off)'),
      overdue: z.boolean(),
      completedAt: z.string().nullable(),
      reason: Reason.nullable().describe(
        'Why the step was refused, failed, cancelled or undone, or what it waits for (e.g. the documents missing)',
      ),
      result: z.record(z.string(), z.unknown()).describe('What the agency returned'),
      supplementDueAt: z
        .string()
        .nullable()
        .describe('While documents are asked for: the step is refused if none come by then'),
      compensation: z
        .object({
          attempts: z.number().int().describe('Sends of the undo command'),
          result: z
            .record(z.string(), z.unknown())
            .nullable()
            .describe('What undoing returned (e.g. a recovery record)'),
        })
        .nullable()
        .describe('Set once the step is being undone after an annulment'),
    }),
  ),
  results: z
    .record(z.string(), z.unknown())
    .describe(
      'Results so far: personalId, birthCertificateNumber, birthCertificateExtract (signed JWS), ' +
        'residenceRecordNumber, healthInsuranceCardNumber, socialInsuranceNumber…',
    ),
  reason: Reason.nullable().describe(
    'Why the dossier ended as it did, or is ending: the annulment, the withdrawal, or the refusal',
  ),
  history: z.array(HistoryEntry),
  links: DossierLinks,
});

export const WithdrawalBody = z
  .object({
    note: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe('What the citizen said, kept in the history'),
  })
  .describe('The citizen’s withdrawal');

export const WithdrawalAccepted = z.object({
  id: z.string(),
  status: z.literal('withdrawing').describe('Undecided steps are being stopped; follow `links.self`'),
  links: DossierLinks,
});

export const SupplementBody = z
  .object({
    service: z.string().min(1).max(60).optional().describe('The step asking; default every step that asks'),
    documents: z.array(SupplementDocument).min(1).max(20),
    note: z.string().trim().min(1).max(2000).optional().describe('What the citizen says with them'),
  })
  .describe('Documents an agency asked for');

export const SupplementAccepted = z.object({
  id: z.string(),
  resumed: z.array(z.string()).describe('The services that got the documents'),
  links: DossierLinks,
});

export const DossierPage = z.object({
  items: z.array(DossierSummary),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
});

export const SagaSummary = z.object({
  dossierId: z.string(),
  status: z.string(),
  updatedAt: z.string(),
  failedSteps: z.array(z.string()),
});

export const SagaDetails = z.object({
  state: z.record(z.string(), z.unknown()).describe('The saga’s full state'),
  history: z.array(HistoryEntry),
});
