import { Vin, type HeartbeatAccepted, type HeartbeatBody } from '@vehicle-tracker/contracts';
import { newEventId } from '@vehicle-tracker/event-store';
import {
  badRequest,
  isDatabaseUnavailable,
  notFound,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
} from '@vehicle-tracker/service-kit';
import { heartbeatEvent, type IngestContext } from '../domain/heartbeat';
import { bearerToken, hashToken, tokenMatches } from '../domain/tokens';
import type { RateLimiter } from '../domain/rate-limiter';
import type { CredentialCache } from './credential-cache';
import { recordGatewayBatch, type ItemOutcome } from './gateway-batch-ingest';
import type { GroupCommitter } from './group-commit';
import type { IngestMetrics } from './metrics';

export interface IngestDeps {
  committer: GroupCommitter;
  credentials: CredentialCache;
  limiter: RateLimiter;
  /** HEARTBEAT_AUTH: devices must present their token. Gateways always must. */
  deviceAuth: boolean;
  metrics: IngestMetrics;
}

/** The ingest use cases shared by every heartbeat route: authorise, rate-limit, append (group-committed). */
export class HeartbeatIngest {
  constructor(private readonly deps: IngestDeps) {}

  /**
   * The VIN, once its format and the device's token are checked. With auth on, an unknown or retired vehicle
   * is the same 401 as a wrong token (no VIN enumeration); with auth off it is 404.
   */
  async authorizeDevice(rawVin: string, authorization: string | undefined): Promise<string> {
    const parsed = Vin.safeParse(rawVin);
    if (!parsed.success) throw badRequest(`malformed VIN: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const vin = parsed.data;
    const token = bearerToken(authorization);
    if (this.deps.deviceAuth && !token) throw unauthorized();
    const credential = await this.deps.credentials.vehicle(vin);
    if (this.deps.deviceAuth) {
      if (!credential || credential.retired || !tokenMatches(token!, credential.tokenHash))
        throw unauthorized();
    } else if (!credential || credential.retired) {
      throw notFound(`no active vehicle ${vin}`);
    }
    return vin;
  }

  /** The gateway a bearer token belongs to, else 401. */
  async authorizeGateway(authorization: string | undefined): Promise<string> {
    const token = bearerToken(authorization);
    if (!token) throw unauthorized();
    const gateway = await this.deps.credentials.gateway(hashToken(token));
    if (!gateway) throw unauthorized();
    return gateway.gatewayId;
  }

  /** Appends one heartbeat; resolves once its batch has committed. */
  async record(
    vin: string,
    body: HeartbeatBody,
    receivedAt: Date,
    ctx: IngestContext,
  ): Promise<HeartbeatAccepted> {
    const rate = this.deps.limiter.take(vin);
    if (!rate.ok) throw tooManyRequests(rate.retryAfterSeconds, `vehicle ${vin} sends heartbeats too often`);
    const event = heartbeatEvent(vin, body, receivedAt.toISOString(), ctx, newEventId());
    try {
      const a = await this.deps.committer.submit(event);
      this.deps.metrics.accepted.inc({ route: ctx.source });
      return {
        eventId: a.eventId,
        position: a.globalPosition,
        streamPosition: a.streamPosition,
        receivedAt: event.data.receivedAt,
      };
    } catch (err) {
      this.deps.limiter.refund(vin);
      throw isDatabaseUnavailable(err) ? serviceUnavailable(2) : err;
    }
  }

  /**
   * The items of a gateway batch, each parsed and checked like a device heartbeat (the gateway vouching for it),
   * the accepted ones appended together. Resolves once they have committed, with one outcome per item in order.
   */
  recordBatch(items: readonly unknown[], receivedAt: Date, ctx: IngestContext): Promise<ItemOutcome[]> {
    return recordGatewayBatch(this.deps, items, receivedAt, ctx);
  }
}
