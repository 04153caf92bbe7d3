/**
 * This site's version: what an enablement token's `minimumSiteVersion` is compared with, and
 * what every LFR reports. Kept equal to the package version (a test checks it).
 */
export const SITE_VERSION = '0.1.0';
