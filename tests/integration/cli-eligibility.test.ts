import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAppContext } from '../../electron/services/context.ts';
import { openGate } from '../../electron/services/dispatch.ts';
import { localInvoke } from '../../electron/services/gate.ts';
import { createApi } from '../../shared/api.ts';
import { grandFigeac, quercyBlanc } from '../helpers/app.ts';
import { cliOn } from '../helpers/cli.ts';
import { cliTestTimeout, expectRefused } from '../helpers/cli-base.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * `mednum eligibility` and `mednum eligibility counts`, the CLI as it ships, on a file set up through the
 * services: Figeac (Grand-Figeac, a convention from 2026) participates, Montcuq (Quercy Blanc, no
 * convention) participates too, so its patrons have no access.
 */
const dir = tempDir('mednum-cli-eligibility-');
const db = path.join(dir, 'eligibility.sqlite');
const { cli, json } = cliOn(dir, db);

beforeAll(async () => {
  const context = await openAppContext({ databasePath: db, version: 'test' });
  try {
    const api = createApi(localInvoke(openGate(context)));
    await api.call('settings.update', { staffName: 'Test' });
    const communes = await api.call('commune.list', {});
    const inQuercyBlanc = communes.find((c) => c.epci === quercyBlanc)?.insee as string;
    const figeac = await api.call('library.add', {
      name: 'Médiathèque de Figeac',
      code: 'FIGEAC',
      commune: '46102',
      ils: 'koha',
      participating: true,
      participatingSince: '2025-01-01',
    });
    const montcuq = await api.call('library.add', {
      name: 'Bibliothèque de Quercy Blanc',
      code: 'QB',
      commune: inQuercyBlanc,
      ils: 'pmb',
      participating: true,
      participatingSince: '2025-01-01',
    });
    await api.call('convention.add', {
      epci: grandFigeac,
      start: '2026-01-01',
      end: '2027-06-30',
      rate: '0.30',
      basis: 'totale',
      millesime: 2022,
      perimeter: 'epci',
      prorata: 'days',
    });
    const insert = context.database.sqlite.prepare(
      `INSERT INTO patron (id, library_id, card_number, last_name, first_name, registered, expires_on, name_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 't', 't')`,
    );
    const rows: [string, string, string, string, number, string | null][] = [
      ['f1', figeac.id, 'F001', 'ARNAUD', 1, '2027-03-01'],
      ['f2', figeac.id, 'F002', 'BERTRAND', 1, '2026-11-01'], // expired: grace of 30 days ends 01/12/2026
      ['f3', figeac.id, 'F003', 'CAMUS', 0, null], // taken out of the file
      ['f4', figeac.id, 'F004', 'DUMAS', 1, null],
      ['q1', montcuq.id, 'Q001', 'ESTIENNE', 1, '2027-12-31'],
    ];
    for (const [id, library, card, name, registered, expires] of rows)
      insert.run(id, library, card, name, 'Alex', registered, expires, `${name.toLowerCase()}|alex`);
  } finally {
    await context.close();
  }
}, 60_000);

describe('mednum eligibility', { timeout: cliTestTimeout }, () => {
  it('lists every patron with its access, until when or why not, in French', () => {
    const result = cli('eligibility', '--on', '2026-12-15');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      /^Accès à la médiathèque numérique au 15\/12\/2026 — règles par défaut \(jamais reçues du service central\) : délai de grâce 30 jours\.\n5 lecteurs\./,
    );
    const line = (card: string) => result.stdout.split('\n').find((l) => l.startsWith(card)) ?? '';
    // Registered until 01/03/2027, then 30 days of grace.
    expect(line('F001')).toMatch(/ARNAUD Alex\s+FIGEAC\s+oui\s+31\/03\/2027$/);
    expect(line('F002')).toMatch(/non\s+abonnement terminé \(délai de grâce passé\)$/);
    expect(line('F003')).toMatch(/non\s+retiré du fichier de sa bibliothèque$/);
    // No end of registration: access lasts as long as the convention.
    expect(line('F004')).toMatch(/oui\s+30\/06\/2027$/);
    expect(line('Q001')).toMatch(/QB\s+non\s+pas de convention en vigueur pour l’EPCI$/);
  });

  it('filters by library code, EPCI and access, and gives the contract’s output with --json', () => {
    const ineligible = json('eligibility', '--on', '2026-12-15', '--library', 'figeac', '--ineligible');
    expect(ineligible.total).toBe(2);
    expect(ineligible.patrons.map((p: { cardNumber: string }) => p.cardNumber)).toEqual(['F002', 'F003']);
    expect(ineligible.patrons[0].sentence).toBe(
      'Accès à la médiathèque numérique : non, parce que son abonnement a pris fin le 01/11/2026, délai de grâce de 30 jours passé le 01/12/2026.',
    );
    const quercy = json('eligibility', '--on', '2026-12-15', '--epci', quercyBlanc);
    expect(quercy.patrons).toEqual([
      expect.objectContaining({ cardNumber: 'Q001', eligible: false, reasons: ['no_convention'] }),
    ]);
    const expired = json('eligibility', '--on', '2026-12-15', '--reason', 'expired');
    expect(expired.total).toBe(1);
    // After the convention's end nobody at Figeac has access.
    expect(json('eligibility', '--on', '2027-07-01', '--library', 'FIGEAC', '--ineligible').total).toBe(4);
    const paged = json('eligibility', '--on', '2026-12-15', '--limit', '2', '--offset', '1');
    expect(paged.patrons.map((p: { cardNumber: string }) => p.cardNumber)).toEqual(['F002', 'F003']);
  });

  it('counts per library and EPCI', () => {
    const text = cli('eligibility', 'counts', '--on', '2026-12-15');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /2 lecteurs sur 4 inscrits ont accès \(et 1 ancien lecteur retiré du fichier de leur bibliothèque\)\./,
    );
    expect(text.stdout).toMatch(
      /Médiathèque de Figeac\s+FIGEAC\s+CC Grand-Figeac\s+3\s+2\s+1\s+abonnement terminé \(délai de grâce passé\) : 1/,
    );
    const counts = json('eligibility', 'counts', '--on', '2026-12-15');
    expect(counts.epcis.find((e: { siren: string }) => e.siren === quercyBlanc)).toMatchObject({
      libraries: 1,
      registered: 1,
      eligible: 0,
      ineligible: 1,
      reasons: expect.objectContaining({ no_convention: 1 }),
    });
    expect(counts.total).toMatchObject({ registered: 4, eligible: 2, ineligible: 2, unregistered: 1 });
  });

  it('refuses a bad date, an unknown library, a bad SIREN or reason with exit 2', () => {
    expectRefused(cli('eligibility', '--on', '2026-02-30'), 2, /le 30\/02\/2026 n’existe pas/);
    expectRefused(
      cli('eligibility', '--library', 'NULLEPART'),
      2,
      /Aucune bibliothèque n’a l’identifiant ou le code « NULLEPART »/,
    );
    expectRefused(cli('eligibility', '--epci', '123'), 2, /SIREN/);
    expectRefused(cli('eligibility', '--reason', 'perdu'), 2, /Raison inconnue : « perdu »/);
    expectRefused(
      cli('eligibility', 'counts', '--on', 'demain'),
      2,
      /Date invalide \(attendu : AAAA-MM-JJ\)/,
    );
  });

  it('explains itself in French with --help', () => {
    const help = cli('eligibility', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /Utilisation : mednum eligibility \[--on AAAA-MM-JJ\] \[--library ID\|CODE\] \[--epci SIREN\] \[--ineligible\]/,
    );
    expect(cli('eligibility', 'counts', '--help').stdout).toMatch(/par bibliothèque et par EPCI/);
  });
});
