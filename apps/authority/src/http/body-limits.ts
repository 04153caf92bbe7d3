/**
 * How much of a request body the authority reads before refusing it with DOCUMENT_TOO_LARGE.
 * Every route gets the small limit unless it says otherwise: a route added later cannot forget.
 */

/** Default: a route that takes no document (a name, a password, an amount, a few ids). */
export const SMALL_BODY_LIMIT = 16 * 1024;
/** A route whose body is a list an administrator may make long, or a logo: entitlements, OLF terms, orders, device licenses, bulk reissue, branding. */
export const LIST_BODY_LIMIT = 512 * 1024;
/** A route that takes an Airlock document (an LFR, a device file): 1 MiB of text in its JSON envelope. */
export const BODY_LIMIT = 2 * 1024 * 1024;
