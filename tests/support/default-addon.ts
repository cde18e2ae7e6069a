import { DEFAULT_SEED } from "../emulator";

/** The emulator's default add-on and its API paths, shared by the tests that talk to it directly. */
export const T0 = Date.parse("2024-07-18T03:03:17Z");
export const ID = DEFAULT_SEED.id;
export const CLUSTER = DEFAULT_SEED.clusterId;
export const SHOW_PATH = `/autopilot/v3/addons/${ID}`;
export const ROLLBACK_PATH = `/autopilot/v3/addons/${ID}/operation/rollback`;
