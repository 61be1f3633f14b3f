import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { LastSeen } from '../../shared/last-seen/last-seen';
import { StatusBadge } from '../../shared/status-badge/status-badge';
import { duration, exactTime, percent } from '../../shared/time-format';
import { StatusTimeline } from '../status-timeline/status-timeline';
import { HistoryRange, VehicleDetailStore } from './vehicle-detail-store';

const RECENT_TRANSITIONS = 10;

/** One vehicle: its state now, and its connectivity over the last 24 hours or 7 days. */
@Component({
  selector: 'app-vehicle-detail',
  imports: [
    LastSeen,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatProgressBarModule,
    RouterLink,
    StatusBadge,
    StatusTimeline,
  ],
  providers: [VehicleDetailStore],
  templateUrl: './vehicle-detail.html',
  styleUrl: './vehicle-detail.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VehicleDetail {
  protected readonly store = inject(VehicleDetailStore);
  protected readonly exactTime = exactTime;
  protected readonly duration = duration;
  protected readonly percent = percent;

  readonly range = signal<HistoryRange>('24h');
  readonly history = computed(() => this.store.history()[this.range()]);
  readonly heartbeatsInRange = computed(
    () => this.history()?.heartbeatsPerHour.reduce((sum, hour) => sum + hour.count, 0) ?? 0,
  );
  /** Newest first, from the week so a quiet day still shows the last changes. */
  readonly transitions = computed(() => {
    const week = this.store.history()['7d'];
    if (!week) return [];
    return week.intervals
      .slice(-RECENT_TRANSITIONS)
      .reverse()
      .map((interval) => {
        const end = interval.to ?? week.to;
        return { ...interval, length: duration((Date.parse(end) - Date.parse(interval.from)) / 1_000) };
      });
  });
}
