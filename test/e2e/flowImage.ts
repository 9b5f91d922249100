// The README's step image of the whole flow: the step screenshots with their captions in a grid,
// laid out and rendered by the browser the run already has (no image tool needed).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export interface FlowStep {
  readonly file: string;
  readonly caption: string;
}

const WIDTH = 1280;
const COLUMNS = 2;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export async function composeFlowImage(workbench: Page, steps: readonly FlowStep[], out: string): Promise<void> {
  if (steps.length === 0) throw new Error('no step screenshots to compose');
  const cells = steps
    .map((s) => `<figure><figcaption>${escapeHtml(s.caption)}</figcaption><img src="data:image/png;base64,${readFileSync(s.file).toString('base64')}"></figure>`)
    .join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>
    html, body { margin: 0; background: #1e1b4b; }
    body { width: ${WIDTH}px; padding: 24px; box-sizing: border-box; font: 600 15px/1.35 system-ui, "DejaVu Sans", sans-serif; color: #ede9fe; }
    h1 { margin: 0 0 18px; font-size: 22px; }
    main { display: grid; grid-template-columns: repeat(${COLUMNS}, 1fr); gap: 20px; }
    figure { margin: 0; }
    figcaption { margin-bottom: 8px; min-height: 2.7em; }
    figure:last-child:nth-child(odd) { grid-column: 1 / -1; justify-self: center; width: calc(50% - 10px); }
    img { width: 100%; display: block; border-radius: 6px; box-shadow: 0 2px 10px #0008; }
  </style></head><body><h1>AI Provenance: from an accepted suggestion to a commit with trailers</h1><main>${cells}</main></body></html>`;
  const page = await workbench.context().newPage();
  try {
    await page.setViewportSize({ width: WIDTH, height: 800 });
    await page.setContent(html, { waitUntil: 'load' });
    await page.screenshot({ path: out, fullPage: true });
  } finally {
    await page.close();
  }
}
