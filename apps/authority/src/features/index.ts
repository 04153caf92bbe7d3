import { accountsRoutes } from './accounts/accounts-routes.ts';
import { auditRoutes } from './audit/audit-routes.ts';
import { backupRoutes } from './backup/backup-routes.ts';
import { catalogueRoutes } from './catalogue/catalogue-routes.ts';
import { customerRoutes } from './customers/customer-routes.ts';
import { dashboardRoutes } from './dashboard/dashboard-routes.ts';
import { devicesRoutes } from './devices/devices-routes.ts';
import { enablementTokenRoutes } from './enablement-tokens/enablement-token-routes.ts';
import { offlineApprovalRoutes } from './offline-approval/offline-approval-routes.ts';
import { keysRoutes } from './keys/keys-routes.ts';
import { offlineLicenseRoutes } from './offline-licenses/offline-license-routes.ts';
import { operationsRoutes } from './operations/operations-routes.ts';
import { orderRoutes } from './orders/order-routes.ts';
import { policyRoutes } from './policies/policy-routes.ts';
import { reminderRoutes } from './reminders/reminder-routes.ts';
import { rebaselineRoutes } from './rebaselines/rebaseline-routes.ts';
import { siteLinkRoutes } from './site-links/site-link-routes.ts';
import { siteRoutes } from './sites/site-routes.ts';
import { staticLicenseRoutes } from './static-licenses/static-license-routes.ts';
import { ssoRoutes } from './sso/sso-routes.ts';
import { trialRoutes } from './trials/trial-routes.ts';
import { webhookRoutes } from './webhooks/webhook-routes.ts';
import type { Feature } from './feature.ts';

/** Every feature of the authority, registered in this order. */
export const features: readonly Feature[] = [
  accountsRoutes,
  ssoRoutes({ secureCookies: 'auto' }),
  catalogueRoutes,
  policyRoutes,
  customerRoutes,
  offlineApprovalRoutes,
  siteRoutes,
  rebaselineRoutes,
  enablementTokenRoutes,
  offlineLicenseRoutes,
  siteLinkRoutes,
  devicesRoutes,
  trialRoutes,
  orderRoutes,
  reminderRoutes,
  staticLicenseRoutes,
  dashboardRoutes,
  auditRoutes,
  webhookRoutes,
  keysRoutes,
  operationsRoutes,
  backupRoutes,
];
