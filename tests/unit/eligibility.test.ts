import { describe, expect, it } from 'vitest';
import {
  type AccessPolicy,
  addDays,
  defaultAccessPolicy,
  type EligibilityFacts,
  eligibility,
} from '../../shared/domain/eligibility.ts';

/**
 * THE rule (shared/domain/eligibility.ts), on the days where its answer turns: a convention's first and last
 * day, the registration's end plus the grace period, a library joining, an EPCI suspended or left, one
 * opened by the Département's decision.
 */
const policy: AccessPolicy = { graceDays: 30, openedEpcis: [] };

/** A patron of Figeac, member library of Grand-Figeac, under a 2027 convention: eligible mid-2027. */
function facts(change: Partial<EligibilityFacts> = {}): EligibilityFacts {
  return {
    patron: { registered: true, expiresOn: null },
    library: { name: 'Médiathèque de Figeac', participating: true, participatingSince: '2026-09-01' },
    epci: { siren: '200067361', name: 'CC Grand-Figeac' },
    conventions: [{ startOn: '2027-01-01', endOn: '2027-12-31' }],
    status: 'active',
    ...change,
  };
}
const patron = (registered: boolean, expiresOn: string | null) => ({ patron: { registered, expiresOn } });

describe('a convention’s dates', () => {
  it.each([
    ['2026-12-31', false, 'the day before it starts'],
    ['2027-01-01', true, 'the day it starts'],
    ['2027-06-15', true, 'while it runs'],
    ['2027-12-31', true, 'the day it ends'],
    ['2028-01-01', false, 'the day after it ends'],
  ])('on %s: eligible %s (%s)', (on, eligible) => {
    const result = eligibility(facts(), on, policy);
    expect(result.eligible).toBe(eligible);
    expect(result.reasons).toEqual(eligible ? [] : ['no_convention']);
  });

  it('has no end when the convention has none', () => {
    const result = eligibility(
      facts({ conventions: [{ startOn: '2027-01-01', endOn: null }] }),
      '2030-05-05',
      policy,
    );
    expect(result).toMatchObject({ eligible: true, until: null });
    expect(result.sentence).toBe('Accès à la médiathèque numérique : oui.');
  });

  it('says until the convention’s end, carried on by a renewal signed ahead, and by the longest of overlapping ones', () => {
    expect(eligibility(facts(), '2027-06-15', policy).until).toBe('2027-12-31');
    const renewed = facts({
      conventions: [
        { startOn: '2027-01-01', endOn: '2027-12-31' },
        { startOn: '2028-01-01', endOn: '2028-12-31' },
        // After a gap: does not carry on.
        { startOn: '2029-02-01', endOn: null },
      ],
    });
    expect(eligibility(renewed, '2027-06-15', policy).until).toBe('2028-12-31');
    const overlapping = facts({
      conventions: [
        { startOn: '2027-01-01', endOn: '2027-12-31' },
        { startOn: '2027-03-01', endOn: '2029-06-30' },
      ],
    });
    expect(eligibility(overlapping, '2027-02-01', policy).until).toBe('2029-06-30');
  });
});

describe('the registration’s end and the grace period', () => {
  const expiresOn = '2027-03-10';
  it.each([
    [expiresOn, true],
    [addDays(expiresOn, 30), true],
    [addDays(expiresOn, 31), false],
  ])('registered until %s, 30 days of grace: on %s eligible %s', (on, eligible) => {
    const result = eligibility(facts(patron(true, expiresOn)), on, policy);
    expect(result.eligible).toBe(eligible);
    expect(result.reasons).toEqual(eligible ? [] : ['expired']);
  });

  it('with no grace, closes the day after the registration ends', () => {
    const noGrace = { ...policy, graceDays: 0 };
    expect(eligibility(facts(patron(true, expiresOn)), expiresOn, noGrace).eligible).toBe(true);
    expect(eligibility(facts(patron(true, expiresOn)), '2027-03-11', noGrace).reasons).toEqual(['expired']);
  });

  it('says until the end of the grace, or the convention’s end when sooner', () => {
    const result = eligibility(facts(patron(true, expiresOn)), '2027-03-01', policy);
    expect(result.until).toBe('2027-04-09');
    expect(result.sentence).toBe('Accès à la médiathèque numérique : oui, jusqu’au 09/04/2027.');
    expect(eligibility(facts(patron(true, '2027-12-20')), '2027-03-01', policy).until).toBe('2027-12-31');
  });

  it('says why in French, with the dates', () => {
    expect(eligibility(facts(patron(true, expiresOn)), '2027-04-10', policy).sentence).toBe(
      'Accès à la médiathèque numérique : non, parce que son abonnement a pris fin le 10/03/2027, délai de grâce de 30 jours passé le 09/04/2027.',
    );
    expect(
      eligibility(facts(patron(true, expiresOn)), '2027-03-11', { ...policy, graceDays: 0 }).sentence,
    ).toBe('Accès à la médiathèque numérique : non, parce que son abonnement a pris fin le 10/03/2027.');
  });

  it('uses the default policy’s month of grace', () => {
    expect(defaultAccessPolicy).toEqual({ graceDays: 30, openedEpcis: [] });
  });
});

describe('the patron, the library, the EPCI', () => {
  const on = '2027-06-15';

  it('refuses a patron taken out of the library’s file', () => {
    const result = eligibility(facts(patron(false, null)), on, policy);
    expect(result).toMatchObject({ eligible: false, reasons: ['unregistered'], until: null });
    expect(result.sentence).toBe(
      'Accès à la médiathèque numérique : non, parce que sa bibliothèque l’a retiré de son fichier (import complet).',
    );
  });

  it('refuses a patron the registry does not hold (never imported, or purged), and only for that', () => {
    const result = eligibility(
      facts({ patron: null, library: null, epci: null, conventions: [] }),
      on,
      policy,
    );
    expect(result.reasons).toEqual(['not_in_registry']);
    expect(result.sentence).toBe(
      'Accès à la médiathèque numérique : non, parce qu’il n’est pas (ou plus) dans le registre.',
    );
  });

  it('refuses the patrons of a library that does not participate, or not yet', () => {
    const out = facts({
      library: { name: 'Bibliothèque de Lacapelle', participating: false, participatingSince: null },
    });
    expect(eligibility(out, on, policy).reasons).toEqual(['library_not_member']);
    expect(eligibility(out, on, policy).sentence).toBe(
      'Accès à la médiathèque numérique : non, parce que Bibliothèque de Lacapelle ne participe pas à la médiathèque numérique.',
    );
    const joining = facts({
      library: { name: 'Médiathèque de Figeac', participating: true, participatingSince: '2027-09-01' },
    });
    expect(eligibility(joining, '2027-08-31', policy).reasons).toEqual(['library_not_member']);
    expect(eligibility(joining, '2027-09-01', policy).eligible).toBe(true);
  });

  it('elides « que » before a vowel, as French does', () => {
    const out = facts({
      library: { name: 'Espace culturel de Gramat', participating: false, participatingSince: null },
    });
    expect(eligibility(out, on, policy).sentence).toBe(
      'Accès à la médiathèque numérique : non, parce qu’Espace culturel de Gramat ne participe pas à la médiathèque numérique.',
    );
  });

  it('refuses when the library’s commune is in no EPCI the registry knows', () => {
    expect(eligibility(facts({ epci: null, conventions: [], status: null }), on, policy).reasons).toEqual([
      'no_epci',
    ]);
  });

  it('refuses when the library no longer exists', () => {
    expect(eligibility(facts({ library: null, epci: null, conventions: [] }), on, policy).reasons).toEqual([
      'library_unknown',
    ]);
  });

  it.each([
    ['suspended', 'suspendu'],
    ['left', 'arrêté'],
  ])('refuses when the EPCI’s service is %s, convention or not', (status, word) => {
    const result = eligibility(facts({ status }), on, policy);
    expect(result.reasons).toEqual(['epci_suspended']);
    expect(result.sentence).toBe(
      `Accès à la médiathèque numérique : non, parce que le service est ${word} pour CC Grand-Figeac.`,
    );
  });

  it('opens an EPCI the Département opened by decision, without a convention', () => {
    const pilot = facts({ conventions: [] });
    expect(eligibility(pilot, on, policy).sentence).toBe(
      'Accès à la médiathèque numérique : non, parce que CC Grand-Figeac n’a pas de convention en vigueur le 15/06/2027.',
    );
    const opened = { ...policy, openedEpcis: ['200067361'] };
    expect(eligibility(pilot, on, opened)).toMatchObject({ eligible: true, reasons: [], until: null });
    // The registration's end still closes it; a decision does not reopen a suspended service.
    expect(
      eligibility(facts({ ...patron(true, '2027-01-01'), conventions: [] }), on, opened).reasons,
    ).toEqual(['expired']);
    expect(eligibility(facts({ conventions: [], status: 'suspended' }), on, opened).reasons).toEqual([
      'epci_suspended',
    ]);
    // Opened: access does not end with a convention.
    expect(eligibility(facts(), '2027-06-15', opened).until).toBe(null);
  });

  it('gives every reason at once, in the order a person checks them, in one sentence', () => {
    const result = eligibility(
      facts({
        ...patron(false, '2026-01-31'),
        library: { name: 'Bibliothèque de Lacapelle', participating: false, participatingSince: null },
        conventions: [],
      }),
      on,
      policy,
    );
    expect(result.reasons).toEqual(['unregistered', 'expired', 'library_not_member', 'no_convention']);
    expect(result.until).toBe(null);
    expect(result.sentence).toBe(
      'Accès à la médiathèque numérique : non, parce que sa bibliothèque l’a retiré de son fichier (import complet) ; ' +
        'son abonnement a pris fin le 31/01/2026, délai de grâce de 30 jours passé le 02/03/2026 ; ' +
        'Bibliothèque de Lacapelle ne participe pas à la médiathèque numérique ; ' +
        'CC Grand-Figeac n’a pas de convention en vigueur le 15/06/2027.',
    );
  });
});
