// Rolls an add-on back wherever it runs the bad version, in waves, with the cce-autopilot plugin.
//
// The canary cluster first; every other cluster once the canary's rollbacks have finished (DependsOn), so that a
// failure in the canary stops the wave: `pulumi up` sends no rollback to the other clusters.
//
// Stack config:
//
//	addonName      the add-on (default "coredns")
//	badVersion     the version to roll back from, e.g. 1.28.6 (required)
//	incident       the incident ID, the rollbacks' trigger (required): a new incident rolls back again
//	canaryCluster  the cluster ID to roll back first (default: the first cluster found)
//
// ListAddonInstances reads the project's clusters (cce-autopilot:projectId and cce-autopilot:region, or
// HW_PROJECT_ID and HW_REGION_NAME). Every request of the plugin shares one budget per account
// (cce-autopilot:maxRequestsPerSecond, default 5), so `pulumi up --parallel 100` stays within the gateway's limit.
package main

import (
	"sort"

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
		badVersion := cfg.Require("badVersion")
		incident := cfg.Require("incident")

		found, err := cceautopilot.ListAddonInstances(ctx, &cceautopilot.ListAddonInstancesArgs{
			AddonName: addonName,
			Versions:  []string{badVersion},
		})
		if err != nil {
			return err
		}
		// Only what the service will roll back now; the others are reported, not attempted.
		var affected []cceautopilot.FoundAddonInstance
		var notRollbackable []string
		for _, a := range found.Instances {
			if a.IsRollbackable {
				affected = append(affected, a)
			} else {
				notRollbackable = append(notRollbackable, a.ClusterName+": "+a.Status)
			}
		}
		canary := cfg.Get("canaryCluster")
		if canary == "" && len(affected) > 0 {
			canary = affected[0].ClusterId
		}

		rollBack := func(inCanary bool, dependsOn []pulumi.Resource) ([]pulumi.Resource, []interface{}, error) {
			var wave []pulumi.Resource
			var clusters []interface{}
			for _, a := range affected {
				if (a.ClusterId == canary) != inCanary {
					continue
				}
				name := a.ClusterName
				if name == "" {
					name = a.ClusterId
				}
				r, err := cceautopilot.NewAddonVersionRollback(ctx, name+"-"+a.AddonName, &cceautopilot.AddonVersionRollbackArgs{
					ClusterId:            pulumi.String(a.ClusterId),
					AddonId:              pulumi.String(a.AddonId),
					Trigger:              pulumi.String(incident),
					ExpectCurrentVersion: pulumi.String(badVersion),
				}, pulumi.DependsOn(dependsOn))
				if err != nil {
					return nil, nil, err
				}
				wave = append(wave, r)
				clusters = append(clusters, r.ClusterId)
			}
			return wave, clusters, nil
		}
		canaryWave, canaryClusters, err := rollBack(true, nil)
		if err != nil {
			return err
		}
		_, restClusters, err := rollBack(false, canaryWave)
		if err != nil {
			return err
		}

		ctx.Export("canaryCluster", pulumi.String(canary))
		ctx.Export("notRollbackable", pulumi.ToStringArray(notRollbackable))
		ctx.Export("skippedClusters", pulumi.ToStringArray(found.SkippedClusters))
		ctx.Export("rolledBack", pulumi.All(append(canaryClusters, restClusters...)...).ApplyT(func(ids []interface{}) []string {
			out := make([]string, 0, len(ids))
			for _, id := range ids {
				out = append(out, id.(string))
			}
			sort.Strings(out)
			return out
		}).(pulumi.StringArrayOutput))
		return nil
	})
}
