import { Injectable, InjectionToken, inject, signal } from '@angular/core';
import { Observable, Subject, share, timer } from 'rxjs';
import { API_BASE } from './api-base';
import { FleetEvent } from './api-types';

export type StreamState = 'idle' | 'connecting' | 'live' | 'reconnecting';

/** The parts of EventSource the stream uses, so specs can hand in a fake. */
export type EventSourceLike = Pick<
  EventSource,
  'readyState' | 'onopen' | 'onerror' | 'addEventListener' | 'close'
>;

export const EVENT_SOURCE_FACTORY = new InjectionToken<(url: string) => EventSourceLike>(
  'EVENT_SOURCE_FACTORY',
  {
    providedIn: 'root',
    factory: () => (url: string) => new EventSource(url),
  },
);

export const STREAM_URL = `${API_BASE}/stream`;
/** Backoff between our own reconnects, used only once the browser has given up (see onerror). */
export const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** Navigating between pages drops the last subscriber for a moment; don't reconnect for that. */
export const KEEP_OPEN_MS = 5_000;

const EVENT_TYPES = ['status', 'counts', 'heartbeat'] as const;
const CLOSED = 2; // EventSource.CLOSED, spelled out because fakes have no static constants

type Command = 'reconnect' | 'suspend';

/** The fleet-wide live stream (GET /api/v1/stream): one EventSource for the whole app. */
@Injectable({ providedIn: 'root' })
export class FleetStream {
  private readonly createSource = inject(EVENT_SOURCE_FACTORY);
  private readonly stateSignal = signal<StreamState>('idle');
  private readonly commands = new Subject<Command>();
  private readonly refusedSubject = new Subject<void>();
  readonly state = this.stateSignal.asReadonly();
  /**
   * Each time the browser gives up on a connection: an HTTP error, which EventSource does not tell apart, so
   * a 401 (session ended) looks the same as a proxy's 502. The sign-in state asks the server which it was.
   */
  readonly refused$ = this.refusedSubject.asObservable();

  /** Drops the connection, if any, and opens a new one now (after sign-in: the new session cookie). */
  reconnect(): void {
    this.commands.next('reconnect');
  }

  /** Drops the connection, if any, and stops retrying until reconnect() or the next first subscriber. */
  suspend(): void {
    this.commands.next('suspend');
  }

  readonly events$: Observable<FleetEvent> = new Observable<FleetEvent>((subscriber) => {
    let source: EventSourceLike | null = null;
    let lastEventId: string | null = null;
    let failures = 0;
    let dropped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const open = () => {
      // A fresh EventSource does not know the last id; the server accepts it as a query parameter instead.
      const url = lastEventId ? `${STREAM_URL}?lastEventId=${encodeURIComponent(lastEventId)}` : STREAM_URL;
      const es = (source = this.createSource(url));
      es.onopen = () => {
        failures = 0;
        this.stateSignal.set('live');
        if (dropped) {
          dropped = false;
          subscriber.next({ type: 'reopened' });
        }
      };
      es.onerror = () => {
        dropped = true;
        this.stateSignal.set('reconnecting');
        // CONNECTING: the browser retries by itself and sends Last-Event-ID. CLOSED: it gave up for good
        // (an HTTP error or a wrong content type, say a proxy's 502), so retrying is up to us.
        if (es.readyState !== CLOSED) return;
        es.close();
        this.refusedSubject.next();
        if (source !== es) return; // suspended or reopened meanwhile
        const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)];
        failures++;
        retry = setTimeout(open, delay);
      };
      for (const type of EVENT_TYPES) {
        es.addEventListener(type, (event) => {
          const message = event as MessageEvent<string>;
          if (message.lastEventId) lastEventId = message.lastEventId;
          const data = parseData(message.data);
          // One malformed event must not end the stream for every page.
          if (data !== undefined) subscriber.next({ type, data } as FleetEvent);
        });
      }
    };

    const commands = this.commands.subscribe((command) => {
      clearTimeout(retry);
      source?.close();
      source = null;
      failures = 0;
      // Whatever happened while away may have been missed: once live again, pages reload quietly.
      dropped = true;
      if (command === 'suspend') {
        this.stateSignal.set('idle');
      } else {
        this.stateSignal.set('connecting');
        open();
      }
    });
    this.stateSignal.set('connecting');
    open();
    return () => {
      commands.unsubscribe();
      clearTimeout(retry);
      source?.close();
      this.stateSignal.set('idle');
    };
  }).pipe(share({ resetOnRefCountZero: () => timer(KEEP_OPEN_MS) }));
}

function parseData(data: string): unknown {
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}
