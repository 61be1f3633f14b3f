import { Router } from 'express';
import { z } from 'zod';
import { StreamQuery } from '@vehicle-tracker/contracts';
import { SseClient } from '../stream/sse-client';
import type { StreamHub } from '../stream/hub';
import { parseInput } from './parse';

const LastEventIdHeader = z.object({ 'last-event-id': StreamQuery.shape.lastEventId });

/**
 * GET /api/v1/stream: Server-Sent Events of status changes and counts, optionally of one customer. Resumes after
 * the Last-Event-ID header (sent by EventSource on reconnect) or the lastEventId parameter.
 */
export function streamRoutes(hub: StreamHub): Router {
  const router = Router();
  router.get('/api/v1/stream', async (req, res) => {
    const query = parseInput(StreamQuery, req.query, 'query');
    const header = parseInput(LastEventIdHeader, { 'last-event-id': req.get('last-event-id') }, 'header');
    const resume = header['last-event-id'] ?? query.lastEventId;
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const client = new SseClient(res, query.customerId);
    client.raw('retry: 3000\n\n');
    req.on('close', () => {
      hub.detach(client);
      client.close();
    });
    await hub.attach(client, resume === undefined ? undefined : Number(resume));
  });
  return router;
}
