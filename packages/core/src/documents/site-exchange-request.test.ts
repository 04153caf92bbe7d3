import { describe, expect, it } from 'vitest';
import { armor } from '../encoding/armor.ts';
import { encryptCompact, signCompact, type JoseHeader } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { expectCode } from '../testing/tampering.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { encryptedTyp } from './document-kind.ts';
import { issueSiteExchangeRequest, lfrDigest, openSiteExchangeRequest, siteExchangeRequestKind, type SiteExchangeInput } from './site-exchange-request.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const site = createTestParty('site');
const enablementToken = { customerId: 'acme', siteGuid: site.guid, authorityEncryptionKey: authority.encryptionCertificate };
const openContext = { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey };
const LFR = '-----BEGIN AIRLOCK LICENSE FILE REQUEST-----\nabc\n-----END AIRLOCK LICENSE FILE REQUEST-----\n';

function request(input: Omit<SiteExchangeInput, 'enablementToken' | 'tenant' | 'siteVersion'>, at = now) {
  return issueSiteExchangeRequest(
    { enablementToken, tenant: 'default', siteVersion: '41.2', ...input },
    { now: at, random: seededRandom('exchange'), signer: site.signingKey, trust: authority.trust },
  );
}

/** A request signed by the site with claims a genuine site never makes. */
async function seal(claims: object): Promise<string> {
  const header: JoseHeader = { typ: siteExchangeRequestKind.typ, kid: site.signingKey.kid, jwk: site.signingKey.publicJwk };
  const jws = await signCompact(header, claims, site.signingKey.privateKey);
  const jweHeader = { typ: encryptedTyp(siteExchangeRequestKind), cty: siteExchangeRequestKind.typ, kid: authority.encryptionKey.kid };
  return armor(siteExchangeRequestKind.label, await encryptCompact(jweHeader, jws, authority.encryptionKey.publicKey, seededRandom('seal')));
}

describe('site exchange request', () => {
  it('binds the LFR sent beside it by its SHA-256 and names the site key that signed it', async () => {
    const issued = await request({ submit: { lfr: LFR } });
    const opened = await openSiteExchangeRequest(issued.text, openContext);
    expect(opened.signerKid).toBe(site.signingKey.kid);
    expect(opened.claims).toMatchObject({
      customerId: 'acme',
      siteGuid: site.guid,
      tenant: 'default',
      siteVersion: '41.2',
      answers: [],
      lfrSha256: lfrDigest(LFR),
    });
    expect(opened.claims.awaits).toBeUndefined();
    expect(opened.claims.exp - opened.claims.iat).toBe(300);
    expect(lfrDigest(LFR)).not.toBe(lfrDigest(`${LFR} `));
  });

  it('asks for the answer to an LFR by its id, which it answers', async () => {
    const opened = await openSiteExchangeRequest((await request({ awaits: 'lfr-7' })).text, openContext);
    expect(opened.claims).toMatchObject({ awaits: 'lfr-7', answers: ['lfr-7'] });
    expect(opened.claims.lfrSha256).toBeUndefined();
  });

  it('is refused past its lifetime and the clock tolerance, and accepted just before', async () => {
    const issued = await request({ awaits: 'lfr-7' });
    await expect(openSiteExchangeRequest(issued.text, { ...openContext, now: new Date(now.getTime() + 600_000) })).resolves.toBeDefined();
    await expectCode(openSiteExchangeRequest(issued.text, { ...openContext, now: new Date(now.getTime() + 600_001) }), 'SITE_EXCHANGE_EXPIRED');
    await expectCode(
      openSiteExchangeRequest(issued.text, {
        ...openContext,
        now: new Date(now.getTime() + 1_000),
        clockSkewTolerance: 0,
        isReplay: (id) => id === issued.claims.jti,
      }),
      'DOCUMENT_REPLAYED',
    );
  });

  it('refuses a request that submits and awaits, neither, answers something else, or lives over an hour', async () => {
    const iat = Math.floor(now.getTime() / 1000);
    const base = {
      v: 1,
      jti: 'x-1',
      iat,
      aud: `authority:${authority.root.kid}`,
      answers: [],
      customerId: 'acme',
      siteGuid: site.guid,
      tenant: 'default',
      siteVersion: '41.2',
      exp: iat + 300,
    };
    for (const claims of [
      { ...base, lfrSha256: 'a'.repeat(64), awaits: 'lfr-1', answers: ['lfr-1'] },
      base,
      { ...base, awaits: 'lfr-1', answers: ['lfr-2'] },
      { ...base, lfrSha256: 'a'.repeat(64), exp: iat + 3_601 },
      { ...base, lfrSha256: 'a'.repeat(64), exp: iat },
    ]) {
      await expectCode(openSiteExchangeRequest(await seal(claims), openContext), 'PAYLOAD_INVALID');
    }
  });

  it('cannot be made both submitting and awaiting', async () => {
    await expect(request({ submit: { lfr: LFR }, awaits: 'lfr-1' })).rejects.toThrow(/either submits/);
  });
});
