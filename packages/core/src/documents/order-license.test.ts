import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { armor, dearmor } from '../encoding/armor.ts';
import { signCompact, unsecuredCompact } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { activatedLicenseKind } from './activated-license.ts';
import type { LicenseItem } from './claims.ts';
import { openDocument } from './envelope.ts';
import { licenseFileRequestKind } from './license-file-request.ts';
import { offlineLicenseFileKind } from './offline-license-file.ts';
import {
  generateLrn,
  issueOrderLicense,
  LRN_PATTERN,
  normalizeLrn,
  openOrderLicense,
  orderLicenseKind,
  type OrderLicense,
  type OrderLicenseRequest,
} from './order-license.ts';
import { expectCode } from '../testing/tampering.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const lrn = generateLrn(seededRandom('lrn'));

const items: LicenseItem[] = [
  { product: 'studio', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
  { product: 'studio', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2027-11-22' },
  { product: 'studio', licenseType: 'api-calls', quantity: 1000, kind: 'pilot', expiresOn: '2027-01-31' },
];
const orderRequest: OrderLicenseRequest = { lrn, orderId: 'order-7', customerId: 'cust-1', items };

function order(overrides: Partial<OrderLicenseRequest> = {}) {
  return issueOrderLicense({ ...orderRequest, ...overrides }, { now, random: seededRandom('order') });
}

/** The body of a compact JWS, re-armoured as an order license after `edit` changed its claims. */
function edited(text: string, edit: (claims: OrderLicense) => object): string {
  const [, payload] = dearmor(text).body.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as OrderLicense;
  return armor(orderLicenseKind.label, unsecuredCompact({ typ: orderLicenseKind.typ }, edit(claims)));
}

describe('order license', () => {
  it('opens for its customer with its exact claims and no signer', async () => {
    const issued = await order();
    const opened = await openOrderLicense(issued.text, { now, customerId: 'cust-1' });
    const expected: OrderLicense = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: 'customer:cust-1',
      answers: [],
      lrn,
      orderId: 'order-7',
      customerId: 'cust-1',
      items,
    };
    expect(opened).toEqual({ claims: expected, signerKey: undefined, revocations: undefined, jws: dearmor(issued.text).body });
  });

  it('is armoured under its own header line', async () => {
    const { text } = await order();
    expect(text.split('\n')[0]).toBe('-----BEGIN AIRLOCK ORDER LICENSE-----');
    expect(text.endsWith('\n-----END AIRLOCK ORDER LICENSE-----\n')).toBe(true);
  });

  it('is unsigned: alg none and an empty signature', async () => {
    const { text } = await order();
    const [header, , signature] = dearmor(text).body.split('.');
    expect({ header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as unknown, signature }).toEqual({
      header: { typ: 'airlock-order-license+jwt', alg: 'none' },
      signature: '',
    });
  });

  it('carries no authority: an altered order license still opens, with the altered items', async () => {
    const { text } = await order();
    const inflated = edited(text, (claims) => ({ ...claims, items: [{ ...items[0]!, quantity: 5000 }] }));
    const opened = await openOrderLicense(inflated, { now, customerId: 'cust-1' });
    expect(opened.claims.items).toEqual([{ product: 'studio', licenseType: 'bot-runner', quantity: 5000, kind: 'permanent' }]);
  });

  it('refuses an order license that claims a signature algorithm as UNSUPPORTED_ALGORITHM', async () => {
    const { claims } = await order();
    const signed = await signCompact({ typ: orderLicenseKind.typ, kid: authority.signingKey.kid }, claims, authority.signingKey.privateKey);
    const error = await expectCode(openOrderLicense(armor(orderLicenseKind.label, signed), { now, customerId: 'cust-1' }), 'UNSUPPORTED_ALGORITHM');
    expect(error.detail).toEqual({ expected: 'none', found: 'EdDSA' });
  });

  it('refuses an unsigned order license that carries a signature segment as DOCUMENT_MALFORMED', async () => {
    const { text } = await order();
    const withSignature = armor(orderLicenseKind.label, `${dearmor(text).body}AAAA`);
    await expectCode(openOrderLicense(withSignature, { now, customerId: 'cust-1' }), 'DOCUMENT_MALFORMED');
  });

  it('refuses an order license for another customer as WRONG_RECIPIENT', async () => {
    const { text } = await order();
    const error = await expectCode(openOrderLicense(text, { now, customerId: 'cust-2' }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({ expected: 'customer:cust-2', found: 'customer:cust-1' });
  });

  it('is not written with a dated item lacking its expiry, or a permanent item with one', async () => {
    const undated: LicenseItem = { product: 'studio', licenseType: 'bot-runner', quantity: 1, kind: 'temporary' };
    const expiring: LicenseItem = { product: 'studio', licenseType: 'bot-runner', quantity: 1, kind: 'permanent', expiresOn: '2027-01-01' };
    const errors = await Promise.all([
      expectCode(order({ items: [items[0]!, undated] }), 'PAYLOAD_INVALID'),
      expectCode(order({ items: [expiring] }), 'PAYLOAD_INVALID'),
      expectCode(order({ items: [{ ...undated, expiresOn: '2027-13-01' }] }), 'PAYLOAD_INVALID'),
    ]);
    expect(errors.map((error) => error.detail)).toEqual([
      { document: 'order-license', path: '/items/1/expiresOn', reason: 'a temporary item needs an expiry date' },
      { document: 'order-license', path: '/items/0/expiresOn', reason: 'a permanent item does not expire' },
      { document: 'order-license', path: '/items/0/expiresOn', reason: 'not a calendar date' },
    ]);
  });

  it('refuses a received order license whose term item has no expiry as PAYLOAD_INVALID', async () => {
    const { text } = await order();
    const undated = edited(text, (claims) => ({ ...claims, items: [{ product: 'studio', licenseType: 'bot-creator', quantity: 2, kind: 'term' }] }));
    await expectCode(openOrderLicense(undated, { now, customerId: 'cust-1' }), 'PAYLOAD_INVALID');
  });

  it('refuses an LRN that is not in its canonical form as PAYLOAD_INVALID', async () => {
    await expectCode(order({ lrn: lrn.toLowerCase() }), 'PAYLOAD_INVALID');
  });

  it.each([licenseFileRequestKind, offlineLicenseFileKind, activatedLicenseKind])('is refused when opened as $name', async (other) => {
    const { text } = await order();
    const error = await expectCode(
      openDocument(other, text, { now, audience: 'x', trust: authority.trust, recipient: createTestParty('site').encryptionKey }),
      'WRONG_DOCUMENT_KIND',
    );
    expect(error.detail).toEqual({ expected: other.name, found: 'order-license' });
  });

  it('cannot pass as an activated license even relabelled, by its typ', async () => {
    const { text } = await order();
    const relabelled = text.replaceAll('ORDER LICENSE', 'ACTIVATED LICENSE');
    const error = await expectCode(openDocument(activatedLicenseKind, relabelled, { now, audience: 'x', trust: authority.trust }), 'WRONG_DOCUMENT_KIND');
    expect(error.detail).toEqual({ expected: 'airlock-activated-license+jwt', found: 'airlock-order-license+jwt' });
  });
});

describe('license reference numbers', () => {
  it('are four groups of four Crockford base32 characters after LRN-, the same from the same random source', () => {
    expect({ lrn, again: generateLrn(seededRandom('lrn')), matches: LRN_PATTERN.test(lrn) }).toEqual({
      lrn: 'LRN-AVWM-83JX-C7A9-NBD9',
      again: lrn,
      matches: true,
    });
  });

  it('come out canonical from any 80 random bits, and survive being retyped in lower case with spaces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const generated = generateLrn({ bytes: () => bytes });
        const retyped = generated.toLowerCase().replaceAll('-', ' ');
        return LRN_PATTERN.test(generated) && normalizeLrn(retyped) === generated;
      }),
    );
  });

  it('read O as zero and I or L as one, and refuse what cannot be an LRN', () => {
    const readings = ['lrn-8r41-dpyq-obzf-ibqv', '8R4L DPYQ 0BZF 1BQV', 'LRN-8R41-DPYQ-0BZF-1BQ', 'LRN-8R41-DPYQ-0BZF-1BQU'].map(normalizeLrn);
    expect(readings).toEqual(['LRN-8R41-DPYQ-0BZF-1BQV', 'LRN-8R41-DPYQ-0BZF-1BQV', undefined, undefined]);
  });
});
