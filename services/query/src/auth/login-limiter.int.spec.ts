import request from 'supertest';
import { insertTestOperator, type TestOperator } from '../test-support/operators';
import { startTestApp, type TestApp } from '../test-support/test-app';

describe('failed sign-ins are limited per client address', () => {
  let t: TestApp;
  let op: TestOperator;
  beforeAll(async () => {
    // Behind a trusted proxy (loopback), so X-Forwarded-For names the client and each test its own address.
    t = await startTestApp({
      auth: { required: true, loginMaxFailures: 3, loginWindowSeconds: 600 },
      trustProxy: 'loopback',
    });
    op = await insertTestOperator(t.db.pool);
  });
  afterAll(() => t.stop());

  const login = (from: string, password: string) =>
    request(t.app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', from)
      .send({ username: op.username, password });

  it('answers 429 problem+json with Retry-After after the limit, even to the right password', async () => {
    for (let i = 0; i < 3; i++) await login('198.51.100.1', 'wrong-password-123').expect(401);
    const res = await login('198.51.100.1', 'wrong-password-123').expect(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    await login('198.51.100.1', op.password).expect(429);
    // Another address is not affected.
    await login('198.51.100.2', op.password).expect(200);
  });

  it('does not count successful sign-ins', async () => {
    for (let i = 0; i < 5; i++) await login('198.51.100.3', op.password).expect(200);
    for (let i = 0; i < 3; i++) await login('198.51.100.3', 'wrong-password-123').expect(401);
    await login('198.51.100.3', op.password).expect(429);
  });

  it('limits only sign-in: other routes of a blocked address answer as usual', async () => {
    for (let i = 0; i < 4; i++) await login('198.51.100.4', 'wrong-password-123');
    await request(t.app).get('/healthz').set('X-Forwarded-For', '198.51.100.4').expect(200);
  });
});
