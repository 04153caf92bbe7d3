/**
 * @airlock/web — the web kit Airlock's servers build their pages with: server-rendered HTML
 * from escaping templates, a layout and components, SVG charts, documents as QR codes, the
 * static assets (stylesheet, client script, QR decoder) and the plugin that serves them.
 * No build step: the browser runs the files in `assets/` as they are. See README.md.
 *
 * @example
 * ```ts
 * import { html, page, dataTable, loadWebAssets, defaultBrand } from '@airlock/web';
 * const assets = await loadWebAssets();
 * await app.register(assets.plugin);
 * app.get('/products', async (_request, reply) => reply.type('text/html').send(page({
 *   title: 'Products', brand: defaultBrand, brandStylesheet: '/brand.css', assets: assets.pageAssets(), now: new Date(),
 *   main: dataTable({ caption: 'Products', rows, empty: 'No products yet.', columns }),
 * }).markup));
 * ```
 */
export { escapeHtml, html, isSafeHtml, joinHtml, path, trustedHtml, type HtmlValue, type SafeHtml } from './html.ts';
export { brandStylesheet, defaultBrand, isAllowedLogoSource, isHexColour, readableOn, type Brand, type BrandColours, type HexColour } from './brand.ts';
export { page, type NavItem, type PageAssets, type PageOptions } from './layout.ts';
export { loadWebAssets, type WebAssets } from './assets.ts';
export {
  listApiQuery,
  listPreview,
  listSearch,
  listState,
  listUrl,
  lookupField,
  pagedTable,
  pagerLinks,
  sortHeader,
  type ListPage,
  type ListState,
  type PagedColumn,
} from './components/list-controls.ts';
export { code, dataTable, definitionList, linkButton, notice, section, statusBadge, type Column, type Tone } from './components/content.ts';
export {
  apiForm,
  downloadButton,
  formFields,
  formRow,
  submitButton,
  type ApiFormOptions,
  type FormFields,
  type FormThen,
  type ValueType,
} from './components/form.ts';
export { countdown, dateTime, describeCountdown, describeSpan, formatDateTime } from './components/time.ts';
export { lineChart, niceStep, type ChartSeries, type LineChartOptions } from './components/chart.ts';
export {
  assembleQrChunks,
  documentQrCodes,
  parseQrChunk,
  qrChecksum,
  qrCodeSvg,
  splitIntoQrChunks,
  DEFAULT_QR_CHUNK_CHARS,
  MAX_QR_CHUNKS,
  QR_CHUNK_PREFIX,
  type QrChunk,
  type QrRefusal,
  type QrRefusalCode,
} from './qr.ts';
export { injectFetch, readApi, ApiRefusal, type ApiReader, type InProcessFetch, type ProblemBody } from './api-reader.ts';
export { problemNotice } from './components/problem.ts';
