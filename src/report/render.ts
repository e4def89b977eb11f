import type { Spec } from './charts/spec.js';

/**
 * Renders a Vega-Lite spec to SVG headless. vega and vega-lite are loaded with a dynamic import():
 * their module graphs use top-level await, which `require()` (tslab notebooks) cannot load.
 */
export async function renderSvg(spec: Spec): Promise<string> {
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG to PNG with resvg (no canvas build); text uses the machine's fonts. */
export async function svgToPng(svg: string, scale = 1.5): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}
