import type { AddonInstance } from "../../provider/client/schemas";

/**
 * An add-on instance as the client returns it, for tests of pure decisions: coredns upgraded from 1.28.4 to 1.28.6,
 * running and rollbackable (the emulator's default add-on). Override what a case is about.
 */
export function addonInstance(overrides: Partial<AddonInstance> = {}): AddonInstance {
  return {
    id: "7a8b9c0d-coredns",
    clusterId: "c0ffee00-cluster-1",
    name: "coredns",
    alias: "coredns",
    templateName: "coredns",
    status: "running",
    reason: "",
    message: "",
    isRollbackable: true,
    currentVersion: "1.28.6",
    previousVersion: "1.28.4",
    specVersion: "1.28.6",
    ...overrides,
  };
}
