import { describe, expect, it } from 'vitest';
import {
  sushiBaseUrlProblem,
  sushiExceptionsOf,
  sushiRefusal,
  sushiReportUrl,
} from '../../../shared/domain/usage/sushi.ts';

describe('the SUSHI request and its refusals', () => {
  it('builds the report address under the base, with or without its final slash', () => {
    for (const base of ['https://sushi.example.org/r5', 'https://sushi.example.org/r5/']) {
      const url = sushiReportUrl(
        base,
        'TR',
        { customerId: 'c 1', apiKey: 'k' },
        { begin: '2026-01', end: '2026-03' },
      );
      expect(url.origin + url.pathname).toBe('https://sushi.example.org/r5/reports/tr');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        customer_id: 'c 1',
        api_key: 'k',
        begin_date: '2026-01',
        end_date: '2026-03',
      });
    }
  });

  it.each([
    ['https://sushi.example.org/r5', null],
    ['http://127.0.0.1:8080/sushi', null],
    ['http://localhost/sushi', null],
    ['http://sushi.example.org/r5', /https:\/\//],
    ['https://user:pw@sushi.example.org/', /ni identifiant, ni paramètres/],
    ['https://sushi.example.org/r5?api_key=x', /ni identifiant, ni paramètres/],
    ['sushi.example.org', /Adresse invalide/],
  ])('judges the address %s', (url, problem) => {
    const found = sushiBaseUrlProblem(url);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('reads exceptions however vendors send them', () => {
    const e = { Code: 1020, Severity: 'Warning', Message: 'Too many', Data: 'retry in 2 minutes' };
    expect(sushiExceptionsOf(e)).toEqual([{ code: 1020, message: 'Too many', data: 'retry in 2 minutes' }]);
    expect(sushiExceptionsOf([e])).toHaveLength(1);
    expect(sushiExceptionsOf({ Exception: e })).toHaveLength(1);
    expect(sushiExceptionsOf({ Report_Header: { Exceptions: [e] }, Report_Items: [] })).toHaveLength(1);
    expect(sushiExceptionsOf({ Report_Header: {}, Report_Items: [] })).toEqual([]);
    expect(sushiExceptionsOf('<html>')).toEqual([]);
  });

  it('maps them to plain French; a 3030 inside a report is a zero report, not a refusal', () => {
    const of = (code: number, hasHeader = false, data?: string) =>
      sushiRefusal([{ code, message: 'm', data }], { hasHeader });
    expect(of(1020, false, 'Retry after 120 seconds')).toMatchObject({
      code: 'SUSHI_THROTTLED',
      message: expect.stringMatching(/réessayez dans 2 minutes/),
    });
    expect(
      sushiRefusal([{ code: 1020, message: 'm' }], { hasHeader: false, retryAfter: '3600' })?.message,
    ).toMatch(/réessayez dans 1 heure/);
    for (const code of [2000, 2010, 2020]) expect(of(code)?.code).toBe('SUSHI_CREDENTIALS_REFUSED');
    expect(of(3031, true)?.code).toBe('SUSHI_NOT_READY');
    expect(of(3030, true)).toBeNull();
    expect(of(3030, false)?.code).toBe('SUSHI_NO_USAGE');
    expect(of(3040, true)).toBeNull();
    expect(of(9999, false)?.code).toBe('SUSHI_REFUSED');
  });
});
