import { isIP } from 'node:net';

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads a comma-separated list of trusted reverse proxies (`AIRLOCK_TRUST_PROXY`,
 * `AIRLOCK_SITE_TRUST_PROXY`): IP addresses, CIDR ranges (`10.0.0.0/8`) or the keywords
 * `loopback`, `linklocal`, `uniquelocal`, as Fastify's `trustProxy` takes them. "Everyone" is
 * not on offer: it would let any client choose the address its rate limit is counted against.
 * An entry that is none of these is refused with `fail`'s error, naming the variable.
 *
 * @example
 * ```ts
 * parseTrustedProxies('AIRLOCK_TRUST_PROXY', '10.0.0.0/8, loopback', (message) => new ConfigError(message)); // ['10.0.0.0/8', 'loopback']
 * ```
 */
export function parseTrustedProxies(name: string, text: string | undefined, fail: (message: string) => Error): readonly string[] {
  if (text === undefined) return [];
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_KEYWORDS.has(entry) && (family === 0 || !bitsOk || rest.length > 0)) {
      throw fail(`${name} must list proxy addresses, CIDR ranges or loopback, linklocal, uniquelocal, separated by commas; "${entry}" is none of these`);
    }
  }
  return entries;
}

/** Fastify's `trustProxy` for such a list: none trusted when it is empty. */
export function trustProxyOption(proxies: readonly string[] | undefined): string[] | false {
  return proxies && proxies.length > 0 ? [...proxies] : false;
}
