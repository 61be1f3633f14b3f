import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Auth } from './auth/auth';
import { LiveIndicator } from './feature/live-indicator/live-indicator';
import { SignOut } from './feature/sign-out/sign-out';

@Component({
  selector: 'app-root',
  imports: [
    LiveIndicator,
    MatIconModule,
    MatToolbarModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    SignOut,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  private readonly auth = inject(Auth);
  /** While signed out the pages' links lead nowhere but the sign-in page. */
  readonly signedOut = computed(() => this.auth.state().status === 'signed-out');
}
