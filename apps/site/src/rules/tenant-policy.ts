import { defaultLicensingPolicy, licensingPolicy, type LicensingPolicy } from '@airlock/core';
import type { InstalledToken } from '../state/site-events.ts';

const policies = new WeakMap<InstalledToken, LicensingPolicy>();

/**
 * The licensing policy a tenant enforces. A site never sees the authority's policy itself: the
 * enablement token carries what the site must apply (the cycle windows and the lowest site
 * version); the rest are the policy's defaults. Memoised per token: every licensed check reads it.
 *
 * @example
 * ```ts
 * const { cycleWindowFromFirstLfr } = tenantPolicy(tenant.token); // 7 days unless the token says otherwise
 * ```
 */
export function tenantPolicy(token: InstalledToken | null): LicensingPolicy {
  if (!token) return defaultLicensingPolicy;
  let policy = policies.get(token);
  if (!policy) {
    policy = licensingPolicy({
      cycleWindowFromFirstLfr: token.cycleWindows.fromFirstLfr,
      cycleWindowFromLatestLfr: token.cycleWindows.fromLatestLfr,
      minimumSiteVersion: token.minimumSiteVersion,
    });
    policies.set(token, policy);
  }
  return policy;
}
