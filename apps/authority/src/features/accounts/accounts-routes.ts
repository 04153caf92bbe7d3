import { type SecureCookies } from '@airlock/http';
import type { Feature } from '../feature.ts';
import { mfaRoutes } from '../mfa/mfa-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { credentialRoutes } from './credential-routes.ts';

/**
 * Who may do what: sign-in, sessions, administrators, API tokens and customer users.
 * `secureCookies: 'auto'` marks the session cookie Secure whenever the request came over HTTPS
 * (directly or, by `x-forwarded-proto`, through a proxy); 'always' suits a deployment that is
 * HTTPS-only, 'never' only a test on plain HTTP.
 */
function createAccountsFeature(options: { secureCookies?: SecureCookies } = {}): Feature {
  const auth = authRoutes({ secureCookies: options.secureCookies ?? 'auto' });
  const mfa = mfaRoutes({ secureCookies: options.secureCookies ?? 'auto' });
  return async (app, { deps }) => {
    await app.register(auth, { deps });
    await app.register(mfa, { deps });
    await app.register(credentialRoutes, { deps });
  };
}

/** The accounts feature as the authority registers it: Secure cookies whenever the request came over HTTPS. */
export const accountsRoutes: Feature = createAccountsFeature();
