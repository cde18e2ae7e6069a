/**
 * The example program of the plugin's resource in each language the schema's code generators render: the schema's
 * description carries them (Pulumi's generators put each SDK's own language into its API docs), and
 * `npm run gen:properties` writes them into docs/_index.md, where the docs test compiles or previews each.
 */

/** The languages of Pulumi's docs, in the order the Registry shows them. */
export const EXAMPLE_LANGUAGES = ["typescript", "python", "go", "csharp", "java", "yaml"] as const;

export type ExampleLanguage = (typeof EXAMPLE_LANGUAGES)[number];

/**
 * Roll back coredns once per incident: the trigger is the incident's ID from stack config. YAML has no SDK to name
 * the plugin's version and download location, so its program names `version`, this release's.
 */
export const rollbackExample = (version: string): Readonly<Record<ExampleLanguage, string>> => ({
  typescript: `import * as pulumi from "@pulumi/pulumi";
import * as cce from "@pulumi-cce-addon-rollback/cce-autopilot";

const config = new pulumi.Config();
const rollback = new cce.AddonVersionRollback(
  "coredns-rollback",
  {
    clusterId: config.require("clusterId"),
    addonName: "coredns",
    trigger: config.requireSecret("incident"), // a new incident ID rolls back again
  },
  { customTimeouts: { create: "30m" } },
);

export const fromVersion = rollback.fromVersion;
export const toVersion = rollback.toVersion;
`,
  python: `import pulumi
import pulumi_cce_autopilot as cce

config = pulumi.Config()
rollback = cce.AddonVersionRollback(
    "coredns-rollback",
    cluster_id=config.require("clusterId"),
    addon_name="coredns",
    trigger=config.require_secret("incident"),  # a new incident ID rolls back again
    opts=pulumi.ResourceOptions(custom_timeouts=pulumi.CustomTimeouts(create="30m")),
)

pulumi.export("fromVersion", rollback.from_version)
pulumi.export("toVersion", rollback.to_version)
`,
  go: `package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		rollback, err := cceautopilot.NewAddonVersionRollback(ctx, "coredns-rollback", &cceautopilot.AddonVersionRollbackArgs{
			ClusterId: pulumi.String(cfg.Require("clusterId")),
			AddonName: pulumi.String("coredns"),
			// RequireSecret: a value set with --secret stays secret in the state.
			Trigger: cfg.RequireSecret("incident"),
		}, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "30m"}))
		if err != nil {
			return err
		}
		ctx.Export("fromVersion", rollback.FromVersion)
		ctx.Export("toVersion", rollback.ToVersion)
		return nil
	})
}
`,
  csharp: `using System;
using System.Collections.Generic;
using Pulumi;
using Pulumi.CceAutopilot;

return await Deployment.RunAsync(() =>
{
    var config = new Config();
    var rollback = new AddonVersionRollback("coredns-rollback", new()
    {
        ClusterId = config.Require("clusterId"),
        AddonName = "coredns",
        // Trigger is any JSON value (Input<object>); a secret read stays secret in the state.
        Trigger = config.RequireSecret("incident").Apply(incident => (object)incident),
    }, new CustomResourceOptions { CustomTimeouts = new CustomTimeouts { Create = TimeSpan.FromMinutes(30) } });

    return new Dictionary<string, object?>
    {
        ["fromVersion"] = rollback.FromVersion,
        ["toVersion"] = rollback.ToVersion,
    };
});
`,
  java: `package myorg;

import com.pulumi.Pulumi;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.CustomTimeouts;
import io.github.pulumicceaddonrollback.cceautopilot.AddonVersionRollback;
import io.github.pulumicceaddonrollback.cceautopilot.AddonVersionRollbackArgs;
import java.time.Duration;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var config = ctx.config();
            var rollback = new AddonVersionRollback("coredns-rollback", AddonVersionRollbackArgs.builder()
                    .clusterId(config.require("clusterId"))
                    .addonName("coredns")
                    // requireSecret: a value set with --secret stays secret in the state.
                    .trigger(config.requireSecret("incident"))
                    .build(),
                    CustomResourceOptions.builder()
                            .customTimeouts(CustomTimeouts.builder().create(Duration.ofMinutes(30)).build())
                            .build());
            ctx.export("fromVersion", rollback.fromVersion());
            ctx.export("toVersion", rollback.toVersion());
        });
    }
}
`,
  yaml: `name: coredns-rollback
runtime: yaml
config:
  clusterId:
    type: string
  incident:
    type: string
resources:
  coredns-rollback:
    type: cce-autopilot:index:AddonVersionRollback
    properties:
      clusterId: \${clusterId}
      addonName: coredns
      trigger: \${incident}
    options:
      customTimeouts:
        create: 30m
      version: ${version} # YAML has no SDK to say where the plugin comes from: name it here
      pluginDownloadURL: github://api.github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback
outputs:
  fromVersion: \${coredns-rollback.fromVersion}
  toVersion: \${coredns-rollback.toVersion}
`,
});

const fenced = (language: ExampleLanguage, code: string) => "```" + language + "\n" + code + "```";

/**
 * A description's examples in the form Pulumi's code generators read (`{{% examples %}}`, one `{{% example %}}`
 * with a fenced block per language), which each SDK's generator filters down to its own language.
 */
export function examplesSection(title: string, examples: Readonly<Record<ExampleLanguage, string>>): string {
  return [
    "{{% examples %}}",
    "## Example Usage",
    "{{% example %}}",
    `### ${title}`,
    "",
    ...EXAMPLE_LANGUAGES.map((language) => fenced(language, examples[language])),
    "{{% /example %}}",
    "{{% /examples %}}",
  ].join("\n");
}

/** The same examples as a Registry page shows them: a language chooser with one block per language. */
export function chooserSection(examples: Readonly<Record<ExampleLanguage, string>>): string {
  const parts = EXAMPLE_LANGUAGES.map(
    (language) =>
      `{{% choosable language ${language} %}}\n\n${fenced(language, examples[language])}\n\n{{% /choosable %}}`,
  );
  return [`{{< chooser language "${EXAMPLE_LANGUAGES.join(",")}" >}}`, ...parts, "{{< /chooser >}}"].join("\n\n");
}

/** The YAML invoke options that say where the plugin comes from, as the resource's example names them. */
const yamlPluginOptions = (version: string) => `      options:
        version: ${version}
        pluginDownloadURL: github://api.github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback`;

/** Read one add-on before deciding: what it runs now, what a rollback would land on, and whether one is accepted. */
export const getAddonInstanceExample = (version: string): Readonly<Record<ExampleLanguage, string>> => ({
  typescript: `import * as pulumi from "@pulumi/pulumi";
import * as cce from "@pulumi-cce-addon-rollback/cce-autopilot";

const config = new pulumi.Config();
const coredns = cce.getAddonInstanceOutput({ clusterId: config.require("clusterId"), addonName: "coredns" });

export const currentVersion = coredns.currentVersion;
export const previousVersion = coredns.previousVersion;
export const canRollBack = coredns.isRollbackable;
`,
  python: `import pulumi
import pulumi_cce_autopilot as cce

config = pulumi.Config()
coredns = cce.get_addon_instance_output(cluster_id=config.require("clusterId"), addon_name="coredns")

pulumi.export("currentVersion", coredns.current_version)
pulumi.export("previousVersion", coredns.previous_version)
pulumi.export("canRollBack", coredns.is_rollbackable)
`,
  go: `package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		coredns := cceautopilot.GetAddonInstanceOutput(ctx, cceautopilot.GetAddonInstanceOutputArgs{
			ClusterId: pulumi.String(cfg.Require("clusterId")),
			AddonName: pulumi.StringPtr("coredns"),
		})
		ctx.Export("currentVersion", coredns.CurrentVersion())
		ctx.Export("previousVersion", coredns.PreviousVersion())
		ctx.Export("canRollBack", coredns.IsRollbackable())
		return nil
	})
}
`,
  csharp: `using System.Collections.Generic;
using Pulumi;
using Pulumi.CceAutopilot;

return await Deployment.RunAsync(() =>
{
    var config = new Config();
    var coredns = GetAddonInstance.Invoke(new GetAddonInstanceInvokeArgs
    {
        ClusterId = config.Require("clusterId"),
        AddonName = "coredns",
    });

    return new Dictionary<string, object?>
    {
        ["currentVersion"] = coredns.Apply(addon => addon.CurrentVersion),
        ["previousVersion"] = coredns.Apply(addon => addon.PreviousVersion),
        ["canRollBack"] = coredns.Apply(addon => addon.IsRollbackable),
    };
});
`,
  java: `package myorg;

import com.pulumi.Pulumi;
import io.github.pulumicceaddonrollback.cceautopilot.CceautopilotFunctions;
import io.github.pulumicceaddonrollback.cceautopilot.inputs.GetAddonInstanceArgs;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var coredns = CceautopilotFunctions.getAddonInstance(GetAddonInstanceArgs.builder()
                    .clusterId(ctx.config().require("clusterId"))
                    .addonName("coredns")
                    .build());
            ctx.export("currentVersion", coredns.applyValue(addon -> addon.currentVersion()));
            ctx.export("previousVersion", coredns.applyValue(addon -> addon.previousVersion().orElse("")));
            ctx.export("canRollBack", coredns.applyValue(addon -> addon.isRollbackable()));
        });
    }
}
`,
  yaml: `name: coredns-now
runtime: yaml
config:
  clusterId:
    type: string
variables:
  coredns:
    fn::invoke:
      function: cce-autopilot:index:getAddonInstance
      arguments:
        clusterId: \${clusterId}
        addonName: coredns
${yamlPluginOptions(version)}
outputs:
  currentVersion: \${coredns.currentVersion}
  previousVersion: \${coredns.previousVersion}
  canRollBack: \${coredns.isRollbackable}
`,
});

/**
 * Find where an incident's version runs, across the project's clusters in the region: the clusters a rollback would
 * be accepted in, and those not looked into. Rolling each one back is a loop over the same result (docs/fleet.md).
 */
export const listAddonInstancesExample = (version: string): Readonly<Record<ExampleLanguage, string>> => ({
  typescript: `import * as cce from "@pulumi-cce-addon-rollback/cce-autopilot";

const found = cce.listAddonInstancesOutput({ addonName: "coredns", versions: ["1.28.6"] });

export const affectedClusters = found.instances.apply((instances) =>
  instances.filter((a) => a.isRollbackable).map((a) => a.clusterId),
);
export const skippedClusters = found.skippedClusters;
`,
  python: `import pulumi
import pulumi_cce_autopilot as cce

found = cce.list_addon_instances_output(addon_name="coredns", versions=["1.28.6"])

pulumi.export(
    "affectedClusters",
    found.instances.apply(lambda instances: [a.cluster_id for a in instances if a.is_rollbackable]),
)
pulumi.export("skippedClusters", found.skipped_clusters)
`,
  go: `package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		found := cceautopilot.ListAddonInstancesOutput(ctx, cceautopilot.ListAddonInstancesOutputArgs{
			AddonName: pulumi.String("coredns"),
			Versions:  pulumi.StringArray{pulumi.String("1.28.6")},
		})
		ctx.Export("affectedClusters", found.Instances().ApplyT(func(instances []cceautopilot.FoundAddonInstance) []string {
			clusters := []string{}
			for _, a := range instances {
				if a.IsRollbackable {
					clusters = append(clusters, a.ClusterId)
				}
			}
			return clusters
		}).(pulumi.StringArrayOutput))
		ctx.Export("skippedClusters", found.SkippedClusters())
		return nil
	})
}
`,
  csharp: `using System.Collections.Generic;
using System.Linq;
using Pulumi;
using Pulumi.CceAutopilot;

return await Deployment.RunAsync(() =>
{
    var found = ListAddonInstances.Invoke(new ListAddonInstancesInvokeArgs
    {
        AddonName = "coredns",
        Versions = { "1.28.6" },
    });

    return new Dictionary<string, object?>
    {
        ["affectedClusters"] = found.Apply(result =>
            result.Instances.Where(a => a.IsRollbackable).Select(a => a.ClusterId).ToList()),
        ["skippedClusters"] = found.Apply(result => result.SkippedClusters),
    };
});
`,
  java: `package myorg;

import com.pulumi.Pulumi;
import io.github.pulumicceaddonrollback.cceautopilot.CceautopilotFunctions;
import io.github.pulumicceaddonrollback.cceautopilot.inputs.ListAddonInstancesArgs;
import java.util.stream.Collectors;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var found = CceautopilotFunctions.listAddonInstances(ListAddonInstancesArgs.builder()
                    .addonName("coredns")
                    .versions("1.28.6")
                    .build());
            ctx.export("affectedClusters", found.applyValue(result -> result.instances().stream()
                    .filter(a -> a.isRollbackable())
                    .map(a -> a.clusterId())
                    .collect(Collectors.toList())));
            ctx.export("skippedClusters", found.applyValue(result -> result.skippedClusters()));
        });
    }
}
`,
  yaml: `name: coredns-fleet
runtime: yaml
variables:
  found:
    fn::invoke:
      function: cce-autopilot:index:listAddonInstances
      arguments:
        addonName: coredns
        versions: ["1.28.6"]
${yamlPluginOptions(version)}
outputs:
  affected: \${found.instances}
  skippedClusters: \${found.skippedClusters}
`,
});

/**
 * The README of a published SDK (npm's and PyPI's page of the package): what it does, where the plugin comes from
 * until a release is on GitHub, the example in the SDK's language, and where the docs are.
 */
export function sdkReadme(language: "typescript" | "python", version: string, repository: string): string {
  const install =
    language === "typescript"
      ? "npm install @pulumi-cce-addon-rollback/cce-autopilot @pulumi/pulumi typescript@~5.9 @types/node"
      : `pip install pulumi_cce_autopilot==${version}`;
  return [
    "# CCE Autopilot add-on rollback for Pulumi",
    "",
    "Roll back a Huawei Cloud CCE Autopilot add-on (coredns, log-agent, ...) to its previous version and wait until " +
      "it really runs there: `pulumi preview` names the versions (`coredns 1.28.6 -> 1.28.4`) and sends nothing, " +
      "`pulumi up` sends one rollback request and waits for its end, a later `up` sends nothing until the trigger " +
      "changes.",
    "",
    "```sh",
    install,
    "```",
    "",
    "The SDK names the plugin (`cce-autopilot`) it needs, and the engine installs it from the project's GitHub " +
      "releases; from a release folder instead: " +
      `\`pulumi plugin install resource cce-autopilot ${version} -f pulumi-resource-cce-autopilot-v${version}-<os>-<arch>.tar.gz\`.`,
    "",
    "## Example",
    "",
    "```" + language,
    rollbackExample(version)[language].trimEnd(),
    "```",
    "",
    `Configuration (credentials, region, project), every input and output, fleets and troubleshooting: ` +
      `https://${repository}/tree/main/docs`,
    "",
  ].join("\n");
}

/**
 * A tsconfig for a Pulumi TypeScript program that is CommonJS (a package.json without `"type": "module"`), good for
 * TypeScript 5.9 and 6 alike. Pulumi's Node.js host gives ts-node `module` and `moduleResolution` nodenext unless
 * the tsconfig says otherwise (@pulumi/pulumi's cmd/run/run.js), so the two must be set together or not at all:
 * `module: commonjs` alone failed under `pulumi preview` (TS5110). Nodenext compiles a CommonJS program to CommonJS.
 * `tsc --init` of TypeScript 6 adds `verbatimModuleSyntax`, under which a CommonJS program's imports and exports
 * are errors (TS1295, TS1287); TypeScript 6 refuses `moduleResolution: node10` (TS5107). The release check and
 * docs/languages.md (through gen:properties) give programs this one.
 */
export const NODEJS_PROGRAM_TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    esModuleInterop: true,
    skipLibCheck: true,
  },
  files: ["index.ts"],
};
