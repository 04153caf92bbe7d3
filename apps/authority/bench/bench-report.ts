/** How the authority's benches print: one line per figure, beside its baseline from the same run and its target. */

export interface Line {
  readonly scenario: string;
  readonly figure: string;
  readonly baseline: string;
  /** The figure against its baseline, where a ratio means something. */
  readonly ratio?: string;
  readonly target: string;
}

export const say = (line: string) => process.stdout.write(`${line}\n`);
export const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The lines as a table; the ratio column only when some line has a ratio. */
export function printTable(rows: readonly Line[], figureTitle: string): void {
  const withRatio = rows.some((row) => row.ratio !== undefined);
  const header: Required<Line> = { scenario: 'scenario', figure: figureTitle, baseline: 'baseline (same run)', ratio: 'ratio', target: 'target' };
  const columns = withRatio ? (['scenario', 'figure', 'baseline', 'ratio', 'target'] as const) : (['scenario', 'figure', 'baseline', 'target'] as const);
  const cell = (row: Line, column: keyof Line) => row[column] ?? '';
  const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => cell(row, column).length)));
  const render = (row: Line) =>
    columns
      .map((column, index) => cell(row, column).padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  say(`\n${render(header)}\n${widths.map((width) => '─'.repeat(width)).join('  ')}`);
  for (const row of rows) say(render(row));
}
