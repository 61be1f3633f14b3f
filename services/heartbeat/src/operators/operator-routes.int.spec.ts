import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { verifyPassword } from '@vehicle-tracker/operator-auth';
import { admin, useService } from '../test-support/service';

const t = useService();
const api = () => request(t.svc.url);
const username = () => `op-${randomUUID().slice(0, 8)}`;
const PASSWORD = 'twelve-chars-or-more';

const accountRow = async (name: string) =>
  (
    await t.db.pool.query<{ password_hash: string; created_at: Date; disabled: boolean }>(
      'SELECT password_hash, created_at, disabled FROM operator_accounts WHERE username = $1',
      [name],
    )
  ).rows[0];
const sessionCount = async (name: string) =>
  (await t.db.pool.query('SELECT 1 FROM operator_sessions WHERE username = $1', [name])).rowCount;
const addSession = (name: string) =>
  t.db.pool.query(
    `INSERT INTO operator_sessions (token_hash, username, expires_at)
     VALUES (encode(sha256(gen_random_uuid()::text::bytea), 'hex'), $1, now() + interval '1 hour')`,
    [name],
  );
const create = (name: string, password = PASSWORD) =>
  api().post('/api/v1/admin/operators').set(admin).send({ username: name, password });

describe('/api/v1/admin/operators', () => {
  it('needs the admin token and writes nothing without it', async () => {
    const name = username();
    const res = await api().post('/api/v1/admin/operators').send({ username: name, password: PASSWORD });
    expect(res.status).toBe(401);
    await api().get('/api/v1/admin/operators').expect(401);
    expect(await accountRow(name)).toBeUndefined();
  });

  it('creates an operator: 201 { username, createdAt }, stored lower-cased with a scrypt hash only', async () => {
    const name = username();
    const res = await create(`  ${name.toUpperCase()} `).expect(201);
    expect(res.body).toEqual({ username: name, createdAt: expect.any(String) });
    const row = await accountRow(name);
    expect(row).toMatchObject({ disabled: false });
    expect(row!.created_at.toISOString()).toBe(res.body.createdAt);
    expect(row!.password_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    expect(row!.password_hash).not.toContain(PASSWORD);
    await expect(verifyPassword(PASSWORD, row!.password_hash)).resolves.toBe(true);
  });

  it('answers 409 for an existing username (any case) and keeps the first password', async () => {
    const name = username();
    await create(name).expect(201);
    const before = await accountRow(name);
    const res = await create(name.toUpperCase(), 'another-password-123').expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await accountRow(name))?.password_hash).toBe(before!.password_hash);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const name = username();
    const short = await create(name, 'short-pass').expect(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
    await create(name, 'x'.repeat(257)).expect(400);
    const badName = await create('has space', PASSWORD).expect(400);
    expect(badName.body.errors).toEqual([expect.objectContaining({ path: 'body.username' })]);
    expect(await accountRow(name)).toBeUndefined();
    await api()
      .post('/api/v1/admin/operators')
      .set(admin)
      .type('form')
      .send({ username: name, password: PASSWORD })
      .expect(415);
    expect(await accountRow(name)).toBeUndefined();
  });

  it('lists operators with createdAt and disabled, never a hash', async () => {
    const name = username();
    await create(name).expect(201);
    await t.db.pool.query('UPDATE operator_accounts SET disabled = true WHERE username = $1', [name]);
    const res = await api().get('/api/v1/admin/operators').set(admin).expect(200);
    const item = res.body.items.find((o: { username: string }) => o.username === name);
    expect(item).toEqual({ username: name, createdAt: expect.any(String), disabled: true });
    expect(JSON.stringify(res.body)).not.toContain('scrypt');
  });

  it('sets a new password: 204, the new hash stored, that operator’s sessions ended, others kept', async () => {
    const [name, other] = [username(), username()];
    await create(name).expect(201);
    await create(other).expect(201);
    await addSession(name);
    await addSession(name);
    await addSession(other);
    await api()
      .put(`/api/v1/admin/operators/${name.toUpperCase()}/password`)
      .set(admin)
      .send({ password: 'a-brand-new-password' })
      .expect(204);
    const row = await accountRow(name);
    await expect(verifyPassword('a-brand-new-password', row!.password_hash)).resolves.toBe(true);
    await expect(verifyPassword(PASSWORD, row!.password_hash)).resolves.toBe(false);
    expect(await sessionCount(name)).toBe(0);
    expect(await sessionCount(other)).toBe(1);
  });

  it('answers 404 for a password change of an unknown operator, 400 for a short password', async () => {
    const name = username();
    await api()
      .put(`/api/v1/admin/operators/${name}/password`)
      .set(admin)
      .send({ password: 'a-brand-new-password' })
      .expect(404);
    await create(name).expect(201);
    const before = await accountRow(name);
    await api()
      .put(`/api/v1/admin/operators/${name}/password`)
      .set(admin)
      .send({ password: 'short' })
      .expect(400);
    expect((await accountRow(name))?.password_hash).toBe(before!.password_hash);
  });

  it('deletes an operator: 204, the account and its sessions gone; 404 the second time', async () => {
    const name = username();
    await create(name).expect(201);
    await addSession(name);
    await api().delete(`/api/v1/admin/operators/${name}`).set(admin).expect(204);
    expect(await accountRow(name)).toBeUndefined();
    expect(await sessionCount(name)).toBe(0);
    await api().delete(`/api/v1/admin/operators/${name}`).set(admin).expect(404);
    await api().delete('/api/v1/admin/operators/bad%20name').set(admin).expect(400);
  });
});
