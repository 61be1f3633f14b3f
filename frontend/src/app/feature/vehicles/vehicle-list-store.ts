import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  EMPTY,
  Subject,
  auditTime,
  catchError,
  finalize,
  map,
  merge,
  of,
  switchMap,
  tap,
  withLatestFrom,
} from 'rxjs';
import { errorMessage } from '../../api/api-error';
import { CountsEventData, FleetEvent, VehicleCounts, VehiclePage, VehicleSummary } from '../../api/api-types';
import { CustomersApi } from '../../api/customers-api';
import { FleetStream } from '../../api/fleet-stream';
import { VehiclesApi } from '../../api/vehicles-api';
import { VehicleQuery, toListParams } from './vehicle-query';
import { VehicleQueryState } from './vehicle-query-state';

export interface VehicleRow extends VehicleSummary {
  /** A live change took it out of the status filter; it stays, marked, until the next load. */
  outOfFilter?: boolean;
}

/** How often at most a search reloads to keep its counts right while statuses change. */
export const SEARCH_COUNTS_RELOAD_MS = 5_000;

/**
 * The vehicle table's data: one stream of queries from the URL, each loaded from the API (a new query
 * cancels the previous load), then kept live from the fleet stream until the next. Provided by the page.
 */
@Injectable()
export class VehicleListStore {
  private readonly api = inject(VehiclesApi);
  private readonly customersApi = inject(CustomersApi);
  private readonly stream = inject(FleetStream);
  private readonly queryState = inject(VehicleQueryState);
  private readonly reload$ = new Subject<{ quiet: boolean }>();
  private readonly searchCountsStale$ = new Subject<void>();

  readonly rows = signal<VehicleRow[]>([]);
  readonly total = signal(0);
  readonly counts = signal<VehicleCounts | null>(null);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  /** The instant a historical page describes, as the server answered it. */
  readonly asOf = signal<string | null>(null);
  /** For the customer filter; the list works without it, so a failure leaves it empty. */
  readonly customers = toSignal(this.customersApi.list().pipe(catchError(() => of([]))), {
    initialValue: [],
  });

  constructor() {
    const query$ = this.queryState.query$;
    merge(
      query$.pipe(map((query) => ({ query, quiet: false }))),
      this.reload$.pipe(
        withLatestFrom(query$),
        map(([{ quiet }, query]) => ({ query, quiet })),
      ),
    )
      .pipe(
        switchMap(({ query, quiet }) => {
          if (!quiet) {
            this.loading.set(true);
            this.error.set(null);
          }
          return this.api.list(toListParams(query)).pipe(
            tap({
              next: (page) => this.show(page, query),
              // A failed background reload keeps the live rows; only a load the user asked for shows the error.
              error: (error: unknown) => {
                if (!quiet) this.fail(error);
              },
            }),
            catchError(() => EMPTY),
            finalize(() => this.loading.set(false)),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe();

    // A historical view is frozen: it does not even listen.
    query$
      .pipe(
        switchMap((query) =>
          query.asOf ? EMPTY : this.stream.events$.pipe(map((event) => ({ event, query }))),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ event, query }) => this.apply(event, query));

    this.searchCountsStale$
      .pipe(auditTime(SEARCH_COUNTS_RELOAD_MS), takeUntilDestroyed())
      .subscribe(() => this.reload$.next({ quiet: true }));
  }

  retry(): void {
    this.reload$.next({ quiet: false });
  }

  private show(page: VehiclePage, query: VehicleQuery): void {
    this.rows.set(page.items);
    this.total.set(page.total);
    this.counts.set(page.counts);
    this.asOf.set(page.asOf ?? query.asOf);
    this.error.set(null);
  }

  private fail(error: unknown): void {
    this.rows.set([]);
    this.total.set(0);
    this.counts.set(null);
    this.error.set(errorMessage(error));
  }

  private apply(event: FleetEvent, query: VehicleQuery): void {
    switch (event.type) {
      case 'status': {
        const { vin, status, at, lastSeenAt } = event.data;
        this.updateRow(vin, (row) =>
          isBefore(at, row.statusSince)
            ? row // an event older than the loaded row, replayed after a resume
            : {
                ...row,
                status,
                statusSince: at,
                lastSeenAt: lastSeenAt ?? row.lastSeenAt,
                outOfFilter: query.status !== 'all' && (status === 'online') !== (query.status === 'online'),
              },
        );
        if (query.q) this.searchCountsStale$.next();
        break;
      }
      case 'heartbeat': {
        const { vin, at } = event.data;
        this.updateRow(vin, (row) => (isBefore(at, row.lastSeenAt) ? row : { ...row, lastSeenAt: at }));
        break;
      }
      case 'counts':
        this.applyCounts(event.data, query);
        break;
      case 'reopened':
        // Resuming should replay what was missed; a reload makes sure of it whatever the server kept.
        this.reload$.next({ quiet: true });
        break;
    }
  }

  /** Fleet-wide and per-customer counts fit the list unless a search narrows it (that reloads instead). */
  private applyCounts(data: CountsEventData, query: VehicleQuery): void {
    if (query.q) return;
    const scope = query.customerId
      ? data.customers.find((customer) => customer.id === query.customerId)
      : { ...data, vehicleCount: data.total };
    if (!scope) return;
    const counts = { online: scope.online, offline: scope.offline, total: scope.vehicleCount };
    this.counts.set(counts);
    // The offline filter also holds vehicles never seen: everything not online.
    if (query.status === 'online') this.total.set(counts.online);
    else if (query.status === 'offline') this.total.set(counts.total - counts.online);
    else this.total.set(counts.total);
  }

  private updateRow(vin: string, update: (row: VehicleRow) => VehicleRow): void {
    const rows = this.rows();
    const index = rows.findIndex((row) => row.vin === vin);
    if (index < 0) return;
    const row = rows[index];
    const next = update(row);
    if (next !== row) this.rows.set(rows.map((r, i) => (i === index ? next : r)));
  }
}

function isBefore(at: string, than: string | null): boolean {
  return than !== null && Date.parse(at) < Date.parse(than);
}
