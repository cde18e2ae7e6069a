/**
 * `Clock.timeout` for test clocks whose time moves when the test says so: each signal aborts, with a
 * `TimeoutError` like `AbortSignal.timeout`'s, the first time `fire()` runs at or after its time. A clock calls
 * `fire()` whenever its time moves; with `realTime`, a real timer also calls it, for clocks that follow real time
 * plus an offset (a hung socket makes no clock move). That timer can fire up to 1 ms before the clock says the time
 * has come (libuv counts whole milliseconds); it is then armed again for the rest, so that the signal is not left
 * pending until something else moves the clock.
 */
export class VirtualTimeouts {
  private pending: { atMs: number; controller: AbortController }[] = [];

  constructor(
    private readonly now: () => number,
    private readonly realTime = false,
  ) {}

  timeout(ms: number): AbortSignal {
    const controller = new AbortController();
    const atMs = this.now() + ms;
    this.pending.push({ atMs, controller });
    if (this.realTime) this.arm(atMs, controller.signal);
    this.fire();
    return controller.signal;
  }

  private arm(atMs: number, signal: AbortSignal): void {
    setTimeout(
      () => {
        this.fire();
        if (!signal.aborted) this.arm(atMs, signal);
      },
      Math.max(0, atMs - this.now()),
    ).unref();
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
