import { sign } from 'node:crypto';
import { bench, describe } from 'vitest';
import { buildSampleScenario } from '../src/testing/sample-documents.ts';
import { issueOfflineLicenseFile } from '../src/documents/offline-license-file.ts';
import { openLicenseFileRequest } from '../src/documents/license-file-request.ts';
import { seededRandom } from '../src/testing/seeded-random.ts';

/**
 * Issuing an OLF (sign, then encrypt to the site) next to the raw Ed25519 signature beneath it:
 * the authority does this once per site at every renewal.
 */
const scenario = await buildSampleScenario('bench');
const { authority, now } = scenario;
const lfrText = scenario.documents.find((document) => document.kind.name === 'license-file-request')!.text;
const lfr = await openLicenseFileRequest(lfrText, { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey });
const random = seededRandom('bench-issue');
const terms = { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', category: 'seat' as const, quantity: 5 }] };
const message = Buffer.from(JSON.stringify(lfr.claims));

describe('issue an Offline License File', () => {
  bench('baseline: raw Ed25519 sign (node:crypto)', () => {
    sign(null, message, authority.signingKey.privateKey);
  });
  bench('issueOfflineLicenseFile (sign + encrypt)', async () => {
    await issueOfflineLicenseFile(lfr, terms, { now, random, signer: authority.signer });
  });
});
