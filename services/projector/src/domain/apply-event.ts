import { effectiveTimeout, type EventOf, type VehicleTrackerEvent } from '@vehicle-tracker/contracts';
import { addVehicle, putInterval, touch, type Batch } from './batch';
import { advance, changeTimeout, flip, recordHeartbeat, retire } from './connectivity';
import { searchText, type CustomerState, type VehicleState } from './model';

/**
 * Folds one event into the batch. `recordedAt` is the event's commit-ish time from the store: registry events
 * take effect then; heartbeats use their own server receive time. Events about unknown or retired vehicles change
 * nothing (the heartbeat service refuses them anyway).
 */
export function applyEvent(b: Batch, event: VehicleTrackerEvent, recordedAt: Date): void {
  switch (event.type) {
    case 'HeartbeatRecorded':
      return applyHeartbeat(b, event.data.vin, new Date(event.data.receivedAt));
    case 'CustomerRegistered':
      return registerCustomer(b, event, recordedAt);
    case 'CustomerUpdated':
      return updateCustomer(b, event);
    case 'CustomerOfflineTimeoutSet':
      return setCustomerTimeout(b, event, recordedAt);
    case 'VehicleRegistered':
      return registerVehicle(b, event, recordedAt);
    case 'VehicleTransferred':
      return transfer(b, event, recordedAt);
    case 'VehicleRetired': {
      const v = b.vehicles.get(event.data.vin);
      if (v) retire(b, v, recordedAt);
      return;
    }
    case 'VehicleOfflineTimeoutSet': {
      const v = b.vehicles.get(event.data.vin);
      if (!v || v.retiredAt) return;
      touch(b, v);
      v.timeoutSeconds = event.data.timeoutSeconds;
      changeTimeout(b, v, effectiveFor(b, v), recordedAt);
      return;
    }
    case 'VehicleTokenRotated':
    case 'GatewayRegistered':
    case 'GatewayTokenRotated':
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** A heartbeat (the event's vin and receivedAt): the hot path of every catch-up, without an event object. */
export function applyHeartbeat(b: Batch, vin: string, receivedAt: Date): void {
  const v = b.vehicles.get(vin);
  if (v) recordHeartbeat(b, v, receivedAt);
}

/** Time passes: every loaded vehicle whose deadline is at or before `now` goes offline at its deadline. */
export function applyTime(b: Batch, now: Date): void {
  for (const v of b.vehicles.values()) {
    if (v.status === 'online' && !v.retiredAt && v.offlineAt && v.offlineAt.getTime() <= now.getTime())
      flip(b, v);
  }
}

/** Vehicles of a customer that are still active, among those loaded for the batch. */
export function activeVehiclesOf(b: Batch, customerId: string): VehicleState[] {
  return [...b.vehicles.values()].filter((v) => v.customerId === customerId && !v.retiredAt);
}

function effectiveFor(b: Batch, v: VehicleState): number {
  const customer = b.customers.get(v.customerId);
  return effectiveTimeout(v.timeoutSeconds, customer?.timeoutSeconds ?? null, b.defaultTimeout);
}

function registerCustomer(b: Batch, e: EventOf<'CustomerRegistered'>, at: Date): void {
  if (b.customers.has(e.data.customerId)) return;
  const c: CustomerState = {
    customerId: e.data.customerId,
    name: e.data.name,
    address: e.data.address,
    timeoutSeconds: null,
    vehicleCount: 0,
    onlineCount: 0,
    offlineCount: 0,
    registeredAt: at,
  };
  b.customers.set(c.customerId, c);
  b.dirtyCustomers.add(c.customerId);
}

function updateCustomer(b: Batch, e: EventOf<'CustomerUpdated'>): void {
  const c = b.customers.get(e.data.customerId);
  if (!c) return;
  c.name = e.data.name;
  c.address = e.data.address;
  b.dirtyCustomers.add(c.customerId);
  for (const v of activeVehiclesOf(b, c.customerId)) {
    touch(b, v);
    v.customerName = c.name;
    v.searchText = searchText(v.vin, v.regNo, c.name);
  }
}

function setCustomerTimeout(b: Batch, e: EventOf<'CustomerOfflineTimeoutSet'>, at: Date): void {
  const c = b.customers.get(e.data.customerId);
  if (!c) return;
  c.timeoutSeconds = e.data.timeoutSeconds;
  b.dirtyCustomers.add(c.customerId);
  for (const v of activeVehiclesOf(b, c.customerId)) changeTimeout(b, v, effectiveFor(b, v), at);
}

function registerVehicle(b: Batch, e: EventOf<'VehicleRegistered'>, at: Date): void {
  if (b.vehicles.has(e.data.vin)) return;
  const customer = b.customers.get(e.data.customerId);
  const customerName = customer?.name ?? '';
  const v: VehicleState = {
    vin: e.data.vin,
    regNo: e.data.regNo,
    customerId: e.data.customerId,
    customerName,
    timeoutSeconds: null,
    effectiveTimeoutSeconds: effectiveTimeout(null, customer?.timeoutSeconds ?? null, b.defaultTimeout),
    status: 'never-seen',
    statusSince: null,
    lastHeartbeatAt: null,
    offlineAt: null,
    heartbeatCount: 0,
    registeredAt: at,
    retiredAt: null,
    searchText: searchText(e.data.vin, e.data.regNo, customerName),
    flippedFrom: null,
  };
  addVehicle(b, v);
  putInterval(b, { vin: v.vin, startedAt: at, endedAt: null, status: 'never-seen' });
}

/** A transfer at `at`: counts move to the new customer, and its timeout may change the vehicle's deadline. */
function transfer(b: Batch, e: EventOf<'VehicleTransferred'>, at: Date): void {
  const v = b.vehicles.get(e.data.vin);
  const to = b.customers.get(e.data.toCustomerId);
  if (!v || v.retiredAt || !to || v.customerId === to.customerId) return;
  touch(b, v);
  advance(b, v, at);
  v.customerId = to.customerId;
  v.customerName = to.name;
  v.searchText = searchText(v.vin, v.regNo, to.name);
  changeTimeout(b, v, effectiveFor(b, v), at);
}
