/** What the servers' tests share: a certificate for HTTPS and a server run as its own process. */
export { makeTestCertificate } from './test-certificate.ts';
export { runServerProcess, type ServerProcess } from './server-process.ts';
