/**
 * A two-panel bar chart (requests per second, p99 latency) per target, as a standalone SVG string.
 * Written by hand: no browser, no dependency. Flagged targets (errors, non-2xx) are drawn hatched
 * in red and labelled, so a bad run cannot pass for a good one.
 */
export interface ChartBar {
  label: string;
  requestsPerSec: number;
  latencyP99Ms: number;
  flagged: boolean;
}

export interface ChartOptions {
  title: string;
  subtitle?: string;
}

const COLORS: Record<string, string> = {
  legacy: '#8c564b',
  fallback: '#ff7f0e',
  migrated: '#2ca02c',
  adapter: '#1f77b4',
  'fastify-bare': '#7f7f7f',
};
const DEFAULT_COLOR = '#9467bd';
const FLAG_COLOR = '#d62728';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A round axis maximum (1, 2, 2.5, 5 x 10^n) at or above `value`. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * exp >= value) return step * exp;
  return 10 * exp;
}

function formatValue(value: number, unit: string): string {
  if (unit === 'req/s') return `${Math.round(value).toLocaleString('en-US')} req/s`;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

interface Panel {
  title: string;
  unit: string;
  pick: (bar: ChartBar) => number;
}

const LABEL_W = 110;
const PANEL_W = 420;
const BAR_H = 26;
const GAP = 12;
const TOP = 70;

function panel(bars: readonly ChartBar[], spec: Panel, x0: number): string {
  const max = niceMax(Math.max(0, ...bars.map(spec.pick)));
  const plotW = PANEL_W - LABEL_W - 20;
  const out: string[] = [];
  out.push(`<text x="${x0 + LABEL_W}" y="${TOP - 14}" class="panel">${escapeXml(spec.title)}</text>`);
  const plotH = bars.length * (BAR_H + GAP);
  // Grid lines at quarters of the axis.
  for (let i = 0; i <= 4; i++) {
    const x = x0 + LABEL_W + (plotW * i) / 4;
    out.push(`<line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${TOP + plotH}" class="grid"/>`);
    const tick = (max * i) / 4;
    const text = spec.unit === 'req/s' ? (tick >= 1000 ? `${round1(tick / 1000)}k` : `${round1(tick)}`) : `${round1(tick)}`;
    out.push(`<text x="${x}" y="${TOP + plotH + 14}" class="tick">${escapeXml(text)}</text>`);
  }
  out.push(`<text x="${x0 + LABEL_W + plotW / 2}" y="${TOP + plotH + 30}" class="tick">${escapeXml(spec.unit)}</text>`);
  bars.forEach((bar, i) => {
    const y = TOP + i * (BAR_H + GAP);
    const value = spec.pick(bar);
    const w = Math.max(1, (plotW * value) / max);
    const color = bar.flagged ? FLAG_COLOR : COLORS[bar.label] ?? DEFAULT_COLOR;
    out.push(`<text x="${x0 + LABEL_W - 8}" y="${y + BAR_H / 2 + 4}" class="label">${escapeXml(bar.label)}</text>`);
    out.push(
      `<rect x="${x0 + LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${bar.flagged ? 'url(#flagged)' : color}" stroke="${color}"/>`,
    );
    const text = `${formatValue(value, spec.unit)}${bar.flagged ? ' (errors!)' : ''}`;
    const inside = w > plotW * 0.6;
    const tx = inside ? x0 + LABEL_W + w - 6 : x0 + LABEL_W + w + 6;
    out.push(`<text x="${tx.toFixed(1)}" y="${y + BAR_H / 2 + 4}" class="${inside ? 'value in' : 'value'}">${escapeXml(text)}</text>`);
  });
  return out.join('\n  ');
}

function round1(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function renderChart(bars: readonly ChartBar[], options: ChartOptions): string {
  const width = 2 * PANEL_W + 40;
  const height = TOP + bars.length * (BAR_H + GAP) + 50;
  const panels = [
    panel(bars, { title: 'Requests per second (median, higher is better)', unit: 'req/s', pick: (b) => b.requestsPerSec }, 20),
    panel(bars, { title: 'p99 latency (median, lower is better)', unit: 'ms', pick: (b) => b.latencyP99Ms }, 20 + PANEL_W),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">
  <style>
    .title { font-size: 16px; font-weight: bold; }
    .subtitle { font-size: 12px; fill: #555; }
    .panel { font-size: 13px; font-weight: bold; }
    .label { font-size: 12px; text-anchor: end; }
    .value { font-size: 11px; }
    .value.in { text-anchor: end; fill: #fff; }
    .tick { font-size: 10px; text-anchor: middle; fill: #555; }
    .grid { stroke: #ddd; stroke-width: 1; }
  </style>
  <defs>
    <pattern id="flagged" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="8" height="8" fill="#f7c6c6"/><line x1="0" y1="0" x2="0" y2="8" stroke="${FLAG_COLOR}" stroke-width="4"/>
    </pattern>
  </defs>
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="20" y="24" class="title">${escapeXml(options.title)}</text>
  ${options.subtitle ? `<text x="20" y="42" class="subtitle">${escapeXml(options.subtitle)}</text>` : ''}
  ${panels.join('\n  ')}
</svg>
`;
}
