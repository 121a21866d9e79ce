export * from './birth/birth-dossier.ts';
export { birthSaga } from './birth/birth-saga.ts';
