/**
 * What the servers' tests and benchmarks share: a certificate for HTTPS, a server run as its own
 * process (compiled where it can be), the route walks' samples, and HTTP load.
 */
export { makeTestCertificate } from './test-certificate.ts';
export { runServerProcess, type ServerProcess } from './server-process.ts';
export { processCommand, type ProcessCommand } from './entry-points.ts';
export { listRoutes, schemaSampler, type SampleStrings } from './route-samples.ts';
export { createTimedClient, hammer, percentile, type LoadOptions, type LoadRequests, type Throughput } from './http-load.ts';
