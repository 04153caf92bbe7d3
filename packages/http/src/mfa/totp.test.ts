import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from './base32.ts';
import { hotp, otpauthUri, totpCode, totpStep, verifyTotp } from './totp.ts';

/** RFC 6238 Appendix B: the seeds are ASCII digits, one length per hash. */
const seeds = {
  sha1: Buffer.from('12345678901234567890', 'ascii'),
  sha256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};
const vectors: readonly [number, string, keyof typeof seeds, string][] = [
  [59, '1970-01-01T00:00:59Z', 'sha1', '94287082'],
  [59, '1970-01-01T00:00:59Z', 'sha256', '46119246'],
  [59, '1970-01-01T00:00:59Z', 'sha512', '90693936'],
  [1111111109, '2005-03-18T01:58:29Z', 'sha1', '07081804'],
  [1111111109, '2005-03-18T01:58:29Z', 'sha256', '68084774'],
  [1111111109, '2005-03-18T01:58:29Z', 'sha512', '25091201'],
  [1111111111, '2005-03-18T01:58:31Z', 'sha1', '14050471'],
  [1234567890, '2009-02-13T23:31:30Z', 'sha1', '89005924'],
  [1234567890, '2009-02-13T23:31:30Z', 'sha256', '91819424'],
  [2000000000, '2033-05-18T03:33:20Z', 'sha1', '69279037'],
  [2000000000, '2033-05-18T03:33:20Z', 'sha512', '38618901'],
  [20000000000, '2603-10-11T11:33:20Z', 'sha1', '65353130'],
  [20000000000, '2603-10-11T11:33:20Z', 'sha256', '77737706'],
  [20000000000, '2603-10-11T11:33:20Z', 'sha512', '47863826'],
];

/** HOTP written again from RFC 4226 with Web Crypto, sharing nothing with totp.ts. */
async function independentTotp(secret: Uint8Array, unixSeconds: number): Promise<string> {
  const counter = new DataView(new ArrayBuffer(8));
  const step = Math.floor(unixSeconds / 30);
  counter.setUint32(0, Math.floor(step / 2 ** 32));
  counter.setUint32(4, step >>> 0);
  const key = await webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await webcrypto.subtle.sign('HMAC', key, counter.buffer));
  const offset = mac[19]! & 0xf;
  const value = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(value % 1_000_000).padStart(6, '0');
}

describe('TOTP', () => {
  it.each(vectors)('matches the RFC 6238 test vector at %i s (%s, %s)', (seconds, iso, algorithm, expected) => {
    const at = new Date(iso);
    expect(at.getTime()).toBe(seconds * 1000);
    expect(hotp(seeds[algorithm], totpStep(at), 8, algorithm)).toBe(expected);
  });

  it('matches the RFC 4226 HOTP test values for the first counters', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(seeds.sha1, counter))).toEqual(expected);
  });

  it('gives the code an independent computation gives, for random secrets and moments', async () => {
    for (let round = 0; round < 50; round++) {
      const secret = webcrypto.getRandomValues(new Uint8Array(20));
      const seconds = Math.floor(Math.random() * 4_000_000_000);
      expect(totpCode(secret, new Date(seconds * 1000))).toBe(await independentTotp(secret, seconds));
    }
  });

  it('accepts the code of the current step and of one step either side, not two', () => {
    const now = new Date('2026-11-23T10:00:15Z');
    const step = totpStep(now);
    expect(verifyTotp(seeds.sha1, hotp(seeds.sha1, step), now, null)).toEqual({ ok: true, step });
    expect(verifyTotp(seeds.sha1, hotp(seeds.sha1, step - 1), now, null)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(seeds.sha1, hotp(seeds.sha1, step + 1), now, null)).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(seeds.sha1, hotp(seeds.sha1, step - 2), now, null)).toEqual({ ok: false, code: 'MFA_CODE_INVALID' });
    expect(verifyTotp(seeds.sha1, hotp(seeds.sha1, step + 2), now, null)).toEqual({ ok: false, code: 'MFA_CODE_INVALID' });
  });

  it('refuses a code of the step last used, or an earlier one, as reused', () => {
    const now = new Date('2026-11-23T10:00:15Z');
    const step = totpStep(now);
    expect(verifyTotp(seeds.sha1, hotp(seeds.sha1, step), now, step)).toEqual({ ok: false, code: 'MFA_CODE_REUSED' });
    expect(verifyTotp(seeds.sha1, hotp(seeds.sha1, step - 1), now, step)).toEqual({ ok: false, code: 'MFA_CODE_REUSED' });
    expect(verifyTotp(seeds.sha1, hotp(seeds.sha1, step + 1), now, step)).toEqual({ ok: true, step: step + 1 });
  });

  it('refuses what is not six digits, and allows the space apps show', () => {
    const now = new Date('2026-11-23T10:00:15Z');
    const code = totpCode(seeds.sha1, now);
    expect(verifyTotp(seeds.sha1, `${code.slice(0, 3)} ${code.slice(3)}`, now, null).ok).toBe(true);
    expect(verifyTotp(seeds.sha1, code.slice(1), now, null)).toEqual({ ok: false, code: 'MFA_CODE_INVALID' });
    expect(verifyTotp(seeds.sha1, 'abcdef', now, null)).toEqual({ ok: false, code: 'MFA_CODE_INVALID' });
  });
});

describe('base32 and the otpauth URI', () => {
  it('encodes the RFC 4648 test vectors', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of cases) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(Buffer.from(base32Decode(encoded.toLowerCase()) ?? []).toString()).toBe(plain);
    }
    expect(base32Decode('MZ1W6')).toBeNull();
  });

  it('names the issuer and the account and carries the parameters', () => {
    expect(otpauthUri({ issuer: 'Airlock site', account: 'ada@example.com', secret: seeds.sha1 })).toBe(
      'otpauth://totp/Airlock%20site:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Airlock%20site&algorithm=SHA1&digits=6&period=30',
    );
  });
});
