/** Types of svg-plot.cjs (plain CommonJS, so node runs it and the jest specs under scripts/ import it). */
export interface Line {
  name?: string;
  points: [number, number][];
  kind?: 'line' | 'scatter';
}
export interface Series {
  title: string;
  x: { label: string; min?: number; max?: number };
  y: { label: string; min?: number; max?: number };
  kind?: 'line' | 'scatter';
  lines: Line[];
  /** Shaded spans of x, e.g. the measured window of a time series. */
  bands?: { from: number; to: number; label?: string }[];
}
export function renderPlot(series: Series, size?: { width?: number; height?: number }): string;
export function niceTicks(
  min: number,
  max: number,
  count?: number,
): { min: number; max: number; step: number; ticks: number[] };
export function formatTick(value: number): string;
export function escapeXml(text: unknown): string;
