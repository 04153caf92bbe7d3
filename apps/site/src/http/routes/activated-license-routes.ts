import { Type } from '@sinclair/typebox';
import { DocumentUpload, refusals, TenantParams } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

const admin = { config: { siteAccess: 'admin' } } as const;
const Count = Type.Integer({ minimum: 0 });
const Kind = Type.Union(['permanent', 'term', 'pilot', 'temporary'].map((kind) => Type.Literal(kind)));

/** What installing an activated license answers. */
const ActivatedLicenseInstallation = Type.Object({
  tenant: Type.String({ description: 'the tenant whose Registration Key the license names' }),
  licenseId: Type.String(),
  registrationKey: Type.String(),
  customerId: Type.String(),
  revision: Count,
  activatedLrn: Type.String(),
  lrns: Type.Array(Type.String(), { description: 'every LRN merged into it, in the order they were activated' }),
  items: Type.Array(
    Type.Object({
      product: Type.String(),
      licenseType: Type.String(),
      quantity: Count,
      kind: Kind,
      expiresOn: Type.Optional(Type.String({ description: 'the last day it counts; absent for a permanent item' })),
    }),
  ),
  entitlements: Type.Array(Type.Object({ licenseType: Type.String(), quantity: Count }), {
    description: 'per license type, what the items in force grant today',
  }),
  endsOn: Type.Union([Type.String(), Type.Null()], { description: 'the last day anything counts; null while a permanent item keeps it in force' }),
  replaces: Type.Union([
    Type.Object({ document: Type.Union([Type.Literal('activated-license'), Type.Literal('offline-license-file')]), id: Type.String() }),
    Type.Null(),
  ]),
});

const description = [
  'The body is `{ "text": <the armoured file> }`, or the file itself sent as `text/plain`.',
  "The license is in force for the next check, without a restart. It replaces the tenant's OLF or earlier activated license, and closes an open cycle.",
  'Refused: a document that does not verify; `WRONG_RECIPIENT` for another Registration Key; `ACTIVATED_LICENSE_NOT_NEWER`; `LICENSE_EXPIRED` when every item is past its expiry; `SEAT_REDUCTION_BELOW_USE`, naming the users.',
].join(' ');

/**
 * Activated licenses (docs/design.md, F5): what LRN + RK gave at the authority, carried to the site as a
 * file. Site administrators install one on whichever tenant its Registration Key names; a
 * tenant's administrators on their own tenant, whose Registration Key it must name.
 */
export const activatedLicenseRoutes: SiteRoutes = async (app, { site }) => {
  app.post(
    '/v1/activated-licenses',
    {
      ...admin,
      schema: {
        tags: ['licensing'],
        summary: 'Install an activated license on the tenant whose Registration Key it names',
        description,
        body: DocumentUpload,
        response: { 200: ActivatedLicenseInstallation, ...refusals },
      },
    },
    async (request) => site.installActivatedLicense(request.body.text, { by: request.actor }),
  );

  app.post(
    '/v1/tenants/:tenant/activated-license',
    {
      ...admin,
      schema: {
        tags: ['licensing'],
        summary: "Install an activated license on this tenant (it must name the tenant's Registration Key)",
        description,
        params: TenantParams,
        body: DocumentUpload,
        response: { 200: ActivatedLicenseInstallation, ...refusals },
      },
    },
    async (request) => site.installActivatedLicense(request.body.text, { tenant: request.params.tenant, by: request.actor }),
  );
};
