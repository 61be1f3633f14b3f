import { notFound, streams } from './deps';
import type { Decision, GatewayState } from './registry';

export function registerGateway(input: { gatewayId: string; name: string; tokenHash: string }): Decision {
  const streamId = streams.gateway(input.gatewayId);
  return {
    events: [{ streamId, type: 'GatewayRegistered', data: { ...input } }],
    expected: { [streamId]: 0 },
  };
}

export function rotateGatewayToken(state: GatewayState | null, tokenHash: string): Decision {
  if (!state) throw notFound('no such gateway');
  const streamId = streams.gateway(state.gatewayId);
  return {
    events: [{ streamId, type: 'GatewayTokenRotated', data: { gatewayId: state.gatewayId, tokenHash } }],
    expected: { [streamId]: state.position },
  };
}
