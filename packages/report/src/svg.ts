/**
 * Inline SVG charts for the HTML report. Every chart is plain SVG text with no scripts, so the page
 * renders offline and in any browser.
 */

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface LineSeries {
  name: string;
  color: string;
  /** One value from 0 to 1 per x position; `null` leaves a gap. */
  values: readonly (number | null)[];
}

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 36, right: 16, bottom: 44, left: 64 };
// Points sit this far inside the plot's left and right edges, so end labels are not clipped.
const X_INSET = 28;
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

const formatPercent = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;
const round = (value: number) => Math.round(value * 100) / 100;

function xPosition(index: number, count: number): number {
  if (count === 1) return MARGIN.left + PLOT_WIDTH / 2;
  return MARGIN.left + X_INSET + (index / (count - 1)) * (PLOT_WIDTH - 2 * X_INSET);
}

const yPosition = (value: number, maximum: number) => MARGIN.top + PLOT_HEIGHT * (1 - value / maximum);

// Returns the minimum number of decimals (at most 4) that prints every tick of a percent axis exactly.
function tickDigits(maximum: number): number {
  const ticks = [1, 2, 3, 4].map((tick) => (maximum * tick * 100) / 4);
  for (let digits = 0; digits < 4; digits++) {
    if (ticks.every((tick) => Math.abs(Number(tick.toFixed(digits)) - tick) < 1e-9)) return digits;
  }
  return 4;
}

function yAxis(maximum: number): string {
  const digits = tickDigits(maximum);
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (maximum * tick) / 4;
    const y = round(yPosition(value, maximum));
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" class="grid"/>`);
    parts.push(
      `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${formatPercent(value, digits)}</text>`,
    );
  }
  return parts.join('');
}

function xLabels(labels: readonly string[], title: string): string {
  const parts = labels.map(
    (label, i) =>
      `<text x="${round(xPosition(i, labels.length))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${escapeHtml(label)}</text>`,
  );
  parts.push(
    `<text x="${MARGIN.left + PLOT_WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle" class="axis-title">${escapeHtml(title)}</text>`,
  );
  return parts.join('');
}

function seriesPath(series: LineSeries): string {
  const count = series.values.length;
  let path = '';
  let drawing = false;

  series.values.forEach((value, i) => {
    if (value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${round(xPosition(i, count))},${round(yPosition(value, 1))}`;
    drawing = true;
  });

  const points = series.values
    .map((value, i) =>
      value === null
        ? ''
        : `<circle cx="${round(xPosition(i, count))}" cy="${round(yPosition(value, 1))}" r="3.5" fill="${series.color}"><title>${escapeHtml(series.name)}: ${formatPercent(value)}</title></circle>`,
    )
    .join('');
  return `<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2"/>${points}`;
}

/** Renders series of fractions (0 to 1) over checkpoints as a line chart with a legend. */
export function renderLineChart(
  title: string,
  xTitle: string,
  labels: readonly string[],
  series: readonly LineSeries[],
): string {
  const legend = series
    .map(
      (s, i) =>
        `<g transform="translate(${MARGIN.left + i * 190},8)"><rect width="12" height="12" fill="${s.color}"/><text x="18" y="10">${escapeHtml(s.name)}</text></g>`,
    )
    .join('');

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    yAxis(1),
    xLabels(labels, xTitle),
    series.map(seriesPath).join(''),
    legend,
    '</svg>',
  ].join('');
}

/** Returns the smallest of 1, 2 or 5 times a power of ten that is at least `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value * (1 - 1e-12))!;
  return step * power;
}

/** Renders one fraction per layer as bars; the y axis ends at a round value above the largest bar. */
export function renderBarChart(
  title: string,
  xTitle: string,
  values: readonly number[],
  color: string,
): string {
  const maximum = niceCeiling(Math.max(0, ...values));
  const slot = PLOT_WIDTH / Math.max(1, values.length);
  const labelEvery = Math.ceil(values.length / 16);

  const bars = values.map((value, i) => {
    const x = round(MARGIN.left + i * slot + slot * 0.15);
    const y = round(yPosition(value, maximum));
    const height = round(MARGIN.top + PLOT_HEIGHT - y);
    const label =
      i % labelEvery === 0
        ? `<text x="${round(x + slot * 0.35)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${i}</text>`
        : '';
    return `<rect x="${x}" y="${y}" width="${round(slot * 0.7)}" height="${height}" fill="${color}"><title>layer ${i}: ${formatPercent(value, 3)}</title></rect>${label}`;
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    yAxis(maximum),
    bars.join(''),
    `<text x="${MARGIN.left + PLOT_WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle" class="axis-title">${escapeHtml(xTitle)}</text>`,
    '</svg>',
  ].join('');
}
