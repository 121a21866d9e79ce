export * from './agency-runtime.ts';
export * from './agency-service.ts';
export * from './definition.ts';
export { officerRoutes } from './officer-routes.ts';
export { annulmentRoutes } from './annulment-routes.ts';
export type { AnnullableRegistration, AnnulmentRoutesOptions } from './annulment-routes.ts';
export { extractRoutes } from './extract-routes.ts';
export { refusal } from './policy.ts';
