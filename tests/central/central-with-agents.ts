import { afterAll, beforeAll } from 'vitest';
import type { Mutation } from '../../shared/sync/protocol.ts';
import { type Backend, startTestCentral } from './backends.ts';
import { client } from './client.ts';

type TestCentral = Awaited<ReturnType<typeof startTestCentral>>;

/**
 * A server started on `backend` before the calling file's tests and disposed after them, with a session
 * for each account the push tests sign in as. A session's token is read at call time, since the server
 * only exists once `beforeAll` has run.
 */
export function centralWithAgents(backend: Backend) {
  let server: TestCentral | undefined;
  let api: ReturnType<typeof client> | undefined;
  const tokens = new Map<string, string>();
  const accounts = {
    admin: ['admin@lot.fr', 'admin-password'],
    agent: ['agent@lot.fr', 'agent-password'],
    agent2: ['agent2@lot.fr', 'agent2-password'],
    reader: ['reader@lot.fr', 'reader-password'],
  } as const;

  beforeAll(async () => {
    server = await startTestCentral(backend);
    api = client(server.url);
    for (const [email, password] of Object.values(accounts))
      tokens.set(email, (await api.login(email, password)).accessToken);
  });
  afterAll(() => server?.dispose());

  const started = () => {
    if (!server || !api) throw new Error('the central server is not started yet (beforeAll)');
    return { server, api };
  };
  const session = (email: string) => ({
    push: (clientId: string, mutations: Mutation[]) =>
      started().api.push(tokens.get(email) ?? '', clientId, mutations),
    pull: (cursor?: number, limit?: number) => started().api.pull(tokens.get(email) ?? '', cursor, limit),
  });
  const agent = session(accounts.agent[0]);

  return {
    admin: session(accounts.admin[0]),
    agent,
    agent2: session(accounts.agent2[0]),
    reader: session(accounts.reader[0]),
    restart: () => started().server.restart(),
    /** The newest change of a row as an agent pulls it, or undefined when it never reached the server. */
    async rowOf(table: string, rowId: string) {
      const { body } = await agent.pull(0, 5000);
      return body.changes.filter((c) => c.table === table && c.rowId === rowId).at(-1);
    },
  };
}
