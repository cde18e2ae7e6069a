/**
 * The fleet lookup's decisions, as pure functions: which clusters' add-ons to read (phase, the clusters named, what the
 * cluster list's annotation rules out), which add-ons match, and how the arguments are checked.
 */
import assert from "node:assert/strict";
import { answersTo, clustersToRead, matchAddons } from "../../../provider/addon/fleet";
import { parseFleetArgs } from "../../../provider/addon/fleet-args";
import type { AddonInstance, ClusterSummary } from "../../../provider/client/schemas";

const cluster = (id: string, over: Partial<ClusterSummary> = {}): ClusterSummary => ({
  id,
  name: `name-${id}`,
  phase: "Available",
  installedAddons: undefined,
  ...over,
});
const installed = (version: string, templateName = "coredns") => [{ templateName, version, status: "running" }];

describe("fleet: clustersToRead", function () {
  // [case, clusters, query, read (IDs), skipped]
  const cases: [string, ClusterSummary[], Parameters<typeof clustersToRead>[1], string[], string[]][] = [
    [
      "no annotation: every Available cluster is read",
      [cluster("a"), cluster("b")],
      { addonName: "coredns" },
      ["a", "b"],
      [],
    ],
    [
      "not Available: skipped and named with its phase",
      [cluster("a"), cluster("h", { phase: "Hibernation" })],
      { addonName: "coredns" },
      ["a"],
      ["name-h (h): Hibernation"],
    ],
    [
      "the annotation rules out a cluster without the add-on",
      [
        cluster("a", { installedAddons: installed("1.28.6") }),
        cluster("b", { installedAddons: installed("1.5.1", "log-agent") }),
      ],
      { addonName: "coredns" },
      ["a"],
      [],
    ],
    [
      "the annotation rules out a cluster at another version",
      [cluster("a", { installedAddons: installed("1.28.6") }), cluster("b", { installedAddons: installed("1.28.4") })],
      { addonName: "coredns", versions: ["1.28.6"] },
      ["a"],
      [],
    ],
    [
      "a name that is no template name anywhere (an alias) rules nothing out",
      [cluster("a", { installedAddons: installed("1.28.6") }), cluster("b", { installedAddons: installed("1.28.4") })],
      { addonName: "dns" },
      ["a", "b"],
      [],
    ],
    [
      "an unreadable annotation rules nothing out",
      [cluster("a", { installedAddons: installed("1.28.4") }), cluster("b")],
      { addonName: "coredns", versions: ["1.28.6"] },
      ["b"],
      [],
    ],
    [
      "clusterIds: only those, in that order",
      [cluster("a"), cluster("b"), cluster("c")],
      { addonName: "coredns", clusterIds: ["c", "a"] },
      ["c", "a"],
      [],
    ],
  ];
  for (const [name, clusters, query, read, skipped] of cases) {
    it(name, () => {
      const got = clustersToRead(clusters, query);
      assert.deepEqual(
        got.read.map((c) => c.id),
        read,
      );
      assert.deepEqual(got.skipped, skipped);
    });
  }

  it("a cluster ID the project lacks is refused, naming it and the clusters there are", () => {
    assert.throws(
      () => clustersToRead([cluster("a")], { addonName: "coredns", clusterIds: ["a", "zz"] }),
      /clusterIds names cluster\(s\) that the project does not have in this region: zz\. It has name-a \(a\)/,
    );
  });
});

describe("fleet: matchAddons", function () {
  const addon = (over: Partial<AddonInstance>): AddonInstance => ({
    id: "id",
    clusterId: "a",
    name: "coredns",
    alias: "",
    templateName: "coredns",
    status: "running",
    reason: "",
    message: "",
    isRollbackable: true,
    currentVersion: "1.28.6",
    previousVersion: "1.28.4",
    specVersion: "1.28.6",
    ...over,
  });
  const addons = [
    addon({ id: "dns-bad" }),
    addon({ id: "dns-good", currentVersion: "1.28.4", previousVersion: undefined, isRollbackable: false }),
    addon({ id: "dns-abnormal", status: "abnormal" }),
    addon({ id: "log", name: "log-agent", templateName: "log-agent" }),
    addon({ id: "aliased", name: "my-dns", alias: "dns", templateName: "" }),
  ];
  // [case, query, IDs found]
  const cases: [string, Parameters<typeof matchAddons>[2], string[]][] = [
    ["by template name", { addonName: "coredns" }, ["dns-bad", "dns-good", "dns-abnormal"]],
    ["by version", { addonName: "coredns", versions: ["1.28.6"] }, ["dns-bad", "dns-abnormal"]],
    ["by status", { addonName: "coredns", statuses: ["abnormal"] }, ["dns-abnormal"]],
    ["by alias", { addonName: "dns" }, ["aliased"]],
    ["no match", { addonName: "metrics-server" }, []],
  ];
  for (const [name, query, ids] of cases) {
    it(name, () => {
      assert.deepEqual(
        matchAddons(cluster("a"), addons, query).map((a) => a.addonId),
        ids,
      );
    });
  }

  it("says where each one is and what a rollback would do; no previousVersion when there is none", () => {
    const [bad, good] = matchAddons(cluster("a"), addons, { addonName: "coredns" });
    assert.deepEqual(bad, {
      clusterId: "a",
      clusterName: "name-a",
      addonId: "dns-bad",
      addonName: "coredns",
      status: "running",
      currentVersion: "1.28.6",
      previousVersion: "1.28.4",
      isRollbackable: true,
    });
    assert.ok(!("previousVersion" in good!));
    assert.ok(answersTo(addons[4]!, "my-dns") && !answersTo(addons[4]!, "coredns"));
  });
});

describe("fleet: parseFleetArgs", function () {
  it("takes the query, drops empty lists and duplicates, defaults the timeout to 300 s", () => {
    assert.deepEqual(parseFleetArgs({ addonName: " coredns ", versions: ["1.28.6", "1.28.6"], statuses: [] }), {
      query: { addonName: "coredns", versions: ["1.28.6"] },
      region: undefined,
      endpoint: undefined,
      projectId: undefined,
      timeoutSeconds: 300,
    });
  });
  // [args, the error]
  const refused: [Record<string, unknown>, RegExp][] = [
    [{}, /addonName is required/],
    [{ addonName: "coredns", versions: "1.28.6" }, /versions must be a list of non-empty strings/],
    [{ addonName: "coredns", clusterIds: [""] }, /clusterIds must be a list of non-empty strings/],
    [{ addonName: "coredns", region: 4 }, /region must be a string/],
    [{ addonName: "coredns", timeoutSeconds: 0 }, /timeoutSeconds must be a positive number of seconds; got 0/],
  ];
  for (const [args, error] of refused) {
    it(`refuses ${JSON.stringify(args)}, naming the argument`, () => {
      assert.throws(() => parseFleetArgs(args), error);
    });
  }
});
