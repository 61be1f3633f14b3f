import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { ApiError } from '../api/api-error';
import { AuthSession } from '../api/api-types';
import { AuthApi } from '../api/auth-api';
import { FleetStream } from '../api/fleet-stream';
import { safeReturnUrl } from './return-url';

export type AuthState =
  /** Not asked yet, or the server could not say (unreachable, 5xx). */
  | { status: 'unknown' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; username: string; expiresAt: string | null }
  /** OPERATOR_AUTH=off: nobody signs in. */
  | { status: 'open' };

/**
 * The operator's sign-in state, as a signal. The session itself is the HttpOnly `vt_session` cookie, which
 * the page never sees: the state is what the server last said about it.
 */
@Injectable({ providedIn: 'root' })
export class Auth {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly stream = inject(FleetStream);
  private readonly stateSignal = signal<AuthState>({ status: 'unknown' });
  private asking: Promise<AuthState> | null = null;

  readonly state = this.stateSignal.asReadonly();
  readonly username = computed(() => {
    const state = this.state();
    return state.status === 'signed-in' ? state.username : null;
  });

  constructor() {
    // The live stream cannot tell a 401 from a 502: when it is refused while signed in, ask the server.
    this.stream.refused$.subscribe(() => {
      if (this.state().status !== 'signed-in') return;
      this.api.session().subscribe({
        error: (error: unknown) => {
          if (isUnauthorized(error)) this.expired();
        },
      });
    });
  }

  /** The state for a guard: from memory once signed in (or open), else asked of the server. */
  check(): Promise<AuthState> {
    const state = this.state();
    return state.status === 'signed-in' || state.status === 'open' ? Promise.resolve(state) : this.refresh();
  }

  /** Asks GET /auth/session. An error other than 401 leaves the state as it was. */
  refresh(): Promise<AuthState> {
    this.asking ??= firstValueFrom(this.api.session())
      .then(stateOf, (error: unknown) =>
        isUnauthorized(error) ? ({ status: 'signed-out' } as const) : this.state(),
      )
      .then((state) => {
        this.stateSignal.set(state);
        return state;
      })
      .finally(() => (this.asking = null));
    return this.asking;
  }

  /** Signs in (the server sets the cookie) and reopens the live stream with the new session. */
  async signIn(username: string, password: string): Promise<void> {
    const answer = await firstValueFrom(this.api.login(username, password));
    this.stateSignal.set({ status: 'signed-in', username: answer.username, expiresAt: answer.expiresAt });
    this.stream.reconnect();
  }

  /** Ends the session on the server, then shows the sign-in page. */
  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.api.logout());
    } catch (error) {
      // Already over on the server: as good as signed out.
      if (!isUnauthorized(error)) throw error;
    }
    this.end();
    await this.router.navigateByUrl('/login');
  }

  /** The API refused the session (it expired, or was ended elsewhere): to the sign-in page, which returns here. */
  expired(): void {
    // Several requests failing together navigate once.
    if (this.state().status === 'signed-out') return;
    this.end();
    const here = this.router.url;
    if (here.startsWith('/login')) return;
    void this.router.navigate(['/login'], { queryParams: { returnUrl: safeReturnUrl(here) } });
  }

  private end(): void {
    this.stateSignal.set({ status: 'signed-out' });
    // An open stream would keep the old session's events coming, or retry with a cookie that no longer works.
    this.stream.suspend();
  }
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

function stateOf(session: AuthSession): AuthState {
  if (!session.authRequired) return { status: 'open' };
  return session.username
    ? { status: 'signed-in', username: session.username, expiresAt: session.expiresAt }
    : { status: 'signed-out' };
}
