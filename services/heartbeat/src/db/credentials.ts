import type { Queryable } from '@vehicle-tracker/event-store';

export interface VehicleCredential {
  vin: string;
  tokenHash: string;
  retired: boolean;
}

export interface GatewayCredential {
  gatewayId: string;
  tokenHash: string;
}

/** Credentials of the given VINs that exist (one round trip for a whole batch of cache misses). */
export async function loadVehicleCredentials(
  db: Queryable,
  vins: readonly string[],
): Promise<VehicleCredential[]> {
  const { rows } = await db.query<{ vin: string; token_hash: string; retired: boolean }>(
    'SELECT vin, token_hash, retired_at IS NOT NULL AS retired FROM write_vehicles WHERE vin = ANY($1::text[])',
    [vins],
  );
  return rows.map((r) => ({ vin: r.vin, tokenHash: r.token_hash, retired: r.retired }));
}

/** The gateway a token hash belongs to (gateway tokens carry no id, so the hash is the key). */
export async function loadGatewayCredential(
  db: Queryable,
  tokenHash: string,
): Promise<GatewayCredential | null> {
  const { rows } = await db.query<{ gateway_id: string; token_hash: string }>(
    'SELECT gateway_id, token_hash FROM write_gateways WHERE token_hash = $1',
    [tokenHash],
  );
  const r = rows[0];
  return r ? { gatewayId: r.gateway_id, tokenHash: r.token_hash } : null;
}
