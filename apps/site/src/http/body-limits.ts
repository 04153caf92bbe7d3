/** Largest request body: any Airlock document (1 MiB of text) in its JSON envelope. */
export const BODY_LIMIT = 2 * 1024 * 1024;
/** Largest body of a route that takes no document: a user name, a password, an amount. */
export const SMALL_BODY_LIMIT = 16 * 1024;
