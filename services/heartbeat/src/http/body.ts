import type { IncomingMessage } from 'node:http';
import { HeartbeatBody } from '@vehicle-tracker/contracts';
import { HttpError, assertStorableText, badRequest, fromZod } from '@vehicle-tracker/service-kit';

export const payloadTooLarge = (limit: number) =>
  // Connection: close, so the rest of an oversized body is not read just to be thrown away.
  new HttpError(413, 'Payload Too Large', `the body exceeds ${limit} bytes`, { Connection: 'close' });

/** The request body, refused with 413 as soon as it is known to exceed `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(payloadTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(payloadTooLarge(limit));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const isJson = (contentType: string | undefined) =>
  contentType !== undefined && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType);

/** A single heartbeat's optional body: empty, or JSON (application/json) fitting HeartbeatBody. */
export function parseHeartbeatBody(raw: Buffer, contentType: string | undefined): HeartbeatBody {
  if (raw.length === 0) return {};
  if (!isJson(contentType))
    throw new HttpError(415, 'Unsupported Media Type', 'a heartbeat body must be application/json');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('the body is not valid JSON');
  }
  assertStorableText(json, 'body');
  const parsed = HeartbeatBody.safeParse(json);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}
