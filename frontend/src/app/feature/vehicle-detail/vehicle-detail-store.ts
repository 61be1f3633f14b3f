import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import {
  EMPTY,
  Observable,
  Subject,
  catchError,
  debounceTime,
  distinctUntilChanged,
  filter,
  finalize,
  forkJoin,
  interval,
  map,
  merge,
  of,
  switchMap,
  tap,
} from 'rxjs';
import { ApiError, errorMessage } from '../../api/api-error';
import { FleetEvent, Vehicle, VehicleHistory } from '../../api/api-types';
import { FleetStream } from '../../api/fleet-stream';
import { VehiclesApi } from '../../api/vehicles-api';

export type HistoryRange = '24h' | '7d';
export const RANGE_MS: Record<HistoryRange, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000 };
/** The timeline's "now" end moves; a quiet reload now and then keeps it from going stale. */
export const DETAIL_REFRESH_MS = 60_000;

/** One vehicle (the route's :vin), its last 24 hours and 7 days, kept live. Provided by the detail page. */
@Injectable()
export class VehicleDetailStore {
  private readonly api = inject(VehiclesApi);
  private readonly stream = inject(FleetStream);
  private readonly reload$ = new Subject<void>();

  readonly vehicle = signal<Vehicle | null>(null);
  readonly history = signal<Record<HistoryRange, VehicleHistory | null>>({ '24h': null, '7d': null });
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly notFound = signal(false);

  constructor() {
    const vin$ = inject(ActivatedRoute).paramMap.pipe(
      map((params) => params.get('vin') ?? ''),
      distinctUntilChanged(),
    );

    vin$
      .pipe(
        switchMap((vin) =>
          merge(
            of(false),
            this.reload$.pipe(map(() => true)),
            interval(DETAIL_REFRESH_MS).pipe(map(() => true)),
          ).pipe(switchMap((quiet) => this.load(vin, quiet))),
        ),
        takeUntilDestroyed(),
      )
      .subscribe();

    const mine$ = vin$.pipe(
      switchMap((vin) => this.stream.events$.pipe(filter((event) => concerns(event, vin)))),
    );
    mine$.pipe(takeUntilDestroyed()).subscribe((event) => this.apply(event));
    // A status change adds an interval: reload the history, once a burst of changes has settled.
    mine$
      .pipe(
        filter((event) => event.type !== 'heartbeat'),
        debounceTime(1_000),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.reload$.next());
  }

  retry(): void {
    this.reload$.next();
  }

  private load(vin: string, quiet: boolean): Observable<unknown> {
    if (!quiet) {
      this.loading.set(true);
      this.error.set(null);
      this.notFound.set(false);
      this.vehicle.set(null);
    }
    const to = new Date();
    const since = (range: HistoryRange) => new Date(to.getTime() - RANGE_MS[range]);
    return forkJoin({
      vehicle: this.api.get(vin),
      day: this.api.history(vin, since('24h'), to),
      week: this.api.history(vin, since('7d'), to),
    }).pipe(
      tap(({ vehicle, day, week }) => {
        this.vehicle.set(vehicle);
        this.history.set({ '24h': day, '7d': week });
        this.error.set(null);
      }),
      catchError((error: unknown) => {
        if (!quiet) {
          this.notFound.set(error instanceof ApiError && error.notFound);
          this.error.set(errorMessage(error));
        }
        return EMPTY;
      }),
      finalize(() => this.loading.set(false)),
    );
  }

  private apply(event: FleetEvent): void {
    if (event.type === 'status') {
      const { status, at, lastSeenAt } = event.data;
      this.vehicle.update((v) =>
        // An event older than the loaded state (replayed after a resume) must not undo it.
        !v || (v.statusSince && Date.parse(at) < Date.parse(v.statusSince))
          ? v
          : { ...v, status, statusSince: at, lastSeenAt: lastSeenAt ?? v.lastSeenAt },
      );
    } else if (event.type === 'heartbeat') {
      const { at } = event.data;
      this.vehicle.update((v) =>
        v && (!v.lastSeenAt || Date.parse(at) > Date.parse(v.lastSeenAt)) ? { ...v, lastSeenAt: at } : v,
      );
    }
  }
}

function concerns(event: FleetEvent, vin: string): boolean {
  if (event.type === 'reopened') return true;
  return (event.type === 'status' || event.type === 'heartbeat') && event.data.vin === vin;
}
