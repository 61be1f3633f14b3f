import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import pino from 'pino';
import { badRequest, tooManyRequests } from './http-error';
import { notFoundHandler, problemHandler } from './problem';

function app() {
  const a = express();
  a.use(express.json({ limit: '1kb' }));
  a.post('/typed', (req, res) => {
    const body = z.object({ n: z.number() }).parse(req.body);
    res.json(body);
  });
  a.get('/bad', () => {
    throw badRequest('nope');
  });
  a.get('/slow-down', () => {
    throw tooManyRequests(7);
  });
  a.get('/db-down', async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  });
  a.get('/bug', () => {
    throw new Error('secret internals');
  });
  a.use(notFoundHandler);
  a.use(problemHandler(pino({ level: 'silent' })));
  return a;
}

describe('problemHandler', () => {
  it('answers a zod failure with 400 naming the field', async () => {
    const res = await request(app()).post('/typed').send({ n: 'x' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors[0].path).toBe('body.n');
  });
  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await request(app()).post('/typed').set('Content-Type', 'application/json').send('{"n":');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('the body is not valid JSON');
    const big = await request(app())
      .post('/typed')
      .send({ n: 1, pad: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
  });
  it('keeps the status and headers of an HttpError', async () => {
    expect((await request(app()).get('/bad')).status).toBe(400);
    const limited = await request(app()).get('/slow-down');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
  });
  it('answers 503 with Retry-After when the database is unreachable', async () => {
    const res = await request(app()).get('/db-down');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
  });
  it('hides the internals of an unexpected error behind a 500', async () => {
    const res = await request(app()).get('/bug');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });
  it('answers unknown routes with 404 problem+json', async () => {
    const res = await request(app()).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body.title).toBe('Not Found');
  });
});
