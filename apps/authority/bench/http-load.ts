import { Agent, request as httpRequest } from 'node:http';
import { Worker } from 'node:worker_threads';

/**
 * HTTP load for the benchmarks, over keep-alive connections. The throughput load runs in a
 * worker thread, so the client does not take the event loop of the server it measures.
 */

export interface Throughput {
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly failed: number;
}

/** The worker's code, plain JavaScript so it needs no TypeScript loader. */
const HAMMER = `
const http = require('node:http');
const { workerData, parentPort } = require('node:worker_threads');
const { url, headers, concurrency, warmupMs, durationMs } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let counting = false;
let stopping = false;
let ok = 0;
let failed = 0;
const once = () => new Promise((resolve) => {
  const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'GET', headers }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  });
  req.on('error', () => resolve(0));
  req.end();
});
const loop = async () => {
  while (!stopping) {
    const status = await once();
    if (counting) status === 200 ? ok++ : failed++;
  }
};
const loops = Array.from({ length: concurrency }, loop);
setTimeout(() => {
  counting = true;
  const start = performance.now();
  setTimeout(async () => {
    counting = false;
    const seconds = (performance.now() - start) / 1000;
    stopping = true;
    await Promise.all(loops);
    agent.destroy();
    parentPort.postMessage({ requestsPerSecond: ok / seconds, ok, failed });
  }, durationMs);
}, warmupMs);
`;

/** Requests per second that `concurrency` requests always in flight get from GET `url`, after a warm-up. */
export async function hammer(
  url: string,
  options: { headers?: Record<string, string>; concurrency: number; warmupMs: number; durationMs: number },
): Promise<Throughput> {
  const worker = new Worker(HAMMER, { eval: true, workerData: { url, headers: options.headers ?? {}, ...options } });
  try {
    return await new Promise<Throughput>((resolve, reject) => {
      worker.once('message', (result: Throughput) => resolve(result));
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** One request at a time over a keep-alive connection, each timed from sending to the last byte. */
export function createTimedClient(baseUrl: string, headers: Record<string, string> = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = new URL(baseUrl);
  return {
    /** `extra` headers go with this request only (e.g. the client address a trusted proxy names). */
    send(method: 'GET' | 'POST', path: string, json?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
      const payload = json === undefined ? undefined : JSON.stringify(json);
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            agent,
            host: base.hostname,
            port: base.port,
            path,
            method,
            headers: {
              ...headers,
              ...extra,
              ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}

/** The value below which `fraction` of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
}
