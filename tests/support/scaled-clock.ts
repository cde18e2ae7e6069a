import { performance } from "node:perf_hooks";
import { type Clock, systemClock } from "../../provider/clock";

/**
 * A clock that runs `scale` times faster than real time, shared by the emulator (`now`) and the provider
 * (`clock`): both see the same emulated time, so the waiter follows exactly the schedule it would follow in real
 * time while a 300 s rollback takes 10 s, and a 10 s deadline cuts a hung connection after 10 s of emulated time.
 * `now` is anchored to the real epoch so that request signatures stay plausible; it is derived from the monotonic
 * `performance.now()` so that it never jumps.
 *
 * `sleep` and `timeout` end only once `now` has reached their time. A real timer can fire up to 1 ms before
 * `performance.now()` says its time has come (libuv counts whole milliseconds), and this clock would turn that
 * into `scale` ms: a wait to the deadline would wake before it, and a deadline signal would cut the read of the
 * final look while `now` still says there is time left. So a timer that fires early is armed again for the rest.
 */
export function scaledClock(scale: number): Clock {
  if (scale === 1) return systemClock;
  const originEpoch = Date.now();
  const originPerf = performance.now();
  const now = () => originEpoch + (performance.now() - originPerf) * scale;

  /** Calls `then` once `now()` >= `atMs`; returns a cancel function. `unref`: the timer keeps no process alive. */
  const at = (atMs: number, then: () => void, unref: boolean): (() => void) => {
    let timer: NodeJS.Timeout;
    const arm = () => {
      timer = setTimeout(check, Math.max(0, (atMs - now()) / scale));
      if (unref) timer.unref();
    };
    const check = () => (now() >= atMs ? then() : arm());
    arm();
    return () => clearTimeout(timer);
  };

  return {
    now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const onAbort = () => {
          cancel();
          reject(signal?.reason as Error);
        };
        const cancel = at(
          now() + ms,
          () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
          false,
        );
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
    timeout: (ms) => {
      const controller = new AbortController();
      at(now() + ms, () => controller.abort(new DOMException("The operation timed out.", "TimeoutError")), true);
      return controller.signal;
    },
  };
}
