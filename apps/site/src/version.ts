import { AIRLOCK_VERSION } from '@airlock/core/version';

/**
 * This site's version: what an enablement token's `minimumSiteVersion` is compared with, and
 * what every LFR reports. The product's version (a test checks it equals the package version).
 */
export const SITE_VERSION = AIRLOCK_VERSION;
