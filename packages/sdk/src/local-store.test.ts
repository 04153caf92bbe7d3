import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStoreSalt, readStore, sealStore, unsealStore, writeFileAtomically } from './local-store.ts';
import type { StoreState } from './store-state.ts';

const binding = { product: 'studio', fingerprint: 'device-a' };
const state: StoreState = {
  v: 1,
  product: 'studio',
  fingerprint: 'device-a',
  keys: { signing: 'A'.repeat(43), encryption: 'B'.repeat(43) },
  latestSeen: 1_795_000_000_000,
  revocations: null,
  pendingRequests: [],
  activation: null,
  variables: [{ name: 'last-project', value: 'turbine-7' }],
};

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'airlock-store-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('the sealed store', () => {
  const salt = newStoreSalt();
  const sealed = sealStore(state, binding, salt);

  it('opens to the state it sealed, and shows none of it in clear', () => {
    expect(unsealStore(sealed, binding)).toEqual({ kind: 'ok', state, salt });
    expect(sealed).not.toContain('turbine');
    expect(sealed).not.toContain('device-a');
  });

  it('uses a fresh IV at every write', () => {
    expect(sealStore(state, binding, salt)).not.toBe(sealed);
  });

  it('is STORE_TAMPERED after any one byte changes, wherever it is', () => {
    const bytes = Buffer.from(sealed);
    const kinds = new Set<string>();
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] = altered[i]! ^ 0x01;
      kinds.add(unsealStore(altered.toString('latin1'), binding).kind);
    }
    expect([...kinds]).toEqual(['tampered']);
  });

  it('tells a store from another device or product apart from an edited one', () => {
    expect(unsealStore(sealed, { ...binding, fingerprint: 'device-b' })).toEqual({ kind: 'wrong-device', reason: 'the store was made on another device' });
    expect(unsealStore(sealed, { ...binding, product: 'other' })).toMatchObject({ kind: 'wrong-device' });
  });

  it('is STORE_TAMPERED when sealed contents are not a store state', () => {
    const wrong = sealStore({ ...state, latestSeen: -1 }, binding, salt);
    expect(unsealStore(wrong, binding)).toMatchObject({ kind: 'tampered', reason: expect.stringContaining('latestSeen') as string });
  });

  it('reads any text without throwing, as tampered or wrong-device', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.string().map((s) => sealed.slice(0, s.length) + s),
        ),
        (text) => {
          expect(['tampered', 'wrong-device']).toContain(unsealStore(text, binding).kind);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('writing the store', () => {
  it('replaces the file whole, readable by the user only, and leaves no temporary file', async () => {
    const path = join(directory, 'nested', 'studio.license');
    await writeFileAtomically(path, 'first\n');
    await writeFileAtomically(path, 'second\n');
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect(await readdir(join(directory, 'nested'))).toEqual(['studio.license']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reads a missing store as missing', async () => {
    expect(await readStore(join(directory, 'none.license'), binding)).toEqual({ kind: 'missing' });
  });
});
