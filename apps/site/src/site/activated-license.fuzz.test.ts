import { allErrorCodes, armor, dearmor, isAirlockError } from '@airlock/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../testing/site-fixtures.ts';
import { item, TestActivationDesk } from '../testing/activated-license-testing.ts';

/**
 * What a broken USB stick or an attacker can hand the site instead of an activated license:
 * random text, random armour, truncations, altered characters, values that are not text. Each
 * must be refused with a registered code and change nothing: not the license, not the ledger.
 */
describe('installing a malformed activated license', () => {
  let test: TestSite;
  let next: string;
  let body: string;

  beforeAll(async () => {
    test = await createTestSite({ tenants: ['blue', 'green'] });
    const desk = new TestActivationDesk(test.desk.authority, test.clock);
    const blue = test.site.tenants()[0]!.registrationKey;
    await test.site.installActivatedLicense((await desk.activate(blue, [item('bot-runner', 5)])).text);
    next = (await desk.activate(blue, [item('bot-runner', 50)])).text;
    body = dearmor(next).body;
  });

  async function expectNothingChanged(input: unknown, tenant?: string): Promise<void> {
    const before = { sequence: test.site.info().ledger.sequence, blue: test.site.status('blue'), green: test.site.status('green') };
    let code: string | undefined;
    try {
      await test.site.installActivatedLicense(input, { tenant });
    } catch (error) {
      if (!isAirlockError(error)) throw error;
      code = error.code;
    }
    expect(code, 'the input was accepted').toBeDefined();
    expect(allErrorCodes).toContain(code);
    expect({ sequence: test.site.info().ledger.sequence, blue: test.site.status('blue'), green: test.site.status('green') }).toEqual(before);
  }

  it('refuses random text and random armour', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 2000 }), fc.constantFrom(undefined, 'blue', 'green'), async (noise, tenant) => {
        await expectNothingChanged(noise, tenant);
        await expectNothingChanged(`-----BEGIN AIRLOCK ACTIVATED LICENSE-----\n${noise}\n-----END AIRLOCK ACTIVATED LICENSE-----\n`, tenant);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses every truncation and every altered character of a genuine, newer license', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: body.length - 1 }), fc.constantFrom(...alphabet), async (at, replacement) => {
        await expectNothingChanged(armor('ACTIVATED LICENSE', body.slice(0, at) || 'A'));
        if (body[at] !== replacement) await expectNothingChanged(armor('ACTIVATED LICENSE', `${body.slice(0, at)}${replacement}${body.slice(at + 1)}`));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses values that are not text at all', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object(), fc.array(fc.string())), async (value) => {
        await expectNothingChanged(value);
      }),
      { numRuns: 50 },
    );
  });

  it('still takes the genuine license after all of that', async () => {
    expect(await test.site.installActivatedLicense(next)).toMatchObject({
      tenant: 'blue',
      revision: 2,
      entitlements: [{ licenseType: 'bot-runner', quantity: 55 }],
    });
  });
});
