import assert from "node:assert/strict";
import { matchAddonName } from "../../../provider/addon/find";
import type { AddonInstance } from "../../../provider/client/schemas";
import { addonInstance } from "../../support/addon-instance";

function addon(id: string, templateName: string, name = templateName, alias = name): AddonInstance {
  return addonInstance({ id, clusterId: "c1", name, alias, templateName });
}

const COREDNS = addon("id-coredns", "coredns");
const LOG_AGENT = addon("id-log", "log-agent", "log-agent", "logs");
const FLUENT = addon("id-fluent", "fluent-bit", "fluent-bit", "logs");
const RENAMED = addon("id-renamed", "everest", "storage", "csi");
const TWINS = [addon("id-a", "gpu-beta"), addon("id-b", "gpu-beta")];

describe(matchAddonName.name, function () {
  const cases: [string, AddonInstance[], string, string, string[]][] = [
    ["template name", [COREDNS, LOG_AGENT], "coredns", "one", ["id-coredns"]],
    ["metadata.name when no template name matches", [COREDNS, RENAMED], "storage", "one", ["id-renamed"]],
    ["metadata.alias when no template name matches", [COREDNS, RENAMED], "csi", "one", ["id-renamed"]],
    [
      "a template name wins over another add-on's alias",
      [addon("id-x", "x", "x", "coredns"), COREDNS],
      "coredns",
      "one",
      ["id-coredns"],
    ],
    ["an alias shared by two: several", [COREDNS, LOG_AGENT, FLUENT], "logs", "several", ["id-log", "id-fluent"]],
    ["two instances of one template: several", [COREDNS, ...TWINS], "gpu-beta", "several", ["id-a", "id-b"]],
    ["no match: every add-on is a candidate", [COREDNS, LOG_AGENT], "kube-proxy", "none", ["id-coredns", "id-log"]],
    ["an empty cluster: no match, no candidates", [], "coredns", "none", []],
    ["case matters, as in the API", [COREDNS], "CoreDNS", "none", ["id-coredns"]],
  ];
  for (const [name, addons, wanted, kind, ids] of cases) {
    it(`${name}: ${kind}`, function () {
      const match = matchAddonName(addons, wanted);
      assert.equal(match.kind, kind);
      const found = match.kind === "one" ? [match.addon] : match.candidates;
      assert.deepEqual(
        found.map((a) => a.id),
        ids,
      );
    });
  }
});
