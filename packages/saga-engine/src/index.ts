export * from './definition.ts';
export * from './orchestrator.ts';
export * from './state.ts';
