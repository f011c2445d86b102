/**
 * A recharts chart as it shows on screen, as PNG bytes: its title, its legend and its SVG drawn on a white canvas.
 *
 * The SVG draws with the page's stylesheets (CSS variables, Mantine classes, currentColor), which an SVG
 * loaded as an image does not see: each element's computed presentation is written into the copy first.
 * The copy is loaded as a data: URL, the one image source the CSP allows besides the app's own files.
 */

/** What an SVG element's look depends on; the rest (positions, sizes) is in its attributes already. */
const drawnProperties = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'visibility',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

function inlineComputedStyles(source: Element, copy: Element): void {
  const computed = getComputedStyle(source);
  (copy as SVGElement).setAttribute(
    'style',
    drawnProperties.map((name) => `${name}:${computed.getPropertyValue(name)}`).join(';'),
  );
  for (let i = 0; i < source.children.length; i += 1) {
    const child = copy.children[i];
    const original = source.children[i];
    if (child && original) inlineComputedStyles(original, child);
  }
}

export interface ChartLegendEntry {
  label: string;
  color: string;
  /** Where the legend item's swatch and name show on screen. */
  swatch: DOMRect;
  name: DOMRect;
}

/** Twice the CSS pixels: sharp once pasted into a letter or a slide. */
const scale = 2;
const padding = 16;
const titleHeight = 28;

export async function chartPng({
  title,
  svg,
  legend,
}: {
  title: string;
  svg: SVGSVGElement;
  legend: ChartLegendEntry[];
}): Promise<Uint8Array> {
  const box = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineComputedStyles(svg, copy);
  // The band under the pointer follows the mouse, not the figures.
  for (const cursor of copy.querySelectorAll('.recharts-tooltip-cursor')) cursor.remove();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(box.width));
  copy.setAttribute('height', String(box.height));
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
  await image.decode();

  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil((box.width + 2 * padding) * scale);
  canvas.height = Math.ceil((box.height + 2 * padding + titleHeight) * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('Dessin impossible : le navigateur n’a pas de canevas 2D.');
  context.scale(scale, scale);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  const font = getComputedStyle(svg).fontFamily;
  context.fillStyle = '#212529';
  context.textBaseline = 'middle';
  context.font = `600 15px ${font}`;
  context.fillText(title, padding, padding + titleHeight / 2);

  const top = padding + titleHeight;
  // The legend is HTML laid over the SVG's top band (recharts keeps the room for it): drawn where it shows.
  context.font = `14px ${font}`;
  for (const entry of legend) {
    context.fillStyle = entry.color;
    context.fillRect(
      padding + entry.swatch.left - box.left,
      top + entry.swatch.top - box.top,
      entry.swatch.width,
      entry.swatch.height,
    );
    context.fillStyle = '#212529';
    context.fillText(
      entry.label,
      padding + entry.name.left - box.left,
      top + entry.name.top - box.top + entry.name.height / 2,
    );
  }
  context.drawImage(image, padding, top, box.width, box.height);

  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('L’image du graphique n’a pas pu être produite.');
  return new Uint8Array(await blob.arrayBuffer());
}
