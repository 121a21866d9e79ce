/**
 * The single mapping from anything thrown during a request to an RFC 9457 problem document.
 * Bad input is always a 4xx with a catalogue code; only the unexpected is INTERNAL, and its
 * message and stack go to the log, never to the caller.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, coreErrors, isAppError, PROBLEM_CONTENT_TYPE, toProblem } from './errors.ts';
import type { ErrorCatalogue, FieldError } from './errors.ts';

/** Where a fastify validation error was found → the first segment of `FieldError.field`. */
const LOCATION_PREFIX: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** `['child', 'items', 2, 'name']` → `child.items[2].name`; `prefix` goes first when given. */
export function formatFieldPath(segments: readonly (string | number)[], prefix?: string): string {
  let path = prefix ?? '';
  for (const segment of segments) {
    const asText = String(segment);
    if (typeof segment === 'number' || /^\d+$/.test(asText)) path += `[${asText}]`;
    else path += path === '' ? asText : `.${asText}`;
  }
  return path === '' ? '(root)' : path;
}

interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Field errors from a fastify validation error (zod provider or ajv). */
function fieldErrorsFromValidation(
  issues: readonly ValidationIssue[],
  context: string | undefined,
): FieldError[] {
  const prefix = context === undefined ? undefined : (LOCATION_PREFIX[context] ?? context);
  return issues.map((issue) => {
    const segments = (issue.instancePath ?? '')
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    // ajv reports a missing property on its parent object; name the property itself.
    const missing = issue.params?.['missingProperty'];
    if (issue.keyword === 'required' && typeof missing === 'string') segments.push(missing);
    // A refinement names its rule in `params.rule` (zod custom issue); keep that name.
    const custom = issue.params?.['params'] as { rule?: unknown } | undefined;
    return {
      field: formatFieldPath(segments, prefix),
      rule: typeof custom?.rule === 'string' ? custom.rule : (issue.keyword ?? 'invalid'),
      message: issue.message ?? 'is not valid',
    };
  });
}

/** Field errors from a zod error thrown by handler code (no location known). */
function fieldErrorsFromZod(error: z.core.$ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: formatFieldPath(
      issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
    ),
    rule: issue.code,
    message: issue.message,
  }));
}

const invalidInput = (errors: FieldError[]): AppError =>
  new AppError(
    'VALIDATION_FAILED',
    `The request has ${errors.length} invalid ${errors.length === 1 ? 'field' : 'fields'}.`,
    { errors },
  );

/** The catalogue code for a client error that fastify or a plugin raised with only a status. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Classifies a thrown value. Returns the `AppError` to send and whether it was expected
 * (expected ones are logged at info, the rest at error with the original error).
 */
export function classifyError(error: unknown, bodyLimit: number): { appError: AppError; expected: boolean } {
  if (isAppError(error)) return { appError: error, expected: true };
  const fastifyError = error as {
    code?: unknown;
    statusCode?: unknown;
    validation?: unknown;
    validationContext?: unknown;
  } | null;
  if (fastifyError !== null && typeof fastifyError === 'object') {
    if (Array.isArray(fastifyError.validation)) {
      const context =
        typeof fastifyError.validationContext === 'string' ? fastifyError.validationContext : undefined;
      return {
        appError: invalidInput(
          fieldErrorsFromValidation(fastifyError.validation as ValidationIssue[], context),
        ),
        expected: true,
      };
    }
    switch (fastifyError.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return {
          appError: new AppError('MALFORMED_JSON', 'The request body could not be parsed as JSON.'),
          expected: true,
        };
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return {
          appError: new AppError('MALFORMED_JSON', 'The request body is empty but its content type is JSON.'),
          expected: true,
        };
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return {
          appError: new AppError(
            'PAYLOAD_TOO_LARGE',
            `The request body exceeds the limit of ${bodyLimit} bytes.`,
            {
              extensions: { limitBytes: bodyLimit },
            },
          ),
          expected: true,
        };
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return {
          appError: new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'The request content type is not supported; send application/json.',
          ),
          expected: true,
        };
      default:
        break;
    }
  }
  if (error instanceof z.core.$ZodError) {
    return { appError: invalidInput(fieldErrorsFromZod(error)), expected: true };
  }
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'BAD_REQUEST';
    const title = coreErrors.find(code)?.title ?? 'The request could not be processed';
    return { appError: new AppError(code, `${title}.`), expected: true };
  }
  if (status === 503) {
    return {
      appError: new AppError('SERVICE_UNAVAILABLE', 'The service is temporarily unavailable; retry later.'),
      expected: false,
    };
  }
  return {
    appError: new AppError(
      'INTERNAL',
      'An unexpected error occurred. Quote the requestId when reporting it.',
    ),
    expected: false,
  };
}

/** The request path without its query string (which may carry personal data). */
export const requestPath = (request: FastifyRequest): string => request.url.split('?', 1)[0] ?? '/';

/**
 * Sends `appError` as a problem document. The body is serialized here, not by the route's
 * response schema, which describes success bodies and must not reshape a problem.
 */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  appError: AppError,
  catalogue: ErrorCatalogue,
): FastifyReply {
  const problem = toProblem(appError, { instance: requestPath(request), requestId: request.id }, catalogue);
  return reply
    .status(problem.status)
    .header('x-request-id', request.id)
    .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
    .send(JSON.stringify(problem));
}

/** The error handler installed on the root instance by `buildHttpApp`. */
export function createErrorHandler(catalogue: ErrorCatalogue, bodyLimit: number) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const { appError, expected } = classifyError(error, bodyLimit);
    const known = catalogue.find(appError.code);
    if (expected && known !== undefined && known.status < 500) {
      request.log.info({ code: appError.code, status: known.status }, 'request rejected');
    } else if (known === undefined) {
      request.log.error({ err: error, code: appError.code }, 'error code missing from the catalogue');
    } else {
      request.log.error({ err: error, code: appError.code, status: known.status }, 'request failed');
    }
    return sendProblem(request, reply, appError, catalogue);
  };
}
