/**
 * The product's version: one for the authority, the site, the SDK and the command line, equal to
 * every package's `version` (a test checks it). Sites report it in their LFRs, devices in their
 * activation requests.
 */
export const AIRLOCK_VERSION = '0.1.0';

/** The format version this release writes in every document's `v` claim (docs/formats.md). */
export const DOCUMENT_FORMAT_VERSION = 1;

/** The document format versions this release reads; any other is `PAYLOAD_INVALID`. */
export const READ_DOCUMENT_FORMAT_VERSIONS: readonly number[] = [DOCUMENT_FORMAT_VERSION];

/** What a program or a server says of its version: `--version`, and `GET /healthz`. */
export interface VersionReport {
  readonly product: 'airlock';
  /** Which part answers: `site`, `authority`, `sdk` or `cli`. */
  readonly component: string;
  readonly version: string;
  readonly formats: { readonly documents: { readonly writes: number; readonly reads: readonly number[] } };
}

/**
 * The version report of one part of the product.
 *
 * @example
 * ```ts
 * versionReport('site'); // { product: 'airlock', component: 'site', version: '0.1.0', formats: { documents: { writes: 1, reads: [1] } } }
 * ```
 */
export function versionReport(component: string): VersionReport {
  return {
    product: 'airlock',
    component,
    version: AIRLOCK_VERSION,
    formats: { documents: { writes: DOCUMENT_FORMAT_VERSION, reads: READ_DOCUMENT_FORMAT_VERSIONS } },
  };
}

/** The version report as `--version` prints it: `airlock 0.1.0 (site)` and the formats. */
export function versionText(report: VersionReport): string {
  const { writes, reads } = report.formats.documents;
  return `${report.product} ${report.version} (${report.component})\ndocument formats: writes v${writes}, reads ${reads.map((v) => `v${v}`).join(', ')}`;
}
