import { describe, expect, it } from 'vitest';
import { armor, dearmor } from '../encoding/armor.ts';
import { signCompact } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { alterEachCharacter, expectCode } from '../testing/tampering.ts';
import { createTestAuthority } from '../testing/test-parties.ts';
import { minutes } from '../time/duration.ts';
import {
  deviceCheckInReceiptKind,
  issueDeviceCheckInReceipt,
  openDeviceCheckInReceipt,
  type CheckInFacts,
  type DeviceCheckInReceipt,
} from './device-check-in-receipt.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const FINGERPRINT = 'mid:5f2b9c0e41d84a7bb3e6c1d2f0a9e8b7';
const REQUEST_ID = '0c8e7d6a-5b4f-4e3d-8c2b-1a0f9e8d7c6b';
const facts: CheckInFacts = { answers: REQUEST_ID, licenseId: 'lic-42', fingerprint: FINGERPRINT, activationId: 'act-9', status: 'active', revision: 3 };
const context = { now, trust: authority.trust, fingerprint: FINGERPRINT, licenseId: 'lic-42', answers: REQUEST_ID };

function receipt(overrides: Partial<CheckInFacts> = {}, signer = authority.signer) {
  return issueDeviceCheckInReceipt({ ...facts, ...overrides }, { now, random: seededRandom('receipt'), signer });
}

describe('device check-in receipt', () => {
  it('opens on the device with its exact claims', async () => {
    const issued = await receipt();
    const expected: DeviceCheckInReceipt = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `device:${FINGERPRINT}`,
      answers: [REQUEST_ID],
      licenseId: 'lic-42',
      fingerprint: FINGERPRINT,
      activationId: 'act-9',
      status: 'active',
      revision: 3,
    };
    expect(issued.text).toMatch(/^-----BEGIN AIRLOCK DEVICE CHECKIN RECEIPT-----\n/);
    expect((await openDeviceCheckInReceipt(issued.text, context)).claims).toEqual(expected);
  });

  it('carries a status later versions add, which the device reads as it is', async () => {
    expect((await openDeviceCheckInReceipt((await receipt({ status: 'suspended' })).text, context)).claims.status).toBe('suspended');
  });

  it('refuses a receipt made for another device', async () => {
    const other = await receipt({ fingerprint: 'fp-another-device' });
    await expectCode(openDeviceCheckInReceipt(other.text, context), 'WRONG_RECIPIENT');
  });

  it('refuses a receipt for another license of this device', async () => {
    await expectCode(openDeviceCheckInReceipt((await receipt({ licenseId: 'lic-7' })).text, context), 'WRONG_RECIPIENT');
  });

  it('refuses an old receipt played back: it answers an earlier request than the one just sent', async () => {
    const old = await receipt({ answers: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d' });
    const error = await expectCode(openDeviceCheckInReceipt(old.text, context), 'DOCUMENT_REPLAYED');
    expect(error.detail).toMatchObject({ id: old.claims.jti, expected: REQUEST_ID });
  });

  it('refuses a receipt issued ahead of the device clock', async () => {
    const later = await issueDeviceCheckInReceipt(facts, {
      now: new Date(now.getTime() + minutes(10)),
      random: seededRandom('later'),
      signer: authority.signer,
    });
    await expectCode(openDeviceCheckInReceipt(later.text, context), 'DOCUMENT_FROM_FUTURE');
  });

  it('refuses a receipt signed by another authority than the pinned root', async () => {
    const impostor = await createTestAuthority('impostor');
    await expectCode(openDeviceCheckInReceipt((await receipt({}, impostor.signer)).text, context), 'KEY_CERTIFICATE_INVALID');
  });

  it('refuses a receipt whose claims were changed after signing', async () => {
    const { body } = dearmor((await receipt()).text);
    const [header, , signature] = body.split('.');
    const payload = Buffer.from(JSON.stringify({ ...(await receipt()).claims, iat: 1795428000 + 86_400 * 30 })).toString('base64url');
    await expectCode(openDeviceCheckInReceipt(armor(deviceCheckInReceiptKind.label, `${header}.${payload}.${signature}`), context), 'SIGNATURE_INVALID');
  });

  it('refuses any one character changed', async () => {
    const { text } = await receipt();
    const { accepted, foreign } = await alterEachCharacter(text, (altered) => openDeviceCheckInReceipt(altered, context));
    expect({ accepted, foreign }).toEqual({ accepted: [], foreign: [] });
  });

  it('refuses a receipt signed by the right key with claims outside the format', async () => {
    const claims = { ...(await receipt()).claims, status: 'Active; rm -rf' };
    const header = { typ: deviceCheckInReceiptKind.typ, kid: authority.signer.key.kid, cert: authority.signer.certificate };
    const text = armor(deviceCheckInReceiptKind.label, await signCompact(header, claims, authority.signer.key.privateKey));
    await expectCode(openDeviceCheckInReceipt(text, context), 'PAYLOAD_INVALID');
  });
});
