import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fingerprint of the sources a release is built from: every file git tracks (or would track:
 * untracked files not ignored) that can reach an artefact — the packages and apps but their
 * tests and benchmarks, the Python SDK's package, the C SDK's sources, the release tools, the manifests and build
 * configuration — by path and content, and the Node.js that builds it. A release directory whose manifest carries
 * the same fingerprint was built from exactly these sources.
 */
const SHIPPED =
  /^(packages|apps)\/|^sdks\/python\/(airlock_sdk\/[^/]+\.py|pyproject\.toml|README\.md)$|^sdks\/c\/|^tools\/release\/[^/]+\.ts$|^(package(-lock)?\.json|tsconfig[^/]*\.json)$/;
const NOT_SHIPPED = /(^|\/)(test|bench|demo|vectors)\/|\.test\.ts$/;

export function sourceFingerprint(root: string): string {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const hash = createHash('sha256').update(`node ${process.version}\n`);
  for (const path of [...new Set(listed.split('\0').filter((path) => SHIPPED.test(path) && !NOT_SHIPPED.test(path)))].sort()) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, path));
    } catch {
      continue; // deleted, not yet staged
    }
    hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}
