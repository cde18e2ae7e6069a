import { canonicalJson } from "./canonical-json";
import { INPUT_NAMES, REPLACE_ON_CHANGE, containsUnknown } from "./inputs";

/** @internal */
export interface RollbackDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Decides whether the rollback runs again. Only a change of what to roll back (`clusterId`, `addonId`) or of
 * `trigger` replaces the resource, which runs `create` (a new rollback); an input that is unknown during preview
 * counts as changed, since it may well be. Every other input change is an update that calls no API. Pure: it
 * never calls the cloud.
 * @internal
 */
export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): RollbackDiff {
  const changed = INPUT_NAMES.filter(
    (key) => containsUnknown(news[key]) || canonicalJson(olds[key]) !== canonicalJson(news[key]),
  );
  const replaces = changed.filter((key) => (REPLACE_ON_CHANGE as readonly string[]).includes(key));
  return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
}
