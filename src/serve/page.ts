import { escapeHtml as e } from '../report/escape.js';
import { VERSION } from '../version.js';

/** A page of the workbench: its own stylesheet and script only (the CSP allows nothing else). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} · Strata</title><link rel="stylesheet" href="/app.css"></head>
<body><header><a href="/" class="brand">Strata workbench</a><span class="version">${e(VERSION)}</span></header>
<main><h1>${e(title)}</h1>${body}</main><script src="/app.js"></script></body></html>`;
}
