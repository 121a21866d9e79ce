import { describe, it, expect } from '@jest/globals';
import {
  childLogger,
  createLogger,
  REDACTED,
  redactPersonalData,
  redactUrl,
  traceIdFromTraceparent,
} from './logger.ts';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'test-service',
    level: 'debug',
    destination: { write: (line) => void lines.push(line) },
  });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

// Values that must never reach a log line, one per sensitive key and depth.
const PERSONAL_VALUES = [
  '001099012345',
  'Nguyễn Văn An',
  'Trần Thị Bình',
  '2024-03-01',
  '12 Hàng Bài, Hoàn Kiếm, Hà Nội',
  '+84912345678',
  'an.nguyen@example.vn',
  '079188000111',
  'KS-2024-000123',
  'BT-2024-000456',
  'Bearer eyJhbGciOi',
  'session=abc123',
  'Lê Văn Cường',
  'Phạm Thị Dung',
];

describe('createLogger', () => {
  it('redacts personal data at depths 1 to 4 and inside arrays, keeping non-personal fields', () => {
    const { logger, lines, parsed } = capture();

    logger.info(
      {
        dossierId: 'dossier-42',
        personalId: '001099012345', // depth 1
        applicant: {
          fullName: 'Nguyễn Văn An', // depth 2
          contact: {
            phone: '+84912345678', // depth 3
            email: 'an.nguyen@example.vn',
            home: { address: '12 Hàng Bài, Hoàn Kiếm, Hà Nội', district: 'Hoàn Kiếm' }, // depth 4
          },
        },
        children: [{ name: 'Trần Thị Bình', dateOfBirth: '2024-03-01', sex: 'F' }],
        household: { members: [[{ householdHeadPersonalId: '079188000111', firstName: 'Lê Văn Cường' }]] },
        documents: {
          birth: { birthCertificateNumber: 'KS-2024-000123' },
          deathNoticeNumber: 'BT-2024-000456',
        },
        headers: { authorization: 'Bearer eyJhbGciOi', cookie: 'session=abc123' },
        snake_case: { last_name: 'Phạm Thị Dung' },
      },
      'dossier submitted',
    );

    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    for (const value of PERSONAL_VALUES) expect(line).not.toContain(value);
    const [entry] = parsed();
    expect(entry).toMatchObject({
      level: 'info',
      service: 'test-service',
      msg: 'dossier submitted',
      dossierId: 'dossier-42',
      personalId: REDACTED,
      applicant: {
        fullName: REDACTED,
        contact: { phone: REDACTED, home: { address: REDACTED, district: 'Hoàn Kiếm' } },
      },
      children: [{ name: REDACTED, dateOfBirth: REDACTED, sex: 'F' }],
    });
  });

  it('redacts personal data in child bindings and in errors', () => {
    const { logger, lines, parsed } = capture();
    const error = Object.assign(new Error('agency refused'), { details: { personalId: '001099012345' } });

    childLogger(logger, { dossierId: 'dossier-7', requestId: 'req-1', traceId: 'a'.repeat(32) })
      .child({ citizen: { fullName: 'Nguyễn Văn An' } })
      .error(
        { err: error, cause: new Error('nested'), payload: { email: 'an.nguyen@example.vn' } },
        'failed',
      );

    const line = lines[0] ?? '';
    expect(line).not.toContain('001099012345');
    expect(line).not.toContain('Nguyễn Văn An');
    expect(line).not.toContain('an.nguyen@example.vn');
    expect(parsed()[0]).toMatchObject({
      dossierId: 'dossier-7',
      requestId: 'req-1',
      traceId: 'a'.repeat(32),
      err: { message: 'agency refused', type: 'Error' },
      cause: { message: 'nested' },
    });
  });

  it('redacts an error logged on its own, and cyclic objects do not break logging', () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { dossierId: 'd-1', email: 'an.nguyen@example.vn' };
    cyclic['self'] = cyclic;

    logger.warn(Object.assign(new Error('boom'), { phone: '+84912345678' }));
    logger.info({ cyclic }, 'cyclic');

    expect(lines.join('')).not.toContain('+84912345678');
    expect(lines.join('')).not.toContain('an.nguyen@example.vn');
    expect(lines[1]).toContain('[Circular]');
  });

  it('leaves out undefined context fields', () => {
    const { logger, parsed } = capture();

    childLogger(logger, { dossierId: 'd-9' }).info('x');

    expect(parsed()[0]).not.toHaveProperty('requestId');
    expect(parsed()[0]).toHaveProperty('dossierId', 'd-9');
  });
});

describe('redactPersonalData', () => {
  it('does not modify its input', () => {
    const input = { applicant: { fullName: 'Nguyễn Văn An' } };

    redactPersonalData(input);

    expect(input.applicant.fullName).toBe('Nguyễn Văn An');
  });
});

describe('redactUrl', () => {
  it('redacts sensitive query parameters only', () => {
    expect(redactUrl('/dossiers?personalId=001099012345&page=2')).toBe(
      `/dossiers?personalId=${REDACTED}&page=2`,
    );
    expect(redactUrl('/dossiers/42')).toBe('/dossiers/42');
  });
});

describe('traceIdFromTraceparent', () => {
  it('reads the trace id of a valid header and ignores malformed ones', () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

    expect(traceIdFromTraceparent(`00-${traceId}-00f067aa0ba902b7-01`)).toBe(traceId);
    expect(traceIdFromTraceparent('garbage')).toBeUndefined();
    expect(traceIdFromTraceparent(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdFromTraceparent(undefined)).toBeUndefined();
  });
});
