import { z } from "zod";

/**
 * The add-on instance as GET and the rollback POST return it. Lenient where we do not look (extra fields are
 * kept, status strings we do not know pass through), strict on the fields the rollback decisions rely on.
 * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/ShowAutopilotAddonInstance.html
 * @internal
 */
export const AddonInstanceSchema = z.looseObject({
  metadata: z
    .looseObject({
      uid: z.string().optional(),
      name: z.string().optional(),
      alias: z.string().optional(),
      updateTimestamp: z.string().optional(),
    })
    .optional(),
  spec: z.looseObject({
    version: z.string(),
    clusterID: z.string().optional(),
    addonTemplateName: z.string().optional(),
  }),
  status: z.looseObject({
    status: z.string().min(1),
    // `Reason` (capital R) and `message` are always present in the service's model; tolerate absence.
    Reason: z.string().optional().default(""),
    message: z.string().optional().default(""),
    isRollbackable: z.boolean().optional(),
    previousVersion: z
      .string()
      .nullish()
      .transform((v) => v ?? undefined),
    currentVersion: z.looseObject({ version: z.string() }),
  }),
});

/** @internal */
export type AddonInstanceBody = z.infer<typeof AddonInstanceSchema>;

/**
 * The list of a cluster's add-on instances (`GET /autopilot/v3/addons?cluster_id=...`); each item must carry its
 * ID (`metadata.uid`), which is what the list is read for.
 * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/ListAutopilotAddonInstances.html
 * @internal
 */
export const AddonInstanceListSchema = z.looseObject({
  items: z.array(
    AddonInstanceSchema.extend({
      metadata: z.looseObject({
        uid: z.string().min(1),
        name: z.string().optional(),
        alias: z.string().optional(),
        updateTimestamp: z.string().optional(),
      }),
    }),
  ),
});

/** The fields of an add-on instance that this library uses, flattened. @public */
export interface AddonInstance {
  id: string;
  clusterId: string;
  name: string;
  /** `metadata.alias`; empty when the service gives none. */
  alias: string;
  /** `spec.addonTemplateName`, e.g. "coredns"; empty when the service gives none. */
  templateName: string;
  status: string;
  reason: string;
  message: string;
  isRollbackable: boolean;
  currentVersion: string;
  previousVersion: string | undefined;
  specVersion: string;
  /** `metadata.updateTimestamp`, when the service gives it: tells two otherwise identical states apart. */
  updatedAt?: string | undefined;
}

/** @internal */
export function toAddonInstance(id: string, clusterId: string, body: AddonInstanceBody): AddonInstance {
  return {
    id,
    clusterId: body.spec.clusterID ?? clusterId,
    name: body.metadata?.name ?? body.metadata?.alias ?? body.spec.addonTemplateName ?? "",
    alias: body.metadata?.alias ?? "",
    templateName: body.spec.addonTemplateName ?? "",
    status: body.status.status,
    reason: body.status.Reason,
    message: body.status.message,
    isRollbackable: body.status.isRollbackable === true,
    currentVersion: body.status.currentVersion.version,
    previousVersion: body.status.previousVersion || undefined,
    specVersion: body.spec.version,
    updatedAt: body.metadata?.updateTimestamp || undefined,
  };
}

/** Turns zod issues into `<field path>: <message>` lines. @internal */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
}

/**
 * The project's clusters (`GET /autopilot/v3/projects/{project_id}/clusters?detail=true`). Only the fields the fleet
 * lookup uses are checked. With `detail=true`, `metadata.annotations.installedAddonInstances` lists the cluster's
 * add-ons (template name, version, status) as JSON text: its shape is not documented further, so it is read
 * leniently and only ever used to skip clusters that certainly do not have the add-on.
 * Reference: https://support.huaweicloud.com/intl/en-us/api-cce-autopilot/ListAutopilotClusters.html
 * @internal
 */
export const ClusterListSchema = z.looseObject({
  items: z
    .array(
      z.looseObject({
        metadata: z.looseObject({
          uid: z.string().min(1),
          name: z.string().optional(),
          annotations: z.record(z.string(), z.unknown()).nullish(),
        }),
        status: z.looseObject({ phase: z.string().optional() }).nullish(),
      }),
    )
    .nullish()
    .transform((items) => items ?? []),
});

/** An add-on as the cluster list's `installedAddonInstances` annotation names it. @public */
export interface InstalledAddon {
  templateName: string;
  version: string;
  status: string;
}

/** A cluster of the project, as the fleet lookup needs it. @public */
export interface ClusterSummary {
  id: string;
  name: string;
  /** `status.phase`, e.g. "Available"; empty when the service gives none. */
  phase: string;
  /** The add-ons the cluster list says are installed; undefined when it did not say (or not readably). */
  installedAddons: InstalledAddon[] | undefined;
}

const InstalledAddonsSchema = z.array(
  z.looseObject({
    addonTemplateName: z.string(),
    version: z.string().optional().default(""),
    status: z.string().optional().default(""),
  }),
);

/** @internal */
export function toClusterSummary(item: z.infer<typeof ClusterListSchema>["items"][number]): ClusterSummary {
  return {
    id: item.metadata.uid,
    name: item.metadata.name ?? "",
    phase: item.status?.phase ?? "",
    installedAddons: installedAddons(item.metadata.annotations?.["installedAddonInstances"]),
  };
}

/** The annotation's add-ons, or undefined when it is absent or not the list it is documented to be. */
function installedAddons(annotation: unknown): InstalledAddon[] | undefined {
  if (typeof annotation !== "string") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(annotation);
  } catch {
    return undefined;
  }
  const parsed = InstalledAddonsSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return parsed.data.map((a) => ({ templateName: a.addonTemplateName, version: a.version, status: a.status }));
}
