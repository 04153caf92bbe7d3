import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './app.ts';

describe('the logs', () => {
  it('are JSON lines in which credentials never appear', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const options = loggerOptions({ level: 'info' });
    const app = Fastify({ logger: { ...(typeof options === 'object' ? options : {}), stream } });
    // A handler that carelessly logs the headers it was given.
    app.get('/', async (request) => {
      request.log.info({ headers: request.headers }, 'headers seen');
      return {};
    });
    await app.inject({ method: 'GET', url: '/', headers: { authorization: 'Bearer alk_secret_token', cookie: 'airlock_session=secret-session' } });
    await app.close();

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.find((entry) => entry.msg === 'headers seen')).toMatchObject({ headers: { authorization: '[redacted]', cookie: '[redacted]' } });
    expect(lines.join('')).not.toMatch(/alk_secret_token|secret-session/);
  });

  it('are off when the app is given no logger', () => {
    expect(loggerOptions(undefined)).toBe(false);
    expect(loggerOptions(true)).toMatchObject({ level: 'info' });
  });
});
