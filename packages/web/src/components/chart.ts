import { html, type SafeHtml } from '../html.ts';
import { formatDateTime } from './time.ts';

/** One line of a chart: a name and its values over time. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly { readonly at: Date; readonly value: number }[];
}

export interface LineChartOptions {
  /** Unique on the page. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, in a sentence: read by assistive technology in place of the picture. */
  readonly description: string;
  /** What the values count ("seats in use"). */
  readonly valueLabel: string;
  readonly series: readonly ChartSeries[];
  readonly width?: number;
  readonly height?: number;
}

const margin = { top: 16, right: 20, bottom: 44, left: 56 };
/** Lines are told apart by colour (from the stylesheet) and by marker shape, never by colour alone. */
const markers = ['circle', 'square', 'diamond', 'triangle'] as const;
const DAY_MS = 86_400_000;

/** Round steps (1, 2, 5 × 10ⁿ) so the axis reads 0, 5, 10, … rather than 0, 3.7, 7.4. */
export function niceStep(max: number, ticks = 4): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  return Math.max(1, step);
}

function marker(shape: (typeof markers)[number], x: number, y: number, label: string): SafeHtml {
  const at = (n: number) => n.toFixed(1);
  const title = html`<title>${label}</title>`;
  switch (shape) {
    case 'circle':
      return html`<circle class="marker" cx="${at(x)}" cy="${at(y)}" r="4">${title}</circle>`;
    case 'square':
      return html`<rect class="marker" x="${at(x - 4)}" y="${at(y - 4)}" width="8" height="8">${title}</rect>`;
    case 'diamond':
      return html`<polygon class="marker" points="${`${at(x)},${at(y - 5)} ${at(x + 5)},${at(y)} ${at(x)},${at(y + 5)} ${at(x - 5)},${at(y)}`}">${title}</polygon>`;
    case 'triangle':
      return html`<polygon class="marker" points="${`${at(x)},${at(y - 5)} ${at(x + 5)},${at(y + 4)} ${at(x - 5)},${at(y + 4)}`}">${title}</polygon>`;
  }
}

/**
 * A line chart of values over time, drawn on the server as SVG (no chart library, no script):
 * titled and described for assistive technology, a legend in HTML, and the same numbers as a
 * table beneath it for anyone who would rather read them.
 *
 * @example
 * ```ts
 * lineChart({ id: 'usage-plant-4', title: 'Seats in use', description: 'Seats in use per type, from each LFR.',
 *   valueLabel: 'seats', series: [{ name: 'bot-runner', points: [{ at: new Date('2026-11-23'), value: 2 }] }] });
 * ```
 */
export function lineChart(options: LineChartOptions): SafeHtml {
  const width = options.width ?? 720;
  const height = options.height ?? 280;
  const plot = { width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
  const points = options.series.flatMap((series) => series.points);
  if (points.length === 0) return html`<p class="empty" id="${options.id}">${options.title}: nothing recorded yet.</p>`;

  const times = points.map((point) => point.at.getTime());
  let [from, to] = [Math.min(...times), Math.max(...times)];
  if (from === to) [from, to] = [from - DAY_MS, to + DAY_MS];
  const step = niceStep(Math.max(...points.map((point) => point.value)));
  const top = Math.max(step, Math.ceil(Math.max(...points.map((point) => point.value)) / step) * step);
  const x = (at: Date) => margin.left + ((at.getTime() - from) / (to - from)) * plot.width;
  const y = (value: number) => margin.top + plot.height - (value / top) * plot.height;

  const yTicks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  const grid = yTicks.map(
    (value) =>
      html`<g class="tick"><line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"></line><text class="tick-label" x="${margin.left - 8}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${value}</text></g>`,
  );
  const xTickCount = Math.min(5, new Set(times).size === 1 ? 1 : 5);
  const xTicks = Array.from({ length: xTickCount }, (_, index) => new Date(xTickCount === 1 ? times[0]! : from + ((to - from) * index) / (xTickCount - 1)));
  // Within two days, the hour tells the points apart; beyond, the day.
  const tickLabel = (at: Date) =>
    to - from <= 2 * DAY_MS ? `${at.toISOString().slice(5, 10)} ${at.toISOString().slice(11, 16)}` : at.toISOString().slice(0, 10);
  const xLabels = xTicks.map(
    (at) => html`<text class="tick-label" x="${x(at).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle">${tickLabel(at)}</text>`,
  );

  const lines = options.series.map((series, index) => {
    const sorted = [...series.points].sort((a, b) => a.at.getTime() - b.at.getTime());
    const shape = markers[index % markers.length]!;
    const polyline = sorted.map((point) => `${x(point.at).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ');
    return html`<g class="series series-${index % 6}">${sorted.length > 1 ? html`<polyline class="line" points="${polyline}"></polyline>` : ''}${sorted.map((point) => marker(shape, x(point.at), y(point.value), `${series.name}: ${point.value} ${options.valueLabel}, ${formatDateTime(point.at)}`))}</g>`;
  });

  const legend = html`<ul class="chart-legend">${options.series.map((series, index) => html`<li class="series-${index % 6}"><span class="legend-swatch legend-${markers[index % markers.length]}" aria-hidden="true"></span>${series.name}</li>`)}</ul>`;

  const moments = [...new Set(times)].sort((a, b) => a - b);
  const valueAt = (series: ChartSeries, at: number) => series.points.find((point) => point.at.getTime() === at)?.value;
  const table = html`<details class="chart-data"><summary>${options.title}: the numbers as a table</summary><div class="table-scroll" role="region" tabindex="0" aria-label="${options.title}: data"><table>
<caption>${options.title} (${options.valueLabel})</caption>
<thead><tr><th scope="col">Time</th>${options.series.map((series) => html`<th scope="col" class="numeric">${series.name}</th>`)}</tr></thead>
<tbody>${moments.map((at) => html`<tr><th scope="row">${formatDateTime(new Date(at))}</th>${options.series.map((series) => html`<td class="numeric">${valueAt(series, at) ?? '–'}</td>`)}</tr>`)}</tbody>
</table></div></details>`;

  return html`<figure class="chart" id="${options.id}">
<svg class="chart-svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${options.id}-title ${options.id}-desc" focusable="false">
<title id="${options.id}-title">${options.title}</title>
<desc id="${options.id}-desc">${options.description}</desc>
${grid}
<line class="axis" x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plot.height}" y2="${margin.top + plot.height}"></line>
<line class="axis" x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plot.height}"></line>
${xLabels}
<text class="axis-label" x="14" y="${margin.top + plot.height / 2}" transform="rotate(-90 14 ${margin.top + plot.height / 2})" text-anchor="middle">${options.valueLabel}</text>
${lines}
</svg>
<figcaption>${options.title}</figcaption>
${legend}
${table}
</figure>`;
}
