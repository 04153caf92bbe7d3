import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, isRecoveryCodeShaped, matchRecoveryCode, newRecoveryCodes } from './recovery-codes.ts';
import { otpauthQrSvg } from './qr.ts';

const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };

describe('recovery codes', () => {
  it('makes ten distinct codes in the XXXXX-XXXXX form', () => {
    const codes = newRecoveryCodes(random);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
  });

  it('finds the code among the stored hashes, typed in any case and with or without the dash', () => {
    const codes = newRecoveryCodes(random);
    const stored = codes.map(hashRecoveryCode);
    expect(matchRecoveryCode(stored, codes[3]!)).toBe(3);
    expect(matchRecoveryCode(stored, codes[3]!.toLowerCase().replace('-', ''))).toBe(3);
    expect(matchRecoveryCode(stored, 'AAAAA-AAAAA')).toBeNull();
    expect(matchRecoveryCode(stored, 'not a code')).toBeNull();
  });

  it('opens once: a used code (its hash set to null) no longer matches', () => {
    const codes = newRecoveryCodes(random);
    const stored: (string | null)[] = codes.map(hashRecoveryCode);
    const index = matchRecoveryCode(stored, codes[0]!);
    expect(index).toBe(0);
    stored[0] = null;
    expect(matchRecoveryCode(stored, codes[0]!)).toBeNull();
    expect(matchRecoveryCode(stored, codes[1]!)).toBe(1);
  });

  it('tells a recovery code from a TOTP code', () => {
    expect(isRecoveryCodeShaped('K3Q7D-MZ2PA')).toBe(true);
    expect(isRecoveryCodeShaped('123456')).toBe(false);
  });
});

describe('the enrolment QR code', () => {
  it('is an SVG drawn locally, holding no external reference', async () => {
    const svg = await otpauthQrSvg('otpauth://totp/Airlock:ada?secret=GEZDGNBVGY3TQOJQ&issuer=Airlock');
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('<path');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});
