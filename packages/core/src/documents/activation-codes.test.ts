import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.ts';
import {
  activationCodeSecret,
  checkActivationCode,
  checkDeactivationCode,
  checkInitializationCode,
  CODE_FEATURE_LIMIT,
  deriveCodeDeviceId,
  issueActivationCode,
  issueDeactivationCode,
  LAST_CODE_DAY,
  licenseKeyDigest,
  makeInitializationCode,
  verifyActivationCode,
  verifyDeactivationCode,
  type InitializationCode,
} from './activation-codes.ts';
import { parseLicenseKey } from './license-key.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The vectors of docs/formats.md §7.2, for other implementations. */
const KEY = parseLicenseKey('J7AB2-2XN31-7QVKK-CSC4J-SZZS4');
const SUBJECT = { product: 'studio', fingerprint: 'fp-lab-pc-4', deviceKeyThumbprint: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k' };
const SECRET = activationCodeSecret(licenseKeyDigest(KEY), 'studio');
const INIT = makeInitializationCode(deriveCodeDeviceId(SUBJECT), seededRandom('initialization-code'));
const CODE_FEATURES = ['batch', 'export'];
const ACTIVATION = issueActivationCode({
  secret: SECRET,
  initialization: INIT,
  validUntil: new Date('2027-11-23T12:00:00Z'),
  features: ['export'],
  codeFeatures: CODE_FEATURES,
});

const symbolsOf = (code: string) => [...code.replaceAll('-', '')].map((char) => ALPHABET.indexOf(char));
const textOf = (symbols: readonly number[]) => symbols.map((s) => ALPHABET[s]).join('');
const randomInit = fc
  .tuple(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.uint8Array({ minLength: 4, maxLength: 4 }))
  .map(([id, nonce]): InitializationCode =>
    makeInitializationCode(textOf(Array.from({ length: 8 }, (_, i) => (id[Math.floor((i * 5) / 8)]! >> (i % 3)) & 31)), {
      bytes: () => Uint8Array.from(nonce),
    }),
  );

/** Every single-symbol substitution and every swap of two different neighbours, as typed text. */
function everyTypo(code: string): string[] {
  const symbols = symbolsOf(code);
  const typos: string[] = [];
  for (let at = 0; at < symbols.length; at++) {
    for (let other = 0; other < 32; other++) if (other !== symbols[at]) typos.push(textOf(symbols.with(at, other)));
    if (at + 1 < symbols.length && symbols[at] !== symbols[at + 1]) typos.push(textOf(symbols.with(at, symbols[at + 1]!).with(at + 1, symbols[at]!)));
  }
  return typos;
}

describe('typed activation codes', () => {
  it('give the documented vectors', () => {
    expect(deriveCodeDeviceId(SUBJECT)).toBe('H8XSEV4M');
    expect(Buffer.from(SECRET).toString('hex')).toBe('bf5ac7e28234bdffcf921560b3d0fb78a0132ad8ec137c387961596daccce264');
    expect(INIT).toEqual({ text: '1H8X-SEV4-MAPP-JY4V', deviceId: 'H8XSEV4M', nonce: 'APPJY4' });
    expect(ACTIVATION).toEqual({ text: '20MMT0-002Q9W-4X21YV', validUntil: new Date('2027-11-24T00:00:00Z'), features: ['export'] });
    expect(issueDeactivationCode(SECRET, INIT)).toBe('3APP-JY4Q-P9DR-2ZR6');
  });

  it('read back whatever was made, however a person types them', () => {
    const typed = (text: string) => [
      text,
      text.toLowerCase(),
      text.replaceAll('-', ' '),
      text.replaceAll('-', ''),
      text.replaceAll('0', 'o').replaceAll('1', 'l'),
    ];
    for (const text of typed(INIT.text)) expect(checkInitializationCode(text)).toEqual({ ok: true, value: INIT });
    for (const text of typed(ACTIVATION.text))
      expect(checkActivationCode(text)).toEqual({ ok: true, value: { text: ACTIVATION.text, endDay: 21146, featureMask: 2, mac: 'Q9W4X21Y' } });
    for (const text of typed('3APP-JY4Q-P9DR-2ZR6'))
      expect(checkDeactivationCode(text)).toEqual({ ok: true, value: { text: '3APP-JY4Q-P9DR-2ZR6', nonce: 'APPJY4', mac: 'QP9DR2ZR' } });
  });

  it('round-trip any device, nonce, end and features, and verify only against their own initialization code', () => {
    const features = fc.subarray(Array.from({ length: CODE_FEATURE_LIMIT }, (_, i) => `feature-${i}`));
    const codeFeatures = Array.from({ length: CODE_FEATURE_LIMIT }, (_, i) => `feature-${i}`);
    fc.assert(
      fc.property(randomInit, randomInit, features, fc.option(fc.integer({ min: 1, max: LAST_CODE_DAY * 86_400_000 })), (init, other, granted, end) => {
        expect(checkInitializationCode(init.text)).toEqual({ ok: true, value: init });
        const issued = issueActivationCode({
          secret: SECRET,
          initialization: init,
          validUntil: end === null ? null : new Date(end),
          features: granted,
          codeFeatures,
        });
        const read = checkActivationCode(issued.text);
        if (!read.ok) throw new Error(read.code);
        expect(verifyActivationCode(read.value, { secret: SECRET, initialization: init, codeFeatures })).toEqual({
          ok: true,
          value: { validUntil: issued.validUntil, features: granted },
        });
        expect(issued.validUntil === null ? end === null : issued.validUntil.getTime() >= end! && issued.validUntil.getTime() - end! < 86_400_000).toBe(true);
        if (other.text !== init.text) expect(verifyActivationCode(read.value, { secret: SECRET, initialization: other, codeFeatures }).ok).toBe(false);
        const deactivation = checkDeactivationCode(issueDeactivationCode(SECRET, init));
        if (!deactivation.ok) throw new Error(deactivation.code);
        expect(verifyDeactivationCode(deactivation.value, SECRET, init)).toEqual({ ok: true, value: undefined });
      }),
      { numRuns: 200 },
    );
  });

  it('catch every single mistyped character and every swap of two different neighbours with the check symbol', () => {
    const cases = [
      [INIT.text, checkInitializationCode],
      [ACTIVATION.text, checkActivationCode],
      ['3APP-JY4Q-P9DR-2ZR6', checkDeactivationCode],
    ] as const;
    for (const [text, check] of cases) {
      const typos = everyTypo(text);
      expect(typos.length).toBeGreaterThan(31 * 16);
      expect(typos.filter((typo) => check(typo).ok)).toEqual([]);
    }
  });

  it('refuse a code of another kind, a wrong length and a foreign character, saying which kind was expected', () => {
    expect(checkInitializationCode('3APP-JY4Q-P9DR-2ZR6')).toEqual({
      ok: false,
      code: 'ACTIVATION_CODE_INVALID',
      detail: { kind: 'initialization', reason: 'this is a deactivation code', found: 'deactivation' },
    });
    expect(checkDeactivationCode(INIT.text)).toEqual({
      ok: false,
      code: 'ACTIVATION_CODE_INVALID',
      detail: { kind: 'deactivation', reason: 'this is an initialization code', found: 'initialization' },
    });
    expect(checkActivationCode(INIT.text)).toEqual({
      ok: false,
      code: 'ACTIVATION_CODE_INVALID',
      detail: { kind: 'activation', reason: 'wrong length', expected: 18, found: 16 },
    });
    expect(checkActivationCode('20MMT0-002Q9W-4X21YU')).toEqual({
      ok: false,
      code: 'ACTIVATION_CODE_INVALID',
      detail: { kind: 'activation', reason: 'unexpected character', character: 'U', index: 19 },
    });
    expect(checkInitializationCode(42)).toEqual({ ok: false, code: 'ACTIVATION_CODE_INVALID', detail: { kind: 'initialization', reason: 'not text' } });
  });

  it('refuse an activation code under another key, another order of code features, or a bit beyond them', () => {
    const read = checkActivationCode(ACTIVATION.text);
    if (!read.ok) throw new Error(read.code);
    const mismatch = { ok: false, code: 'ACTIVATION_CODE_MISMATCH', detail: { initializationCode: INIT.text } };
    const otherKey = activationCodeSecret(licenseKeyDigest(parseLicenseKey('J7AB2-2XN31-7QVKK-CSC4J-SZZS4')), 'other-product');
    expect(verifyActivationCode(read.value, { secret: otherKey, initialization: INIT, codeFeatures: CODE_FEATURES })).toEqual(mismatch);
    expect(verifyActivationCode(read.value, { secret: SECRET, initialization: INIT, codeFeatures: ['export', 'batch'] })).toEqual(mismatch);
    expect(verifyActivationCode(read.value, { secret: SECRET, initialization: INIT, codeFeatures: ['batch'] })).toEqual(mismatch);
    const deactivation = checkDeactivationCode(issueDeactivationCode(otherKey, INIT));
    if (!deactivation.ok) throw new Error(deactivation.code);
    expect(verifyDeactivationCode(deactivation.value, SECRET, INIT)).toEqual(mismatch);
  });

  it('carry only the first twenty code features, a license without end as day 0, and an end past the last day as that day', () => {
    const many = Array.from({ length: 25 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const issued = issueActivationCode({
      secret: SECRET,
      initialization: INIT,
      validUntil: null,
      features: ['f00', 'f19', 'f20', 'unknown'],
      codeFeatures: many,
    });
    expect(issued).toMatchObject({ validUntil: null, features: ['f00', 'f19'] });
    expect(checkActivationCode(issued.text)).toMatchObject({ ok: true, value: { endDay: 0, featureMask: 0b1000_0000_0000_0000_0001 } });
    const late = issueActivationCode({ secret: SECRET, initialization: INIT, validUntil: new Date('9999-12-31T00:00:00Z'), features: [], codeFeatures: [] });
    expect(late.validUntil).toEqual(new Date(LAST_CODE_DAY * 86_400_000));
  });
});
