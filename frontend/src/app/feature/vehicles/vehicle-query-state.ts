import { Injectable, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { Observable, distinctUntilChanged, map, shareReplay } from 'rxjs';
import { VehicleQuery, changeQuery, parseVehicleQuery, sameQuery, toQueryParams } from './vehicle-query';

/**
 * The vehicle list's query, read from and written to the URL: the URL is the only copy, so a link
 * reproduces the view and back/forward simply replay it. Provided by the vehicles page.
 */
@Injectable()
export class VehicleQueryState {
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  readonly query$: Observable<VehicleQuery> = this.route.queryParamMap.pipe(
    map(parseVehicleQuery),
    distinctUntilChanged(sameQuery),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  readonly query = toSignal(this.query$, { requireSync: true });

  update(change: Partial<VehicleQuery>): Promise<boolean> {
    const next = changeQuery(this.query(), change);
    return this.router.navigate([], { relativeTo: this.route, queryParams: toQueryParams(next) });
  }
}
