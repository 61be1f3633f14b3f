import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { errorMessage } from '../../api/api-error';
import { Auth } from '../../auth/auth';

/** Who is signed in, and the way out. Shows nothing while signed out or when sign-in is switched off. */
@Component({
  selector: 'app-sign-out',
  imports: [MatButtonModule, MatIconModule],
  templateUrl: './sign-out.html',
  styleUrl: './sign-out.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignOut {
  private readonly auth = inject(Auth);
  readonly username = this.auth.username;
  readonly pending = signal(false);
  readonly error = signal<string | null>(null);

  async signOut(): Promise<void> {
    this.pending.set(true);
    this.error.set(null);
    try {
      await this.auth.signOut();
    } catch (error) {
      this.error.set(`Not signed out: ${errorMessage(error)}`);
    } finally {
      this.pending.set(false);
    }
  }
}
