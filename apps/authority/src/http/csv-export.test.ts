import { createTestParty } from '@airlock/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/harness.ts';
import { makeLfr, seedCustomer, seedEnabledSite } from '../features/offline-licenses/testing/offline-licensing-fixtures.ts';
import { recordsToCsv, toCsv } from './csv-export.ts';

describe('CSV', () => {
  it('quotes what must be quoted, doubles quotes, ends rows with CRLF, and leaves numbers as numbers', () => {
    expect(
      toCsv(
        ['name', 'seats', 'note'],
        [
          ['Acme, Inc.', 12, 'said "hi"'],
          ['Globex', -3, 'two\nlines'],
          ['Initech', 0, null],
        ],
      ),
    ).toBe('name,seats,note\r\n"Acme, Inc.",12,"said ""hi"""\r\nGlobex,-3,"two\nlines"\r\nInitech,0,\r\n');
  });

  it('never lets text become a spreadsheet formula', () => {
    expect(toCsv(['name'], [['=HYPERLINK("http://x")'], ['+1'], ['-2'], ['@SUM(A1)'], ['\tx'], ['plain']])).toBe(
      'name\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+1\r\n\'-2\r\n\'@SUM(A1)\r\n\'\tx\r\nplain\r\n',
    );
  });

  it('flattens records: nested members become dotted columns, arrays their JSON, columns in the order they first appear', () => {
    expect(
      recordsToCsv([
        { id: 'a', site: { guid: 'g1', name: 'Plant' }, tags: ['x', 'y'] },
        { id: 'b', extra: true },
      ]),
    ).toBe('id,site.guid,site.name,tags,extra\r\na,g1,Plant,"[""x"",""y""]",\r\nb,,,,true\r\n');
  });
});

const plant = createTestParty('csv-export/plant');

describeEachStore('lists as CSV', (context) => {
  beforeAll(async () => {
    const { database, authority, clock, deps, request } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
    await database.db.updateTable('customers').set({ name: '=cmd|calc' }).where('id', '=', 'acme').execute();
    await seedCustomer(database.db, { id: 'globex', accountEndsOn: '2028-06-30', purchased: {} }, clock.now());
    const token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
    const lfr = await makeLfr(authority, {
      token,
      site: plant,
      now: clock.now(),
      random: deps.random,
      seats: { 'bot-runner': ['ada', 'grace'] },
      meters: { 'bot-runs': 40 },
    });
    expect((await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text: lfr.text } })).statusCode).toBe(201);
  });

  it('answers any list as CSV with ?format=csv, named after the route, formulas defused', async () => {
    const answer = await context().request({ method: 'GET', url: '/v1/customers?format=csv' });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="customers.csv"');
    const [header, ...rows] = answer.body.trimEnd().split('\r\n');
    expect(header!.split(',')).toEqual(expect.arrayContaining(['id', 'name', 'accountEndsOn']));
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.startsWith('acme,'))).toContain(",'=cmd|calc,");
  });

  it('answers as CSV to Accept: text/csv too, and takes the format off the query of a route that validates it', async () => {
    const byAccept = await context().request({ method: 'GET', url: '/v1/customers', headers: { accept: 'text/csv' } });
    expect(byAccept.headers['content-type']).toBe('text/csv; charset=utf-8');
    const links = await context().request({ method: 'GET', url: '/v1/site-links?customerId=acme&format=csv' });
    expect(links.statusCode, links.body).toBe(200);
    expect(links.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it('keeps refusals and answers that are no list as JSON', async () => {
    const missing = await context().request({ method: 'GET', url: '/v1/customers/nobody/usage/readings?format=csv' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    const one = await context().request({ method: 'GET', url: '/v1/customers/acme?format=csv' });
    expect(one.headers['content-type']).toMatch(/^application\/json/);
  });

  it('gives the usage over time as one reading per row', async () => {
    const readings = await context().request({ method: 'GET', url: '/v1/customers/acme/usage/readings' });
    expect(readings.statusCode, readings.body).toBe(200);
    expect(readings.json<{ kind: string; type: string; value: number }[]>().map(({ kind, type, value }) => ({ kind, type, value }))).toEqual([
      { kind: 'seats', type: 'bot-runner', value: 2 },
      { kind: 'meter', type: 'bot-runs', value: 40 },
    ]);
    const csv = await context().request({ method: 'GET', url: '/v1/customers/acme/usage/readings?format=csv' });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="customers-customerId-usage-readings.csv"');
    expect(csv.body.split('\r\n')[0]).toBe('siteGuid,tenant,lfrId,cycle,sequence,issuedAt,receivedAt,kind,type,day,value');
    expect(csv.body).toContain(',seats,bot-runner,,2\r\n');
  });
});
