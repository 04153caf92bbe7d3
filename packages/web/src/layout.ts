import type { Brand } from './brand.ts';
import { html, type HtmlValue, type SafeHtml } from './html.ts';

/** A link of the main navigation. */
export interface NavItem {
  readonly href: string;
  readonly label: string;
  /** Paths under this prefix mark the item current (its `href` when absent). */
  readonly matches?: string;
}

/** Where the page's static files are; `WebAssets.pageAssets()` gives these with cache-busting versions. */
export interface PageAssets {
  readonly stylesheet: string;
  readonly script: string;
  /** The QR decoder, loaded only on pages that read QR codes. */
  readonly qrDecoder: string;
}

export interface PageOptions {
  /** The page's heading (h1) and the first part of its title. */
  readonly title: string;
  readonly brand: Brand;
  /** The brand's stylesheet (`brandStylesheet`), served from the app's origin. */
  readonly brandStylesheet: string;
  readonly assets: PageAssets;
  /** The server's time when rendering: countdowns on the page count from it. */
  readonly now: Date;
  readonly main: HtmlValue;
  /** Which part of the app this is ("Vendor console"), shown beside the brand. */
  readonly area?: string;
  /** Where the brand links to. */
  readonly home?: string;
  readonly nav?: readonly NavItem[];
  /** The path being shown, to mark the current navigation item. */
  readonly currentPath?: string;
  /** Who is signed in, and the API call that signs them out (then the page to go to). */
  readonly account?: { readonly label: string; readonly signOutApi: string; readonly afterSignOut: string } | null;
  readonly breadcrumbs?: readonly { readonly href: string; readonly label: string }[];
  /** Text under the heading. */
  readonly lead?: HtmlValue;
  /** Loads the QR decoder (pages with a QR reader). */
  readonly readsQrCodes?: boolean;
  /** Shows the brand's support address in the footer (pages for customers and end users). */
  readonly showSupport?: boolean;
  readonly lang?: string;
}

/** An address a mailto link may carry as it is: no spaces, quotes, `?`, `&` or `#` to add headers with. */
const MAILTO_ADDRESS = /^[A-Za-z0-9.!$%'*+/=^_`{|}~-]+@[A-Za-z0-9.-]+$/;

/** " · Support: help@vendor.test" with a mailto link, when the brand has an address. */
function supportLine(address: string | null | undefined): SafeHtml | '' {
  if (!address) return '';
  return MAILTO_ADDRESS.test(address)
    ? html` · Support: <a class="support-email" href="mailto:${address}">${address}</a>`
    : html` · Support: <span class="support-email">${address}</span>`;
}

function isCurrent(item: NavItem, currentPath: string | undefined): boolean {
  if (currentPath === undefined) return false;
  const prefix = item.matches ?? item.href;
  return currentPath === prefix || currentPath.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/**
 * A whole HTML page: a skip link, the header with the brand, the navigation and who is signed
 * in, the main content under its heading, and the footer. Scripts and styles come from the app's
 * origin only (the Content-Security-Policy allows nothing else, nothing inline).
 *
 * @example
 * ```ts
 * reply.type('text/html').send(page({ title: 'Customers', brand, brandStylesheet: '/brand.css', assets: assets.pageAssets(), now, main: table }).markup);
 * ```
 */
export function page(options: PageOptions): SafeHtml {
  const nav =
    options.nav && options.nav.length > 0
      ? html`<nav class="main-nav" aria-label="Main"><ul>${options.nav.map((item) => html`<li><a href="${item.href}"${isCurrent(item, options.currentPath) ? html` aria-current="page"` : ''}>${item.label}</a></li>`)}</ul></nav>`
      : '';
  const account = options.account
    ? html`<div class="account"><span class="account-name">${options.account.label}</span><button type="button" class="button button-header" data-sign-out="${options.account.signOutApi}" data-after-sign-out="${options.account.afterSignOut}">Sign out</button></div>`
    : '';
  const logo = options.brand.logo ? html`<img class="brand-logo" src="${options.brand.logo.src}" alt="${options.brand.logo.alt}">` : '';
  const breadcrumbs =
    options.breadcrumbs && options.breadcrumbs.length > 0
      ? html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>${options.breadcrumbs.map((crumb) => html`<li><a href="${crumb.href}">${crumb.label}</a></li>`)}<li aria-current="page">${options.title}</li></ol></nav>`
      : '';
  return html`<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="airlock-now" content="${options.now.toISOString()}">
<title>${options.title} · ${options.brand.name}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${options.assets.stylesheet}">
<link rel="stylesheet" href="${options.brandStylesheet}">
${options.readsQrCodes ? html`<script src="${options.assets.qrDecoder}" defer></script>\n` : ''}<script type="module" src="${options.assets.script}"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<div class="header-bar">
<a class="brand" href="${options.home ?? '/'}">${logo}<span class="brand-name">${options.brand.name}</span></a>${options.area ? html`<span class="area">${options.area}</span>` : ''}
${account}
</div>
${nav}
</header>
<main id="main" tabindex="-1">
${breadcrumbs}<h1>${options.title}</h1>
<noscript><div class="notice notice-warn">This page sends its forms with JavaScript: turn it on to make changes.</div></noscript>
${options.lead ? html`<div class="lead">${options.lead}</div>` : ''}${options.main}
</main>
<footer class="site-footer"><p>${options.brand.name}${options.area ? html` · ${options.area}` : ''} · All times are UTC.${options.showSupport ? supportLine(options.brand.supportEmail) : ''}</p></footer>
</body>
</html>
`;
}
