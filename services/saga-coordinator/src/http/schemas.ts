import { DossierStatus, Reason, StepStatus } from '@lienthong/contracts';
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
      agency: z.string(),
      status: StepStatus,
      attempt: z.number().int().describe('How many times the command was sent'),
      startedAt: z.string().nullable(),
      dueAt: z.string().nullable().describe('Statutory due moment (working days, 15:00 cut-off)'),
      overdue: z.boolean(),
      completedAt: z.string().nullable(),
      reason: Reason.nullable().describe('Why the step was refused, failed or cancelled'),
      result: z.record(z.string(), z.unknown()).describe('What the agency returned'),
    }),
  ),
  results: z
    .record(z.string(), z.unknown())
    .describe(
      'Results so far: personalId, birthCertificateNumber, birthCertificateExtract (signed JWS), ' +
        'residenceRecordNumber, healthInsuranceCardNumber, socialInsuranceNumber…',
    ),
  history: z.array(HistoryEntry),
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
