import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Clock } from '../clock';
import { exactTime, relativeTime } from '../time-format';

/** "12 s ago", ticking, with the exact time on hover and for screen readers. */
@Component({
  selector: 'app-last-seen',
  imports: [MatTooltipModule],
  templateUrl: './last-seen.html',
  styleUrl: './last-seen.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LastSeen {
  private readonly clock = inject(Clock);
  readonly at = input.required<string | null>();
  /** A historical view measures against its own instant, and then nothing ticks. */
  readonly reference = input<string | null>(null);
  readonly never = input('never');

  readonly relative = computed(() => {
    const at = this.at();
    if (!at) return this.never();
    const reference = this.reference();
    return relativeTime(at, reference ? Date.parse(reference) : this.clock.now());
  });
  readonly exact = computed(() => {
    const at = this.at();
    return at ? exactTime(at) : '';
  });
}
