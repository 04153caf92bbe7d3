import { isAirlockError } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import { describe, expect, it } from 'vitest';
import { checkedNewPasswordHash, generatePassword } from './one-time-passwords.ts';
import { argon2Hasher, TEST_HASHING } from './passwords.ts';

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return isAirlockError(error) ? error.code : String(error);
  }
};

describe('one-time passwords', () => {
  it('are typable, 25 characters in five groups, from the random source', () => {
    const password = generatePassword(seededRandom('first admin'));
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){4}$/);
    expect(password).not.toMatch(/[01lIoO]/);
    expect(generatePassword(seededRandom('first admin'))).toBe(password);
    expect(generatePassword(seededRandom('another'))).not.toBe(password);
  });

  it('are drawn without bias even from a source that gives only unusable bytes at first', () => {
    let calls = 0;
    const random = { bytes: (n: number) => new Uint8Array(n).fill(calls++ === 0 ? 255 : 0) };
    expect(generatePassword(random)).toBe('aaaaa-aaaaa-aaaaa-aaaaa-aaaaa');
  });
});

describe('a password change', () => {
  const passwords = argon2Hasher(TEST_HASHING);
  const random = seededRandom('change');

  it('hashes the new password once the current one matches', async () => {
    const account = { passwordHash: await passwords.hash('the current password', random), mustChangePassword: false };
    const hash = await checkedNewPasswordHash(passwords, account, { currentPassword: 'the current password', newPassword: 'a brand new password' }, random);
    expect(await passwords.verify(hash, 'a brand new password')).toBe(true);
  });

  it('refuses a wrong current password, after telling the server', async () => {
    const account = { passwordHash: await passwords.hash('the current password', random), mustChangePassword: false };
    let told = 0;
    const change = checkedNewPasswordHash(passwords, account, { currentPassword: 'a guess', newPassword: 'a brand new password' }, random, () => {
      told += 1;
    });
    expect(await codeOf(change)).toBe('INVALID_CREDENTIALS');
    expect(told).toBe(1);
  });

  it('refuses a one-time password kept as the new one, with its own code', async () => {
    const account = { passwordHash: await passwords.hash('k7QmZ-4hTrw-abcde-fghjk-mnpqr', random), mustChangePassword: true };
    const change = checkedNewPasswordHash(
      passwords,
      account,
      { currentPassword: 'k7QmZ-4hTrw-abcde-fghjk-mnpqr', newPassword: 'k7QmZ-4hTrw-abcde-fghjk-mnpqr' },
      random,
    );
    expect(await codeOf(change)).toBe('ONE_TIME_PASSWORD_REUSED');
    const chosen = await checkedNewPasswordHash(
      passwords,
      account,
      { currentPassword: 'k7QmZ-4hTrw-abcde-fghjk-mnpqr', newPassword: 'one of my own choosing' },
      random,
    );
    expect(await passwords.verify(chosen, 'one of my own choosing')).toBe(true);
  });

  it('refuses the current password as the new one', async () => {
    const account = { passwordHash: await passwords.hash('the current password', random), mustChangePassword: false };
    const change = checkedNewPasswordHash(passwords, account, { currentPassword: 'the current password', newPassword: 'the current password' }, random);
    expect(await codeOf(change)).toBe('REQUEST_INVALID');
  });
});
