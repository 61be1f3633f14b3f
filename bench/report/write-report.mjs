// Writes the report: <dir>/benchmarks.md and one SVG per plot in <dir>/benchmarks/ (the old plots are removed
// first, so a renamed plot leaves no orphan). The page is run through prettier with the repository's settings,
// so `npm run lint` passes on a freshly generated page.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { renderReport } from './markdown.cjs';
import { renderPlot } from './svg-plot.cjs';

const slug = (text) =>
  String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 48)
    .replace(/^-+|-+$/g, '') || 'plot';

function writePlots(results, plotDir) {
  mkdirSync(plotDir, { recursive: true });
  for (const f of readdirSync(plotDir)) if (f.endsWith('.svg')) rmSync(path.join(plotDir, f));
  const used = new Set();
  return results.map((r) => ({
    ...r,
    plots: (r.series ?? []).map((series) => {
      const name = slug(r.name);
      const title = slug(series.title).replace(new RegExp(`^${name}-`), '');
      let file = `${name}-${title}.svg`;
      for (let n = 2; used.has(file); n++) file = `${name}-${title}-${n}.svg`;
      used.add(file);
      writeFileSync(path.join(plotDir, file), renderPlot(series));
      return { title: series.title, file: `${path.basename(plotDir)}/${file}` };
    }),
  }));
}

/** Writes the page and its plots; returns the page's path. */
export async function writeReport(dir, report) {
  const results = writePlots(report.results, path.join(dir, 'benchmarks'));
  const file = path.join(dir, 'benchmarks.md');
  const markdown = renderReport({ ...report, results });
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(markdown, { ...options, filepath: file }));
  return file;
}
