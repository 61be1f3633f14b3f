import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { API_BASE } from './api-base';
import { Vehicle, VehicleHistory, VehicleListParams, VehiclePage } from './api-types';

@Injectable({ providedIn: 'root' })
export class VehiclesApi {
  private readonly http = inject(HttpClient);

  list(params: VehicleListParams): Observable<VehiclePage> {
    let query = new HttpParams().set('page', params.page).set('pageSize', params.pageSize);
    // Empty values are left out rather than sent as "q=": the server reads an empty filter as a filter.
    for (const key of ['q', 'customerId', 'status', 'sort', 'order', 'asOf'] as const) {
      const value = params[key];
      if (value) query = query.set(key, value);
    }
    return this.http.get<VehiclePage>(`${API_BASE}/vehicles`, { params: query });
  }

  get(vin: string): Observable<Vehicle> {
    return this.http.get<Vehicle>(`${API_BASE}/vehicles/${encodeURIComponent(vin)}`);
  }

  history(vin: string, from: Date, to: Date): Observable<VehicleHistory> {
    const params = new HttpParams().set('from', from.toISOString()).set('to', to.toISOString());
    return this.http.get<VehicleHistory>(`${API_BASE}/vehicles/${encodeURIComponent(vin)}/history`, {
      params,
    });
  }
}
