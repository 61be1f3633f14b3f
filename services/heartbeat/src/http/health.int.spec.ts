import request from 'supertest';
import { createVehicle } from '../test-support/builders';
import { useService } from '../test-support/service';

const t = useService();

describe('operations', () => {
  it('/healthz and /readyz (database reachable, migrations applied)', async () => {
    await request(t.svc.url).get('/healthz').expect(200, { status: 'ok' });
    await request(t.svc.url).get('/readyz').expect(200, { status: 'ready' });
  });

  it('/metrics counts accepted and rejected heartbeats, batch sizes and append latency', async () => {
    const v = await createVehicle(t.svc.url);
    await request(t.svc.url).post(`/api/v1/vehicles/${v.vin}/heartbeats`).set(v.auth).expect(202);
    await request(t.svc.url).post(`/heartbeat/${v.vin}`).set(v.auth).expect(200);
    await request(t.svc.url).post(`/heartbeat/${v.vin}`).expect(401);
    await request(t.svc.url).post('/heartbeat/BAD').expect(400);
    const res = await request(t.svc.url).get('/metrics').expect(200);
    expect(res.text).toMatch(/heartbeats_accepted_total\{route="device",service="heartbeat"\} 1/);
    expect(res.text).toMatch(/heartbeats_accepted_total\{route="legacy",service="heartbeat"\} 1/);
    expect(res.text).toMatch(/heartbeats_rejected_total\{reason="unauthorized",service="heartbeat"\} 1/);
    expect(res.text).toMatch(/heartbeats_rejected_total\{reason="bad_request",service="heartbeat"\} 1/);
    expect(res.text).toMatch(/heartbeat_append_batch_size_count\{service="heartbeat"\} 2/);
    expect(res.text).toMatch(
      /heartbeat_append_duration_seconds_count\{service="heartbeat",outcome="committed"\} 2/,
    );
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await request(t.svc.url).get('/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
