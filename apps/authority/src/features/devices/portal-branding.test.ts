import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Principal } from '../../http/permissions.ts';
import { countDeviceWrites } from './testing/device-fixtures.ts';

const acmeUser: Principal = { kind: 'customer-user', id: 'u-acme', customerId: 'acme' };
const anonymous: Principal = { kind: 'anonymous' };
const brand = {
  name: 'Example Licensing',
  logoUrl: 'https://cdn.example.com/logo.svg',
  colors: { primary: '#0A7F5A', background: '#FFFFFF', text: '#111111' },
  supportEmail: 'licenses@example.com',
};
const logoDataUri = `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`;

describeEachStore('white-label settings of the customer portal', (context) => {
  const put = (host: string, payload: object, as?: Principal) =>
    context().request({ method: 'PUT', url: `/v1/branding/${host}`, payload, ...(as ? { as } : {}) });
  const portalBrand = (host: string) => context().request({ method: 'GET', url: '/v1/portal/branding', headers: { host }, as: anonymous });

  it('sets a brand per host name, lists them, and shows the portal the brand of the host it is reached under', async () => {
    const { database } = context();
    const set = await put('Licenses.Example.com', brand);
    expect([set.statusCode, set.json()]).toEqual([200, { hostName: 'licenses.example.com', ...brand, logoDataUri: null }]);
    expect((await put('portal.other.test', { ...brand, name: 'Other', logoUrl: undefined, logoDataUri, supportEmail: undefined })).statusCode).toBe(200);
    const listed = await context().request({ method: 'GET', url: '/v1/branding' });
    expect(listed.json<{ hostName: string; name: string }[]>().map((b) => [b.hostName, b.name])).toEqual([
      ['licenses.example.com', 'Example Licensing'],
      ['portal.other.test', 'Other'],
    ]);
    expect((await portalBrand('licenses.example.com:7300')).json()).toEqual({ hostName: 'licenses.example.com', ...brand, logoDataUri: null });
    expect((await portalBrand('PORTAL.other.test')).json()).toMatchObject({
      hostName: 'portal.other.test',
      name: 'Other',
      logoUrl: null,
      logoDataUri,
      supportEmail: null,
    });
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['action', 'object_id', 'after'])
      .where('action', '=', 'portal-brand.set')
      .orderBy('id')
      .execute();
    expect(audit.map((event) => event.object_id)).toEqual(['licenses.example.com', 'portal.other.test']);
    expect(audit[1]!.after).toMatchObject({ logoDataUri: `(${logoDataUri.length} characters)` });
  });

  it("replaces a host's brand when set again, keeping what it was in the audit log", async () => {
    const { database } = context();
    await put('replace.example.com', brand);
    await put('replace.example.com', { ...brand, name: 'Renamed' });
    expect((await portalBrand('replace.example.com')).json()).toMatchObject({ name: 'Renamed' });
    const last = await database.db
      .selectFrom('audit_events')
      .select(['before', 'after'])
      .where('object_id', '=', 'replace.example.com')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect([last.before, last.after]).toMatchObject([{ name: 'Example Licensing' }, { name: 'Renamed' }]);
  });

  it('falls back to the default brand for any other host', async () => {
    expect((await portalBrand('unknown.example.net')).json()).toEqual({
      hostName: null,
      name: 'Airlock',
      logoUrl: null,
      logoDataUri: null,
      colors: { primary: '#1f4fd1', background: '#ffffff', text: '#1a1a1a' },
      supportEmail: null,
    });
  });

  it('refuses a brand with no logo or two, a bad colour, a logo not over https or not an image, and writes nothing', async () => {
    const { database } = context();
    const before = await countDeviceWrites(database.db);
    const attempts = [
      { ...brand, logoUrl: undefined },
      { ...brand, logoDataUri },
      { ...brand, colors: { ...brand.colors, primary: 'red' } },
      { ...brand, logoUrl: 'http://cdn.example.com/logo.svg' },
      { ...brand, logoUrl: undefined, logoDataUri: 'data:text/html;base64,PHNjcmlwdD4=' },
    ];
    const answers = await Promise.all(attempts.map((attempt) => put('bad.example.com', attempt)));
    expect(answers.map((answer) => [answer.statusCode, answer.json<{ code: string }>().code])).toEqual(Array(attempts.length).fill([400, 'REQUEST_INVALID']));
    expect((await put('not a host', brand)).statusCode).toBe(400);
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });

  it('lets only the vendor set brands', async () => {
    expect((await put('mine.example.com', brand, acmeUser)).statusCode).toBe(403);
    expect((await put('mine.example.com', brand, anonymous)).statusCode).toBe(401);
  });
});
