/**
 * `Clock.timeout` for test clocks whose time moves when the test says so: each signal aborts, with a
 * `TimeoutError` like `AbortSignal.timeout`'s, the first time `fire()` runs at or after its time. A clock calls
 * `fire()` whenever its time moves; with `realTime`, a real timer also calls it, for clocks that follow real time
 * plus an offset (a hung socket makes no clock move).
 */
export class VirtualTimeouts {
  private pending: { atMs: number; controller: AbortController }[] = [];

  constructor(
    private readonly now: () => number,
    private readonly realTime = false,
  ) {}

  timeout(ms: number): AbortSignal {
    const controller = new AbortController();
    this.pending.push({ atMs: this.now() + ms, controller });
    if (this.realTime) setTimeout(() => this.fire(), Math.max(0, ms)).unref();
    this.fire();
    return controller.signal;
  }

  /** Aborts every signal whose time has come. */
  fire(): void {
    const now = this.now();
    this.pending = this.pending.filter(({ atMs, controller }) => {
      if (atMs > now) return true;
      controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
      return false;
    });
  }
}
