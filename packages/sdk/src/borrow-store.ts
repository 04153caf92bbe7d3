import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Fingerprint } from '@airlock/core/internal';
import { newStoreSalt, readSealedFile, sealFile, writeFileAtomically, type SealedFormat, type SealedRead, type StoreBinding } from './local-store.ts';

/**
 * The seats a device borrowed from sites (docs/floating.md, "Borrowing"), kept in a file of
 * their own, sealed like the license store (local-store.ts): encrypted under a key derived
 * from the device fingerprint, so a copy on another machine reads as STORE_WRONG_DEVICE and an
 * edited one as STORE_TAMPERED. The borrow files themselves are kept as the site signed them
 * and verified again at every start: the store only remembers them.
 */

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** One borrow file and what it was asked for. */
const StoredBorrow = Type.Object(
  {
    siteGuid: Type.String({ minLength: 1, maxLength: 64 }),
    tenant: Id,
    leaseId: Id,
    type: Id,
    user: Type.String({ minLength: 1, maxLength: 200 }),
    /** The borrow's end (NumericDate), as its file says. */
    exp: Count,
    /** The armoured borrow file. */
    file: Type.String({ maxLength: 1_048_576 }),
  },
  { additionalProperties: false },
);

const SeatStoreState = Type.Object(
  {
    v: Type.Literal(1),
    fingerprint: Fingerprint,
    /** The latest time seen (ms since the epoch): a clock set back before it could stretch a borrow. */
    latestSeen: Count,
    borrows: Type.Array(StoredBorrow, { maxItems: 256 }),
  },
  { additionalProperties: false },
);

export type StoredBorrow = Static<typeof StoredBorrow>;
export type SeatStoreState = Static<typeof SeatStoreState>;

const checker = TypeCompiler.Compile(SeatStoreState);

const seatStoreFormat: SealedFormat<SeatStoreState> = {
  name: 'airlock-sdk-seats',
  problem(value) {
    if (checker.Check(value)) return undefined;
    const first = checker.Errors(value).First();
    return first ? `${first.path || '/'}: ${first.message}` : 'not a seat store';
  },
  names: (state, binding) => state.fingerprint === binding.fingerprint,
};

/** The binding of a seat store: the device's fingerprint (the product slot names the kind of store). */
function bindingOf(fingerprint: string): StoreBinding {
  return { product: 'floating-seats', fingerprint };
}

/** The seat store of the device at `path`, or why it cannot be trusted; 'missing' before the first borrow. */
export function readSeatStore(path: string, fingerprint: string): Promise<SealedRead<SeatStoreState>> {
  return readSealedFile(seatStoreFormat, path, bindingOf(fingerprint));
}

/** Replaces the seat store atomically (with the salt it was made with, or a new one). */
export async function writeSeatStore(path: string, state: SeatStoreState, salt: Buffer | null): Promise<Buffer> {
  const used = salt ?? newStoreSalt();
  await writeFileAtomically(path, sealFile(seatStoreFormat, state, bindingOf(state.fingerprint), used));
  return used;
}
