import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/airlock-error.ts';
import { dammOperation } from './damm-gf32.ts';
import { checkRegistrationKey, deriveRegistrationKey, parseRegistrationKey, registrationKeysEqual } from './registration-key.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const subject = { siteGuid: '0b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b', tenantId: 'default', siteKeyThumbprint: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k' };
const subjects = fc.record({ siteGuid: fc.uuid(), tenantId: fc.stringMatching(/^[a-z0-9-]{1,20}$/), siteKeyThumbprint: fc.base64String({ minLength: 4, maxLength: 44 }) });

describe('the check character', () => {
  it('runs on a quasigroup: every row and every column is a permutation (all 32×32)', () => {
    for (let x = 0; x < 32; x++) {
      expect(new Set(Array.from({ length: 32 }, (_, y) => dammOperation(x, y))).size).toBe(32);
      expect(new Set(Array.from({ length: 32 }, (_, y) => dammOperation(y, x))).size).toBe(32);
    }
  });

  it('is totally anti-symmetric: (c∘x)∘y = (c∘y)∘x only when x = y (all 32³ triples)', () => {
    let collisions = 0;
    for (let c = 0; c < 32; c++)
      for (let x = 0; x < 32; x++)
        for (let y = 0; y < 32; y++)
          if (x !== y && dammOperation(dammOperation(c, x), y) === dammOperation(dammOperation(c, y), x)) collisions++;
    expect(collisions).toBe(0);
  });
});

describe('Registration Keys', () => {
  it('are 16 characters in four groups of four, derived the same way every time', () => {
    const rk = deriveRegistrationKey(subject);
    expect(rk).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(deriveRegistrationKey({ ...subject, siteGuid: subject.siteGuid.toUpperCase() })).toBe(rk);
    expect(checkRegistrationKey(rk)).toEqual({ ok: true, value: rk });
  });

  it('differ per site, per tenant and per site key', () => {
    const rk = deriveRegistrationKey(subject);
    expect(deriveRegistrationKey({ ...subject, tenantId: 'acme' })).not.toBe(rk);
    expect(deriveRegistrationKey({ ...subject, siteGuid: '1b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b' })).not.toBe(rk);
    expect(deriveRegistrationKey({ ...subject, siteKeyThumbprint: 'other' })).not.toBe(rk);
  });

  it('catch every single mistyped character, at every position, with every other character', () => {
    fc.assert(
      fc.property(subjects, (s) => {
        const chars = deriveRegistrationKey(s).replaceAll('-', '');
        for (let at = 0; at < chars.length; at++) {
          for (const typo of ALPHABET) {
            if (typo === chars[at]) continue;
            const typed = chars.slice(0, at) + typo + chars.slice(at + 1);
            expect(checkRegistrationKey(typed)).toEqual({ ok: false, code: 'REGISTRATION_KEY_CHECKSUM', detail: {} });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('catch every swap of two different neighbouring characters, the check character included', () => {
    fc.assert(
      fc.property(subjects, (s) => {
        const chars = deriveRegistrationKey(s).replaceAll('-', '');
        for (let at = 0; at + 1 < chars.length; at++) {
          if (chars[at] === chars[at + 1]) continue;
          const typed = chars.slice(0, at) + chars[at + 1]! + chars[at]! + chars.slice(at + 2);
          expect(checkRegistrationKey(typed)).toEqual({ ok: false, code: 'REGISTRATION_KEY_CHECKSUM', detail: {} });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('forgive how people type: case, spaces, missing hyphens, O for 0 and I or L for 1', () => {
    const rk = deriveRegistrationKey(subject);
    const sloppy = ` ${rk.toLowerCase().replaceAll('-', ' ')} `.replaceAll('0', 'o').replaceAll('1', 'l');
    expect(parseRegistrationKey(sloppy)).toBe(rk);
    expect(parseRegistrationKey(rk.replaceAll('-', ''))).toBe(rk);
    expect(registrationKeysEqual(rk.toLowerCase(), rk)).toBe(true);
    expect(registrationKeysEqual(rk, deriveRegistrationKey({ ...subject, tenantId: 'acme' }))).toBe(false);
  });

  it('refuse a wrong length, foreign characters and non-text as malformed', () => {
    const rk = deriveRegistrationKey(subject);
    for (const typed of ['', rk.slice(0, -1), `${rk}7`, rk.replace(/.$/, 'U'), rk.replace(/.$/, '*'), 'x'.repeat(10_000), 42, null]) {
      const outcome = checkRegistrationKey(typed);
      expect(outcome.ok ? undefined : outcome.code).toBe('REGISTRATION_KEY_MALFORMED');
    }
    expect(() => parseRegistrationKey('nope')).toThrow(AirlockError);
  });

  it('never fail on arbitrary text with anything but the two RK codes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (typed) => {
        const outcome = checkRegistrationKey(typed);
        if (!outcome.ok) expect(['REGISTRATION_KEY_MALFORMED', 'REGISTRATION_KEY_CHECKSUM']).toContain(outcome.code);
      }),
    );
  });
});
