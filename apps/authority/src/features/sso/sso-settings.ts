import type { SecretSealer } from './secret-sealer.ts';

/** What single sign-on needs from the deployment, wired in `main.ts`. */
export interface SsoSettings {
  /** Seals the client secrets under the key passphrase. */
  readonly sealer: SecretSealer;
  /**
   * The authority's address as browsers reach it (`AIRLOCK_PUBLIC_URL`): the redirect URI
   * registered at identity providers is `<publicUrl>/v1/sso/callback`. Without it, the address
   * the browser used is taken (README, "Single sign-on (OpenID Connect)").
   */
  readonly publicUrl?: string | undefined;
}
