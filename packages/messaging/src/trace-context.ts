import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context for messages: every message of a dossier's journey carries the trace id
 * the dossier started with, each with a span id of its own, so one trace shows the whole
 * journey across services (and a tracing backend can be plugged in without changing messages).
 */
const TRACEPARENT = /^00-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

export function isTraceparent(value: string | undefined): value is string {
  const match = value === undefined ? null : TRACEPARENT.exec(value);
  return match !== null && !/^0+$/.test(match[1] ?? '') && !/^0+$/.test(match[2] ?? '');
}

/** A new trace, e.g. for a dossier submitted without a `traceparent` header. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

/** A new span in the same trace as `parent`; a new trace when `parent` is missing or invalid. */
export function childTraceparent(parent: string | undefined): string {
  if (!isTraceparent(parent)) return newTraceparent();
  const [, traceId, , flags] = TRACEPARENT.exec(parent) ?? [];
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}
