import { DossierReceived } from './messages/dossier-events.ts';

/** Every message type of the platform: the source of the generated JSON Schemas. */
export const ALL_MESSAGES = [DossierReceived] as const;
