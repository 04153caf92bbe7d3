import { deriveRegistrationKey } from './registration-key.ts';
import { describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../crypto/keys.ts';
import { armor, dearmor } from '../encoding/armor.ts';
import { signCompact } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { activatedLicenseKind, issueActivatedLicense, openActivatedLicense, type ActivatedLicense, type ActivatedLicenseRequest } from './activated-license.ts';
import type { LicenseItem } from './claims.ts';
import { openDocument } from './envelope.ts';
import { licenseFileRequestKind } from './license-file-request.ts';
import { offlineLicenseFileKind } from './offline-license-file.ts';
import { orderLicenseKind } from './order-license.ts';
import { expectCode, alterEachCharacter } from '../testing/tampering.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const RK = deriveRegistrationKey({ siteGuid: '0b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b', tenantId: 'default', siteKeyThumbprint: 'site-key' });
const OTHER_RK = deriveRegistrationKey({ siteGuid: '0b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b', tenantId: 'acme', siteKeyThumbprint: 'site-key' });
const FIRST_LRN = 'LRN-AVWM-83JX-C7A9-NBD9';
const SECOND_LRN = 'LRN-8R41-DPYQ-0BZF-1BQV';

const permanent: LicenseItem = { product: 'studio', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' };
const pilot: LicenseItem = { product: 'studio', licenseType: 'api-calls', quantity: 100, kind: 'pilot', expiresOn: '2027-01-31' };

const firstRequest: ActivatedLicenseRequest = { registrationKey: RK, customerId: 'cust-1', activatedLrn: FIRST_LRN, items: [permanent], previous: null };
const siteContext = { now, trust: authority.trust, registrationKey: RK };

function activate(overrides: Partial<ActivatedLicenseRequest> = {}, signer = authority.signer) {
  return issueActivatedLicense({ ...firstRequest, ...overrides }, { now, random: seededRandom('activation'), signer });
}

/** A license signed by the authority's certified key with claims `issueActivatedLicense` would never write. */
async function signedByAuthority(claims: object): Promise<string> {
  const header = { typ: activatedLicenseKind.typ, kid: authority.signingKey.kid, cert: authority.signer.certificate };
  return armor(activatedLicenseKind.label, await signCompact(header, claims, authority.signingKey.privateKey));
}

describe('activated license', () => {
  it('opens on the site tenant its RK names, with its exact claims, signed by the authority', async () => {
    const issued = await activate();
    const opened = await openActivatedLicense(issued.text, siteContext);
    const expected: ActivatedLicense = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `rk:${RK}`,
      answers: [],
      registrationKey: RK,
      customerId: 'cust-1',
      revision: 1,
      activatedLrn: FIRST_LRN,
      lrns: [FIRST_LRN],
      items: [permanent],
    };
    expect(opened).toEqual({ claims: expected, signerKey: authority.signingKey.publicJwk, revocations: undefined, jws: dearmor(issued.text).body });
  });

  it('answers the license it supersedes, one revision later, listing every LRN merged so far', async () => {
    const first = (await activate()).claims;
    const second = await activate({ activatedLrn: SECOND_LRN, items: [permanent, pilot], previous: first });
    const { answers, revision, activatedLrn, lrns, items } = (await openActivatedLicense(second.text, siteContext)).claims;
    expect({ answers, revision, activatedLrn, lrns, items }).toEqual({
      answers: [first.jti],
      revision: 2,
      activatedLrn: SECOND_LRN,
      lrns: [FIRST_LRN, SECOND_LRN],
      items: [permanent, pilot],
    });
  });

  it('lists an LRN once when it is activated again', async () => {
    const first = (await activate()).claims;
    const again = await activate({ previous: first });
    expect({ revision: again.claims.revision, lrns: again.claims.lrns }).toEqual({ revision: 2, lrns: [FIRST_LRN] });
  });

  it('never merges into the license of another Registration Key', async () => {
    const first = (await activate()).claims;
    await expect(activate({ registrationKey: OTHER_RK, previous: first })).rejects.toThrow(RangeError);
  });

  it('refuses a mistyped Registration Key by its checksum, on the authority and on the site', async () => {
    const typo = `${RK.slice(0, -1)}${RK.endsWith('0') ? '1' : '0'}`;
    await expect(activate({ registrationKey: typo })).rejects.toMatchObject({ code: 'REGISTRATION_KEY_CHECKSUM' });
    const { text } = await activate();
    await expect(openActivatedLicense(text, { ...siteContext, registrationKey: typo })).rejects.toMatchObject({ code: 'REGISTRATION_KEY_CHECKSUM' });
  });

  it('is armoured under its own header line, signed but not encrypted', async () => {
    const { text } = await activate();
    const [header, ...rest] = dearmor(text).body.split('.');
    expect({
      first: text.split('\n')[0],
      last: text.trimEnd().split('\n').at(-1),
      segments: rest.length + 1,
      header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as unknown,
    }).toEqual({
      first: '-----BEGIN AIRLOCK ACTIVATED LICENSE-----',
      last: '-----END AIRLOCK ACTIVATED LICENSE-----',
      segments: 3,
      header: { typ: 'airlock-activated-license+jwt', kid: authority.signingKey.kid, cert: authority.signer.certificate, alg: 'EdDSA' },
    });
  });

  it('refuses a license for another Registration Key as WRONG_RECIPIENT', async () => {
    const { text } = await activate();
    const error = await expectCode(openActivatedLicense(text, { ...siteContext, registrationKey: OTHER_RK }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({ expected: `rk:${OTHER_RK}`, found: `rk:${RK}` });
  });

  it('refuses a license signed by a key the root did not certify', async () => {
    const rogue = keyPairFromSeed('Ed25519', new Uint8Array(32).fill(9));
    const { text } = await activate({}, { key: rogue, certificate: authority.signer.certificate });
    await expectCode(openActivatedLicense(text, siteContext), 'KEY_CERTIFICATE_INVALID');
    const impostor = await createTestAuthority('impostor');
    const forged = await activate({}, impostor.signer);
    await expectCode(openActivatedLicense(forged.text, siteContext), 'KEY_CERTIFICATE_INVALID');
  });

  it('refuses a signed license whose LRNs or revision do not hang together, as PAYLOAD_INVALID', async () => {
    const { claims } = await activate();
    const errors = await Promise.all([
      expectCode(openActivatedLicense(await signedByAuthority({ ...claims, lrns: [SECOND_LRN] }), siteContext), 'PAYLOAD_INVALID'),
      expectCode(openActivatedLicense(await signedByAuthority({ ...claims, lrns: [FIRST_LRN, FIRST_LRN] }), siteContext), 'PAYLOAD_INVALID'),
      expectCode(openActivatedLicense(await signedByAuthority({ ...claims, revision: 2 }), siteContext), 'PAYLOAD_INVALID'),
      expectCode(openActivatedLicense(await signedByAuthority({ ...claims, items: [{ ...pilot, expiresOn: undefined }] }), siteContext), 'PAYLOAD_INVALID'),
    ]);
    expect(errors.map((error) => error.detail)).toEqual([
      { document: 'activated-license', path: '/lrns', reason: 'does not list the activated LRN' },
      { document: 'activated-license', path: '/lrns', reason: 'lists an LRN twice' },
      { document: 'activated-license', path: '/answers', reason: 'the first revision answers nothing; every later one answers the license it supersedes' },
      { document: 'activated-license', path: '/items/0/expiresOn', reason: 'a pilot item needs an expiry date' },
    ]);
  });

  it.each([licenseFileRequestKind, offlineLicenseFileKind, orderLicenseKind])('is refused when opened as $name', async (other) => {
    const { text } = await activate();
    const error = await expectCode(
      openDocument(other, text, { now, audience: 'x', trust: authority.trust, recipient: createTestParty('site').encryptionKey }),
      'WRONG_DOCUMENT_KIND',
    );
    expect(error.detail).toEqual({ expected: other.name, found: 'activated-license' });
  });

  it('refuses every single-character alteration of the file with an AirlockError', async () => {
    const { text } = await activate({ items: [permanent, pilot] });
    const outcomes = await alterEachCharacter(text, (altered) => openActivatedLicense(altered, siteContext));
    expect({ accepted: outcomes.accepted, foreign: outcomes.foreign }).toEqual({ accepted: [], foreign: [] });
    expect(outcomes.codes).toEqual(['DOCUMENT_MALFORMED', 'KEY_CERTIFICATE_INVALID', 'SIGNATURE_INVALID', 'UNSUPPORTED_ALGORITHM', 'WRONG_DOCUMENT_KIND']);
  });
});
