/**
 * `pulumi import` of a rollback done elsewhere (in the console, during an incident): the ID names the add-on as
 * `<clusterId>/<addonId>` or `<clusterId>/<addon name>`, and the record says what the add-on shows now, with
 * `outcome: "imported"`. Reading is the only request. Pure: the add-on is read by the caller.
 */
import type { AddonInstance } from "../client/schemas";
import { DEFAULT_TIMEOUT_SECONDS } from "./properties";

/** The add-on an import ID names, or undefined when the ID is not one (a record's own ID). @internal */
export function parseImportId(id: string): { clusterId: string; addon: string } | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(id);
  return match ? { clusterId: match[1]!, addon: match[2]! } : undefined;
}

/** What an import records: the inputs a program declares the resource with, and the outputs. @internal */
export function importedRecord(
  clusterId: string,
  addon: AddonInstance,
): { inputs: Record<string, unknown>; outputs: Record<string, unknown> } {
  const inputs = { clusterId, addonId: addon.id, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS };
  return {
    inputs,
    outputs: {
      ...inputs,
      addonName: addon.name || addon.templateName,
      // A rollback done elsewhere: the service keeps the version it left as the previous one.
      fromVersion: addon.previousVersion ?? "",
      toVersion: addon.currentVersion,
      status: addon.status,
      currentVersion: addon.currentVersion,
      outcome: "imported",
      schemaVersion: 1,
    },
  };
}
