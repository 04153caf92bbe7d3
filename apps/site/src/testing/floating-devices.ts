import { generateKeyPair, type KeyPair } from '@airlock/core';
import { seededRandom } from '@airlock/core/testing';
import type { LeaseRequest } from '../site/floating.ts';

/**
 * Test support: the devices that lease floating seats (docs/floating.md), each with the
 * one-time X25519 key an SDK makes for a lease. Never for production.
 */
const random = seededRandom('floating-tests/device');

/** A device's one-time X25519 key pair for a lease. */
export function newDeviceKey(): KeyPair {
  return generateKeyPair('X25519', random);
}

/** A lease request of a type for a user on a device, with a new one-time device key (and a wait in line, in seconds). */
export function leaseRequest(user: string, fingerprint: string, type = 'designer', wait?: number): LeaseRequest & { readonly deviceKey: KeyPair['publicJwk'] } {
  return { type, user, fingerprint, deviceKey: newDeviceKey().publicJwk, ...(wait === undefined ? {} : { wait }) };
}
