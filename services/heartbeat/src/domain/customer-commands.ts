import { conflict, notFound, streams } from './deps';
import { noChange, type CustomerState, type Decision } from './registry';

/** Registers a customer under a fresh id; a name already taken (case-insensitively) is a conflict. */
export function registerCustomer(
  input: { customerId: string; name: string; address: string },
  sameNamed: CustomerState | null,
): Decision {
  if (sameNamed)
    throw conflict(`a customer named "${sameNamed.name}" already exists (${sameNamed.customerId})`);
  const streamId = streams.customer(input.customerId);
  return {
    events: [{ streamId, type: 'CustomerRegistered', data: { ...input } }],
    expected: { [streamId]: 0 },
  };
}

export function updateCustomer(
  state: CustomerState | null,
  patch: { name?: string; address?: string },
  sameNamed: CustomerState | null,
): Decision {
  if (!state) throw notFound('no such customer');
  const name = patch.name ?? state.name;
  const address = patch.address ?? state.address;
  if (sameNamed && sameNamed.customerId !== state.customerId)
    throw conflict(`a customer named "${sameNamed.name}" already exists (${sameNamed.customerId})`);
  if (name === state.name && address === state.address) return noChange();
  const streamId = streams.customer(state.customerId);
  return {
    events: [{ streamId, type: 'CustomerUpdated', data: { customerId: state.customerId, name, address } }],
    expected: { [streamId]: state.position },
  };
}

export function setCustomerTimeout(state: CustomerState | null, timeoutSeconds: number | null): Decision {
  if (!state) throw notFound('no such customer');
  if (state.timeoutSeconds === timeoutSeconds) return noChange();
  const streamId = streams.customer(state.customerId);
  return {
    events: [
      { streamId, type: 'CustomerOfflineTimeoutSet', data: { customerId: state.customerId, timeoutSeconds } },
    ],
    expected: { [streamId]: state.position },
  };
}
