// The overview chart, drawn as SVG elements by hand: bars for downloads and refusals per day, a line for the
// entries waiting for review at each day's end. Colours come from app.css (classes), so the CSP needs no inline style.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 860;
const HEIGHT = 240;
const PAD = { left: 44, right: 44, top: 26, bottom: 24 };

function el(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** Whole-number ticks for an axis up to value: a step of 1, 2 or 5 times a power of ten, at most about 4 steps. */
function ticks(value) {
  const rough = Math.max(1, value / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  const top = Math.max(step, Math.ceil(value / step) * step);
  return { top, step };
}

/** days: [{day, downloads, refusals, quarantined, open}], oldest first. */
export function dailyChart(days) {
  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img',
    'aria-label': 'Downloads, refusals and open quarantine entries per day' });
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const left = ticks(Math.max(0, ...days.map((d) => Math.max(d.downloads, d.refusals))));
  const right = ticks(Math.max(0, ...days.map((d) => d.open)));
  const requests = left.top;
  const open = right.top;
  const slot = plotW / Math.max(1, days.length);
  const bar = Math.max(2, Math.min(18, slot / 3));
  const y = (v, max) => PAD.top + plotH - (v / max) * plotH;

  for (let v = 0; v <= requests; v += left.step) {
    const yy = y(v, requests);
    svg.append(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: yy, y2: yy, class: 'grid-line' }));
    svg.append(el('text', { x: PAD.left - 6, y: yy + 4, class: 'axis axis-left' }, v));
  }
  for (let v = 0; v <= open; v += right.step) {
    svg.append(el('text', { x: WIDTH - PAD.right + 6, y: y(v, open) + 4, class: 'axis axis-right' }, v));
  }
  const points = [];
  days.forEach((d, i) => {
    const x = PAD.left + i * slot + slot / 2;
    const down = el('rect', { x: x - bar, y: y(d.downloads, requests), width: bar,
      height: Math.max(0, PAD.top + plotH - y(d.downloads, requests)), class: 'bar-downloads' });
    down.append(el('title', {}, `${d.day}: ${d.downloads} downloads`));
    const refused = el('rect', { x, y: y(d.refusals, requests), width: bar,
      height: Math.max(0, PAD.top + plotH - y(d.refusals, requests)), class: 'bar-refusals' });
    refused.append(el('title', {}, `${d.day}: ${d.refusals} refusals, ${d.quarantined} newly quarantined`));
    svg.append(down, refused);
    points.push(`${x},${y(d.open, open)}`);
    if (days.length <= 16 || i % Math.ceil(days.length / 16) === 0) {
      svg.append(el('text', { x, y: HEIGHT - PAD.bottom + 15, class: 'axis axis-day' }, String(d.day).slice(5)));
    }
  });
  svg.append(el('polyline', { points: points.join(' '), class: 'line-open' }));
  days.forEach((d, i) => {
    const dot = el('circle', { cx: PAD.left + i * slot + slot / 2, cy: y(d.open, open), r: 3, class: 'dot-open' });
    dot.append(el('title', {}, `${d.day}: ${d.open} entries open at the end of the day`));
    svg.append(dot);
  });
  svg.append(el('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: PAD.top + plotH, y2: PAD.top + plotH,
    class: 'base-line' }));
  svg.append(el('text', { x: 0, y: 11, class: 'axis axis-title' }, 'requests'));
  svg.append(el('text', { x: WIDTH, y: 11, class: 'axis axis-title axis-title-right' }, 'open entries'));
  return svg;
}
