import { Observable, Subject } from 'rxjs';
import { VehicleListParams, VehiclePage } from '../app/api/api-types';

interface PendingList {
  params: VehicleListParams;
  response: Subject<VehiclePage>;
}

/** VehiclesApi.list answered by hand, so specs see every request and decide when and how it ends. */
export class FakeVehiclesApi {
  readonly calls: PendingList[] = [];

  list(params: VehicleListParams): Observable<VehiclePage> {
    const response = new Subject<VehiclePage>();
    this.calls.push({ params, response });
    return response;
  }

  get last(): PendingList {
    const call = this.calls[this.calls.length - 1];
    if (!call) throw new Error('no list request was made');
    return call;
  }

  respond(page: VehiclePage): void {
    this.last.response.next(page);
    this.last.response.complete();
  }

  fail(error: Error): void {
    this.last.response.error(error);
  }
}
