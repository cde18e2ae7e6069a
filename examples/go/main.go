// Rolls back a CCE Autopilot add-on with the cce-autopilot plugin, from a Go program.
//
// Stack config:
//
//	clusterId  the CCE Autopilot cluster ID (required)
//	addonName  the add-on to roll back (default "coredns")
//	trigger    the incident this rollback answers, e.g. INC-4211 (required); a new value rolls back again.
//	           Set with --secret, it stays secret in the state.
//	createTimeout         how long `pulumi up` waits for the rollback, e.g. 20m (customTimeouts.create;
//	                      timeoutSeconds, 1800 s by default, applies too: the smaller wins)
//	acceptPartiallyReady  true to take "available" (only some instances running) at the target for success
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		addonName := cfg.Get("addonName")
		if addonName == "" {
			addonName = "coredns"
		}
		// Secret only if it was set as a secret, so that a plain trigger change shows in the preview.
		trigger := pulumi.String(cfg.Require("trigger")).ToStringOutput()
		if ctx.IsConfigSecret(ctx.Project() + ":trigger") {
			trigger = cfg.RequireSecret("trigger")
		}

		var options []pulumi.ResourceOption
		if createTimeout := cfg.Get("createTimeout"); createTimeout != "" {
			options = append(options, pulumi.Timeouts(&pulumi.CustomTimeouts{Create: createTimeout}))
		}

		rollback, err := cceautopilot.NewAddonVersionRollback(ctx, "addon-rollback", &cceautopilot.AddonVersionRollbackArgs{
			ClusterId:            pulumi.String(cfg.Require("clusterId")),
			AddonName:            pulumi.String(addonName),
			Trigger:              trigger,
			AcceptPartiallyReady: pulumi.Bool(cfg.GetBool("acceptPartiallyReady")),
		}, options...)
		if err != nil {
			return err
		}

		ctx.Export("addonId", rollback.AddonId)
		ctx.Export("fromVersion", rollback.FromVersion)
		ctx.Export("toVersion", rollback.ToVersion)
		ctx.Export("status", rollback.Status)
		ctx.Export("outcome", rollback.Outcome)
		return nil
	})
}
