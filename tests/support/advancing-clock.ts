import type { Clock } from "../../provider/clock";
import { VirtualTimeouts } from "./virtual-timeouts";

/**
 * Real time plus an offset: `sleep` moves the offset instead of waiting (after one turn of the event loop, so that
 * sockets make progress). Shared by emulator and provider, it keeps signatures valid and rollbacks consistent while
 * long waits take no real time, and every request still has real time to be answered in.
 */
export class AdvancingClock implements Clock {
  offset = 0;
  readonly sleeps: number[] = [];
  private readonly timeouts = new VirtualTimeouts(() => this.now(), true);
  readonly now = (): number => Date.now() + this.offset;
  readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.offset += ms;
    this.timeouts.fire();
    await new Promise((resolve) => setImmediate(resolve));
  };
  readonly timeout = (ms: number): AbortSignal => this.timeouts.timeout(ms);
}
