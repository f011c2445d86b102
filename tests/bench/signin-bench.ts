/**
 * npm run bench:signin [-- --backend postgres|pglite] — the patron sign-in's figures, printed, not asserted,
 * on a central service holding 200,000 patrons (default: the real PostgreSQL at DATABASE_URL or the CI
 * address; `pglite`: the embedded default):
 * (a) eligibility checks per second (the shared rule over the synced rows, as each sign-in and each token
 *     use re-checks it), sequential and 8 at once, against a floor measured in the same run: the patron's
 *     row alone read by its id, the least a check reads;
 * (b) a whole sign-in as a platform and a patron make it over HTTP — authorization request (code + PKCE),
 *     the login page, the form posted, the provider's redirects, the code exchanged for tokens — median
 *     and p95 of `BENCH_SIGNINS`, 4 at once, against a floor: the same number of HTTP round trips to
 *     /health on the same server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { patronAccessById } from '../../central/access/patron-eligibility.ts';
import { addPlatform } from '../../central/access/platforms.ts';
import { openContext, startCentral } from '../../central/app.ts';
import { type Backend, backends } from '../central/backends.ts';
import { libraryRow } from '../helpers/library-row.ts';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'postgres' } } });
const backend = backends.find((b) => b.name === values.backend) as Backend | undefined;
if (!backend) {
  console.error(
    `Base « ${values.backend} » indisponible (postgres demande DATABASE_URL ou le serveur de CI).`,
  );
  process.exit(2);
}
const patrons = Number(process.env.BENCH_PATRONS ?? 200_000);
const checks = Number(process.env.BENCH_CHECKS ?? 4_000);
const signIns = Number(process.env.BENCH_SIGNINS ?? 300);
const redirectUri = 'http://127.0.0.1:9/retour';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] as number;

/** Libraries in twenty communes of the Lot, each EPCI with a convention in force but the last one's. */
const communes = [
  '46042',
  '46102',
  '46127',
  '46201',
  '46029',
  '46040',
  '46083',
  '46128',
  '46171',
  '46225',
  '46311',
  '46240',
  '46138',
  '46089',
  '46026',
  '46068',
  '46178',
  '46263',
  '46320',
  '46191',
];
const birthDate = (g: number) =>
  `${1940 + (g % 70)}-${String(1 + (g % 12)).padStart(2, '0')}-${String(1 + (g % 28)).padStart(2, '0')}`;

const store = await backend.fresh();
const seeded = await openContext(store.options);
const { ctx } = seeded;
const stamp = '2026-01-05T09:00:00.000Z';
let version = 0;
const insertRow = (table: string, id: string, data: Record<string, unknown>) =>
  sql`INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
    VALUES (${table}, ${id}, ${++version}, false, ${JSON.stringify(data)}::jsonb, '{}'::jsonb, 'banc', now())`.execute(
    ctx.db,
  );
const { placeOfCommune } = await import('../../central/access/geography.ts');
const sirens = new Set<string>();
for (const [index, insee] of communes.entries()) {
  const epci = placeOfCommune(insee)?.epci;
  if (!epci) throw new Error(`Commune ${insee} outside any EPCI.`);
  sirens.add(epci.siren);
  await insertRow(
    'library',
    `lib-${index}`,
    libraryRow({
      id: `lib-${index}`,
      code: `BIB${index}`,
      name: `Médiathèque ${index}`,
      commune_insee: insee,
      created_at: stamp,
      updated_at: stamp,
    }),
  );
}
const withConvention = [...sirens].slice(0, -1);
for (const [index, siren] of withConvention.entries())
  await insertRow('convention', `conv-${index}`, {
    id: `conv-${index}`,
    epci_siren: siren,
    reference: `CONV-${index}`,
    signed_on: null,
    start_on: '2025-01-01',
    end_on: null,
    rate_e4: 3000,
    basis: 'municipale',
    millesime: 2022,
    perimeter: 'epci',
    prorata: 'days',
    floor_cents: null,
    cap_cents: null,
    bands: null,
    document_name: null,
    document_sha256: null,
    document_size: null,
    created_at: stamp,
    updated_at: stamp,
  });
await sql`INSERT INTO sync_row (table_name, row_id, version, deleted, data, field_versions, updated_by, updated_at)
  SELECT 'patron', 'p-' || g, ${version} + g, false, jsonb_build_object(
    'id', 'p-' || g, 'library_id', 'lib-' || (g % ${communes.length}), 'card_number', 'C' || lpad(g::text, 8, '0'),
    'last_name', 'Nom' || g, 'first_name', 'Prénom',
    'birth_date', (1940 + g % 70)::text || '-' || lpad((1 + g % 12)::text, 2, '0') || '-' || lpad((1 + g % 28)::text, 2, '0'),
    'birth_year', 1940 + g % 70, 'email', null, 'postal_code', '46100', 'commune_insee', '46102',
    'commune_name', 'Figeac', 'registered_on', '2025-01-01',
    'expires_on', CASE WHEN g % 10 = 0 THEN '2024-06-30' ELSE '2027-12-31' END, 'category', 'Adulte',
    'registered', 1, 'name_key', 'nom' || g || '|prenom', 'duplicate_of', null, 'duplicate_status', null,
    'created_batch', null, 'created_at', ${stamp}::text, 'updated_at', ${stamp}::text),
    '{}'::jsonb, 'banc', now()
  FROM generate_series(1, ${patrons}) AS g`.execute(ctx.db);
await sql`UPDATE sync_counter SET value = ${version + patrons}`.execute(ctx.db);
await sql`ANALYZE sync_row`.execute(ctx.db);
const platform = await addPlatform(
  ctx,
  { name: 'Plateforme du banc', redirectUris: [redirectUri], sendCategory: false, sendAgeBand: false },
  { userId: null, email: 'banc', ip: null },
);

// (a) Eligibility checks, on the seeding context (the server's own code path, without HTTP).
const randomPatron = () => 1 + Math.floor(Math.random() * patrons);
async function rate(run: (g: number) => Promise<unknown>, parallel: number) {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next++ < checks) await run(randomPatron());
    }),
  );
  return checks / ((performance.now() - start) / 1000);
}
const eligibleSeen = { yes: 0, no: 0 };
const check = async (g: number) => {
  const { access } = await patronAccessById(ctx, `p-${g}`);
  eligibleSeen[access.eligibility.eligible ? 'yes' : 'no'] += 1;
};
const floorRead = (g: number) =>
  ctx.db
    .selectFrom('sync_row')
    .select('data')
    .where('table_name', '=', 'patron')
    .where('row_id', '=', `p-${g}`)
    .executeTakeFirst();
await rate(check, 1); // warm-up
const rates = {
  check1: [] as number[],
  check8: [] as number[],
  floor1: [] as number[],
  floor8: [] as number[],
};
for (let run = 0; run < 3; run++) {
  rates.floor1.push(await rate(floorRead, 1));
  rates.check1.push(await rate(check, 1));
  rates.floor8.push(await rate(floorRead, 8));
  rates.check8.push(await rate(check, 8));
}
await seeded.database.close();

// (b) Whole sign-ins over HTTP.
const central = await startCentral(store.options);
const base = central.url;

class Browser {
  cookies = new Map<string, string>();
  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(new URL(url, base), {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair as string).split('=');
      this.cookies.set(name as string, value.join('='));
    }
    return response;
  }
}

async function signIn(g: number): Promise<number> {
  const start = performance.now();
  const browser = new Browser();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({
    client_id: platform.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid mednum',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
  });
  let response = await browser.go(`/oidc/auth?${query}`);
  let location = response.headers.get('location') as string;
  await response.arrayBuffer();
  response = await browser.go(location);
  if (response.status !== 200) throw new Error(`login page: ${response.status}`);
  await response.text();
  const [year, month, day] = birthDate(g).split('-');
  response = await browser.go(location, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      libraryId: `lib-${g % communes.length}`,
      cardNumber: `C${String(g).padStart(8, '0')}`,
      birthDate: `${day}/${month}/${year}`,
    }).toString(),
  });
  await response.arrayBuffer();
  // The provider's redirects until the platform's address comes back with the code.
  for (let hops = 0; hops < 5; hops++) {
    location = response.headers.get('location') ?? '';
    if (!location) throw new Error(`sign-in of p-${g} stopped with ${response.status}`);
    if (location.startsWith(redirectUri)) break;
    response = await browser.go(location);
    await response.arrayBuffer();
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code for p-${g}: ${location}`);
  const token = await fetch(new URL('/oidc/token', base), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(platform.clientId)}:${encodeURIComponent(platform.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  const tokens = (await token.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error(`no ID token for p-${g}: ${JSON.stringify(tokens)}`);
  return performance.now() - start;
}

async function healthTrips(trips: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < trips; i++) await (await fetch(new URL('/health', base))).arrayBuffer();
  return performance.now() - start;
}

/** An eligible patron: not one of every tenth (expired) nor of the library without a convention. */
const eligiblePatron = () => {
  for (;;) {
    const g = randomPatron();
    if (
      g % 10 !== 0 &&
      placeOfCommune(communes[g % communes.length] as string)?.epci.siren !== [...sirens].at(-1)
    )
      return g;
  }
};
await signIn(eligiblePatron()); // warm-up
const signInTimes: number[] = [];
const floors: number[] = [];
let started = 0;
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (started++ < signIns) {
      signInTimes.push(await signIn(eligiblePatron()));
      // Seven HTTP exchanges make a sign-in: the same number to the smallest route is its floor.
      floors.push(await healthTrips(7));
    }
  }),
);
await central.close();
await store.dispose();

const fmt = (v: number) => v.toFixed(0);
console.log(
  `backend: ${backend.name}; ${patrons.toLocaleString('fr-FR')} patrons, ${communes.length} libraries`,
);
console.log(
  `(a) eligibility checks/s, 1 at a time: median ${fmt(median(rates.check1))} (runs ${rates.check1.map(fmt).join(' / ')}); floor (the patron's row alone) ${fmt(median(rates.floor1))}/s (runs ${rates.floor1.map(fmt).join(' / ')}); ratio ${(median(rates.floor1) / median(rates.check1)).toFixed(2)}`,
);
console.log(
  `    8 at once: median ${fmt(median(rates.check8))}/s (runs ${rates.check8.map(fmt).join(' / ')}); floor ${fmt(median(rates.floor8))}/s (runs ${rates.floor8.map(fmt).join(' / ')}); ratio ${(median(rates.floor8) / median(rates.check8)).toFixed(2)}; eligible seen ${eligibleSeen.yes}, refused ${eligibleSeen.no}`,
);
console.log(
  `(b) sign-in over HTTP, ${signIns} sign-ins 4 at once: median ${fmt(median(signInTimes))} ms, p95 ${fmt(percentile(signInTimes, 0.95))} ms, max ${fmt(Math.max(...signInTimes))} ms; floor (7 round trips to /health): median ${fmt(median(floors))} ms, p95 ${fmt(percentile(floors, 0.95))} ms; ratio of medians ${(median(signInTimes) / median(floors)).toFixed(2)}`,
);
