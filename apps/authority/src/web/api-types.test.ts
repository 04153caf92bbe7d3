import { describe, expectTypeOf, it } from 'vitest';
import type * as Api from './api-types.ts';

/**
 * Each name the pages read is a real answer of the API: a list answer read as a single item, or
 * an answer that no longer has the part a name picks, would make it `never`, which every
 * property access accepts. These checks are the type checker's (`npm run typecheck`).
 */
type Named = {
  Me: Api.Me;
  SessionPrincipal: Api.SessionPrincipal;
  PortalBrandAnswer: Api.PortalBrandAnswer;
  Product: Api.Product;
  LicenseType: Api.LicenseType;
  Policy: Api.Policy;
  Customer: Api.Customer;
  CustomerUser: Api.CustomerUser;
  OfflineRequest: Api.OfflineRequest;
  Site: Api.Site;
  ModeAllowance: Api.ModeAllowance;
  SiteTenant: Api.SiteTenant;
  SiteTenantLink: Api.SiteTenantLink;
  SiteLink: Api.SiteLink;
  StaticLicenseSummary: Api.StaticLicenseSummary;
  StaticLicense: Api.StaticLicense;
  Olf: Api.Olf;
  SiteCycles: Api.SiteCycles;
  OlfSummary: Api.OlfSummary;
  SiteEntitlement: Api.SiteEntitlement;
  CustomerUsage: Api.CustomerUsage;
  UsageReport: Api.UsageReport;
  LfrUsage: Api.LfrUsage;
  FloatingUsage: Api.FloatingUsage;
  AuditEvent: Api.AuditEvent;
  KeyList: Api.KeyList;
  KeyInfo: Api.KeyInfo;
  RootKey: Api.RootKey;
  Order: Api.Order;
  OrderItem: Api.OrderItem;
  DeviceLicense: Api.DeviceLicense;
  DeviceActivation: Api.DeviceActivation;
  TrialOffer: Api.TrialOffer;
  Trial: Api.Trial;
};

type NeverNames = { [Name in keyof Named]: [Named[Name]] extends [never] ? Name : never }[keyof Named];

describe("the pages' names for the API's answers", () => {
  it('are none of them never', () => {
    expectTypeOf<NeverNames>().toEqualTypeOf<never>();
  });

  it('keep what the pages read', () => {
    expectTypeOf<Api.Customer['entitlements'][number]>().toEqualTypeOf<{ readonly licenseTypeId: string; readonly quantity: number }>();
    expectTypeOf<Api.OfflineRequest['status']>().toEqualTypeOf<'pending' | 'approved' | 'denied'>();
    expectTypeOf<Api.SessionPrincipal['kind']>().toEqualTypeOf<'admin' | 'customer-user'>();
  });
});
