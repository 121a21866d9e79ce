import { describe, it, expect } from '@jest/globals';
import {
  AppError,
  coreErrors,
  defineErrorCatalogue,
  isAppError,
  problemTypeFor,
  toProblem,
} from './errors.ts';

describe('error catalogue', () => {
  it('holds the core codes with their status and retryability', () => {
    expect(coreErrors.find('VALIDATION_FAILED')).toEqual({
      status: 400,
      title: 'The request is not valid',
      retryable: false,
    });
    expect(coreErrors.find('SERVICE_UNAVAILABLE')?.retryable).toBe(true);
    expect(coreErrors.find('NO_SUCH_CODE')).toBeUndefined();
    expect(coreErrors.find('toString')).toBeUndefined();
  });

  it('lets a service extend it with its own codes, but not redefine a core one', () => {
    const dossierErrors = coreErrors.extend({
      DOSSIER_CLOSED: { status: 409, title: 'The dossier is closed', retryable: false },
    });

    expect(dossierErrors.find('DOSSIER_CLOSED')?.status).toBe(409);
    expect(dossierErrors.find('NOT_FOUND')?.status).toBe(404);
    expect(dossierErrors.create('DOSSIER_CLOSED', 'Dossier d-1 was closed on 2026-01-02.').code).toBe(
      'DOSSIER_CLOSED',
    );
    expect(() => coreErrors.extend({ NOT_FOUND: { status: 410, title: 'Gone', retryable: false } })).toThrow(
      /already defined: NOT_FOUND/,
    );
  });

  it('rejects malformed definitions at start-up', () => {
    expect(() =>
      defineErrorCatalogue({ notScreaming: { status: 400, title: 'x', retryable: false } }),
    ).toThrow(/SCREAMING_SNAKE_CASE/);
    expect(() => defineErrorCatalogue({ OK_CODE: { status: 200, title: 'x', retryable: false } })).toThrow(
      /not a 4xx or 5xx/,
    );
  });
});

describe('toProblem', () => {
  it('builds an RFC 9457 document with the stable type URI, code, extensions and field errors', () => {
    const error = new AppError('STATE_CONFLICT', 'Dossier d-1 is APPROVED; it can no longer be withdrawn.', {
      extensions: { currentState: 'APPROVED', allowedActions: ['download'], status: 999 },
      errors: [],
    });

    const problem = toProblem(error, { instance: '/dossiers/d-1/withdraw', requestId: 'req-1' });

    expect(problem).toEqual({
      type: 'https://lienthong.gov.vn/problems/state-conflict',
      title: 'The action is not allowed in the current state',
      status: 409,
      detail: 'Dossier d-1 is APPROVED; it can no longer be withdrawn.',
      instance: '/dossiers/d-1/withdraw',
      code: 'STATE_CONFLICT',
      retryable: false,
      requestId: 'req-1',
      currentState: 'APPROVED',
      allowedActions: ['download'],
    });
  });

  it('answers INTERNAL for a code missing from the catalogue, without its detail', () => {
    const problem = toProblem(new AppError('TYPO_CODE', 'secret internals'), {
      instance: '/x',
      requestId: 'r',
    });

    expect(problem.status).toBe(500);
    expect(problem.code).toBe('INTERNAL');
    expect(JSON.stringify(problem)).not.toContain('secret internals');
  });

  it('derives kebab-case type URIs', () => {
    expect(problemTypeFor('IDEMPOTENCY_KEY_REUSED')).toBe(
      'https://lienthong.gov.vn/problems/idempotency-key-reused',
    );
  });

  it('recognises AppErrors', () => {
    expect(isAppError(new AppError('NOT_FOUND', 'x'))).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
  });
});
