import { describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../crypto/keys.ts';
import { armor, dearmor } from '../encoding/armor.ts';
import { decryptCompact, encryptCompact } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { activatedLicenseKind } from './activated-license.ts';
import { encryptedTyp } from './document-kind.ts';
import { openDocument } from './envelope.ts';
import { licenseFileRequestKind } from './license-file-request.ts';
import { offlineLicenseFileKind } from './offline-license-file.ts';
import { orderLicenseKind } from './order-license.ts';
import {
  isNewerRefresh,
  issueSiteRefreshFile,
  openSiteRefreshFile,
  type SiteRefreshFile,
  type SiteRefreshRequest,
} from './site-refresh-file.ts';
import { expectCode, alterEachCharacter } from '../testing/tampering.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const site = createTestParty('site');

const refreshRequest: SiteRefreshRequest = {
  siteGuid: site.guid,
  tenant: 'default',
  refreshes: 'olf-41',
  revision: 2,
  start: '2026-11-23',
  end: '2028-11-22',
  entitlements: [{ type: 'bot-runner', category: 'seat', quantity: 20 }],
  siteEncryptionKey: site.encryptionKey.publicJwk,
};

const siteContext = { now, trust: authority.trust, siteEncryptionKey: site.encryptionKey, siteGuid: site.guid, tenant: 'default' };

function refresh(overrides: Partial<SiteRefreshRequest> = {}, signer = authority.signer) {
  return issueSiteRefreshFile({ ...refreshRequest, ...overrides }, { now, random: seededRandom('refresh'), signer });
}

describe('site license refresh file', () => {
  it('opens on its site with its exact claims, answering the license it refreshes', async () => {
    const issued = await refresh();
    const opened = await openSiteRefreshFile(issued.text, siteContext);
    const expected: SiteRefreshFile = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `site:${site.guid}/default`,
      answers: ['olf-41'],
      siteGuid: site.guid,
      tenant: 'default',
      refreshes: 'olf-41',
      revision: 2,
      start: '2026-11-23',
      end: '2028-11-22',
      entitlements: [{ type: 'bot-runner', category: 'seat', quantity: 20 }],
    };
    // The signed layer inside the encryption: what a site shows devices to certify its key.
    const jws = await decryptCompact(dearmor(issued.text).body, siteContext.siteEncryptionKey.privateKey);
    expect(opened).toEqual({ claims: expected, signerKey: authority.signingKey.publicJwk, revocations: undefined, jws });
  });

  it('is armoured under its own header line', async () => {
    const { text } = await refresh();
    expect(text.split('\n')[0]).toBe('-----BEGIN AIRLOCK SITE LICENSE REFRESH FILE-----');
    expect(text.endsWith('\n-----END AIRLOCK SITE LICENSE REFRESH FILE-----\n')).toBe(true);
  });

  it('shows none of its contents in the file, even decoded', async () => {
    const { text } = await refresh();
    const decoded = dearmor(text).body.split('.').map((segment) => Buffer.from(segment, 'base64url').toString('latin1'));
    const visible = [text, ...decoded].join('\n');
    expect(['olf-41', site.guid, 'bot-runner', '2028-11-22'].filter((secret) => visible.includes(secret))).toEqual([]);
  });

  it('opens only with the site encryption key, refusing another key as WRONG_RECIPIENT', async () => {
    const { text } = await refresh();
    await expectCode(openSiteRefreshFile(text, { ...siteContext, siteEncryptionKey: authority.encryptionKey }), 'WRONG_RECIPIENT');
  });

  it('refuses a refresh for another tenant or another site as WRONG_RECIPIENT', async () => {
    const { text } = await refresh();
    const otherGuid = createTestParty('other').guid;
    const errors = await Promise.all([
      expectCode(openSiteRefreshFile(text, { ...siteContext, tenant: 'tenant-b' }), 'WRONG_RECIPIENT'),
      expectCode(openSiteRefreshFile(text, { ...siteContext, siteGuid: otherGuid }), 'WRONG_RECIPIENT'),
    ]);
    expect(errors.map((error) => error.detail)).toEqual([
      { expected: `site:${site.guid}/tenant-b`, found: `site:${site.guid}/default` },
      { expected: `site:${otherGuid}/default`, found: `site:${site.guid}/default` },
    ]);
  });

  it('refuses a refresh signed by a key the root did not certify', async () => {
    const rogue = keyPairFromSeed('Ed25519', new Uint8Array(32).fill(9));
    const { text } = await refresh({}, { key: rogue, certificate: authority.signer.certificate });
    await expectCode(openSiteRefreshFile(text, siteContext), 'KEY_CERTIFICATE_INVALID');
  });

  it('is not issued with a license that ends before it starts', async () => {
    const error = await expectCode(refresh({ end: '2026-01-01' }), 'PAYLOAD_INVALID');
    expect(error.detail).toEqual({ document: 'site-refresh-file', path: '/end', reason: 'the license ends before it starts' });
  });

  it('applies only when its revision is higher than the one the site applied last', () => {
    const outcomes = [0, 1, 2, 3].map((current) => isNewerRefresh(current, { revision: 2 }));
    expect(outcomes).toEqual([true, true, false, false]);
  });

  it.each([licenseFileRequestKind, offlineLicenseFileKind, orderLicenseKind, activatedLicenseKind])('is refused when opened as $name', async (other) => {
    const { text } = await refresh();
    const error = await expectCode(
      openDocument(other, text, { now, audience: 'x', trust: authority.trust, recipient: site.encryptionKey }),
      'WRONG_DOCUMENT_KIND',
    );
    expect(error.detail).toEqual({ expected: other.name, found: 'site-refresh-file' });
  });

  it('cannot pass its signed content off as an OLF, even re-encrypted under an OLF header', async () => {
    // Domain separation: the signed inner JWS says what it is, whatever the envelope around it claims.
    const { text } = await refresh();
    const jws = await decryptCompact(dearmor(text).body, site.encryptionKey.privateKey);
    const header = { typ: encryptedTyp(offlineLicenseFileKind), cty: offlineLicenseFileKind.typ, kid: site.encryptionKey.kid };
    const disguised = armor(offlineLicenseFileKind.label, await encryptCompact(header, jws, site.encryptionKey.publicKey, seededRandom('disguise')));
    const error = await expectCode(
      openDocument(offlineLicenseFileKind, disguised, { now, audience: 'x', trust: authority.trust, recipient: site.encryptionKey }),
      'WRONG_DOCUMENT_KIND',
    );
    expect(error.detail).toEqual({ expected: 'airlock-olf+jwt', found: 'airlock-site-refresh+jwt' });
  });

  it('refuses every single-character alteration of the file with an AirlockError', async () => {
    const { text } = await refresh();
    const outcomes = await alterEachCharacter(text, (altered) => openSiteRefreshFile(altered, siteContext));
    expect({ accepted: outcomes.accepted, foreign: outcomes.foreign }).toEqual({ accepted: [], foreign: [] });
    expect(outcomes.codes).toEqual(['DECRYPTION_FAILED', 'DOCUMENT_MALFORMED', 'UNSUPPORTED_ALGORITHM', 'WRONG_DOCUMENT_KIND', 'WRONG_RECIPIENT']);
  });
});
