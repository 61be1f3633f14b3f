import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { API_BASE } from './api-base';
import { AuthSession, LoginAnswer } from './api-types';

export const AUTH_BASE = `${API_BASE}/auth`;

/** The query service's sign-in routes. The session travels as the HttpOnly `vt_session` cookie. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  session(): Observable<AuthSession> {
    return this.http.get<AuthSession>(`${AUTH_BASE}/session`);
  }

  login(username: string, password: string): Observable<LoginAnswer> {
    return this.http.post<LoginAnswer>(`${AUTH_BASE}/login`, { username, password });
  }

  logout(): Observable<void> {
    return this.http.post<void>(`${AUTH_BASE}/logout`, null);
  }
}
