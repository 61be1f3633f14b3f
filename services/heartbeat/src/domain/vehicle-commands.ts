import { conflict, notFound, streams } from './deps';
import { noChange, unprocessable, type CustomerState, type Decision, type VehicleState } from './registry';

function active(state: VehicleState | null): VehicleState {
  if (!state) throw notFound('no such vehicle');
  if (state.retiredAt) throw conflict(`vehicle ${state.vin} is retired`);
  return state;
}

const decide = (state: VehicleState, events: Decision['events']): Decision => ({
  events,
  expected: { [streams.vehicle(state.vin)]: state.position },
});

export function registerVehicle(
  input: { vin: string; regNo: string; customerId: string; tokenHash: string },
  existing: VehicleState | null,
  customer: CustomerState | null,
): Decision {
  if (existing) throw conflict(`vehicle ${existing.vin} is already registered`);
  if (!customer) throw unprocessable(`no customer ${input.customerId}`);
  const streamId = streams.vehicle(input.vin);
  return {
    events: [{ streamId, type: 'VehicleRegistered', data: { ...input } }],
    expected: { [streamId]: 0 },
  };
}

export function transferVehicle(
  state: VehicleState | null,
  to: CustomerState | null,
  toId: string,
): Decision {
  const v = active(state);
  if (!to) throw unprocessable(`no customer ${toId}`);
  if (v.customerId === to.customerId) return noChange();
  return decide(v, [
    {
      streamId: streams.vehicle(v.vin),
      type: 'VehicleTransferred',
      data: { vin: v.vin, fromCustomerId: v.customerId, toCustomerId: to.customerId },
    },
  ]);
}

/** Retiring a retired vehicle changes nothing (a retried request succeeds). */
export function retireVehicle(state: VehicleState | null, reason: string | undefined): Decision {
  if (!state) throw notFound('no such vehicle');
  if (state.retiredAt) return noChange();
  const data = reason === undefined ? { vin: state.vin } : { vin: state.vin, reason };
  return decide(state, [{ streamId: streams.vehicle(state.vin), type: 'VehicleRetired', data }]);
}

export function rotateVehicleToken(state: VehicleState | null, tokenHash: string): Decision {
  const v = active(state);
  return decide(v, [
    { streamId: streams.vehicle(v.vin), type: 'VehicleTokenRotated', data: { vin: v.vin, tokenHash } },
  ]);
}

export function setVehicleTimeout(state: VehicleState | null, timeoutSeconds: number | null): Decision {
  const v = active(state);
  if (v.timeoutSeconds === timeoutSeconds) return noChange();
  return decide(v, [
    {
      streamId: streams.vehicle(v.vin),
      type: 'VehicleOfflineTimeoutSet',
      data: { vin: v.vin, timeoutSeconds },
    },
  ]);
}
