/** Types of markdown.cjs (plain CommonJS, so node runs it and the jest specs under scripts/ import it). */
export interface Figure {
  label: string;
  value: number | string;
  unit?: string;
  ceiling?: { label: string; value: number };
  target?: { text: string; met?: boolean };
}
export interface BenchResult {
  name: string;
  durationMs?: number;
  /** The 1-minute load average as it started. */
  load?: number;
  description?: string;
  figures: Figure[];
  notes?: string[];
  plots?: { title: string; file: string }[];
  error?: string;
}
export interface Report {
  date: string;
  kind: 'full' | 'quick' | 'partial';
  durationMs: number;
  command: string;
  machine: [string, string][];
  reproduce: [string, string][];
  /** A paragraph after the commands (e.g. how to change sizes). */
  reproduceNote?: string;
  results: BenchResult[];
}
export function renderReport(report: Report): string;
export function formatNumber(value: unknown): string;
export function formatRatio(figure: Figure): string;
export function formatDuration(ms: number): string;
