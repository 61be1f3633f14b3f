import { TestBed } from '@angular/core/testing';
import { Subscription } from 'rxjs';
import { FleetEvent } from './api-types';
import {
  EVENT_SOURCE_FACTORY,
  EventSourceLike,
  FleetStream,
  KEEP_OPEN_MS,
  RETRY_DELAYS_MS,
  STREAM_URL,
} from './fleet-stream';

/** Behaves as the browser's EventSource does, driven by hand. */
class FakeEventSource {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  send(type: string, data: unknown, id = ''): void {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    const event = new MessageEvent(type, { data: payload, lastEventId: id });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  /** A dropped connection: the browser either retries itself (CONNECTING) or gives up (CLOSED). */
  fail(givenUp: boolean): void {
    this.readyState = givenUp ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

describe('FleetStream', () => {
  let sources: FakeEventSource[];
  let stream: FleetStream;
  let events: FleetEvent[];
  let subscription: Subscription;
  const latest = () => sources[sources.length - 1];

  beforeEach(() => {
    jasmine.clock().install();
    sources = [];
    TestBed.configureTestingModule({
      providers: [
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: (url: string) => {
            const source = new FakeEventSource(url);
            sources.push(source);
            return source as unknown as EventSourceLike;
          },
        },
      ],
    });
    stream = TestBed.inject(FleetStream);
    events = [];
  });

  afterEach(() => {
    subscription?.unsubscribe();
    jasmine.clock().uninstall();
  });

  const listen = () => (subscription = stream.events$.subscribe((event) => events.push(event)));

  it('connects on first subscription and passes on parsed events', () => {
    expect(sources.length).toBe(0);
    expect(stream.state()).toBe('idle');
    listen();
    expect(latest().url).toBe(STREAM_URL);
    expect(stream.state()).toBe('connecting');

    latest().open();
    expect(stream.state()).toBe('live');
    const status = {
      vin: 'V1',
      customerId: 'c1',
      status: 'offline',
      at: '2026-11-20T12:00:00Z',
      lastSeenAt: null,
    };
    latest().send('status', status, '41');
    latest().send('heartbeat', { vin: 'V1', at: '2026-11-20T12:00:01Z' });
    expect(events).toEqual([
      { type: 'status', data: status },
      { type: 'heartbeat', data: { vin: 'V1', at: '2026-11-20T12:00:01Z' } },
    ] as FleetEvent[]);
  });

  it('skips a malformed event and goes on', () => {
    listen();
    latest().open();
    latest().send('counts', '{not json');
    latest().send('counts', { online: 1, offline: 0, total: 1, customers: [] });
    expect(events.length).toBe(1);
  });

  it('lets the browser reconnect by itself, says so, and tells when it is back', () => {
    listen();
    latest().open();
    latest().fail(false);
    expect(stream.state()).toBe('reconnecting');
    jasmine.clock().tick(60_000);
    expect(sources.length).toBe(1); // no second EventSource: the browser's own retry sends Last-Event-ID

    latest().open();
    expect(stream.state()).toBe('live');
    expect(events).toEqual([{ type: 'reopened' }]);
  });

  it('reconnects itself with backoff and resumes from the last event id once the browser gives up', () => {
    listen();
    latest().open();
    latest().send(
      'status',
      { vin: 'V1', customerId: 'c1', status: 'online', at: 'x', lastSeenAt: null },
      'pos/42',
    );
    latest().fail(true);
    expect(sources[0].closed).toBeTrue();
    expect(stream.state()).toBe('reconnecting');

    jasmine.clock().tick(RETRY_DELAYS_MS[0] - 1);
    expect(sources.length).toBe(1);
    jasmine.clock().tick(1);
    expect(sources.length).toBe(2);
    expect(latest().url).toBe(`${STREAM_URL}?lastEventId=pos%2F42`);

    // Still down: the next wait is longer.
    latest().fail(true);
    jasmine.clock().tick(RETRY_DELAYS_MS[1] - 1);
    expect(sources.length).toBe(2);
    jasmine.clock().tick(1);
    expect(sources.length).toBe(3);

    latest().open();
    expect(stream.state()).toBe('live');
    expect(events[events.length - 1]).toEqual({ type: 'reopened' });

    // Back up: a later drop starts the backoff again from the shortest wait.
    latest().fail(true);
    jasmine.clock().tick(RETRY_DELAYS_MS[0]);
    expect(sources.length).toBe(4);
  });

  it('shares one connection and closes it a while after the last subscriber leaves', () => {
    listen();
    const second = stream.events$.subscribe();
    expect(sources.length).toBe(1);
    latest().open();

    subscription.unsubscribe();
    second.unsubscribe();
    jasmine.clock().tick(KEEP_OPEN_MS - 1);
    expect(sources[0].closed).toBeFalse();
    jasmine.clock().tick(1);
    expect(sources[0].closed).toBeTrue();
    expect(stream.state()).toBe('idle');
  });

  it('starts a fresh connection without a last event id, and stops retrying when closed', () => {
    listen();
    latest().open();
    latest().send('heartbeat', { vin: 'V1', at: 'x' }, '7');
    latest().fail(true);
    subscription.unsubscribe();
    jasmine.clock().tick(KEEP_OPEN_MS);
    const opened = sources.length;
    expect(sources.every((source) => source.closed)).toBeTrue();
    jasmine.clock().tick(120_000);
    expect(sources.length).toBe(opened);

    listen();
    expect(latest().url).toBe(STREAM_URL);
  });
  it('tells when the browser gave up on a connection, which may be a refused session', () => {
    let refusals = 0;
    stream.refused$.subscribe(() => refusals++);
    listen();
    latest().open();
    latest().fail(false);
    expect(refusals).toBe(0); // the browser retries by itself: a dropped connection, not a refusal
    latest().fail(true);
    expect(refusals).toBe(1);
  });

  it('on suspend drops the connection and stops retrying; on reconnect opens a new one at once', () => {
    listen();
    latest().open();
    latest().send('heartbeat', { vin: 'V1', at: 'x' }, '9');
    latest().fail(true); // the session ended: refused, retry pending
    stream.suspend();
    expect(stream.state()).toBe('idle');
    jasmine.clock().tick(120_000);
    expect(sources.length).toBe(1);

    stream.reconnect(); // signed in again
    expect(sources.length).toBe(2);
    expect(latest().url).toBe(`${STREAM_URL}?lastEventId=9`);
    expect(stream.state()).toBe('connecting');
    latest().open();
    expect(stream.state()).toBe('live');
    expect(events).toEqual([{ type: 'heartbeat', data: { vin: 'V1', at: 'x' } }, { type: 'reopened' }]);
  });

  it('reconnect replaces a live connection and does nothing without subscribers', () => {
    stream.reconnect();
    expect(sources.length).toBe(0);
    listen();
    latest().open();
    stream.reconnect();
    expect(sources[0].closed).toBeTrue();
    expect(sources.length).toBe(2);
    subscription.unsubscribe();
    jasmine.clock().tick(KEEP_OPEN_MS);
    stream.reconnect();
    expect(sources.length).toBe(2);
  });
});
