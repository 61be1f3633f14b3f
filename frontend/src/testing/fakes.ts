import { Provider, signal } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Subject } from 'rxjs';
import { FleetEvent } from '../app/api/api-types';
import { FleetStream, StreamState } from '../app/api/fleet-stream';
import { Clock } from '../app/shared/clock';
import { NOW } from './fleet-fixtures';

/** Stands in for FleetStream: specs push events by hand and can see whether anyone listens. */
export class FakeFleetStream {
  readonly events = new Subject<FleetEvent>();
  readonly events$ = this.events.asObservable();
  readonly state = signal<StreamState>('live');
  readonly refused = new Subject<void>();
  readonly refused$ = this.refused.asObservable();
  /** What the sign-in state asked of the stream, in order. */
  readonly commands: ('reconnect' | 'suspend')[] = [];

  get listening(): boolean {
    return this.events.observed;
  }

  reconnect(): void {
    this.commands.push('reconnect');
  }

  suspend(): void {
    this.commands.push('suspend');
  }
}

export function provideFakeStream(stream = new FakeFleetStream()): Provider {
  return { provide: FleetStream, useValue: stream };
}

/** A clock that stands still at NOW unless moved. */
export function provideFixedClock(now = signal(NOW)): Provider {
  return { provide: Clock, useValue: { now } };
}

export const noAnimations: Provider = {
  provide: MATERIAL_ANIMATIONS,
  useValue: { animationsDisabled: true },
};

/** Lets timers, HTTP fakes and change detection settle in zoneless specs. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
