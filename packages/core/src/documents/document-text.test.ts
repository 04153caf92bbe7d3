import { describe, expect, it } from 'vitest';
import { days, hours } from '../time/duration.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { expectCode } from '../testing/tampering.ts';
import { signUncheckedDocument } from '../testing/unchecked-document.ts';
import { issueEnablementToken } from './enablement-token.ts';
import { issueLicenseFileRequest, licenseFileRequestKind, openLicenseFileRequest, type LicenseFileRequestInput } from './license-file-request.ts';

/** No document carries a control character in a name, nor NUL or an unpaired surrogate anywhere. */
const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const site = createTestParty('site');
const token = (
  await issueEnablementToken(
    {
      customerId: 'cust-1',
      siteGuid: site.guid,
      lifetime: hours(24),
      minimumSiteVersion: null,
      authorityEncryptionKey: authority.encryptionCertificate,
      cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
    },
    { now, random: seededRandom('token'), signer: authority.signer },
  )
).claims;
const openContext = { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey };

const withUsers = (users: string[]): LicenseFileRequestInput => ({
  enablementToken: token,
  tenant: 'default',
  siteVersion: '41.2',
  siteEncryptionKey: site.encryptionKey.publicJwk,
  cycle: 1,
  sequence: 1,
  cycleOpenedAt: now,
  installed: null,
  usage: { seats: [{ type: 'bot-runner', users }], meters: [], ledger: { sequence: 0, head: '0'.repeat(64) } },
});
const issue = (users: string[]) =>
  issueLicenseFileRequest(withUsers(users), { now, random: seededRandom('lfr'), signer: site.signingKey, trust: authority.trust });

/** A well-signed LFR whose seat user is `user`, as a site that does not check its names would make it. */
async function signedWithUser(user: string): Promise<string> {
  const { claims } = await issue(['placeholder']);
  const forged = { ...claims, usage: { ...claims.usage, seats: [{ type: 'bot-runner', used: 1, users: [user] }] } };
  return signUncheckedDocument(licenseFileRequestKind, forged, {
    signer: site.signingKey,
    recipient: authority.encryptionKey.publicJwk,
    random: seededRandom('forged'),
  });
}

describe('text in documents', () => {
  it('opens a request whose names are in any script', async () => {
    const { claims } = await openLicenseFileRequest(await signedWithUser('Zoë 山田 👩‍🔧'), openContext);
    expect(claims.usage.seats[0]?.users).toEqual(['Zoë 山田 👩‍🔧']);
  });

  it.each([
    ['NUL', 'nul\u0000user', 'U+0000'],
    ['a line feed', 'two\nlines', 'U+000A'],
    ['DEL', 'del\u007fuser', 'U+007F'],
    ['a C1 control', 'c1\u0085user', 'U+0085'],
    ['an unpaired surrogate', 'half\ud83duser', 'U+D83D'],
  ])('refuses, signed as it is, a request whose seat user name holds %s, naming the field', async (_what, user, character) => {
    const error = await expectCode(openLicenseFileRequest(await signedWithUser(user), openContext), 'PAYLOAD_INVALID');
    expect(error.detail).toMatchObject({ document: 'license-file-request', path: '/usage/seats/0/users/0' });
    expect(error.detail.reason).toContain(character);
  });

  it('does not make such a request in the first place', async () => {
    await expectCode(issue(['nul\u0000user']), 'PAYLOAD_INVALID');
    await expectCode(issue(['half\udc00']), 'PAYLOAD_INVALID');
  });
});
