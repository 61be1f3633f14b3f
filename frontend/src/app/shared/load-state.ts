import { Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { BehaviorSubject, Observable, catchError, map, of, startWith, switchMap } from 'rxjs';
import { errorMessage } from '../api/api-error';

export type LoadState<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/**
 * A loader's latest result as a signal, with a reload for the "try again" button. The loader may emit
 * more than once (a live source); each emission replaces the value. Call in an injection context.
 */
export function loadSignal<T>(load: () => Observable<T>): {
  state: Signal<LoadState<T>>;
  reload: () => void;
} {
  const reload$ = new BehaviorSubject<void>(undefined);
  const state = toSignal(
    reload$.pipe(
      switchMap(() =>
        load().pipe(
          map((value): LoadState<T> => ({ status: 'ready', value })),
          startWith<LoadState<T>>({ status: 'loading' }),
          catchError((error: unknown) => of<LoadState<T>>({ status: 'error', message: errorMessage(error) })),
        ),
      ),
    ),
    { requireSync: true },
  );
  return { state, reload: () => reload$.next() };
}
