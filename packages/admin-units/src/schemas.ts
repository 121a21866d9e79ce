import { z } from 'zod';
import { ADMIN_UNITS_VERSION, isCommuneCode, isProvinceCode } from './catalogue.ts';

/**
 * A commune-level unit code: five digits and present in the catalogue of
 * {@link ADMIN_UNITS_VERSION}. A well-formed but unknown code fails with
 * `unknown commune code 99999 (administrative units of 2025-07-01)`.
 */
export const CommuneCode = z
  .string()
  // abort: a malformed code gets one issue, not a second "unknown" one on top.
  .regex(/^\d{5}$/, { error: 'a commune code is 5 digits', abort: true })
  .refine(isCommuneCode, {
    params: { rule: 'known_commune_code' },
    error: (issue) =>
      `unknown commune code ${String(issue.input)} (administrative units of ${ADMIN_UNITS_VERSION})`,
  })
  .describe(
    `Commune-level unit code (Decision 19/2025/QĐ-TTg, administrative units of ${ADMIN_UNITS_VERSION}).`,
  );
export type CommuneCode = z.infer<typeof CommuneCode>;

/** A province code: two digits and present in the catalogue of {@link ADMIN_UNITS_VERSION}. */
export const ProvinceCode = z
  .string()
  .regex(/^\d{2}$/, { error: 'a province code is 2 digits', abort: true })
  .refine(isProvinceCode, {
    params: { rule: 'known_province_code' },
    error: (issue) =>
      `unknown province code ${String(issue.input)} (administrative units of ${ADMIN_UNITS_VERSION})`,
  })
  .describe(`Province code (Decision 19/2025/QĐ-TTg, administrative units of ${ADMIN_UNITS_VERSION}).`);
export type ProvinceCode = z.infer<typeof ProvinceCode>;
