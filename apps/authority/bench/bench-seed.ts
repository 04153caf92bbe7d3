import { randomUUID } from 'node:crypto';
import type { OpenedLicenseFileRequest, Random } from '@airlock/core';
import type { TestAuthority, TestParty } from '@airlock/core/testing';
import type { Db } from '../src/db/database.ts';
import { openUploadedLfr } from '../src/features/offline-licenses/upload-license-file-request.ts';
import { makeLfr, seedEnablementToken } from '../src/features/offline-licenses/testing/offline-licensing-fixtures.ts';
import type { AuthorityKeys } from '../src/keys/authority-keys.ts';

/**
 * Sites for the benchmarks, written in batches (seeding is not what is measured). Every site
 * has its own GUID and an enablement token recorded as the token feature records it; all of
 * them sign with one key pair, for speed. Each LFR is a real document made by the core as a
 * site makes it, so the upload path accepts it.
 */
export interface SeededSite {
  readonly guid: string;
  /** The armoured LFR, ready to upload. */
  readonly lfrText: string;
  /** The LFR as the authority opened it (only when `stored`). */
  readonly opened?: OpenedLicenseFileRequest;
}

const BATCH = 1_000;

/**
 * Registers `count` sites to the customer, each with a recorded enablement token and an LFR
 * answering it. With `stored`, the LFR is stored as the upload use case stores it (and the
 * site's key learned), waiting for its OLF; without, it is only made, for a test to upload.
 */
export async function seedSites(
  deps: { readonly db: Db; readonly keys: AuthorityKeys; readonly random: Random },
  authority: TestAuthority,
  input: { customerId: string; count: number; siteKeys: TestParty; now: Date; stored: boolean },
): Promise<SeededSite[]> {
  const seeded: SeededSite[] = [];
  for (let from = 0; from < input.count; from += BATCH) {
    const batch: (SeededSite & { tokenId: string; tokenExpiresAt: Date })[] = [];
    for (let index = from; index < Math.min(input.count, from + BATCH); index++) {
      const site: TestParty = { ...input.siteKeys, guid: randomUUID() };
      const token = await seedEnablementToken(deps.db, authority, { customerId: input.customerId, site, now: input.now, random: deps.random, record: false });
      const { text } = await makeLfr(authority, { token, site, now: input.now, random: deps.random, seats: { 'bot-runner': [] } });
      const opened = input.stored ? await openUploadedLfr(deps.keys, text, input.now) : undefined;
      batch.push({ guid: site.guid, lfrText: text, ...(opened ? { opened } : {}), tokenId: token.jti, tokenExpiresAt: new Date(token.exp * 1000) });
    }
    await writeBatch(deps.db, input, batch);
    seeded.push(...batch.map(({ guid, lfrText, opened }) => ({ guid, lfrText, ...(opened ? { opened } : {}) })));
  }
  return seeded;
}

async function writeBatch(
  db: Db,
  input: { customerId: string; now: Date },
  batch: readonly (SeededSite & { tokenId: string; tokenExpiresAt: Date })[],
): Promise<void> {
  await db
    .insertInto('sites')
    .values(
      batch.map((site) => ({
        guid: site.guid,
        customer_id: input.customerId,
        name: `site ${site.guid}`,
        site_key_thumbprint: site.opened?.signerKid ?? null,
        registered_at: input.now,
      })),
    )
    .execute();
  await db
    .insertInto('enablement_tokens')
    .values(
      batch.map((site) => ({
        id: site.tokenId,
        customer_id: input.customerId,
        site_guid: site.guid,
        issued_at: input.now,
        expires_at: site.tokenExpiresAt,
        issued_by: 'admin:bench',
      })),
    )
    .execute();
  const stored = batch.flatMap((site) => (site.opened ? [{ site, opened: site.opened }] : []));
  if (stored.length === 0) return;
  // The row the upload use case writes (upload-license-file-request.ts, storeLfr).
  await db
    .insertInto('license_file_requests')
    .values(
      stored.map(({ site, opened: { claims, signerKid, signerKey } }) => ({
        id: claims.jti,
        site_guid: site.guid,
        tenant: claims.tenant,
        customer_id: claims.customerId,
        cycle: claims.cycle,
        sequence: claims.sequence,
        site_key_thumbprint: signerKid,
        site_encryption_key: JSON.stringify(claims.siteEncryptionKey),
        usage: JSON.stringify(claims.usage),
        issued_at: new Date(claims.iat * 1000),
        received_at: input.now,
        received_by: 'admin:bench',
        claims: JSON.stringify(claims),
        signer_key: JSON.stringify(signerKey),
      })),
    )
    .execute();
}
