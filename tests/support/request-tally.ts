import type { Emulator } from "../emulator";

/** What an emulator was sent, as "N POST, N GET": a figure in the test output. */
export function tally(log: readonly { method: string }[]): string {
  return `${log.filter((r) => r.method === "POST").length} POST, ${log.filter((r) => r.method === "GET").length} GET`;
}

/**
 * Prints, after each test of the calling describe block, what the emulator was sent during that test, so that a
 * run shows the cost of every step. `emulator` is read when each test starts: it is created in a `before` hook.
 */
export function printRequestsOfEachTest(emulator: () => Emulator | undefined): void {
  let mark = 0;
  beforeEach(() => (mark = emulator()?.requests.length ?? 0));
  afterEach(() => {
    const current = emulator();
    if (current) console.log(`      requests: ${tally(current.requests.slice(mark))}`);
  });
}
