import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { VehicleCounts } from '../../api/api-types';

/** Total, online and offline for the current filters (the status filter aside, as the API counts). */
@Component({
  selector: 'app-fleet-summary',
  imports: [MatIconModule],
  templateUrl: './fleet-summary.html',
  styleUrl: './fleet-summary.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FleetSummary {
  readonly counts = input.required<VehicleCounts | null>();
}
