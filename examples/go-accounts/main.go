// Rolls back coredns in two clusters that belong to two accounts, with one explicit cce-autopilot provider per
// account, and reads the production add-on first with GetAddonInstance (read-only; it runs in preview too).
//
// Stack config (the same keys as examples/yaml-accounts):
//
//	incident                          the incident these rollbacks answer, e.g. INC-4211; a new value rolls back again
//	prodClusterId, stagingClusterId   the clusters
//	prodAccessKey, stagingAccessKey   each account's access key
//	prodSecretKey, stagingSecretKey   each account's secret key: set them with --secret (read with RequireSecret,
//	                                  so they stay secret in the state)
//	prodRegion, stagingRegion         default cn-north-4
//	prodEndpoint, stagingEndpoint     optional: derived from the region
//	projectId                         optional: sent as X-Project-Id
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback/sdk/go/cceautopilot"
)

// account declares one provider from the stack config keys that start with prefix ("prod", "staging").
func account(ctx *pulumi.Context, cfg *config.Config, prefix string) (*cceautopilot.Provider, error) {
	region := cfg.Get(prefix + "Region")
	if region == "" {
		region = "cn-north-4"
	}
	args := &cceautopilot.ProviderArgs{
		AccessKey: pulumi.StringPtr(cfg.Require(prefix + "AccessKey")),
		SecretKey: cfg.RequireSecret(prefix + "SecretKey").ToStringOutput().ToStringPtrOutput(),
		Region:    pulumi.StringPtr(region),
	}
	if endpoint := cfg.Get(prefix + "Endpoint"); endpoint != "" {
		args.Endpoint = pulumi.StringPtr(endpoint)
	}
	if projectID := cfg.Get("projectId"); projectID != "" {
		args.ProjectId = pulumi.StringPtr(projectID)
	}
	return cceautopilot.NewProvider(ctx, prefix, args)
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		incident := cfg.Require("incident")
		versions := map[string]pulumi.StringOutput{}
		for _, prefix := range []string{"prod", "staging"} {
			provider, err := account(ctx, cfg, prefix)
			if err != nil {
				return err
			}
			rollback, err := cceautopilot.NewAddonVersionRollback(ctx, prefix+"-coredns-rollback",
				&cceautopilot.AddonVersionRollbackArgs{
					ClusterId: pulumi.String(cfg.Require(prefix + "ClusterId")),
					AddonName: pulumi.String("coredns"),
					Trigger:   pulumi.String(incident),
				}, pulumi.Provider(provider))
			if err != nil {
				return err
			}
			versions[prefix] = rollback.ToVersion
			if prefix == "prod" {
				coredns := cceautopilot.GetAddonInstanceOutput(ctx, cceautopilot.GetAddonInstanceOutputArgs{
					ClusterId: pulumi.String(cfg.Require("prodClusterId")),
					AddonName: pulumi.String("coredns"),
				}, pulumi.Provider(provider))
				ctx.Export("prodCorednsBefore", coredns.CurrentVersion())
			}
		}
		ctx.Export("prodToVersion", versions["prod"])
		ctx.Export("stagingToVersion", versions["staging"])
		return nil
	})
}
