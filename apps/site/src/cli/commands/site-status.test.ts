import { describe, expect, it } from 'vitest';
import { describeStatus, type TenantStatus } from './site-status.ts';

/** A tenant's status as the site answers it, with nothing installed. */
const unlicensed: TenantStatus = {
  tenant: 'default',
  registrationKey: 'ABCD-EFGH-JKLM-NPQR',
  status: 'unlicensed',
  tampered: null,
  enablement: null,
  license: null,
  activatedLicense: null,
  cycle: { status: 'none', cycle: 0, sequence: null, lockedSince: null, deadlines: null },
  seats: [],
  meters: [],
  features: [],
};

describe('airlock site status, as text', () => {
  it('asks a tenant on an activated license for no enablement token', () => {
    const text = describeStatus({
      ...unlicensed,
      status: 'active',
      activatedLicense: {
        revision: 1,
        lrns: ['LRN-7K3Q-M2ZD-09XA-HV4T'],
        items: [{ licenseType: 'bot-runner', quantity: 5, kind: 'permanent', expiresOn: null, inForce: true }],
      },
    });
    expect(text).not.toContain('install an enablement token');
    expect(text).toContain('no enablement token: none is needed for its activated license (a token turns on offline license files)');
    expect(text).toContain('activated license revision 1 (LRN-7K3Q-M2ZD-09XA-HV4T)');
  });

  it('offers both ways to a tenant with no license at all', () => {
    expect(describeStatus(unlicensed)).toContain(
      "not licensed yet: install an activated license (an order's LRN activated with this Registration Key in the customer portal) or an enablement token for offline license files",
    );
  });

  it('names the token of an enabled tenant', () => {
    expect(describeStatus({ ...unlicensed, enablement: { tokenId: 'tok-1', customerId: 'acme' } })).toContain('enabled by token tok-1 for customer acme');
  });
});
