import { performance } from "node:perf_hooks";
import { type Clock, systemClock } from "../../provider/clock";

/**
 * A clock that runs `scale` times faster than real time, shared by the emulator (`now`) and the provider
 * (`clock`): both see the same emulated time, so the waiter follows exactly the schedule it would follow in real
 * time while a 300 s rollback takes 10 s, and a 10 s deadline cuts a hung connection after 10 s of emulated time.
 * `now` is anchored to the real epoch so that request signatures stay plausible; it is derived from the monotonic
 * `performance.now()` so that it never jumps.
 */
export function scaledClock(scale: number): Clock {
  if (scale === 1) return systemClock;
  const originEpoch = Date.now();
  const originPerf = performance.now();
  return {
    now: () => originEpoch + (performance.now() - originPerf) * scale,
    sleep: (ms, signal) => systemClock.sleep(ms / scale, signal),
    timeout: (ms) => systemClock.timeout(ms / scale),
  };
}
