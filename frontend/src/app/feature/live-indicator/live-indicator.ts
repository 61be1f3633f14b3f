import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { FleetStream } from '../../api/fleet-stream';

const LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/** Whether what the operator sees is current: the state of the shared live stream, hidden when unused. */
@Component({
  selector: 'app-live-indicator',
  imports: [MatIconModule],
  templateUrl: './live-indicator.html',
  styleUrl: './live-indicator.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LiveIndicator {
  private readonly stream = inject(FleetStream);
  readonly state = this.stream.state;
  readonly label = computed(() => {
    const state = this.state();
    return state === 'idle' ? null : LABELS[state];
  });
}
