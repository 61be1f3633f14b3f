import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { CustomerSummary } from '../../api/api-types';
import { CustomersApi } from '../../api/customers-api';
import { loadSignal } from '../../shared/load-state';
import { percent } from '../../shared/time-format';
import { Viewport } from '../../shared/viewport';

export interface CustomerRow extends CustomerSummary {
  onlineShare: number;
}

const WIDE_COLUMNS = ['name', 'vehicleCount', 'online', 'offline', 'onlineShare'];
const NARROW_COLUMNS = ['name', 'vehicleCount', 'onlineShare'];

/** Each customer's fleet size and online share, live; each links to its vehicles. */
@Component({
  selector: 'app-customers',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule, MatTableModule, RouterLink],
  templateUrl: './customers.html',
  styleUrl: './customers.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Customers {
  private readonly api = inject(CustomersApi);
  private readonly customers = loadSignal(() => this.api.watch());
  private readonly narrow = inject(Viewport).narrow;
  protected readonly percent = percent;

  readonly state = this.customers.state;
  readonly columns = computed(() => (this.narrow() ? NARROW_COLUMNS : WIDE_COLUMNS));
  readonly rows = computed<CustomerRow[]>(() => {
    const state = this.state();
    if (state.status !== 'ready') return [];
    return state.value
      .map((c) => ({ ...c, onlineShare: c.vehicleCount ? c.online / c.vehicleCount : 0 }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });

  retry(): void {
    this.customers.reload();
  }
}
