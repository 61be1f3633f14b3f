import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { ApiError, errorMessage } from '../../api/api-error';
import { Auth } from '../../auth/auth';
import { safeReturnUrl } from '../../auth/return-url';

/** The sign-in form; on success, on to the page asked for (`returnUrl`). */
@Component({
  selector: 'app-login',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
  ],
  templateUrl: './login.html',
  styleUrl: './login.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Login {
  private readonly auth = inject(Auth);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly usernameInput = viewChild.required<ElementRef<HTMLInputElement>>('username');
  private readonly passwordInput = viewChild.required<ElementRef<HTMLInputElement>>('password');
  private readonly formDirective = viewChild.required(FormGroupDirective);

  readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  readonly pending = signal(false);
  readonly error = signal<string | null>(null);

  constructor() {
    afterNextRender(() => this.usernameInput().nativeElement.focus());
  }

  async submit(): Promise<void> {
    if (this.pending()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { username, password } = this.form.getRawValue();
    this.pending.set(true);
    this.error.set(null);
    try {
      await this.auth.signIn(username.trim(), password);
      // Still pending while the page asked for loads, so a second click cannot sign in twice.
      await this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')));
    } catch (error) {
      this.error.set(signInError(error));
      // A fresh try: the password emptied, without "Enter your password" under it (the alert says enough).
      this.formDirective().resetForm({ username, password: '' });
      this.passwordInput().nativeElement.focus();
    } finally {
      this.pending.set(false);
    }
  }
}

/** What went wrong, in words an operator can act on. */
export function signInError(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  switch (error.status) {
    case 0:
      return error.message;
    case 401:
      return 'Wrong username or password.';
    case 429:
      return `Too many sign-in attempts. Try again ${waitText(error.retryAfterSeconds)}.`;
    default:
      return `Signing in failed: ${error.message}`;
  }
}

function waitText(seconds: number | null): string {
  if (seconds === null) return 'in a little while';
  if (seconds <= 1) return 'in a second';
  if (seconds < 90) return `in ${seconds} seconds`;
  return `in ${Math.ceil(seconds / 60)} minutes`;
}
