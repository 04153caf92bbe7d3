import { AirlockError } from '@airlock/core';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PortalBrandTable } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';

/**
 * The customer portal's white-label settings (name, logo, colours, host name):
 * one brand per host name the portal is served under, and a default for every other host.
 */
export interface PortalBrand {
  /** The host name it applies to; null for the default brand. */
  readonly hostName: string | null;
  readonly name: string;
  /** An https URL of the logo, or null. */
  readonly logoUrl: string | null;
  /** The logo inline, as a `data:image/...;base64,` URI, or null. */
  readonly logoDataUri: string | null;
  readonly colors: { readonly primary: string; readonly background: string; readonly text: string };
  readonly supportEmail: string | null;
}

export type BrandInput = Omit<PortalBrand, 'hostName' | 'logoUrl' | 'logoDataUri' | 'supportEmail'> & {
  readonly logoUrl?: string | undefined;
  readonly logoDataUri?: string | undefined;
  readonly supportEmail?: string | undefined;
};

/** What a host with no brand of its own shows. */
const DEFAULT_BRAND: PortalBrand = Object.freeze({
  hostName: null,
  name: 'Airlock',
  logoUrl: null,
  logoDataUri: null,
  colors: Object.freeze({ primary: '#1f4fd1', background: '#ffffff', text: '#1a1a1a' }),
  supportEmail: null,
});

/**
 * Sets the brand of one host name, replacing any it had; audited. A brand has exactly one logo,
 * by URL or inline (REQUEST_INVALID otherwise). Host names are compared in lower case.
 *
 * @example
 * ```ts
 * await setPortalBrand(db, 'licenses.example.com',
 *   { name: 'Example', logoUrl: 'https://example.com/logo.svg', colors: { primary: '#0a7', background: '#fff', text: '#111' } }, by);
 * ```
 */
export async function setPortalBrand(db: Db, hostName: string, input: BrandInput, by: Actor): Promise<PortalBrand> {
  if ((input.logoUrl === undefined) === (input.logoDataUri === undefined)) {
    throw new AirlockError('REQUEST_INVALID', { field: 'logoUrl', reason: 'give exactly one of logoUrl and logoDataUri' });
  }
  const host = hostName.toLowerCase();
  const row = {
    host_name: host,
    name: input.name,
    logo_url: input.logoUrl ?? null,
    logo_data_uri: input.logoDataUri ?? null,
    primary_color: input.colors.primary,
    background_color: input.colors.background,
    text_color: input.colors.text,
    support_email: input.supportEmail ?? null,
    updated_at: by.now,
    updated_by: by.actor,
  };
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('portal_brands').selectAll().where('host_name', '=', host).forUpdate().executeTakeFirst();
    await trx
      .insertInto('portal_brands')
      .values(row)
      .onConflict((conflict) => conflict.column('host_name').doUpdateSet({ ...row }))
      .execute();
    const brand = brandOf(row);
    // The inline logo can be large: the log keeps its size, not its bytes.
    const audited = (b: PortalBrand) => ({ ...b, logoDataUri: b.logoDataUri === null ? null : `(${b.logoDataUri.length} characters)` });
    await recordAudit(trx, {
      ...by,
      action: 'portal-brand.set',
      objectType: 'portal-brand',
      objectId: host,
      ...(before ? { before: audited(brandOf(before)) } : {}),
      after: audited(brand),
      at: by.now,
    });
    return brand;
  });
}

/** Every host's brand, by host name. */
export async function listPortalBrands(db: Db): Promise<PortalBrand[]> {
  return (await db.selectFrom('portal_brands').selectAll().orderBy('host_name').execute()).map(brandOf);
}

/** The brand the portal shows under a host name: its own, else the default. */
export async function brandForHost(db: Db, hostName: string): Promise<PortalBrand> {
  const host = hostName.toLowerCase();
  const row = await db.selectFrom('portal_brands').selectAll().where('host_name', '=', host).executeTakeFirst();
  return row ? brandOf(row) : DEFAULT_BRAND;
}

function brandOf(row: Selectable<PortalBrandTable>): PortalBrand {
  return {
    hostName: row.host_name,
    name: row.name,
    logoUrl: row.logo_url,
    logoDataUri: row.logo_data_uri,
    colors: { primary: row.primary_color, background: row.background_color, text: row.text_color },
    supportEmail: row.support_email,
  };
}
