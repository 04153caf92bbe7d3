/**
 * What a tenant id may be (docs/formats.md, "Tenant ids"). A new tenant's id is 1 to 63
 * lower-case letters, digits, `_` or `-`, starting with a letter or digit: it is typed on
 * command lines, sits in URL paths and file names, and two ids never differ by case alone.
 *
 * Sites made before this rule took any `Id` (letters of both cases, digits, `_ . : -`); their
 * tenants still load and are still reached by the looser reference pattern, which refuses only
 * `.` and `..`, the two ids a URL path cannot carry.
 */
export const TENANT_ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';
export const TENANT_REFERENCE_PATTERN = '^(?!\\.{1,2}$)[A-Za-z0-9_.:-]{1,64}$';
export const TENANT_ID_RULE = 'a tenant id is 1 to 63 lower-case letters, digits, _ or -, starting with a letter or digit';

const TENANT_ID = new RegExp(TENANT_ID_PATTERN);

export function isNewTenantId(id: string): boolean {
  return TENANT_ID.test(id);
}
