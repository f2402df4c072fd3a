import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h } from '../common/dom.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = "'Segoe UI', system-ui, sans-serif";

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** One or two sentences saying what the chart shows, read out in place of the picture. */
  readonly summary: string;
  readonly categoryHeader: string;
  readonly categories: readonly string[];
  readonly series: readonly Series[];
  readonly stacked?: boolean;
  /** Bars run across, for long category names (documents, departments). */
  readonly horizontal?: boolean;
  /** Said instead of drawing an empty chart, when there is a reason nothing is shown (figures withheld). */
  readonly emptyText?: string;
}

type Texture = 'solid' | 'diagonal' | 'dots' | 'horizontal' | 'cross' | 'vertical' | 'back-diagonal';
const TEXTURES: readonly Texture[] = ['solid', 'diagonal', 'dots', 'horizontal', 'cross', 'vertical', 'back-diagonal'];

// Each series has its own texture as well as its own colour, so nothing rests on colour alone.
function texture(kind: Texture, colour: string, ink: string): CanvasPattern | string {
  if (kind === 'solid') return colour;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 10;
  const g = tile.getContext('2d');
  if (!g) return colour;
  g.fillStyle = colour;
  g.fillRect(0, 0, 10, 10);
  g.strokeStyle = ink;
  g.fillStyle = ink;
  g.lineWidth = 2;
  g.beginPath();
  if (kind === 'diagonal' || kind === 'cross') g.moveTo(0, 10), g.lineTo(10, 0), g.moveTo(-1, 1), g.lineTo(1, -1), g.moveTo(9, 11), g.lineTo(11, 9);
  if (kind === 'back-diagonal' || kind === 'cross') g.moveTo(0, 0), g.lineTo(10, 10), g.moveTo(9, -1), g.lineTo(11, 1), g.moveTo(-1, 9), g.lineTo(1, 11);
  if (kind === 'horizontal') g.moveTo(0, 5), g.lineTo(10, 5);
  if (kind === 'vertical') g.moveTo(5, 0), g.lineTo(5, 10);
  g.stroke();
  if (kind === 'dots') g.beginPath(), g.arc(5, 5, 2, 0, Math.PI * 2), g.fill();
  return g.createPattern(tile, 'repeat') ?? colour;
}

const live = new Set<Chart>();

/** Charts hold listeners and canvases; free the previous view's before drawing new ones. */
export function destroyCharts(): void {
  for (const chart of live) chart.destroy();
  live.clear();
}

function table(spec: ChartSpec): HTMLTableElement {
  const totals = spec.series.length > 1;
  return h(
    'table',
    { class: 'chart-table' },
    h('caption', {}, `${spec.title}: the figures`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, spec.categoryHeader),
        spec.series.map((s) => h('th', { scope: 'col', class: 'number' }, s.label)),
        totals ? h('th', { scope: 'col', class: 'number' }, 'Total') : null,
      ),
    ),
    h(
      'tbody',
      {},
      spec.categories.map((c, i) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, c),
          spec.series.map((s) => h('td', { class: 'number' }, s.values[i] ?? 0)),
          totals ? h('td', { class: 'number' }, spec.series.reduce((n, s) => n + (s.values[i] ?? 0), 0)) : null,
        ),
      ),
    ),
  );
}

/**
 * A chart with its text equivalent: a summary read in place of the picture, and the figures as a
 * table. The canvas is an image to assistive technology; the table carries the numbers.
 */
export function chartFigure(spec: ChartSpec): HTMLElement {
  const style = getComputedStyle(document.documentElement);
  const css = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const fg = css('--fg', '#1b1b1b');
  const bg = css('--bg', '#ffffff');
  const grid = css('--border', '#8a8a8a');
  const canvas = h('canvas', { role: 'img', 'aria-label': `${spec.title}. ${spec.summary} The figures are in the table that follows.` });
  const narrow = window.innerWidth < 640;
  // Room for the legend, which wraps onto more rows on a phone.
  const legendRows = spec.series.length > 1 ? Math.ceil(spec.series.length / (narrow ? 2 : 4)) : 0;
  const bars = spec.horizontal ? 48 + spec.categories.length * (spec.stacked || spec.series.length === 1 ? 30 : 18 * spec.series.length) : 240;
  const height = Math.max(160, bars) + legendRows * 24;
  // Long names (documents, departments) are shortened on the axis; the table has them in full.
  const longest = narrow ? 14 : 28;
  const shorten = (label: string) => (label.length > longest ? `${label.slice(0, longest - 1)}\u2026` : label);
  const categoryTicks = {
    color: fg,
    callback(this: { getLabelForValue(value: number): string }, value: number | string) {
      return shorten(this.getLabelForValue(Number(value)));
    },
  };
  const frame = h('div', { class: 'chart-frame' }, canvas);
  frame.style.height = `${height}px`;
  const empty = spec.categories.length === 0 || spec.series.every((s) => s.values.every((v) => !v));
  if (empty && spec.emptyText) {
    return h(
      'figure',
      { class: 'chart', id: spec.id, 'aria-labelledby': `${spec.id}-title` },
      h('figcaption', { id: `${spec.id}-title` }, h('h3', {}, spec.title)),
      h('p', { class: 'chart-summary' }, spec.summary),
      h('p', { class: 'muted' }, spec.emptyText),
    );
  }

  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [...spec.categories],
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        data: [...s.values],
        backgroundColor: texture(TEXTURES[i % TEXTURES.length]!, css(`--chart-${(i % 7) + 1}`, fg), bg),
        borderColor: fg,
        borderWidth: 1,
      })),
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      color: fg,
      scales: {
        x: { stacked: !!spec.stacked, ticks: spec.horizontal ? { color: fg, precision: 0 } : categoryTicks, grid: { color: grid }, beginAtZero: true },
        y: { stacked: !!spec.stacked, ticks: spec.horizontal ? categoryTicks : { color: fg, precision: 0 }, grid: { color: grid }, beginAtZero: true },
      },
      plugins: {
        legend: { display: spec.series.length > 1, labels: { color: fg } },
        tooltip: { enabled: true },
      },
    },
  });
  live.add(chart);

  return h(
    'figure',
    { class: 'chart', id: spec.id, 'aria-labelledby': `${spec.id}-title` },
    h('figcaption', { id: `${spec.id}-title` }, h('h3', {}, spec.title)),
    h('p', { class: 'chart-summary' }, spec.summary),
    empty ? h('p', { class: 'muted' }, 'No figures for this period yet.') : null,
    frame,
    h('details', { class: 'chart-details' }, h('summary', {}, 'Show the figures as a table'), h('div', { class: 'table-wrap' }, table(spec))),
  );
}
