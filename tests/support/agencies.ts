// What the end-to-end tests ask of agencies and registries besides the portal: annulments,
// officer decisions, fault injection, and reading what each service recorded in its own schema.
import pg from 'pg';
import type { RunningSystem } from './system.ts';

export function agencyClient(system: RunningSystem) {
  const call = async (method: string, url: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  };
  const reason = (code: string, en: string) => ({ code, message: { vi: `Lý do: ${en}`, en } });
  return {
    reason,
    /** A civil-status officer annuls a registration at the office that made it. */
    annul: (
      service: 'birth-registration' | 'death-funeral',
      certificateNumber: string,
      code = 'REGISTERED_IN_ERROR',
    ) =>
      call(
        'POST',
        `${system.url(service)}/v1/${service === 'death-funeral' ? 'death' : 'birth'}-registrations/${certificateNumber}/annulment`,
        system.tokens.civilStatus,
        { reason: reason(code, 'The registration was made in error') },
      ),
    /** The open officer tasks of a service, for a civil-status officer. */
    openTasks: async (service: string, token = system.tokens.civilStatus) =>
      (await call('GET', `${system.url(service)}/v1/officer/tasks`, token)).body.items as {
        id: string;
        dossierId: string;
        status: string;
      }[],
    decideTask: (
      service: string,
      id: string,
      action: string,
      body: unknown,
      token = system.tokens.civilStatus,
    ) => call('POST', `${system.url(service)}/v1/officer/tasks/${id}/${action}`, token, body),
    setRegistryFaults: (faults: Record<string, unknown> | undefined) =>
      call(
        faults ? 'PUT' : 'DELETE',
        `${system.url('benefit-registries')}/v1/admin/faults`,
        undefined,
        faults,
      ),
    recoveriesAtRegistries: async (personalId: string) =>
      (
        await call(
          'GET',
          `${system.url('benefit-registries')}/v1/admin/recoveries?personalId=${personalId}`,
          undefined,
        )
      ).body.items as { requestId: string; registry: string; amount: number }[],
    ops: (method: string, path: string, body?: unknown) =>
      call(method, `${system.url('saga-coordinator')}/v1/ops${path}`, system.tokens.ops, body),
  };
}

/** Reads what the services recorded, each in its own schema of the test database. */
export function recordsOf(system: RunningSystem) {
  const pool = new pg.Pool({ connectionString: system.databaseUrl, max: 2 });
  return {
    query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await pool.query<T>(sql, params)).rows,
    close: () => pool.end(),
  };
}
