import { randomUUID } from 'node:crypto';
import {
  type Mutation,
  PROTOCOL_VERSION,
  type PullResponse,
  type PushResponse,
  protocolHeaders,
  type Session,
  SYNC_SCHEMA_VERSION,
  type SyncTable,
} from '../../shared/sync/protocol.ts';
import { libraryRow } from '../helpers/library-row.ts';

/** A minimal protocol client for tests: JSON in, `{ status, body }` out. */
export function client(url: string) {
  const versions = {
    [protocolHeaders.protocol]: String(PROTOCOL_VERSION),
    [protocolHeaders.schema]: String(SYNC_SCHEMA_VERSION),
  };
  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = { ...versions, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
  }
  return {
    call,
    versions,
    async login(email: string, password: string): Promise<Session> {
      const { status, body } = await call<Session>('POST', '/auth/login', { body: { email, password } });
      if (status !== 200) throw new Error(`login ${status} ${JSON.stringify(body)}`);
      return body;
    },
    push: (token: string, clientId: string, mutations: Mutation[]) =>
      call<PushResponse>('POST', '/sync/push', { token, body: { clientId, mutations } }),
    pull: (token: string, cursor = 0, limit?: number) =>
      call<PullResponse>('GET', `/sync/pull?cursor=${cursor}${limit ? `&limit=${limit}` : ''}`, { token }),
  };
}

/** An outbox entry as a desktop would build it. */
export function mutation(
  clientSeq: number,
  table: SyncTable,
  rowId: string,
  patch: Mutation['patch'],
  baseVersion = 0,
  op: Mutation['op'] = 'upsert',
): Mutation {
  return {
    clientSeq,
    mutationId: randomUUID(),
    table,
    rowId,
    op,
    patch,
    baseVersion,
    at: new Date().toISOString(),
  };
}

export const grandFigeac = '200066157';

export const followup = (status: string, siren = grandFigeac) => ({
  epci_siren: siren,
  status,
  next_action: '',
  next_action_due: null,
});

export const convention = (overrides: Record<string, string | number | null> = {}) => ({
  epci_siren: grandFigeac,
  reference: 'CONV-2026-01',
  signed_on: null,
  start_on: '2026-01-01',
  end_on: '2026-12-31',
  rate_e4: 2500,
  basis: 'municipale',
  millesime: 2023,
  perimeter: 'epci',
  prorata: 'days',
  floor_cents: null,
  cap_cents: null,
  document_name: null,
  document_sha256: null,
  document_size: null,
  ...overrides,
});

/**
 * Creates library `id` on the server (as a desktop's push would): patron batches accept only libraries
 * the server holds.
 */
export async function addLibrary(api: ReturnType<typeof client>, token: string, id: string) {
  const { status, body } = await api.push(token, randomUUID(), [
    mutation(
      1,
      'library',
      id,
      libraryRow({ code: id.toUpperCase(), name: `Bibliothèque ${id}`, commune_insee: '46102' }),
    ),
  ]);
  if (status !== 200 || body.results[0]?.status !== 'applied')
    throw new Error(`library ${status} ${JSON.stringify(body)}`);
}
