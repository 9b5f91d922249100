import type { HistoryReport, Share } from '../history';
import { short } from '../range';
import { code, md } from './markdown';
import { percent } from './text';

function sinceText(r: HistoryReport): string {
  return r.since !== null ? `since ${r.since}` : 'all history';
}

/** The history report as Markdown. */
export function formatHistoryMarkdown(r: HistoryReport): string {
  const t = r.totals;
  const out: string[] = [];
  out.push(`# AI share of added lines: ${percent(t.aiShare)}`);
  out.push('');
  out.push(
    `${t.commits} commits (${sinceText(r)}) up to ${code(short(r.rev))} (${md(r.revRef)}): ${t.aiLines} AI lines of ${t.addedLines} added lines; ${t.unknownLines} lines in commits without provenance. ` +
      `Origins: ${t.origins['ai-generated']} ai-generated, ${t.origins['ai-edited']} ai-edited, ${t.origins['human-only']} human-only, ${t.origins.unknown} unknown.`,
  );
  out.push('');
  out.push('AI lines are what the commits\' AI-Lines trailers claim (spread over each commit\'s files by their added lines unless a note lists them); tiers come from the policy at that revision.');
  out.push('', `## By ${r.bucket}`, '');
  out.push(`| ${r.bucket === 'week' ? 'Week of' : 'Month'} | Commits | Added lines | AI lines | AI share | Unknown provenance |`);
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const p of r.periods) out.push(`| ${p.start} | ${p.commits} | ${p.addedLines} | ${p.aiLines} | ${percent(p.aiShare)} | ${p.unknownLines} |`);
  out.push('', '## By tier', '');
  out.push('| Tier | Files | Added lines | AI lines | AI share | Unknown provenance |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const x of r.tiers) out.push(`| ${x.tier} | ${x.files} | ${x.addedLines} | ${x.aiLines} | ${percent(x.aiShare)} | ${x.unknownLines} |`);
  out.push('', '## By path', '');
  out.push('| Path | Highest tier | Files | Added lines | AI lines | AI share | Unknown provenance |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const x of r.paths.slice(0, 50)) out.push(`| ${code(x.path)} | ${x.tier} | ${x.files} | ${x.addedLines} | ${x.aiLines} | ${percent(x.aiShare)} | ${x.unknownLines} |`);
  if (r.paths.length > 50) out.push('', `… and ${r.paths.length - 50} more paths.`);
  out.push('');
  return `${out.join('\n')}\n`;
}

export function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Stacked bars (AI, unknown, other added lines) per period and the AI share as a line. */
export function historyChart(r: HistoryReport): string {
  const periods = r.periods;
  const barW = periods.length > 60 ? 8 : 18;
  const gap = 4;
  const left = 56;
  const right = 48;
  const top = 16;
  const plotH = 200;
  const width = Math.max(480, left + right + periods.length * (barW + gap));
  const height = top + plotH + 44;
  const maxAdded = Math.max(1, ...periods.map((p) => p.addedLines));
  const y = (lines: number) => (lines / maxAdded) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="AI share of added lines per ${r.bucket}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  );
  for (const frac of [0, 0.25, 0.5, 0.75, 1]) {
    const yy = top + plotH - frac * plotH;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${yy + 4}" text-anchor="end" class="axis">${Math.round(frac * maxAdded)}</text>`);
    parts.push(`<text x="${width - right + 6}" y="${yy + 4}" class="axis">${Math.round(frac * 100)}%</text>`);
  }
  const points: string[] = [];
  const labelEvery = Math.max(1, Math.ceil(periods.length / 12));
  periods.forEach((p, i) => {
    const x = left + i * (barW + gap) + gap / 2;
    const other = Math.max(0, p.addedLines - p.aiLines - p.unknownLines);
    let base = top + plotH;
    const seg = (lines: number, cls: string) => {
      const h = y(lines);
      if (h <= 0) return;
      base -= h;
      parts.push(`<rect x="${x}" y="${base.toFixed(1)}" width="${barW}" height="${h.toFixed(1)}" class="${cls}"/>`);
    };
    parts.push(`<g><title>${html(`${p.start}: ${p.commits} commits, ${p.addedLines} added lines, ${p.aiLines} AI (${percent(p.aiShare)}), ${p.unknownLines} unknown`)}</title>`);
    seg(p.aiLines, 'ai');
    seg(p.unknownLines, 'unknown');
    seg(other, 'human');
    parts.push('</g>');
    points.push(`${(x + barW / 2).toFixed(1)},${(top + plotH - p.aiShare * plotH).toFixed(1)}`);
    if (i % labelEvery === 0) parts.push(`<text x="${x + barW / 2}" y="${top + plotH + 16}" text-anchor="middle" class="axis">${html(p.start.slice(r.bucket === 'month' ? 0 : 5, 7 + (r.bucket === 'month' ? 0 : 3)))}</text>`);
  });
  if (points.length > 1) parts.push(`<polyline points="${points.join(' ')}" class="share"/>`);
  const ly = top + plotH + 34;
  parts.push(`<rect x="${left}" y="${ly - 9}" width="10" height="10" class="ai"/><text x="${left + 14}" y="${ly}" class="axis">AI lines</text>`);
  parts.push(`<rect x="${left + 80}" y="${ly - 9}" width="10" height="10" class="unknown"/><text x="${left + 94}" y="${ly}" class="axis">unknown provenance</text>`);
  parts.push(`<rect x="${left + 220}" y="${ly - 9}" width="10" height="10" class="human"/><text x="${left + 234}" y="${ly}" class="axis">other added lines</text>`);
  parts.push(`<line x1="${left + 350}" x2="${left + 366}" y1="${ly - 4}" y2="${ly - 4}" class="share"/><text x="${left + 370}" y="${ly}" class="axis">AI share (right axis)</text>`);
  parts.push('</svg>');
  return parts.join('');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${html(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${i > 0 && /^[\d.,%]+$/.test(c) ? ' class="num"' : ''}>${html(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const shareCells = (s: Share) => [String(s.addedLines), String(s.aiLines), percent(s.aiShare), String(s.unknownLines)];

/** A self-contained page: inline CSS and SVG, no script, nothing fetched (a CSP says so too). */
export function formatHistoryHtml(r: HistoryReport): string {
  const t = r.totals;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AI share report: ${html(short(r.rev))}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;margin-top:2rem}
.meta{color:#59636e}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d1d9e0;border-radius:8px;padding:.6rem 1rem;min-width:9rem}.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d1d9e0;padding:.25rem .6rem;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{overflow-x:auto}svg text{font-size:11px;fill:#59636e}.grid{stroke:#eef1f4}.ai{fill:#8b5cf6}.unknown{fill:#9ca3af}.human{fill:#cfe3ff}.share{fill:none;stroke:#b45309;stroke-width:2}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}.card,th,td{border-color:#3d444d}.grid{stroke:#21262d}.human{fill:#1f3a5f}svg text{fill:#9198a1}}
</style>
</head>
<body>
<h1>AI share of added lines</h1>
<p class="meta">${html(`${t.commits} commits (${sinceText(r)}) up to ${short(r.rev)} (${r.revRef}); generated ${r.generated}; policy: ${r.policy.source === 'defaults' ? 'built-in defaults' : (r.policy.file ?? '')}`)}</p>
<div class="cards">
<div class="card"><b>${percent(t.aiShare)}</b>AI share</div>
<div class="card"><b>${t.aiLines}</b>AI lines</div>
<div class="card"><b>${t.addedLines}</b>added lines</div>
<div class="card"><b>${t.unknownLines}</b>lines without provenance</div>
</div>
<h2>By ${r.bucket}</h2>
<div class="chart">${historyChart(r)}</div>
${table([r.bucket === 'week' ? 'Week of' : 'Month', 'Commits', 'Added lines', 'AI lines', 'AI share', 'Unknown provenance'], r.periods.map((p) => [p.start, String(p.commits), ...shareCells(p)]))}
<h2>By tier</h2>
${table(['Tier', 'Files', 'Added lines', 'AI lines', 'AI share', 'Unknown provenance'], r.tiers.map((x) => [x.tier, String(x.files), ...shareCells(x)]))}
<h2>By path</h2>
${table(['Path', 'Highest tier', 'Files', 'Added lines', 'AI lines', 'AI share', 'Unknown provenance'], r.paths.slice(0, 100).map((x) => [x.path, x.tier, String(x.files), ...shareCells(x)]))}
<p class="meta">AI lines are what the commits' AI-Lines trailers claim, spread over each commit's files by their added lines unless a note lists them. Generated by ai-provenance report.</p>
</body>
</html>
`;
}
