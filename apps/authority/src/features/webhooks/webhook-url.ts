import { isIP } from 'node:net';
import { AirlockError } from '@airlock/core';

/**
 * Which URLs the authority POSTs events to. Events carry customer data, so they travel over
 * https; plain http only to a receiver on the authority's own machine (loopback: `localhost`,
 * 127.0.0.0/8, ::1), or anywhere when the operator says so (`AIRLOCK_WEBHOOK_ALLOW_HTTP=1`, for a
 * closed network). Credentials in the URL are refused: the signature is the authentication.
 */
export function checkWebhookUrl(text: string, allowHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refused(text, 'not an absolute URL');
  }
  if (url.username !== '' || url.password !== '') throw refused(text, 'the URL carries a user name or password');
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol !== 'http:') throw refused(text, 'only https (or http to this machine) is sent to');
  if (allowHttp || isLoopback(url.hostname)) return url.toString();
  throw refused(text, 'http is only sent to this machine (localhost, 127.0.0.0/8, ::1) unless AIRLOCK_WEBHOOK_ALLOW_HTTP=1');
}

function isLoopback(hostname: string): boolean {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && host === '::1';
}

function refused(url: string, reason: string): AirlockError {
  return new AirlockError('WEBHOOK_URL_NOT_ALLOWED', { url, reason });
}
