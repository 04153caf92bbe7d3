import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../src/crypto/keys.ts';
import { leaseHeartbeatKey, verifyHeartbeatMac } from '../src/documents/floating-seat.ts';
import { AirlockError } from '../src/errors/airlock-error.ts';
import { buildSampleScenario } from '../src/testing/sample-documents.ts';
import { buildVectors, type Vector, type VectorFile } from './build-vectors.ts';

const vectorsPath = fileURLToPath(new URL('./vectors.json', import.meta.url));
const committed = JSON.parse(readFileSync(vectorsPath, 'utf8')) as VectorFile;
const scenario = await buildSampleScenario();
const openerFor = (kind: string) => (text: string) => scenario.documents.find((document) => document.kind.name === kind)!.open(text);

describe('the committed test vectors', () => {
  it('are exactly what the current code builds (regenerate with `npm run vectors -w @airlock/core`)', async () => {
    expect(JSON.parse(JSON.stringify(await buildVectors()))).toEqual(committed);
  });

  it('cover every kind of document', () => {
    expect(committed.vectors.map((vector) => vector.kind).sort()).toEqual(scenario.documents.map((document) => document.kind.name).sort());
  });

  it.each(committed.vectors.map((vector) => [vector.name, vector] as const))('%s opens to the stated claims', async (_name, vector) => {
    const opened = (await openerFor(vector.kind)(vector.text)) as { claims: object };
    expect(opened.claims).toEqual(vector.claims);
  });

  it.each(committed.invalid.map((vector) => [vector.name, vector] as const))('%s is refused with its stated code', async (_name, vector) => {
    const error: unknown = await openerFor(vector.kind)(vector.text).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AirlockError);
    expect((error as AirlockError).code).toBe(vector.expectedError);
  });

  it.each(committed.heartbeats.map((vector) => [vector.name, vector] as const))(
    '%s: both ends derive the stated key, and its MAC verifies',
    (_name, vector) => {
      const keyOf = (name: keyof VectorFile['keys']) => keyPairFromSeed(committed.keys[name].crv as 'X25519', Buffer.from(committed.keys[name].seed, 'hex'));
      const site = keyOf(vector.siteKey);
      const device = keyOf(vector.deviceKey);
      const atSite = leaseHeartbeatKey(site.privateKey, device.publicJwk, vector.leaseId);
      expect(leaseHeartbeatKey(device.privateKey, site.publicJwk, vector.leaseId).toString('hex')).toBe(vector.key);
      expect(atSite.toString('hex')).toBe(vector.key);
      const facts = { leaseId: vector.leaseId, nonce: vector.nonce, exp: vector.exp };
      expect(verifyHeartbeatMac(atSite, facts, vector.mac)).toBe(true);
      expect(verifyHeartbeatMac(atSite, { ...facts, exp: vector.exp + 1 }, vector.mac)).toBe(false);
    },
  );
});

/**
 * "Any JOSE implementation can verify it" is checked, not claimed: tools that share no code
 * with Airlock verify the vectors. CI installs them (.ci/run); a machine without them fails
 * here, by design, rather than skipping the check.
 */
describe('verification outside Airlock', () => {
  const work = mkdtempSync(join(tmpdir(), 'airlock-vectors-'));
  const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

  function signerOf(vector: Vector): { x: string } {
    if (vector.signer === 'site') return committed.keys.siteSigning.publicJwk as { x: string };
    if (vector.signer === 'device') return committed.keys.deviceSigning.publicJwk as { x: string };
    return committed.keys.authoritySigning.publicJwk as { x: string };
  }

  function opensslVerify(jws: string, publicX: string, name: string): boolean {
    const [header, payload, signature] = jws.split('.');
    const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([spkiPrefix, Buffer.from(publicX, 'base64url')]).toString('base64')}\n-----END PUBLIC KEY-----\n`;
    const files = { key: join(work, `${name}.pem`), input: join(work, `${name}.in`), sig: join(work, `${name}.sig`) };
    writeFileSync(files.key, pem);
    writeFileSync(files.input, `${header}.${payload}`);
    writeFileSync(files.sig, Buffer.from(signature!, 'base64url'));
    const result = spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', files.key, '-rawin', '-in', files.input, '-sigfile', files.sig], {
      encoding: 'utf8',
    });
    if (result.error) throw new Error(`openssl is needed for this check (Debian: apt-get install openssl): ${result.error.message}`);
    return result.status === 0 && result.stdout.includes('Signature Verified Successfully');
  }

  it('OpenSSL verifies the Ed25519 signature of every signed vector and of the signing key certificate', () => {
    const signed = committed.vectors.filter((vector) => vector.signer !== 'none');
    expect(signed.length).toBe(20);
    for (const vector of signed) expect([vector.name, opensslVerify(vector.jws, signerOf(vector).x, vector.kind)]).toEqual([vector.name, true]);
    const certificate = (JSON.parse(Buffer.from(committed.vectors[0]!.jws.split('.')[0]!, 'base64url').toString()) as { cert: string }).cert;
    expect(opensslVerify(certificate, (committed.keys.authorityRoot.publicJwk as { x: string }).x, 'certificate')).toBe(true);
  });

  it('OpenSSL refuses the vectors whose signature or claims were altered', () => {
    const altered = committed.invalid.filter((vector) => vector.expectedError === 'SIGNATURE_INVALID');
    expect(altered.length).toBeGreaterThanOrEqual(3);
    for (const vector of altered) expect([vector.name, opensslVerify(vector.jws, signerOf(vector).x, 'altered')]).toEqual([vector.name, false]);
  });

  it("Python's cryptography decrypts, walks the chain and verifies every vector, and refuses every invalid one", () => {
    const script = fileURLToPath(new URL('./verify_vectors.py', import.meta.url));
    const python = ['python3', '/usr/bin/python3'].find((candidate) => spawnSync(candidate, ['-c', 'import cryptography']).status === 0);
    if (!python) throw new Error('Python 3 with the cryptography package is needed for this check (Debian: apt-get install python3-cryptography)');
    const output = execFileSync(python, [script, vectorsPath], { encoding: 'utf8' });
    expect(output).toContain(`${committed.vectors.length} valid and ${committed.invalid.length} invalid vectors, 0 failures`);
    for (const heartbeat of committed.heartbeats) expect(output).toContain(`ok       ${heartbeat.name}`);
  });
});
