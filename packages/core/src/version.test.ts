import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AIRLOCK_VERSION, DOCUMENT_FORMAT_VERSION, READ_DOCUMENT_FORMAT_VERSIONS, versionReport, versionText } from './version.ts';
import { enablementTokenKind } from './documents/enablement-token.ts';

const root = new URL('../../../', import.meta.url);

describe('the product version', () => {
  it("is every workspace package's version: one version for the whole product", () => {
    const manifests = ['packages', 'apps', 'examples'].flatMap((group) =>
      readdirSync(new URL(`${group}/`, root)).map((name) => new URL(`${group}/${name}/package.json`, root)),
    );
    expect(manifests.length).toBeGreaterThan(5);
    for (const manifest of manifests) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string };
      expect({ name, version }).toEqual({ name, version: AIRLOCK_VERSION });
    }
  });

  it('says the format documents are written in and the ones read, which include it', () => {
    expect(enablementTokenKind.version).toBe(DOCUMENT_FORMAT_VERSION);
    expect(READ_DOCUMENT_FORMAT_VERSIONS).toContain(DOCUMENT_FORMAT_VERSION);
    const report = versionReport('site');
    expect(report).toEqual({
      product: 'airlock',
      component: 'site',
      version: AIRLOCK_VERSION,
      formats: { documents: { writes: DOCUMENT_FORMAT_VERSION, reads: READ_DOCUMENT_FORMAT_VERSIONS } },
    });
    expect(versionText(report)).toBe(
      `airlock ${AIRLOCK_VERSION} (site)\ndocument formats: writes v${DOCUMENT_FORMAT_VERSION}, reads v${DOCUMENT_FORMAT_VERSION}`,
    );
  });
});
