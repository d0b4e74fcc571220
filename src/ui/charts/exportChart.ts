// A chart as a file: whatever ChartFrame holds, a recharts <svg> or a <canvas>. SVG is the
// chart's own markup with its computed styles inlined (the stylesheet stays behind) and the HTML
// legend drawn in; PNG draws every layer of the frame (canvas, SVG, legend text) onto a canvas at
// twice the pixels.
const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** What an exported SVG keeps of each element's computed style. */
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'visibility',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
] as const;

export type ChartContent =
  | { kind: 'svg'; svg: SVGSVGElement }
  | { kind: 'canvas'; canvas: HTMLCanvasElement }
  | { kind: 'none' };

/** The chart a container holds: recharts' main surface (not a legend icon), or a canvas. */
export function chartContent(container: Element): ChartContent {
  const canvas = container.querySelector('canvas');
  if (canvas) return { kind: 'canvas', canvas };
  const svg =
    container.querySelector<SVGSVGElement>('.recharts-wrapper > svg') ??
    container.querySelector<SVGSVGElement>('svg');
  return svg ? { kind: 'svg', svg } : { kind: 'none' };
}

function inlineStyles(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  const style = STYLE_PROPERTIES.map((p) => [p, computed.getPropertyValue(p)] as const)
    .filter(([, v]) => v !== '')
    .map(([p, v]) => `${p}:${v}`)
    .join(';');
  if (style) target.setAttribute('style', style);
  else target.removeAttribute('style');
  target.removeAttribute('class');
}

function inlineTree(source: Element, target: Element): void {
  inlineStyles(source, target);
  const from = source.querySelectorAll('*');
  const to = target.querySelectorAll('*');
  from.forEach((element, i) => inlineStyles(element, to[i]));
}

/** The first opaque background behind an element: the page's, in its current theme. */
export function backgroundOf(element: Element): string {
  for (let e: Element | null = element; e; e = e.parentElement) {
    const color = getComputedStyle(e).backgroundColor;
    if (color && color !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return '#ffffff';
}

function sizeOf(svg: SVGSVGElement): { width: number; height: number } {
  const rect = svg.getBoundingClientRect();
  const width = Number(svg.getAttribute('width')) || rect.width;
  const height = Number(svg.getAttribute('height')) || rect.height;
  return { width, height };
}

/** recharts draws its legend in HTML: its items become SVG where they sit on the page. */
function legendAsSvg(svg: SVGSVGElement): SVGGElement | null {
  const wrapper = svg.closest('.recharts-wrapper');
  const items = wrapper?.querySelectorAll('.recharts-legend-item') ?? [];
  if (items.length === 0) return null;
  const origin = svg.getBoundingClientRect();
  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('class', 'legend');
  items.forEach((item, i) => {
    const rect = item.getBoundingClientRect();
    const entry = document.createElementNS(SVG_NS, 'g');
    // Without layout (jsdom) the items would all sit at 0: stack them instead.
    const x = rect.width > 0 ? rect.left - origin.left : 4;
    const y = rect.width > 0 ? rect.top - origin.top : 4 + i * 16;
    entry.setAttribute('transform', `translate(${x},${y})`);
    const icon = item.querySelector('svg');
    let textX = 0;
    if (icon) {
      const copy = icon.cloneNode(true) as SVGSVGElement;
      inlineTree(icon, copy);
      entry.appendChild(copy);
      textX = (Number(icon.getAttribute('width')) || 14) + 4;
    }
    const label = item.querySelector('.recharts-legend-item-text') ?? item;
    const text = document.createElementNS(SVG_NS, 'text');
    const style = getComputedStyle(label);
    text.setAttribute('x', String(textX));
    text.setAttribute('y', String(icon ? (Number(icon.getAttribute('height')) || 14) - 2 : 12));
    text.setAttribute(
      'style',
      `fill:${style.color || 'currentColor'};font-family:${style.fontFamily};font-size:${style.fontSize}`,
    );
    text.textContent = label.textContent ?? '';
    entry.appendChild(text);
    group.appendChild(entry);
  });
  return group;
}

/**
 * A standalone SVG document: computed styles inline, and for a whole chart (`isChart`) a
 * background and recharts' HTML legend drawn in.
 */
export function serializeChartSvg(svg: SVGSVGElement, isChart = true): string {
  const { width, height } = sizeOf(svg);
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineTree(svg, copy);
  copy.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  if (!copy.getAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (isChart) {
    const background = document.createElementNS(SVG_NS, 'rect');
    background.setAttribute('width', '100%');
    background.setAttribute('height', '100%');
    background.setAttribute('fill', backgroundOf(svg));
    copy.insertBefore(background, copy.firstChild);
    const legend = legendAsSvg(svg);
    if (legend) copy.appendChild(legend);
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
}

const toBlob = (canvas: HTMLCanvasElement) =>
  new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the browser drew no PNG'))),
      'image/png',
    ),
  );

async function drawSvg(
  context: CanvasRenderingContext2D,
  svg: SVGSVGElement,
  at: { x: number; y: number; width: number; height: number },
): Promise<void> {
  const url = URL.createObjectURL(
    new Blob([serializeChartSvg(svg, false)], { type: 'image/svg+xml' }),
  );
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    context.drawImage(image, at.x, at.y, at.width, at.height);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Text outside any SVG (an HTML legend), each run drawn where the page lays it out. */
function drawHtmlText(context: CanvasRenderingContext2D, container: Element, origin: DOMRect) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('svg') || !node.textContent?.trim()) continue;
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    const style = getComputedStyle(parent);
    if (rect.width === 0 || style.visibility === 'hidden' || parent.closest('[hidden]')) continue;
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    context.fillStyle = style.color;
    context.textBaseline = 'middle';
    context.fillText(
      node.textContent.trim(),
      rect.left - origin.left,
      rect.top - origin.top + rect.height / 2,
    );
  }
}

/**
 * The chart as the page shows it, as a PNG at `scale` times its CSS pixels: every canvas and
 * top-level SVG layer in the frame drawn where it sits (a canvas chart's lines, the SVG axes on
 * top), the HTML legend's text, over the page's background.
 */
export async function chartPng(container: Element, scale = 2): Promise<Blob> {
  const content = chartContent(container);
  if (content.kind === 'none') throw new Error('the chart is not drawn yet');
  const origin = container.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(origin.width * scale));
  canvas.height = Math.max(1, Math.round(origin.height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.scale(scale, scale);
  context.fillStyle = backgroundOf(container);
  context.fillRect(0, 0, origin.width, origin.height);
  const layers = [...container.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg')];
  for (const layer of layers) {
    if (layer.parentElement?.closest('svg')) continue;
    const rect = layer.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const at = {
      x: rect.left - origin.left,
      y: rect.top - origin.top,
      width: rect.width,
      height: rect.height,
    };
    if (layer instanceof HTMLCanvasElement)
      context.drawImage(layer, at.x, at.y, at.width, at.height);
    else await drawSvg(context, layer, at);
  }
  drawHtmlText(context, container, origin);
  return toBlob(canvas);
}

/** Hands a file to the browser's downloads. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download holds its own reference once started; the URL can then go.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a chart or model name: lower case, dashes, nothing a file system minds. */
export const fileNameOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'chart';
