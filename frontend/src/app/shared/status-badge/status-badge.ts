import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { VehicleStatus } from '../../api/api-types';

export const STATUS_LABELS: Record<VehicleStatus, string> = {
  online: 'Online',
  offline: 'Offline',
  'never-seen': 'Never seen',
};

/** Status as icon, word and colour together: colour alone would leave out colour-blind operators. */
@Component({
  selector: 'app-status-badge',
  imports: [MatIconModule],
  templateUrl: './status-badge.html',
  styleUrl: './status-badge.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"status-" + status()' },
})
export class StatusBadge {
  readonly status = input.required<VehicleStatus>();
  readonly label = computed(() => STATUS_LABELS[this.status()]);
}
