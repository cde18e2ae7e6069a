import { canonicalJson } from "./canonical-json";
import { ADDON_SELECTORS, REPLACE_ON_CHANGE, containsUnknown } from "./inputs";
import { INPUT_NAMES } from "./properties";

/** @internal */
export interface RollbackDiff {
  changes: boolean;
  /** The inputs that differ (an unknown one counts as differing), in the order they are documented. */
  changed: string[];
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Decides whether the rollback runs again. Only a change of what to roll back (`clusterId`, and the add-on named by
 * `addonId` or `addonName`) or of `trigger` replaces the resource, which runs `create` (a new rollback); an input
 * that is unknown during preview counts as changed, since it may well be. Every other input change is an update
 * that calls no API. Pure: it never calls the cloud.
 *
 * The add-on is the same when the new `addonId` equals the ID recorded at the rollback, or the new `addonName`
 * equals the name recorded (`addonName` output: the name it was addressed by, or the add-on's own name when it
 * was addressed by ID). So a resource can move from `addonId` to the `addonName` shown in its outputs, or back to
 * the `addonId` output, without a second rollback.
 * @internal
 */
export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): RollbackDiff {
  const differs = (key: string) => containsUnknown(news[key]) || canonicalJson(olds[key]) !== canonicalJson(news[key]);
  const changed = INPUT_NAMES.filter((key) => !(ADDON_SELECTORS as readonly string[]).includes(key) && differs(key));
  // An imported record has no trigger: the first one a program gives stands for the rollback that already
  // happened, and is recorded without rolling back again (an update); later changes replace as usual.
  const adopted = olds.outcome === "imported" && olds.trigger === undefined && !containsUnknown(news.trigger);
  // check() has refused anything but a string or nothing, so `undefined` is the only "not given".
  const selector = news.addonId !== undefined ? "addonId" : "addonName";
  const sameAddon = !differs(selector);
  const replaces = [
    ...changed.filter(
      (key) => (REPLACE_ON_CHANGE as readonly string[]).includes(key) && !(key === "trigger" && adopted),
    ),
    ...(sameAddon ? [] : [selector]),
  ];
  return {
    changes: changed.length > 0 || !sameAddon,
    changed: INPUT_NAMES.filter((key) => changed.includes(key) || (key === selector && !sameAddon)),
    replaces,
    deleteBeforeReplace: false,
  };
}
