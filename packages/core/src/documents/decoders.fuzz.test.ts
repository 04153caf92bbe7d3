import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AirlockError } from '../errors/airlock-error.ts';
import { isAirlockError } from '../errors/airlock-error.ts';
import { allErrorCodes } from '../errors/error-codes.ts';
import { armor, dearmor, MAX_DOCUMENT_CHARS } from '../encoding/armor.ts';
import { encryptCompact, signCompact, unsecuredCompact } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { buildSampleScenario, type SampleDocument } from '../testing/sample-documents.ts';
import { encryptedTyp } from './document-kind.ts';
import {
  activationCodeSecret,
  checkActivationCode,
  checkDeactivationCode,
  checkInitializationCode,
  makeInitializationCode,
  verifyActivationCode,
  verifyDeactivationCode,
} from './activation-codes.ts';

/**
 * Every decoder, fed what an attacker or a broken USB stick can produce: random text, random
 * armour, truncations, bit flips, oversized and wrongly-typed input, documents of another
 * kind, and — past a valid signature — arbitrary claims. Each must end in an AirlockError with
 * a registered code: never another exception, never a hang, never an acceptance of a change.
 */
const scenario = await buildSampleScenario('fuzz');
const { documents, keys, authority, site, device } = scenario;

async function outcome(document: SampleDocument, input: unknown): Promise<'accepted' | AirlockError> {
  try {
    await document.open(input);
    return 'accepted';
  } catch (error) {
    if (!isAirlockError(error)) throw error;
    expect(allErrorCodes).toContain(error.code);
    return error;
  }
}

async function expectRefused(document: SampleDocument, input: unknown): Promise<AirlockError> {
  const result = await outcome(document, input);
  expect(result).not.toBe('accepted');
  return result as AirlockError;
}

const byKind = documents.map((document) => [document.name ?? document.kind.name, document] as const);

describe.each(byKind)('decoding a %s', (_name, document) => {
  const body = dearmor(document.text).body;

  it('accepts the genuine document', async () => {
    expect(await outcome(document, document.text)).toBe('accepted');
  });

  it('refuses random text and random armour with a registry error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 2000 }), async (noise) => {
        await expectRefused(document, noise);
        await expectRefused(document, `-----BEGIN AIRLOCK ${document.kind.label}-----\n${noise}\n-----END AIRLOCK ${document.kind.label}-----`);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses every truncation', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: body.length - 1 }), async (cut) => {
        await expectRefused(document, armor(document.kind.label, body.slice(0, cut) || 'A'));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses any change of one to four characters of the body', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const edit = fc.record({ at: fc.integer({ min: 0, max: body.length - 1 }), to: fc.constantFrom(...alphabet) });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        const chars = [...body];
        for (const { at, to } of edits) chars[at] = to;
        const changed = chars.join('');
        // An unsigned order license has no signature to break: only its structure is checked.
        if (changed === body || document.kind.signer === 'none') return;
        // Changing padding-free base64url's last character can leave the bytes intact; the
        // strict decoder refuses such non-canonical spellings, so every change must be refused.
        await expectRefused(document, armor(document.kind.label, changed));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses oversized and wrongly-typed input', async () => {
    expect((await expectRefused(document, 'A'.repeat(MAX_DOCUMENT_CHARS + 1))).code).toBe('DOCUMENT_TOO_LARGE');
    for (const input of [undefined, null, 42, {}, [], Buffer.from(document.text), { text: document.text }]) {
      expect((await expectRefused(document, input)).code).toBe('DOCUMENT_MALFORMED');
    }
  });

  it.each(byKind.filter(([, other]) => other.kind.name !== document.kind.name))('is never accepted as a %s', async (_other, other) => {
    expect((await expectRefused(other, document.text)).code).toBe('WRONG_DOCUMENT_KIND');
    const relabelled = armor(other.kind.label, body);
    expect(['WRONG_DOCUMENT_KIND', 'DOCUMENT_MALFORMED']).toContain((await expectRefused(other, relabelled)).code);
  });

  it('refuses arbitrary claims behind a valid signature with a registry error', async () => {
    const claims = document.claims as Record<string, unknown>;
    const mutation = fc.oneof(
      fc.record({ field: fc.constantFrom(...Object.keys(claims)), value: fc.jsonValue({ maxDepth: 3 }) }),
      fc.record({ field: fc.string({ maxLength: 12 }), value: fc.jsonValue({ maxDepth: 2 }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async ({ field, value }) => {
        const mutated = { ...claims, [field]: value };
        // Accepted (the change happened to stay valid and addressed to the reader) or refused
        // with a registry code: `outcome` fails the test on any other exception.
        await outcome(document, await seal(document, mutated));
      }),
      { numRuns: 80 },
    );
  });
});

describe.each(byKind.filter(([, document]) => 'license' in document.claims))('decoding the license a %s carries', (_name, document) => {
  const claims = document.claims as Record<string, unknown> & { license: string };
  const [licenseHeader, licensePayload] = claims.license.split('.') as [string, string];
  const header = JSON.parse(Buffer.from(licenseHeader, 'base64url').toString('utf8')) as Record<string, unknown>;
  const licenseClaims = JSON.parse(Buffer.from(licensePayload, 'base64url').toString('utf8')) as Record<string, unknown>;

  it('refuses arbitrary license claims behind a valid authority signature with a registry error', async () => {
    const mutation = fc.oneof(
      fc.record({ field: fc.constantFrom(...Object.keys(licenseClaims)), value: fc.jsonValue({ maxDepth: 3 }) }),
      fc.record({ field: fc.string({ maxLength: 12 }), value: fc.jsonValue({ maxDepth: 2 }) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async ({ field, value }) => {
        const license = await signCompact(header, { ...licenseClaims, [field]: value }, authority.signingKey.privateKey);
        // The site's signature over the lease is genuine: only the license it carries decides.
        await outcome(document, await seal(document, { ...claims, license }));
      }),
      { numRuns: 80 },
    );
  });
});

describe('decoding typed activation codes', () => {
  const secret = activationCodeSecret(new Uint8Array(32), 'fuzz');
  const initialization = makeInitializationCode('H8XSEV4M', seededRandom('fuzz-code'));
  const typed = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZoOiIlLu- \u2013'), minLength: 14, maxLength: 26 }),
    fc.jsonValue({ maxDepth: 2 }),
  );

  it('refuses anything that is not a code with ACTIVATION_CODE_INVALID, and never accepts a forged activation or deactivation', () => {
    fc.assert(
      fc.property(typed, (input) => {
        for (const check of [checkInitializationCode, checkActivationCode, checkDeactivationCode]) {
          const read = check(input);
          if (!read.ok) expect(read.code).toBe('ACTIVATION_CODE_INVALID');
        }
        const activation = checkActivationCode(input);
        if (activation.ok) expect(verifyActivationCode(activation.value, { secret, initialization, codeFeatures: ['a', 'b'] }).ok).toBe(false);
        const deactivation = checkDeactivationCode(input);
        if (deactivation.ok) expect(verifyDeactivationCode(deactivation.value, secret, initialization).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Signs (and encrypts) claims exactly as the document's genuine issuer would. */
async function seal(document: SampleDocument, claims: object): Promise<string> {
  const { kind } = document;
  let compact: string;
  if (kind.signer === 'none') compact = unsecuredCompact({ typ: kind.typ }, claims);
  else if (kind.signer === 'authority') {
    compact = await signCompact({ typ: kind.typ, kid: authority.signingKey.kid, cert: authority.signer.certificate }, claims, authority.signingKey.privateKey);
  } else {
    const own = kind.signer === 'site' ? site.signingKey : device.signingKey;
    compact = await signCompact({ typ: kind.typ, kid: own.kid, jwk: own.publicJwk }, claims, own.privateKey);
  }
  if (document.encryptedTo) {
    const recipient = keys[document.encryptedTo];
    compact = await encryptCompact(
      { typ: encryptedTyp(kind), cty: kind.typ, kid: recipient.kid },
      compact,
      recipient.publicKey,
      seededRandom(JSON.stringify(claims)),
    );
  }
  return armor(kind.label, compact);
}
