import type { Clock } from "../../provider/clock";
import { VirtualTimeouts } from "./virtual-timeouts";

/**
 * Time that passes only when someone sleeps: `sleep` moves `now` forward by its length at once (after a turn of the
 * event loop), as a discrete-event simulation would. For pure units with one sleeper at a time (a request budget's
 * pump): what happens at which virtual millisecond is exact and independent of the machine's load.
 */
export class VirtualClock implements Clock {
  constructor(public t = 0) {}
  private readonly timeouts = new VirtualTimeouts(() => this.t, true);
  readonly now = (): number => this.t;
  readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    this.t += ms;
    this.timeouts.fire();
    await new Promise((resolve) => setImmediate(resolve));
  };
  readonly timeout = (ms: number): AbortSignal => this.timeouts.timeout(ms);
  /** Moves time forward without sleeping (another party's wait). */
  advance(ms: number): void {
    this.t += ms;
    this.timeouts.fire();
  }
}
