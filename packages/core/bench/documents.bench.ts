import { sign, verify } from 'node:crypto';
import { bench, describe } from 'vitest';
import { days, hours } from '../src/time/duration.ts';
import { seededRandom } from '../src/testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../src/testing/test-parties.ts';
import { issueEnablementToken, openEnablementToken } from '../src/documents/enablement-token.ts';

/**
 * What reading a document costs next to the raw Ed25519 verification beneath it. An authority
 * document carries its signing key's certificate; that is verified once per key and then
 * remembered, so opening a document costs one signature check plus parsing and schema checks.
 */
const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const site = createTestParty('bench-site');
const { text } = await issueEnablementToken(
  {
    customerId: 'cust-1',
    siteGuid: site.guid,
    lifetime: hours(24),
    minimumSiteVersion: null,
    authorityEncryptionKey: authority.encryptionCertificate,
    cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
  },
  { now, random: seededRandom('bench'), signer: authority.signer },
);
const message = Buffer.from(text.slice(0, 600));
const signature = sign(null, message, authority.signingKey.privateKey);

describe('open an enablement token', () => {
  bench('baseline: raw Ed25519 verify (node:crypto)', () => {
    verify(null, message, authority.signingKey.publicKey, signature);
  });
  bench('openEnablementToken', async () => {
    await openEnablementToken(text, { now, siteGuid: site.guid, trust: authority.trust });
  });
});
