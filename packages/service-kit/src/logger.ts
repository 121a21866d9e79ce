/**
 * Structured JSON logs that never carry personal data. Citizens' identities travel through
 * every dossier, so redaction is by key at any depth rather than by pino `redact` paths,
 * which only reach the fixed depths they spell out. Message strings are not inspected:
 * never interpolate personal data into a message, pass identifiers such as `dossierId` as fields.
 */
import { pino } from 'pino';
import type {
  Bindings,
  ChildLoggerOptions,
  DestinationStream,
  Logger as PinoLogger,
  SerializerFn,
} from 'pino';
import type { LogLevel } from './config.ts';

/** The service logger (pino). */
export type Logger = PinoLogger;

/**
 * Keys whose values are personal data or credentials, compared after lower-casing and
 * dropping everything but letters and digits, so `personalId`, `personal_id` and
 * `Personal-ID` all match. Extend this list rather than redacting case by case.
 */
export const SENSITIVE_KEYS: readonly string[] = Object.freeze([
  'personalId',
  'citizenId',
  'idNumber',
  'passportNumber',
  'fullName',
  'name',
  'firstName',
  'middleName',
  'lastName',
  'dateOfBirth',
  'birthDate',
  'placeOfBirth',
  'address',
  'permanentAddress',
  'currentAddress',
  'phone',
  'phoneNumber',
  'email',
  'householdHeadPersonalId',
  'birthCertificateNumber',
  'deathNoticeNumber',
  'authorization',
  'proxyAuthorization',
  'cookie',
  'setCookie',
  'password',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'xApiKey',
]);

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Objects nested deeper than this are replaced whole rather than risk an unchecked subtree. */
const MAX_DEPTH = 12;

const normaliseKey = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');
const sensitive = new Set(SENSITIVE_KEYS.map(normaliseKey));

/** Whether a property named `key` holds personal data or a credential. */
export function isSensitiveKey(key: string): boolean {
  return sensitive.has(normaliseKey(key));
}

/**
 * A copy of `value` with every sensitive key's value replaced by `[REDACTED]`, at any depth,
 * in plain objects, class instances (their own enumerable properties, as JSON would show
 * them), arrays and errors. Cycles become `[Circular]`. Pure: `value` is not modified.
 */
export function redactPersonalData(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

function walk(value: unknown, depth: number, ancestors: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (value instanceof Error) return walk(pino.stdSerializers.err(value), depth, ancestors);
  if (ArrayBuffer.isView(value)) return value;
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    // Dates, Buffers, URLs and domain objects with their own JSON form: redact that form.
    return walk((withToJson.toJSON as () => unknown).call(value), depth, ancestors);
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, ancestors));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSensitiveKey(key) ? REDACTED : walk(item, depth + 1, ancestors);
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

/** Redacts sensitive query parameters from a URL path, e.g. `/x?email=a@b` → `/x?email=[REDACTED]`. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey);
      } catch {
        // A malformed escape is kept as sent; it still gets compared below.
      }
      return eq >= 0 && isSensitiveKey(key) ? `${rawKey}=${REDACTED}` : pair;
    });
  return `${url.slice(0, queryStart)}?${params.join('&')}`;
}

interface RequestLike {
  method: string;
  url: string;
  ip?: string;
  socket?: { remotePort?: number };
}

const isRequestLike = (value: unknown): value is RequestLike =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RequestLike).method === 'string' &&
  typeof (value as RequestLike).url === 'string';

/**
 * Serializers for the keys fastify and our code log under. pino applies them after
 * `formatters.log`, so each redacts its own output. Headers are never logged.
 */
const serializers: Record<string, SerializerFn> = {
  req: (req: unknown) =>
    isRequestLike(req)
      ? {
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }
      : redactPersonalData(req),
  res: (res: unknown) =>
    typeof res === 'object' &&
    res !== null &&
    typeof (res as { statusCode?: unknown }).statusCode === 'number'
      ? { statusCode: (res as { statusCode: number }).statusCode }
      : redactPersonalData(res),
  err: (err: unknown) => redactPersonalData(err instanceof Error ? pino.stdSerializers.err(err) : err),
};
const serializedKeys = new Set(Object.keys(serializers));

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** Service name, added to every line as `service`. */
  readonly service: string;
  /** Minimum level. @default 'info' */
  readonly level?: LogLevel;
  /** Where lines go. @default standard output (synchronous) */
  readonly destination?: DestinationStream;
}

/**
 * A pino logger writing one JSON object per line with `service`, ISO time and the level as a
 * name, redacting personal data (see `SENSITIVE_KEYS`) in logged objects and in child
 * bindings at any depth.
 */
export function createLogger(options: LoggerOptions): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => redactPersonalData(bindings) as Record<string, unknown>,
        log: (object) => {
          const out: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(object)) {
            if (isSensitiveKey(key)) out[key] = REDACTED;
            else if (serializedKeys.has(key)) out[key] = value;
            else out[key] = redactPersonalData(value);
          }
          return out;
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  // pino applies `formatters.bindings` to the root's bindings only, not to children's. Child
  // instances inherit from their parent object, so this override covers every descendant,
  // including the per-request children fastify creates.
  const pinoChild = Reflect.get(logger, 'child') as unknown as (
    this: Logger,
    bindings: Bindings,
    childOptions?: ChildLoggerOptions,
  ) => Logger;
  logger.child = function child(this: Logger, bindings: Bindings, childOptions?: ChildLoggerOptions) {
    return pinoChild.call(this, redactPersonalData(bindings) as Bindings, childOptions);
  } as unknown as typeof logger.child;
  return logger;
}

/** Correlation fields a child logger carries on every line. */
export interface LogContext {
  readonly requestId?: string;
  readonly dossierId?: string;
  readonly traceId?: string;
}

/** A child logger carrying the given correlation fields (undefined ones are left out). */
export function childLogger(parent: Logger, context: LogContext): Logger {
  const bindings = Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
  return parent.child(bindings);
}

/**
 * The trace id of a W3C `traceparent` header (`00-<32 hex trace id>-<16 hex span id>-<flags>`),
 * or undefined when the header is absent or malformed.
 */
export function traceIdFromTraceparent(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match =
    value === undefined ? null : /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(value.trim());
  const traceId = match?.[1];
  return traceId === undefined || /^0+$/.test(traceId) ? undefined : traceId;
}
