import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { VehicleHistory, VehicleStatus } from '../../api/api-types';
import { STATUS_LABELS } from '../../shared/status-badge/status-badge';
import { duration, exactTime, percent } from '../../shared/time-format';

export interface TimelineSegment {
  status: VehicleStatus;
  /** Position and width in % of the history's span. */
  left: number;
  width: number;
  label: string;
}

const DAY_MS = 86_400_000;
const hourFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });

/** Online and offline intervals as one bar over the history's span; offline also striped, not only red. */
@Component({
  selector: 'app-status-timeline',
  templateUrl: './status-timeline.html',
  styleUrl: './status-timeline.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatusTimeline {
  readonly history = input.required<VehicleHistory>();

  readonly segments = computed(() => toSegments(this.history()));
  readonly ticks = computed(() => {
    const { from, to } = this.history();
    const start = Date.parse(from);
    const span = Date.parse(to) - start;
    const format = span > DAY_MS * 1.5 ? dayFormat : hourFormat;
    return [0, 25, 50, 75, 100].map((at) => ({ at, label: format.format(start + (span * at) / 100) }));
  });
  readonly summary = computed(() => {
    const offline = this.segments().filter((s) => s.status !== 'online').length;
    return `Online ${percent(this.history().uptimeShare)} of the time; ${offline} interval(s) not online.`;
  });
}

export function toSegments(history: VehicleHistory): TimelineSegment[] {
  const start = Date.parse(history.from);
  const end = Date.parse(history.to);
  const span = end - start;
  if (!(span > 0)) return [];
  return history.intervals
    .map((interval) => {
      const from = Math.max(start, Date.parse(interval.from));
      const to = Math.min(end, interval.to ? Date.parse(interval.to) : end);
      const until = interval.to ? exactTime(new Date(to).toISOString()) : 'now';
      return {
        status: interval.status,
        left: ((from - start) / span) * 100,
        width: ((to - from) / span) * 100,
        label:
          `${STATUS_LABELS[interval.status]} ${exactTime(new Date(from).toISOString())} – ${until}` +
          ` (${duration((to - from) / 1_000)})`,
      };
    })
    .filter((segment) => segment.width > 0);
}
