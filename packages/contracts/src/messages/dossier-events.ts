import { z } from 'zod';
import { defineMessage } from '../message-definition.ts';
import { TOPICS } from '../topics.ts';

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
