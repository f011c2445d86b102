import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from './temp.ts';

/**
 * A vendor's SUSHI server (COUNTER_SUSHI5 API) on the loopback, over real HTTP: `/reports/{pr,dr,tr}` answer
 * the project's fixture reports, or what the customer id asks for — the exceptions vendors send (often with
 * HTTP 200), a 401, a throttle, a server that never answers, a body too large, a page that is not JSON.
 */
export const sushiApiKey = 'cle-tres-secrete-8f3a91c2d7';
export const sushiRequestor = 'demandeur-bdp46-55e1';

export interface SushiServer {
  baseUrl: string;
  /** Each request's path and query, as received. */
  requests: URL[];
  close(): Promise<void>;
}

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'tests/fixtures/usage', name));
const exception = (code: number, message: string, data?: string) => ({
  Code: code,
  Severity: code === 3030 ? 'Info' : 'Error',
  Message: message,
  ...(data ? { Data: data } : {}),
});

export async function startSushiServer(): Promise<SushiServer> {
  const requests: URL[] = [];
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
    };
    if (url.pathname === '/sushi/status') return json(200, [{ Service_Active: true }]);
    const report = /^\/sushi\/reports\/(pr|dr|tr)$/.exec(url.pathname)?.[1];
    if (!report) return json(404, exception(3000, 'Report Not Supported'));
    const customer = url.searchParams.get('customer_id');
    // The vendor's own checks first, as real endpoints do: the key, then the requestor.
    if (customer === 'refus-http') return json(401, 'Unauthorized');
    if (url.searchParams.get('api_key') !== sushiApiKey) return json(200, exception(2020, 'APIKey Invalid'));
    if (url.searchParams.get('requestor_id') !== sushiRequestor)
      return json(200, exception(2000, 'Requestor Not Authorized to Access Service'));
    switch (customer) {
      case 'BDP46-0042':
        return json(200, fixture('pr-r5-cafeyn.json'));
      case 'lot46':
        return json(200, fixture('pr-p1-r5-no-usage-3030.json'));
      case 'zero-nu':
        return json(200, [exception(3030, 'No Usage Available for Requested Dates')]);
      case 'limite':
        return json(200, [exception(1020, 'Client has made too many requests', 'Retry after 300 seconds')]);
      case 'limite-429':
        return json(429, '', { 'retry-after': '45' });
      case 'pas-pret':
        return json(200, {
          Report_Header: {
            Created: '2026-07-04T09:00:00Z',
            Customer_ID: customer,
            Report_ID: 'PR',
            Release: '5',
            Report_Name: 'Platform Master Report',
            Exceptions: [exception(3031, 'Usage Not Ready for Requested Dates')],
          },
          Report_Items: [],
        });
      case 'lent':
        held.push(res);
        return;
      case 'enorme': {
        // No Content-Length: the cap must count the bytes as they come.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => undefined);
        return pump();
      }
      case 'page-html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body>Portail fournisseur</body></html>');
      default:
        return json(200, exception(2010, 'Requestor is Not Authorized to Access Usage for Institution'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/sushi`,
    requests,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
