/** One bar: its label, its value and how the value reads in the page's locale. */
export interface Bar {
  label: string;
  value: number;
  shown: string;
}

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const WIDTH = 640;
const LABEL_WIDTH = 240;
const VALUE_WIDTH = 56;
const ROW = 28;
const BAR = 18;

/**
 * A horizontal bar chart as SVG markup, drawn on the server with attributes only (the CSP
 * allows no style attribute). `role="img"` with a `<title>` named by `aria-labelledby` is its
 * text alternative; the page shows the same figures as a table. In a right-to-left page the
 * labels sit on the right and the bars grow leftwards.
 */
export function barChart(id: string, title: string, bars: Bar[], rtl: boolean): string {
  const height = Math.max(1, bars.length) * ROW + 8;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const room = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const rows = bars.map((bar, i) => {
    const y = 4 + i * ROW;
    const length = Math.max(bar.value > 0 ? 2 : 0, Math.round((bar.value / max) * room));
    const barX = rtl ? WIDTH - LABEL_WIDTH - length : LABEL_WIDTH;
    const labelX = rtl ? WIDTH - 8 : LABEL_WIDTH - 8;
    const valueX = rtl ? barX - 6 : barX + length + 6;
    // With direction="rtl", "start" is the right-hand end: labels hug the bars on either side.
    const direction = rtl ? ' direction="rtl"' : '';
    const labelAnchor = rtl ? 'start' : 'end';
    const valueAnchor = rtl ? 'end' : 'start';
    return `<text x="${labelX}" y="${y + BAR - 4}" text-anchor="${labelAnchor}" class="chart-label"${direction}>${escapeXml(bar.label)}</text>`
      + `<rect x="${barX}" y="${y}" width="${length}" height="${BAR}" class="chart-bar"/>`
      + `<text x="${valueX}" y="${y + BAR - 4}" text-anchor="${valueAnchor}" class="chart-value">${escapeXml(bar.shown)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title" viewBox="0 0 ${WIDTH} ${height}" `
    + `width="100%" class="chart" focusable="false"><title id="${id}-title">${escapeXml(title)}</title>${rows.join('')}</svg>`;
}
