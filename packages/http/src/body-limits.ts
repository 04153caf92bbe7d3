/**
 * How much of a request body a server reads before refusing it with DOCUMENT_TOO_LARGE. Each
 * server picks its default (`createHttpApp`'s `bodyLimit`); a route that takes more or less says so.
 */

/** A route that takes no document: a name, a password, an amount, a few ids. */
export const SMALL_BODY_LIMIT = 16 * 1024;
/** A route whose body is a list an administrator may make long, or a logo: entitlements, OLF terms, orders, device licenses, bulk reissue, branding. */
export const LIST_BODY_LIMIT = 512 * 1024;
/** A route that takes an Airlock document (an LFR, an OLF, a device file): 1 MiB of text in its JSON envelope. */
export const BODY_LIMIT = 2 * 1024 * 1024;
