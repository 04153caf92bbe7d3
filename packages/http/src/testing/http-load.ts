import { Agent, request as httpRequest } from 'node:http';
import { Worker } from 'node:worker_threads';

/**
 * HTTP load for the servers' benchmarks, over keep-alive connections. The throughput load runs in
 * a worker thread, so the client does not take the event loop of the server it measures.
 */

export interface Throughput {
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly failed: number;
}

export interface LoadOptions {
  /** Requests always in flight, each on a keep-alive connection of its own. */
  readonly concurrency: number;
  /** How long the load runs before it is counted. */
  readonly warmupMs: number;
  readonly durationMs: number;
}

/**
 * What the load sends: GETs of the URL's path; or, with a `body`, POSTs of it as JSON, `{n}` in it
 * replaced by a number no other request of the run has. `paths`, when given, are taken in turn
 * instead of the URL's path.
 */
export interface LoadRequests {
  readonly paths?: readonly string[];
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

/** The worker's code, plain JavaScript so it needs no TypeScript loader. */
const HAMMER = `
const http = require('node:http');
const { workerData, parentPort } = require('node:worker_threads');
const { url, paths, body, headers, run, concurrency, warmupMs, durationMs } = workerData;
const target = new URL(url);
const routes = paths.length > 0 ? paths : [target.pathname + target.search];
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let counting = false;
let stopping = false;
let ok = 0;
let failed = 0;
let sent = 0;
const once = () => new Promise((resolve) => {
  const n = sent++;
  const text = body === undefined ? undefined : body.replace('{n}', run + '-' + n);
  const req = http.request({ agent, host: target.hostname, port: target.port, path: routes[n % routes.length], method: text === undefined ? 'GET' : 'POST',
    headers: text === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  });
  req.on('error', () => resolve(0));
  req.end(text);
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

let runs = 0;

/** Requests answered 200 per second from `url` with `concurrency` requests always in flight, after a warm-up. */
export async function hammer(url: string, requests: LoadRequests, load: LoadOptions): Promise<Throughput> {
  const { paths = [], body, headers = {} } = requests;
  const { concurrency, warmupMs, durationMs } = load;
  const workerData = { url, paths, body, headers, run: `r${runs++}`, concurrency, warmupMs, durationMs };
  const worker = new Worker(HAMMER, { eval: true, workerData });
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
