// Generated from provider/rollback/properties.ts by `npm run gen:properties`: edit that file, not this one.
import * as pulumi from "@pulumi/pulumi";
import { serializableProvider } from "./provider-stub";

/**
 * Inputs of {@link AddonVersionRollback}. Credentials are deliberately not inputs: they come from stack config
 * (`huaweicloud:accessKey` + `huaweicloud:secretKey`, or `huaweicloud:token`) or the environment, so that they never
 * reach the state.
 * @public
 */
export interface AddonVersionRollbackArgs {
  /**
   * The CCE Autopilot cluster ID. Changing it rolls back the add-on of the new cluster on the next `pulumi up`.
   */
  clusterId: pulumi.Input<string>;
  /**
   * The add-on instance ID (its `metadata.uid`). Give this or `addonName`, not both. Changing it rolls back the new
   * add-on on the next `pulumi up`; changing to the `addonName` output of this resource does not.
   */
  addonId?: pulumi.Input<string>;
  /**
   * The add-on's name: its template name such as "coredns" or "log-agent" (or its name or alias). Give this or
   * `addonId`, not both. It is looked up in the cluster when the rollback runs; no add-on, or several, with that name
   * is an error that lists the cluster's add-ons. Changing it rolls back the new add-on on the next `pulumi up`;
   * changing to the `addonId` output of this resource does not.
   */
  addonName?: pulumi.Input<string>;
  /**
   * Any JSON value; the rollback runs when the resource is created and again each time this value changes (compared as
   * canonical JSON: key order does not matter). Use an incident ID such as "INC-4211": a later incident gets a new ID
   * and so a new rollback. When it does not change, `pulumi up` never calls the cloud. If it is computed from another
   * resource and unknown during preview, the preview shows a replacement. At most 8 KiB as canonical JSON.
   */
  trigger?: pulumi.Input<unknown>;
  /**
   * Region of the cluster, e.g. "cn-north-4". Default: stack config `huaweicloud:region`, then `HW_REGION_NAME`.
   * Changing it later records the new value without calling the cloud.
   */
  region?: pulumi.Input<string>;
  /**
   * CCE endpoint URL. Default: `huaweicloud:endpoints` (`cce` key), else `https://cce.{region}.myhuaweicloud.com`. Must
   * be https:// (http:// only for localhost). Changing it later does not call the cloud.
   */
  endpoint?: pulumi.Input<string>;
  /**
   * Project ID of the region, sent as X-Project-Id. Default: `huaweicloud:projectId`, then `HW_PROJECT_ID`, then
   * `HUAWEICLOUD_SDK_PROJECT_ID`. Changing it later does not call the cloud.
   */
  projectId?: pulumi.Input<string>;
  /**
   * One deadline for the whole create, in seconds from its start (10 to 86400): the reads, the rollback request,
   * retries and the wait. When it runs out, `pulumi up` fails with the last status seen; the rollback itself is not
   * cancelled and the resource is recorded. Default 1800. With the plugin, the `customTimeouts.create` resource option
   * also applies: the smaller of the two wins. Changing it later does not call the cloud.
   */
  timeoutSeconds?: pulumi.Input<number>;
  /**
   * Take `available` at the target version for success. The service reports `running` when all of the add-on's
   * instances run and `available` when only some do; by default the wait goes on until `running`, and at the deadline
   * fails saying the add-on is at the target version but only partially ready. Set it for an add-on that is partial by
   * design. Changing it later does not call the cloud.
   */
  acceptPartiallyReady?: pulumi.Input<boolean>;
  /**
   * Guard: roll back only if the add-on is at this version now (e.g. the broken "1.28.6"); otherwise fail before
   * anything is sent. Checked only when a rollback is about to run.
   */
  expectCurrentVersion?: pulumi.Input<string>;
  /**
   * Guard: roll back only if the rollback would land on this version (e.g. "1.28.4"); otherwise fail before anything is
   * sent. Also makes a rerun idempotent: if the add-on is already running at this version and can no longer be rolled
   * back (an earlier run did it), the resource is recorded without a new rollback.
   */
  expectTargetVersion?: pulumi.Input<string>;
}

/**
 * Rolls a CCE Autopilot add-on back to its previous version when created, and waits until the rollback has really
 * finished (the add-on is `running` at the previous version), failing with the add-on's own reason otherwise. The
 * rollback runs again only when `trigger`, `clusterId` or the add-on (`addonName`, `addonId`) changes; any other
 * `pulumi up` leaves the add-on alone and makes no API call. Deleting the resource does not undo the rollback: it only
 * removes the record from the stack.
 * @public
 */
export class AddonVersionRollback extends pulumi.dynamic.Resource {
  /**
   * The CCE Autopilot cluster ID. Changing it rolls back the add-on of the new cluster on the next `pulumi up`.
   */
  declare readonly clusterId: pulumi.Output<string>;
  /**
   * The add-on instance ID: as given, or found from `addonName`.
   */
  declare readonly addonId: pulumi.Output<string>;
  /**
   * The add-on's name: the one it was addressed by, or its own name (e.g. "coredns") when addressed by ID.
   */
  declare readonly addonName: pulumi.Output<string>;
  /**
   * Any JSON value; the rollback runs when the resource is created and again each time this value changes (compared as
   * canonical JSON: key order does not matter). Use an incident ID such as "INC-4211": a later incident gets a new ID
   * and so a new rollback. When it does not change, `pulumi up` never calls the cloud. If it is computed from another
   * resource and unknown during preview, the preview shows a replacement. At most 8 KiB as canonical JSON.
   */
  declare readonly trigger: pulumi.Output<unknown>;
  /**
   * Region of the cluster, e.g. "cn-north-4". Default: stack config `huaweicloud:region`, then `HW_REGION_NAME`.
   * Changing it later records the new value without calling the cloud.
   */
  declare readonly region: pulumi.Output<string | undefined>;
  /**
   * CCE endpoint URL. Default: `huaweicloud:endpoints` (`cce` key), else `https://cce.{region}.myhuaweicloud.com`. Must
   * be https:// (http:// only for localhost). Changing it later does not call the cloud.
   */
  declare readonly endpoint: pulumi.Output<string | undefined>;
  /**
   * Project ID of the region, sent as X-Project-Id. Default: `huaweicloud:projectId`, then `HW_PROJECT_ID`, then
   * `HUAWEICLOUD_SDK_PROJECT_ID`. Changing it later does not call the cloud.
   */
  declare readonly projectId: pulumi.Output<string | undefined>;
  /**
   * One deadline for the whole create, in seconds from its start (10 to 86400): the reads, the rollback request,
   * retries and the wait. When it runs out, `pulumi up` fails with the last status seen; the rollback itself is not
   * cancelled and the resource is recorded. Default 1800. With the plugin, the `customTimeouts.create` resource option
   * also applies: the smaller of the two wins. Changing it later does not call the cloud.
   */
  declare readonly timeoutSeconds: pulumi.Output<number>;
  /**
   * Take `available` at the target version for success. The service reports `running` when all of the add-on's
   * instances run and `available` when only some do; by default the wait goes on until `running`, and at the deadline
   * fails saying the add-on is at the target version but only partially ready. Set it for an add-on that is partial by
   * design. Changing it later does not call the cloud.
   */
  declare readonly acceptPartiallyReady: pulumi.Output<boolean | undefined>;
  /**
   * Guard: roll back only if the add-on is at this version now (e.g. the broken "1.28.6"); otherwise fail before
   * anything is sent. Checked only when a rollback is about to run.
   */
  declare readonly expectCurrentVersion: pulumi.Output<string | undefined>;
  /**
   * Guard: roll back only if the rollback would land on this version (e.g. "1.28.4"); otherwise fail before anything is
   * sent. Also makes a rerun idempotent: if the add-on is already running at this version and can no longer be rolled
   * back (an earlier run did it), the resource is recorded without a new rollback.
   */
  declare readonly expectTargetVersion: pulumi.Output<string | undefined>;
  /**
   * The version the add-on had before the rollback.
   */
  declare readonly fromVersion: pulumi.Output<string>;
  /**
   * The version the rollback landed on.
   */
  declare readonly toVersion: pulumi.Output<string>;
  /**
   * The add-on's status when the rollback finished (updated by `pulumi refresh`; "notFound" once it is gone).
   */
  declare readonly status: pulumi.Output<string>;
  /**
   * The add-on's version as last seen (at the end of the rollback, or at the last `pulumi refresh`).
   */
  declare readonly currentVersion: pulumi.Output<string>;
  /**
   * When the rollback was requested (or found in progress), ISO 8601; absent from an imported record.
   */
  declare readonly startedAt: pulumi.Output<string | undefined>;
  /**
   * When the rollback was seen finished (well or not), ISO 8601; absent while it was not.
   */
  declare readonly finishedAt: pulumi.Output<string | undefined>;
  /**
   * How it went: "rolled-back", "resumed" (an interrupted run's rollback was waited for), "already-rolled-back"
   * (recorded through expectTargetVersion); or, for a rollback the service accepted that did not finish well: "failed"
   * (it ended in a failure status), "timed-out" (still going, or only partially ready, at the deadline) or "cancelled"
   * (Ctrl-C during the wait). The next `pulumi up` waits for a "timed-out" or "cancelled" one, without a new request,
   * and records how it ended. "imported": recorded by `pulumi import` as the add-on was (a rollback done elsewhere).
   */
  declare readonly outcome: pulumi.Output<string>;

  constructor(name: string, args: AddonVersionRollbackArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializableProvider(),
      name,
      // Outputs a program may leave out are declared by registering them as undefined inputs; given inputs win.
      {
        addonId: undefined,
        addonName: undefined,
        fromVersion: undefined,
        toVersion: undefined,
        status: undefined,
        currentVersion: undefined,
        startedAt: undefined,
        finishedAt: undefined,
        outcome: undefined,
        ...args,
      },
      opts,
      "cce-autopilot",
      "AddonVersionRollback",
    );
  }
}
