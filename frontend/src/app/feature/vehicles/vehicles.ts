import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { VehicleSortField } from '../../api/api-types';
import { LastSeen } from '../../shared/last-seen/last-seen';
import { StatusBadge } from '../../shared/status-badge/status-badge';
import { Viewport } from '../../shared/viewport';
import { AsOfPicker } from '../as-of-picker/as-of-picker';
import { FleetSummary } from '../fleet-summary/fleet-summary';
import { VehicleFilters } from '../vehicle-filters/vehicle-filters';
import { VehicleListStore, VehicleRow } from './vehicle-list-store';
import { PAGE_SIZES, VehicleQuery } from './vehicle-query';
import { VehicleQueryState } from './vehicle-query-state';

const WIDE_COLUMNS = ['vin', 'regNo', 'customer', 'status', 'lastSeen'];
const NARROW_COLUMNS = ['regNo', 'status', 'lastSeen'];

/** The start page: the fleet as a table, filtered, sorted and paged by the server, kept live. */
@Component({
  selector: 'app-vehicles',
  imports: [
    AsOfPicker,
    FleetSummary,
    LastSeen,
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSortModule,
    MatTableModule,
    RouterLink,
    StatusBadge,
    VehicleFilters,
  ],
  providers: [VehicleQueryState, VehicleListStore],
  templateUrl: './vehicles.html',
  styleUrl: './vehicles.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Vehicles {
  private readonly queryState = inject(VehicleQueryState);
  protected readonly store = inject(VehicleListStore);
  protected readonly narrow = inject(Viewport).narrow;
  protected readonly pageSizes = PAGE_SIZES;

  readonly query = this.queryState.query;
  readonly historical = computed(() => this.query().asOf !== null);
  readonly columns = computed(() => (this.narrow() ? NARROW_COLUMNS : WIDE_COLUMNS));
  readonly empty = computed(
    () => !this.store.loading() && !this.store.error() && this.store.rows().length === 0,
  );

  protected readonly trackByVin = (_: number, row: VehicleRow) => row.vin;

  update(change: Partial<VehicleQuery>): void {
    void this.queryState.update(change);
  }

  onSort(sort: Sort): void {
    // The headers never clear the sort (matSortDisableClear), so there is always a direction.
    this.update({ sort: sort.active as VehicleSortField, order: sort.direction === 'desc' ? 'desc' : 'asc' });
  }

  onPage(event: PageEvent): void {
    this.update({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }
}
