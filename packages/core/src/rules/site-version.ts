import { accept, refuse, type Outcome } from '../errors/outcome.ts';

/** Dot-separated groups of digits: `40`, `40.1.2`, `2024.10.0.7`. */
const VERSION = /^\d+(?:\.\d+)*$/;
/** Longer than any real version; bounds the work a hostile string can cause. */
const MAX_VERSION_LENGTH = 64;

/**
 * True when the text is a dotted numeric version that `compareVersions` can order.
 *
 * @example
 * ```ts
 * isVersion('40.1.2'); // true
 * isVersion('40.1-beta'); // false
 * ```
 */
export function isVersion(text: string): boolean {
  return text.length <= MAX_VERSION_LENGTH && VERSION.test(text);
}

/**
 * Orders two dotted numeric versions group by group, as numbers (`40.10` is above `40.9`,
 * `40.01` equals `40.1`), exactly however many digits a group has. Missing groups count as
 * zero, so `40` equals `40.0` and is below `40.0.1`.
 * Both arguments must be versions (see `isVersion`): anything else is a bug and throws.
 *
 * @example
 * ```ts
 * compareVersions('40', '40.0.1'); // -1
 * compareVersions('40.10', '40.9'); // 1
 * compareVersions('40', '40.0'); // 0
 * ```
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  if (!isVersion(a) || !isVersion(b)) throw new TypeError(`not a dotted numeric version: ${isVersion(a) ? b : a}`);
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const order = compareDigits(left[i] ?? '0', right[i] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
}

/** Compares two digit strings as whole numbers, without the precision limit of `Number`. */
function compareDigits(a: string, b: string): -1 | 0 | 1 {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/**
 * Checks that a site's version may take part in offline licensing (docs/design.md, F1).
 * `minimumSiteVersion` null admits any version; a malformed version on either side is
 * `VERSION_INVALID` (naming which), a version below the minimum `SITE_VERSION_TOO_OLD`.
 *
 * @example
 * ```ts
 * checkSiteVersion('40.0', '40.0.1');
 * // { ok: false, code: 'SITE_VERSION_TOO_OLD', detail: { siteVersion: '40.0', minimumSiteVersion: '40.0.1' } }
 * ```
 */
export function checkSiteVersion(siteVersion: string, minimumSiteVersion: string | null): Outcome {
  if (!isVersion(siteVersion)) return refuse('VERSION_INVALID', { field: 'siteVersion', value: siteVersion });
  if (minimumSiteVersion === null) return accept();
  if (!isVersion(minimumSiteVersion)) {
    return refuse('VERSION_INVALID', { field: 'minimumSiteVersion', value: minimumSiteVersion });
  }
  if (compareVersions(siteVersion, minimumSiteVersion) < 0) {
    return refuse('SITE_VERSION_TOO_OLD', { siteVersion, minimumSiteVersion });
  }
  return accept();
}
