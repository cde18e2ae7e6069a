/**
 * The CCE Autopilot add-on API emulator: a test double of Show, List and Rollback of add-ons and of the cluster list,
 * with authentication, a rate limit, a rollback state machine, fault injection and a request log.
 * @internal
 */
export {
  startEmulator,
  TEST_CREDENTIALS,
  TEST_TOKEN,
  type Emulator,
  type EmulatorOptions,
  type RequestLogEntry,
} from "./server";
export {
  ADDON_STATUSES,
  DEFAULT_SEED,
  ROLLBACK_ALLOWED_STATUSES,
  parseSeed,
  type AddonJson,
  type AddonPatch,
  type AddonSeed,
  type AddonStatus,
  type RollbackOutcome,
} from "./model";
export { parseFaultRules, type Fault, type FaultMatch, type FaultRule } from "./faults";
export {
  CLUSTER_PHASES,
  CLUSTER_TYPE,
  INSTALLED_ADDONS_ANNOTATION,
  implicitClusterSeed,
  parseClusterSeed,
  type ClusterJson,
  type ClusterListJson,
  type ClusterSeed,
  type InstalledAddon,
} from "./clusters";
export { type RateLimit } from "./ratelimit";
export {
  MAX_CLOCK_SKEW_MS,
  PATH_PROJECT_MISMATCH_MESSAGE,
  PROJECT_MISMATCH_MESSAGE,
  type AcceptedCredential,
} from "./auth";
export { MAX_BODY_BYTES } from "./http";
export { CONTROL_PREFIX } from "./control";
export {
  GATEWAY_CODES,
  THROTTLING_MESSAGE,
  throttlingMessage,
  type CceStatusErrorBody,
  type GatewayErrorBody,
} from "./bodies";
