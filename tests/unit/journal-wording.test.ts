import { describe, expect, it } from 'vitest';
import { describeEntry } from '../../renderer/screens/audit/describeChange.ts';
import { conflictValueText } from '../../renderer/screens/conflicts/values.ts';
import type { AuditEntry } from '../../shared/domain/audit.ts';

/**
 * The journal's lines that the UI test cannot easily bring about: lines written before events were
 * stored as JSON (free French text), and a resolved synchronisation conflict.
 */
function entry(fields: Partial<AuditEntry>): AuditEntry {
  return {
    id: '1',
    at: '2026-11-25T14:57:19.801Z',
    actor: 'Claire Agent',
    entity: 'import_batch',
    entityId: 'x',
    action: 'create',
    field: null,
    before: null,
    after: null,
    epci: null,
    epciName: null,
    library: null,
    libraryName: null,
    patron: null,
    conflictField: null,
    communes: {},
    ...fields,
  };
}

const text = (e: AuditEntry) => {
  const { change } = describeEntry(e);
  return change.kind === 'text' ? change.text : `${change.label} : ${change.before} → ${change.after}`;
};

describe('older journal lines (French text)', () => {
  it('words an import and its undoing apart, figures in French form', () => {
    const imported = entry({ after: 'export-2026.csv : 20000 créés, 1500 modifiés, 3 rejetés' });
    expect(describeEntry(imported).badge).toBe('import');
    expect(text(imported)).toMatch(/^export-2026\.csv : 20\s000 créés, 1\s500 modifiés, 3 rejetés$/);
    const undone = entry({ after: 'annulé : 20000 retirés, 0 rétablis, 2 conservés' });
    expect(describeEntry(undone).badge).toBe('import annulé');
    expect(text(undone)).toMatch(/^20\s000 retirés, 0 rétablis, 2 conservés$/);
  });

  it('words duplicate decisions and a purge, its date in French', () => {
    const same = entry({ entity: 'patron', after: 'doublon confirmé (même personne)' });
    const distinct = entry({ entity: 'patron', after: 'doublon écarté (personnes différentes)' });
    expect([text(same), text(distinct)]).toEqual([
      'Doublon : même personne',
      'Doublon : personnes distinctes',
    ]);
    expect(describeEntry(same)).toMatchObject({ badge: 'décision', aboutPatron: true });
    const purge = entry({
      entity: 'patron',
      entityId: 'purge-2025-11-25',
      after:
        '12000 lecteurs supprimés (fin d’inscription avant le 2025-11-25, règle de conservation de 12 mois)',
    });
    expect(describeEntry(purge)).toMatchObject({ badge: 'purge RGPD', aboutPatron: false });
    expect(text(purge)).toMatch(/^12\s000 lecteurs supprimés \(fin d’inscription avant le 25\/11\/2025,/);
  });
});

describe('a resolved synchronisation conflict', () => {
  it('says which version was kept and the value, in the words of the conflicts screen', () => {
    const conflict = { entity: 'sync_conflict', action: 'update', conflictField: 'status' } as const;
    expect(text(entry({ ...conflict, field: 'resolution', after: 'theirs' }))).toBe(
      'version gardée (statut) : celle du serveur',
    );
    expect(text(entry({ ...conflict, field: 'resolved_value', after: '"in_discussion"' }))).toBe(
      'valeur retenue (statut) : En discussion',
    );
    expect(
      text(entry({ ...conflict, conflictField: 'cap_cents', field: 'resolved_value', after: '2000000' })),
    ).toMatch(/^valeur retenue \(plafond\) : 20\s000,00 €$/);
  });
});

describe('values of the editable tables', () => {
  it('labels every column and formats its value', () => {
    const cost = entry({
      entity: 'service_cost',
      after: JSON.stringify({
        year: 2026,
        vendor: 'Cantook',
        label: 'Livres',
        pricing: 'per_patron',
        amount_cents: 2000000,
      }),
    });
    expect(text(cost)).toMatch(
      /^année : 2026 · fournisseur : Cantook · libellé : Livres · tarification : par lecteur inscrit · montant : 20\s000,00 €$/,
    );
    const document = entry({
      entity: 'convention',
      action: 'update',
      field: 'document_size',
      before: null,
      after: '2400000',
    });
    expect(text(document)).toBe('taille du document : — → 2,3 Mo');
  });
});

describe('a convention’s degressive bands', () => {
  const grid = JSON.stringify([
    { upTo: 10000, rateE4: 3000 },
    { upTo: 50000, rateE4: 2500 },
    { upTo: null, rateE4: 1500 },
  ]);

  it('words a change of bands as the conventions panel shows them', () => {
    const added = entry({
      entity: 'convention',
      action: 'update',
      field: 'bands',
      before: null,
      after: grid,
    });
    expect(text(added).replace(/[\u00a0\u202f]/g, ' ')).toBe(
      'tranches dégressives : — → 0,30 € jusqu’à 10 000 hab., 0,25 € jusqu’à 50 000 hab., puis 0,15 €',
    );
  });

  it('words a new banded convention, its bands among its terms', () => {
    const created = entry({
      entity: 'convention',
      action: 'create',
      after: JSON.stringify({ reference: 'GF-2027', rate_e4: 3000, bands: grid }),
    });
    expect(text(created).replace(/[\u00a0\u202f]/g, ' ')).toBe(
      'référence : GF-2027 · taux : 0,30 €/hab. · tranches dégressives : 0,30 € jusqu’à 10 000 hab., 0,25 € jusqu’à 50 000 hab., puis 0,15 €',
    );
  });
});

describe('a stored scenario', () => {
  const conventions = JSON.stringify([
    {
      epci: '200067361',
      rate: '0.30',
      start: '2027-01-01',
      end: null,
      basis: 'totale',
      millesime: 2022,
      perimeter: 'epci',
      prorata: 'days',
      floor: null,
      cap: null,
      bands: [
        { upTo: 10000, rate: '0.30' },
        { upTo: null, rate: '0.15' },
      ],
    },
  ]);

  it('words its creation, status and conventions in French', () => {
    const created = entry({
      entity: 'scenario',
      after: JSON.stringify({
        name: 'Dégressif',
        year: 2027,
        author: 'Anne',
        notes: '',
        conventions,
        status: 'brouillon',
      }),
    });
    expect(describeEntry(created).subject).toBe('Scénario');
    expect(text(created)).toBe(
      'nom : Dégressif · année : 2027 · auteur : Anne · conventions : 1 convention : 200067361 à 0,30 € (2 tranches) · statut : brouillon',
    );
    const status = entry({
      entity: 'scenario',
      action: 'update',
      field: 'status',
      before: 'brouillon',
      after: 'presente',
    });
    expect(text(status)).toBe('statut : brouillon → présenté');
  });

  it('shows a conflict’s values in the words of the Conflits screen', () => {
    expect(conflictValueText('status', 'retenu')).toBe('retenu');
    expect(conflictValueText('status', 'presente')).toBe('présenté');
    expect(conflictValueText('conventions', conventions)).toBe(
      '1 convention : 200067361 à 0,30 € (2 tranches)',
    );
    expect(conflictValueText('conventions', '[]')).toBe('aucune convention');
  });
});
