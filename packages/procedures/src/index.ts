export * from './birth/birth-dossier.ts';
export { birthSaga, buildBirthSaga } from './birth/birth-saga.ts';
export * from './death/death-dossier.ts';
export { buildDeathSaga, deathSaga } from './death/death-saga.ts';
export * from './settings.ts';
