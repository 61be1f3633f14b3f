/** Figures a spec prints once at the end (the note quotes them): label -> value. */
export class Figures {
  private readonly rows: [string, string][] = [];

  constructor(private readonly title: string) {}

  add(label: string, value: string | number): void {
    this.rows.push([label, String(value)]);
  }

  /** Minimum, median, 95th percentile and maximum of `ms`, as one figure. */
  times(label: string, ms: number[]): void {
    if (ms.length === 0) return this.add(label, 'none measured');
    const s = [...ms].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
    this.add(label, `n=${s.length} min ${s[0]} / median ${at(0.5)} / p95 ${at(0.95)} / max ${s.at(-1)} ms`);
  }

  print(): void {
    const width = Math.max(...this.rows.map(([l]) => l.length), 10);
    const lines = this.rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v}`);
    console.log(`${this.title}${process.env.SOAK === '1' ? ' (soak)' : ''}\n${lines.join('\n')}`);
  }
}
