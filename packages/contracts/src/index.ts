export * from './envelope.ts';
export * from './message-definition.ts';
export * from './registry.ts';
export * from './topics.ts';
export { DossierReceived } from './messages/dossier-events.ts';
export { ALL_MESSAGES } from './all-messages.ts';
