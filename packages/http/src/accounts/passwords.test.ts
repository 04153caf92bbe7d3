import { seededRandom } from '@airlock/core/testing';
import { describe, expect, it } from 'vitest';
import { argon2Hasher, hashPassword, TEST_HASHING, useHashingForTests, verifyAgainstDummy, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('keeps an argon2id hash that verifies the password and no other', async () => {
    const hash = await hashPassword('correct horse battery', seededRandom('salt'));
    // The salt comes from the random source, so a seeded one gives the same hash every run; hashes
    // stored by either server before keep verifying (the parameters are argon2's defaults).
    expect(hash).toBe('$argon2id$v=19$m=65536,p=4,t=3$Iyb0uNPMz9oDxbZqbuIYgg$HA03lwuiFTom3fXiFkh8Y6Breve32ZlKwra3KJEOeuY');
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery!')).toBe(false);
    expect(await argon2Hasher(TEST_HASHING).verify(hash, 'correct horse battery')).toBe(true);
  });

  it('never matches a malformed hash or the dummy', async () => {
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
    expect(await verifyAgainstDummy('airlock-dummy-password')).toBe(false);
    expect(await argon2Hasher(TEST_HASHING).verifyNothing('airlock-dummy-password')).toBe(false);
  });

  it('hashes with the parameters it is given, and names them in the hash', async () => {
    const hasher = argon2Hasher(TEST_HASHING);
    const hash = await hasher.hash('correct horse battery', seededRandom('salt'));
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
  });

  it("hashes with the parameters a test suite set for the process where none are named, and with argon2's defaults again after", async () => {
    try {
      useHashingForTests(TEST_HASHING);
      const light = await hashPassword('correct horse battery', seededRandom('salt'));
      expect(light).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
      expect(await verifyPassword(light, 'correct horse battery')).toBe(true);
      expect(await verifyAgainstDummy('airlock-dummy-password')).toBe(false);
    } finally {
      useHashingForTests({});
    }
    expect(await hashPassword('correct horse battery', seededRandom('salt'))).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
  });
});
