'use strict';
// The benchmark report (docs/benchmarks.md) from the results of one run. Pure: every input is a parameter, so
// the same results always give the same page.

/** A figure's number as people read it: thousands separated, two significant decimals at most below 100. */
function formatNumber(value) {
  if (typeof value !== 'number') return value === undefined || value === null ? '' : String(value);
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/**
 * value / ceiling: a percentage up to 200 % (throughputs, "60 % of the ceiling"), a factor above (a latency
 * 7.5× the idle system's); '' when there is no ceiling to compare with.
 */
function formatRatio(figure) {
  const c = figure.ceiling?.value;
  if (typeof figure.value !== 'number' || typeof c !== 'number' || !Number.isFinite(c) || c === 0) return '';
  const ratio = figure.value / c;
  return ratio > 2 ? `${formatNumber(Math.round(ratio * 10) / 10)}×` : `${Math.round(ratio * 100)} %`;
}

function formatDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Table cell text: no line breaks, pipes escaped. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|');
}

function table(header, rows) {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

const withUnit = (value, unit) => [formatNumber(value), unit].filter(Boolean).join(' ');
const met = (target) => (target ? (target.met === true ? 'yes' : target.met === false ? '**no**' : '?') : '');

/** A figure's label; leading spaces (a detail of the figure above it) become an arrow, as tables trim them. */
const label = (text) => String(text).replace(/^\s+/, '↳ ');

function figureRow(f) {
  const ceiling = f.ceiling ? `${withUnit(f.ceiling.value, f.unit)} (${f.ceiling.label})` : '';
  return [
    label(f.label),
    withUnit(f.value, f.unit),
    ceiling,
    formatRatio(f),
    f.target?.text ?? '',
    met(f.target),
  ];
}

function targetCount(results) {
  const targets = results.flatMap((r) => (r.figures ?? []).filter((f) => f.target));
  return { total: targets.length, met: targets.filter((f) => f.target.met === true).length };
}

function overview(results) {
  const rows = results.map((r) => {
    const t = targetCount([r]);
    const status = r.error ? `**failed**: ${r.error}` : t.total ? `${t.met} of ${t.total}` : 'no targets';
    // Wall time depends on what else ran: the load average as the benchmark started goes with it.
    const load = Number.isFinite(r.load) ? ` (load ${r.load.toFixed(1)})` : '';
    return [`[${r.name}](#${r.name})`, `${formatDuration(r.durationMs)}${load}`, status];
  });
  return table(['benchmark', 'took', 'targets met'], rows);
}

/** Figures whose target is not met, across benchmarks: what to look at first. */
function missedTable(results) {
  const rows = results.flatMap((r) =>
    (r.figures ?? [])
      .filter((f) => f.target && f.target.met !== true)
      .map((f) => [
        `[${r.name}](#${r.name})`,
        label(f.label),
        withUnit(f.value, f.unit),
        formatRatio(f),
        f.target.text,
      ]),
  );
  return rows.length ? table(['benchmark', 'figure', 'value', 'ratio', 'target'], rows) : '';
}

function section(r) {
  const out = [`## ${r.name}`, ''];
  if (r.description) out.push(r.description, '');
  if (r.error) out.push(`**Failed:** ${r.error}`, '');
  if (r.figures?.length)
    out.push(
      table(['figure', 'value', 'ceiling (same run)', 'ratio', 'target', 'met'], r.figures.map(figureRow)),
      '',
    );
  else if (!r.error) out.push('No figures returned.', '');
  for (const note of r.notes ?? []) out.push(`- ${note}`);
  if (r.notes?.length) out.push('');
  for (const plot of r.plots ?? []) out.push(`![${plot.title}](${plot.file})`, '');
  return out.join('\n');
}

/**
 * The whole page. `report`: { date (ISO string), kind ('full' | 'quick' | 'partial'), durationMs, command,
 * machine: [[label, value]], reproduce: [[command, what]], reproduceNote?, results: [{ name, durationMs, description?, figures,
 * notes?, plots?: [{ title, file }], error? }] }.
 */
function renderReport(report) {
  const { met: done, total } = targetCount(report.results);
  const when = `${report.date.slice(0, 10)} ${report.date.slice(11, 16)} UTC`;
  const what =
    report.kind === 'full'
      ? `one full run of \`${report.command}\``
      : `\`${report.command}\` (${report.kind === 'quick' ? 'smoke sizes, not the issue’s' : 'some benchmarks only'})`;
  return [
    '# Benchmarks',
    '',
    `Figures from ${what} on ${when}, ${formatDuration(report.durationMs)} in all.`,
    '',
    'Each figure stands next to its ceiling: the same work done by the simplest thing that could do it (bare',
    'node:http with the same append, raw COPY, raw upsert, a bare indexed query, the idle system), measured in the',
    'same run on the same machine, so the ratio holds on a slower or busier machine too. This page is generated:',
    'change the benchmarks, then rerun.',
    '',
    `**Targets met: ${done} of ${total}.**`,
    '',
    overview(report.results),
    '',
    '## Machine',
    '',
    table(['', ''], report.machine),
    '',
    '## Reproduce',
    '',
    '```sh',
    ...report.reproduce.map(([command, comment]) => `${command.padEnd(40)} # ${comment}`),
    '```',
    '',
    ...(report.reproduceNote ? [report.reproduceNote, ''] : []),
    '## Targets not met',
    '',
    total === 0 ? 'No figure has a target.' : missedTable(report.results) || `All ${total} are met.`,
    '',
    ...report.results.map(section),
  ].join('\n');
}

module.exports = { renderReport, formatNumber, formatRatio, formatDuration };
