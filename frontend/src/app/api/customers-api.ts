import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, filter, map, scan, startWith, switchMap } from 'rxjs';
import { API_BASE } from './api-base';
import { CountsEventData, CustomerList, CustomerSummary, FleetEvent } from './api-types';
import { FleetStream } from './fleet-stream';

@Injectable({ providedIn: 'root' })
export class CustomersApi {
  private readonly http = inject(HttpClient);
  private readonly stream = inject(FleetStream);

  list(): Observable<CustomerSummary[]> {
    return this.http.get<CustomerList>(`${API_BASE}/customers`).pipe(map((body) => body.items));
  }

  /** The list, then the same list with fleet sizes and online counts kept current by the live stream. */
  watch(): Observable<CustomerSummary[]> {
    return this.list().pipe(
      switchMap((initial) =>
        this.stream.events$.pipe(
          filter((event): event is Extract<FleetEvent, { type: 'counts' }> => event.type === 'counts'),
          scan((customers, event) => applyCounts(customers, event.data), initial),
          startWith(initial),
        ),
      ),
    );
  }
}

export function applyCounts(customers: CustomerSummary[], counts: CountsEventData): CustomerSummary[] {
  const byId = new Map(counts.customers.map((c) => [c.id, c]));
  return customers.map((customer) => {
    const live = byId.get(customer.id);
    return live
      ? { ...customer, vehicleCount: live.vehicleCount, online: live.online, offline: live.offline }
      : customer;
  });
}
