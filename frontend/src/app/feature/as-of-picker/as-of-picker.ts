import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { exactTime } from '../../shared/time-format';

/**
 * Picks the instant of a historical view, and while one is shown says so loudly, with the way back to live.
 * A native datetime-local input: keyboard and screen-reader friendly, and a proper picker on phones.
 */
@Component({
  selector: 'app-as-of-picker',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule],
  templateUrl: './as-of-picker.html',
  styleUrl: './as-of-picker.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AsOfPicker {
  readonly asOf = input.required<string | null>();
  readonly asOfChange = output<string | null>();

  /** What the input holds, in local time; follows the URL but may be edited ahead of it. */
  readonly draft = linkedSignal(() => {
    const asOf = this.asOf();
    return asOf ? toLocalInput(new Date(asOf)) : '';
  });
  readonly exact = computed(() => {
    const asOf = this.asOf();
    return asOf ? exactTime(asOf) : '';
  });
  readonly inFuture = computed(() => this.draft() !== '' && Date.parse(this.draft()) > Date.now());
  readonly max = toLocalInput(new Date());

  show(): void {
    const draft = this.draft();
    if (!draft || this.inFuture()) return;
    // datetime-local has no zone: read it as local time, as the operator meant it.
    this.asOfChange.emit(new Date(draft).toISOString());
  }

  backToLive(): void {
    this.asOfChange.emit(null);
  }
}

export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}
