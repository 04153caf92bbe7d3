import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A browser's way through single sign-on, by HTTP, for the integration tests: Airlock's start
 * route (in process, `inject`), the test identity provider's authorization endpoint and sign-in
 * form (over HTTP, with its cookies kept), then Airlock's callback with the flow cookie.
 */
export interface SsoWalk {
  /** Airlock's answer to the IdP's redirect back. */
  readonly callback: LightMyRequestResponse;
  /** The callback URL the IdP sent the browser to. */
  readonly callbackUrl: URL;
  readonly flowCookie: string;
}

export async function walkSso(
  app: FastifyInstance,
  startUrl: string,
  login: string,
  options: { tamper?: (callbackUrl: URL) => URL; flowCookie?: (own: string) => string } = {},
): Promise<SsoWalk> {
  const start = await app.inject({ method: 'GET', url: startUrl });
  if (start.statusCode !== 303) throw new Error(`the start answered ${start.statusCode}: ${start.body}`);
  const flowCookie = cookiesOf(start.headers['set-cookie']).find((pair) => pair.startsWith('airlock_sso_flow=')) ?? '';
  const idpUrl = new URL(String(start.headers.location));
  if (idpUrl.pathname.startsWith('/console') || idpUrl.pathname.startsWith('/portal')) {
    throw new Error(`the start refused: ${idpUrl.pathname}${idpUrl.search}`);
  }
  const jar = new Map<string, string>();
  const visit = async (url: URL, init: RequestInit = {}): Promise<URL> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const pair of cookiesOf(response.headers.getSetCookie())) {
      const separator = pair.indexOf('=');
      jar.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    const location = response.headers.get('location');
    if (location === null) throw new Error(`the identity provider answered ${response.status} without a redirect: ${await response.text()}`);
    return new URL(location, url);
  };
  const interaction = await visit(idpUrl);
  const resume = await visit(interaction, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login }).toString(),
  });
  let callbackUrl = await visit(resume);
  if (options.tamper) callbackUrl = options.tamper(callbackUrl);
  const cookie = options.flowCookie ? options.flowCookie(flowCookie) : flowCookie;
  const callback = await app.inject({ method: 'GET', url: `${callbackUrl.pathname}${callbackUrl.search}`, headers: cookie === '' ? {} : { cookie } });
  return { callback, callbackUrl, flowCookie };
}

/** The `name=value` parts of Set-Cookie headers. */
export function cookiesOf(header: string | string[] | undefined): string[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.map((value) => value.split(';')[0]!.trim());
}
