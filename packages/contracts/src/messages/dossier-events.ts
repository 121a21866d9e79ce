import { z } from 'zod';
import { defineMessage } from '../message-definition.ts';
import { TOPICS } from '../topics.ts';
import { CommuneCodeFormat, Instant, Reason } from './common.ts';

export const DossierStatus = z
  .enum([
    'received',
    'in_progress',
    'supplement_requested',
    'completed',
    'partially_completed',
    'refused',
    'withdrawn',
    'failed',
  ])
  .describe('The dossier’s status, derived from its steps');

export const StepStatus = z
  .enum([
    'pending',
    'in_progress',
    'id_pending',
    'awaiting_officer',
    'supplement_requested',
    'succeeded',
    'refused',
    'failed',
    'cancelled',
    'compensating',
    'compensated',
    'compensation_failed',
  ])
  .describe('One agency step’s status');

export const DossierReceived = defineMessage({
  type: 'lienthong.dossier.received',
  version: 1,
  kind: 'event',
  topic: TOPICS.dossierEvents,
  description: 'The portal handed a dossier over and lienthong accepted it for processing.',
  schema: z
    .object({
      dossierId: z.string().min(1).describe('The one code every agency record of this dossier carries.'),
      procedure: z.enum(['birth', 'death']).describe('Which interconnected procedure group.'),
      services: z.array(z.string().min(1)).min(1).describe('The procedures the citizen chose.'),
      communeCode: z
        .string()
        .regex(/^\d{5}$/)
        .describe('Commune-level unit handling the dossier (Decision 19/2025/QĐ-TTg code).'),
      receivedAt: z.iso.datetime({ offset: true }).describe('When lienthong accepted the dossier.'),
    })
    .describe('A dossier was accepted. Carries no personal data: fetch the dossier for that.'),
});

export const DossierStatusChanged = defineMessage({
  type: 'lienthong.dossier.status-changed',
  version: 1,
  kind: 'event',
  topic: TOPICS.dossierEvents,
  description:
    'A step or the dossier changed status. Carries no personal data: subscribers (provinces, ' +
    'statistics) fetch the dossier when they need more.',
  schema: z.object({
    dossierId: z.string().min(1),
    procedure: z.enum(['birth', 'death']),
    communeCode: CommuneCodeFormat,
    status: DossierStatus,
    portalStatusCode: z.number().int().min(1).max(10).describe('The portal’s 1–10 status code'),
    steps: z.array(
      z.object({
        service: z.string().min(1),
        status: StepStatus,
        dueAt: Instant.nullable(),
        overdue: z.boolean(),
        reason: Reason.nullable(),
      }),
    ),
    changedAt: Instant,
    reason: Reason.nullable()
      .optional()
      .describe('Why the dossier ended this way: the annulment, the withdrawal or the refusal'),
  }),
});

export const StepOverdue = defineMessage({
  type: 'lienthong.dossier.step-overdue',
  version: 1,
  kind: 'event',
  topic: TOPICS.dossierEvents,
  description: 'A step passed its statutory due moment without finishing.',
  schema: z.object({
    dossierId: z.string().min(1),
    service: z.string().min(1),
    agency: z.string().min(1),
    dueAt: Instant,
    detectedAt: Instant,
  }),
});
