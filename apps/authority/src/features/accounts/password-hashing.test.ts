import { seededRandom } from '@airlock/core/testing';
import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyAgainstDummy, verifyPassword } from './password-hashing.ts';

describe('password hashing', () => {
  it('keeps an argon2id hash that verifies the password and no other', async () => {
    const hash = await hashPassword('correct horse battery', seededRandom('salt'));
    // The salt comes from the random source, so a seeded one gives the same hash every run.
    expect(hash).toBe('$argon2id$v=19$m=65536,p=4,t=3$Iyb0uNPMz9oDxbZqbuIYgg$HA03lwuiFTom3fXiFkh8Y6Breve32ZlKwra3KJEOeuY');
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery!')).toBe(false);
  });

  it('never matches a malformed hash or the dummy', async () => {
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
    expect(await verifyAgainstDummy('airlock-dummy-password')).toBe(false);
  });

  it('generates typable one-time passwords of 25 characters in five groups, from the random source', () => {
    const password = generatePassword(seededRandom('first admin'));
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){4}$/);
    expect(password).not.toMatch(/[01lIoO]/);
    expect(generatePassword(seededRandom('first admin'))).toBe(password);
    expect(generatePassword(seededRandom('another'))).not.toBe(password);
  });

  it('draws without bias even from a source that gives only unusable bytes at first', () => {
    let calls = 0;
    const random = { bytes: (n: number) => new Uint8Array(n).fill(calls++ === 0 ? 255 : 0) };
    expect(generatePassword(random)).toBe('aaaaa-aaaaa-aaaaa-aaaaa-aaaaa');
  });
});
