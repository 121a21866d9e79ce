/**
 * The error catalogue: every failure a service reports over HTTP has a stable code, and the
 * code alone decides the HTTP status, the title and whether a caller may retry. Domain code
 * throws `AppError`s carrying a code; only the HTTP edge turns them into RFC 9457 problem
 * documents (see `toProblem`). `docs/errors.md` lists the same codes and a unit test fails
 * when the two drift.
 */

/** One entry of the catalogue. */
export interface ErrorDefinition {
  /** HTTP status the code maps to (4xx or 5xx). */
  readonly status: number;
  /** Short, human-readable summary; the same for every occurrence of the code (RFC 9457 `title`). */
  readonly title: string;
  /** Whether the same request may succeed if sent again later, unchanged. */
  readonly retryable: boolean;
}

/** A catalogue of codes, closed over its code union `C` so `create` only accepts known codes. */
export interface ErrorCatalogue<C extends string = string> {
  /** Code → definition, frozen. */
  readonly entries: Readonly<Record<C, ErrorDefinition>>;
  /** The codes in declaration order. */
  readonly codes: readonly C[];
  /** The definition of `code`, or undefined when the catalogue does not hold it. */
  find(code: string): ErrorDefinition | undefined;
  /** Builds an `AppError` for a code of this catalogue (type-checked). */
  create(code: C, detail: string, options?: AppErrorOptions): AppError;
  /**
   * A new catalogue holding these codes and `extra`. Throws when `extra` redefines a code:
   * a code's meaning never changes from one service to another.
   */
  extend<const E extends Record<string, ErrorDefinition>>(
    extra: E,
  ): ErrorCatalogue<C | Extract<keyof E, string>>;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Builds a catalogue. Codes are SCREAMING_SNAKE_CASE, statuses 400–599, titles non-empty;
 * anything else throws at start-up, not when the error is first raised.
 */
export function defineErrorCatalogue<const E extends Record<string, ErrorDefinition>>(
  entries: E,
): ErrorCatalogue<Extract<keyof E, string>> {
  type C = Extract<keyof E, string>;
  for (const [code, definition] of Object.entries(entries)) {
    if (!CODE_PATTERN.test(code)) {
      throw new Error(`Error code "${code}" must be SCREAMING_SNAKE_CASE`);
    }
    if (!Number.isInteger(definition.status) || definition.status < 400 || definition.status > 599) {
      throw new Error(`Error code ${code}: status ${definition.status} is not a 4xx or 5xx status`);
    }
    if (definition.title.trim() === '') {
      throw new Error(`Error code ${code}: title is empty`);
    }
  }
  const frozen = Object.freeze(
    Object.fromEntries(Object.entries(entries).map(([code, d]) => [code, Object.freeze({ ...d })])),
  ) as Readonly<Record<C, ErrorDefinition>>;
  const codes = Object.freeze(Object.keys(frozen)) as readonly C[];
  return {
    entries: frozen,
    codes,
    find: (code) => (Object.hasOwn(frozen, code) ? frozen[code as C] : undefined),
    create: (code, detail, options) => new AppError(code, detail, options),
    extend: (extra) => {
      const clashes = Object.keys(extra).filter((code) => Object.hasOwn(frozen, code));
      if (clashes.length > 0) {
        throw new Error(`Error codes already defined: ${clashes.join(', ')}`);
      }
      return defineErrorCatalogue({ ...frozen, ...extra });
    },
  };
}

/** The codes every service shares. Services add theirs with `coreErrors.extend({...})`. */
export const coreErrors = defineErrorCatalogue({
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid', retryable: false },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON', retryable: false },
  BAD_REQUEST: { status: 400, title: 'The request could not be understood', retryable: false },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required', retryable: false },
  FORBIDDEN: { status: 403, title: 'The caller may not do this', retryable: false },
  NOT_FOUND: { status: 404, title: 'The resource does not exist', retryable: false },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route', retryable: false },
  CONFLICT: { status: 409, title: 'The request conflicts with existing data', retryable: false },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    title: 'The idempotency key was already used for a different request',
    retryable: false,
  },
  STATE_CONFLICT: {
    status: 409,
    title: 'The action is not allowed in the current state',
    retryable: false,
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large', retryable: false },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'The request content type is not supported',
    retryable: false,
  },
  INTERNAL: { status: 500, title: 'Internal error', retryable: false },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'The service is temporarily unavailable',
    retryable: true,
  },
});

/** A code of the core catalogue. */
export type CoreErrorCode = (typeof coreErrors.codes)[number];

/** One invalid input, named by its JSON path. */
export interface FieldError {
  /** Path of the offending value, e.g. `body.child.dateOfBirth` or `query.page`. */
  readonly field: string;
  /** The broken rule, a zod issue code such as `invalid_type`, `too_small`, `invalid_format`. */
  readonly rule: string;
  /** Human-readable explanation. */
  readonly message: string;
}

/** Options of `AppError`. */
export interface AppErrorOptions {
  /** Per-field errors, for VALIDATION_FAILED and alike. */
  readonly errors?: readonly FieldError[];
  /**
   * Extra members for the problem document (RFC 9457 extensions), e.g. `{ currentState,
   * allowedActions }`. Must be safe to show the caller; the standard members win on clashes.
   */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** The underlying error, logged, never sent to the caller. */
  readonly cause?: unknown;
}

/**
 * An expected failure with a catalogue code. `detail` is sent to the caller: say what was
 * attempted, in what state, and what is allowed, but never personal data or internals.
 */
export class AppError extends Error {
  readonly code: string;
  readonly detail: string;
  readonly errors: readonly FieldError[] | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: string, detail: string, options: AppErrorOptions = {}) {
    super(`${code}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
  }
}

/** True for an `AppError`, also one from another copy of this module. */
export function isAppError(value: unknown): value is AppError {
  return (
    value instanceof AppError ||
    (value instanceof Error &&
      value.name === 'AppError' &&
      typeof (value as Partial<AppError>).code === 'string' &&
      typeof (value as Partial<AppError>).detail === 'string')
  );
}

/**
 * Base of every problem `type` URI. The URI identifies the kind of problem and is stable; it
 * is an identifier, not a link a client must fetch (docs/errors.md documents each code).
 * Absolute rather than relative so the same problem has the same type whichever service or
 * gateway answered.
 */
export const PROBLEM_TYPE_BASE = 'https://lienthong.gov.vn/problems/';

/** Media type of problem documents (RFC 9457 §3). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `STATE_CONFLICT` → `https://lienthong.gov.vn/problems/state-conflict`. */
export function problemTypeFor(code: string): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replaceAll('_', '-');
}

/** An RFC 9457 problem document as this project sends it. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request path (without query string, which may carry personal data). */
  readonly instance: string;
  readonly code: string;
  readonly retryable: boolean;
  readonly requestId: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

/**
 * Turns an `AppError` into a problem document. A code missing from `catalogue` is a
 * programming error: the caller gets INTERNAL rather than a made-up status.
 */
export function toProblem(
  error: AppError,
  context: { readonly instance: string; readonly requestId: string },
  catalogue: ErrorCatalogue = coreErrors,
): ProblemDocument {
  const definition = catalogue.find(error.code);
  if (definition === undefined) {
    const internal = coreErrors.entries.INTERNAL;
    return {
      type: problemTypeFor('INTERNAL'),
      title: internal.title,
      status: internal.status,
      detail: 'An unexpected error occurred. Quote the requestId when reporting it.',
      instance: context.instance,
      code: 'INTERNAL',
      retryable: internal.retryable,
      requestId: context.requestId,
    };
  }
  return {
    ...error.extensions,
    type: problemTypeFor(error.code),
    title: definition.title,
    status: definition.status,
    detail: error.detail,
    instance: context.instance,
    code: error.code,
    retryable: definition.retryable,
    requestId: context.requestId,
    ...(error.errors !== undefined && error.errors.length > 0 ? { errors: error.errors } : {}),
  };
}
