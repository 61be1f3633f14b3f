import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { CustomerSummary } from '../../api/api-types';
import { VehicleQuery } from '../vehicles/vehicle-query';

export const SEARCH_DEBOUNCE_MS = 300;

/** Customer, search and status filters. Holds no state of its own: the query comes from the URL. */
@Component({
  selector: 'app-vehicle-filters',
  imports: [MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule],
  templateUrl: './vehicle-filters.html',
  styleUrl: './vehicle-filters.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VehicleFilters {
  readonly query = input.required<VehicleQuery>();
  readonly customers = input.required<CustomerSummary[]>();
  readonly changed = output<Partial<VehicleQuery>>();

  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.searchTimer));
  }

  /** Waits for a pause in typing so each keystroke is neither a request nor a history entry. */
  onSearchInput(value: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.emitSearch(value), SEARCH_DEBOUNCE_MS);
  }

  onSearchEnter(value: string): void {
    clearTimeout(this.searchTimer);
    this.emitSearch(value);
  }

  clearSearch(): void {
    clearTimeout(this.searchTimer);
    this.emitSearch('');
  }

  onCustomer(customerId: string): void {
    this.changed.emit({ customerId: customerId || null });
  }

  onStatus(status: VehicleQuery['status']): void {
    this.changed.emit({ status });
  }

  private emitSearch(q: string): void {
    if (q !== this.query().q) this.changed.emit({ q });
  }
}
