import type { Feature } from '../feature.ts';
import { deviceApiRoutes } from './device-api-routes.ts';
import { deviceControlRoutes } from './device-control-routes.ts';
import { deviceLicenseRoutes } from './device-license-routes.ts';
import { portalBrandingRoutes } from './portal-branding-routes.ts';

/**
 * Device licensing (docs/design.md, F4): the vendor's device licenses, the offline portal and the device
 * API that end users and the SDK call, and the portal's white-label settings.
 */
export const devicesRoutes: Feature = async (app, { deps }) => {
  await app.register(deviceLicenseRoutes, { deps });
  await app.register(deviceControlRoutes, { deps });
  await app.register(deviceApiRoutes, { deps });
  await app.register(portalBrandingRoutes, { deps });
};
