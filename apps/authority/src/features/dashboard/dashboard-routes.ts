import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import type { Feature } from '../feature.ts';
import { SiteLink } from '../sites/site-routes.ts';
import { DASHBOARD_HORIZON_DAYS, DASHBOARD_ROWS, vendorDashboard } from './dashboard.ts';

const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const ListOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ count: Type.Integer({ minimum: 0 }), items: Type.Array(item, { maxItems: DASHBOARD_ROWS }) });

const Dashboard = Type.Object({
  now: Instant,
  offlineRequests: ListOf(
    Type.Object({ id: Type.String(), customerId: Type.String(), customerName: Type.String(), reason: Type.String(), requestedAt: Instant }),
  ),
  lfrsAwaitingOlf: ListOf(
    Type.Object({
      lfrId: Type.String(),
      customerId: Type.String(),
      customerName: Type.String(),
      siteGuid: Type.String(),
      tenant: Type.String(),
      receivedAt: Instant,
      locksAt: Instant,
      urgency: Type.Union([Type.Literal('overdue'), Type.Literal('soon'), Type.Literal('later')]),
    }),
  ),
  accountsEnding: ListOf(Type.Object({ customerId: Type.String(), customerName: Type.String(), accountEndsOn: Type.String() })),
  siteLicensesEnding: ListOf(
    Type.Object({ customerId: Type.String(), customerName: Type.String(), siteGuid: Type.String(), tenant: Type.String(), endsOn: Type.String() }),
  ),
  deviceLicensesEnding: ListOf(Type.Object({ licenseId: Type.String(), customerId: Nullable(Type.String()), product: Type.String(), expiresAt: Instant })),
  failedLetters: ListOf(
    Type.Object({
      id: Type.String(),
      orderId: Nullable(Type.String()),
      recipient: Type.String(),
      subject: Type.String(),
      attempts: Type.Integer({ minimum: 0 }),
      lastError: Nullable(Type.String()),
    }),
  ),
  lateSites: ListOf(SiteLink),
});

/** What needs the vendor today: the console's dashboard reads it. */
export const dashboardRoutes: Feature = async (app, { deps }) => {
  app.get(
    '/v1/dashboard',
    {
      // Vendor staff only: it spans every customer.
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags: ['dashboard'],
        summary: 'What needs the vendor today',
        description: [
          'Offline-licensing requests waiting for a decision; LFRs no OLF answers yet, by when their site locks (`overdue`, `soon`: within 48 hours, `later`);',
          `customer accounts, site licenses and device licenses ending within ${DASHBOARD_HORIZON_DAYS} days; license letters that failed; connected sites that are late.`,
          `Each list gives \`count\` (all of them) and its first ${DASHBOARD_ROWS} \`items\`, most urgent first.`,
        ].join(' '),
        response: { 200: Dashboard, 403: Problem },
      },
    },
    async () => vendorDashboard(deps.db, deps.clock.now()),
  );
};
