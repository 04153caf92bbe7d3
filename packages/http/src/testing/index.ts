/** What the servers' tests share: a certificate for HTTPS, a server run as its own process, and the route walks' samples. */
export { makeTestCertificate } from './test-certificate.ts';
export { runServerProcess, type ServerProcess } from './server-process.ts';
export { listRoutes, schemaSampler, type SampleStrings } from './route-samples.ts';
