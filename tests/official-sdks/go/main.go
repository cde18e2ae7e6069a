// Command cce-official-sdk-go runs Huawei's official Go SDK (github.com/huaweicloud/huaweicloud-sdk-go-v3) against
// a CCE Autopilot endpoint, normally the emulator: show an add-on, list the cluster's add-ons, roll the add-on back,
// show it again, then the two gateway errors (a wrong secret key, a project ID the key's account does not own).
// Every answer is parsed by the SDK into its own models; one JSON line per step goes to stdout with what the SDK
// made of it. tests/integration/official-sdks.test.ts builds this program and asserts on those lines; the steps and
// fields are the same as tests/official-sdks/python/cce_steps.py, so the test checks both SDKs alike.
//
// Credentials come from the environment (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID, the
// variables Huawei's SDKs read), never from arguments, and are never printed. Also: CCE_ENDPOINT, CCE_ADDON_ID,
// CCE_CLUSTER_ID, CCE_WRONG_PROJECT_ID.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	cce "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/cce/v3"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/cce/v3/model"
)

func env(name string) string {
	value := os.Getenv(name)
	if value == "" {
		fmt.Fprintf(os.Stderr, "cce-official-sdk-go: %s is not set\n", name)
		os.Exit(2)
	}
	return value
}

func newClient(ak, sk, projectID string) (*cce.CceClient, error) {
	credentials, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithProjectId(projectID).SafeBuild()
	if err != nil {
		return nil, err
	}
	// One attempt per call: a retry would hide what the emulator answered first.
	httpConfig := config.DefaultHttpConfig().WithRetries(0)
	hc, err := cce.CceClientBuilder().
		WithEndpoints([]string{env("CCE_ENDPOINT")}).
		WithCredential(credentials).
		WithHttpConfig(httpConfig).
		SafeBuild()
	if err != nil {
		return nil, err
	}
	return cce.NewCceClient(hc), nil
}

// addonFields are the values a rollback client reads, taken from the SDK's model structs.
func addonFields(kind string, metadata *model.AddonMetadata, spec *model.InstanceSpec,
	status *model.AddonInstanceStatus) map[string]any {
	out := map[string]any{"kind": kind}
	if metadata != nil {
		out["uid"] = deref(metadata.Uid)
		out["name"] = deref(metadata.Name)
	}
	if spec != nil {
		out["clusterID"] = spec.ClusterID
		out["version"] = spec.Version
		out["specClass"] = typeName(spec)
	}
	if status != nil {
		out["status"] = status.Status.Value()
		out["isRollbackable"] = status.IsRollbackable
		out["previousVersion"] = status.PreviousVersion
		out["statusClass"] = typeName(status)
		if status.CurrentVersion != nil {
			out["currentVersion"] = status.CurrentVersion.Version
		}
	}
	return out
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func typeName(v any) string { return reflect.TypeOf(v).Elem().Name() }

func emit(fields map[string]any) {
	line, err := json.Marshal(fields)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(line))
}

// report prints one step: the model and its values, or the error as the SDK surfaces it.
func report(step string, model any, status int, fields map[string]any, err error) {
	if err != nil {
		out := map[string]any{"step": step, "ok": false, "exception": fmt.Sprintf("%T", err)}
		var service *sdkerr.ServiceResponseError
		if errors.As(err, &service) {
			out["status"] = service.StatusCode
			out["errorCode"] = service.ErrorCode
			out["errorMsg"] = service.ErrorMessage
			out["requestId"] = service.RequestId
		} else {
			out["errorMsg"] = err.Error()
		}
		emit(out)
		return
	}
	out := map[string]any{"step": step, "ok": true, "model": typeName(model), "status": status}
	for k, v := range fields {
		out[k] = v
	}
	emit(out)
}

func main() {
	ak, sk, project := env("HUAWEICLOUD_SDK_AK"), env("HUAWEICLOUD_SDK_SK"), env("HUAWEICLOUD_SDK_PROJECT_ID")
	addonID, clusterID := env("CCE_ADDON_ID"), env("CCE_CLUSTER_ID")
	good, err := newClient(ak, sk, project)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cce-official-sdk-go: building the client: %v\n", err)
		os.Exit(1)
	}

	show := func(step string, client *cce.CceClient, err error) {
		if err != nil {
			report(step, nil, 0, nil, err)
			return
		}
		r, err := client.ShowAutopilotAddonInstance(&model.ShowAutopilotAddonInstanceRequest{Id: addonID, ClusterId: &clusterID})
		if err != nil {
			report(step, nil, 0, nil, err)
			return
		}
		report(step, r, r.HttpStatusCode, map[string]any{
			"addon": addonFields(deref(r.Kind).(string), r.Metadata, r.Spec, r.Status),
		}, nil)
	}

	show("show", good, nil)

	if r, err := good.ListAutopilotAddonInstances(&model.ListAutopilotAddonInstancesRequest{ClusterId: clusterID}); err != nil {
		report("list", nil, 0, nil, err)
	} else {
		items := []map[string]any{}
		itemClass := any(nil)
		if r.Items != nil {
			for i := range *r.Items {
				item := &(*r.Items)[i]
				itemClass = typeName(item)
				items = append(items, addonFields(item.Kind, item.Metadata, item.Spec, item.Status))
			}
		}
		report("list", r, r.HttpStatusCode, map[string]any{"kind": deref(r.Kind), "itemClass": itemClass, "items": items}, nil)
	}

	body := &model.AddonInstanceRollbackRequest{ClusterID: clusterID}
	if r, err := good.RollbackAutopilotAddonInstance(&model.RollbackAutopilotAddonInstanceRequest{Id: addonID, Body: body}); err != nil {
		report("rollback", nil, 0, nil, err)
	} else {
		report("rollback", r, r.HttpStatusCode, map[string]any{
			"addon": addonFields(deref(r.Kind).(string), r.Metadata, r.Spec, r.Status),
		}, nil)
	}

	show("show-after-rollback", good, nil)
	// The secret is changed, not printed: any other value makes the signature wrong.
	wrongKey, err := newClient(ak, sk+"-wrong", project)
	show("wrong-secret-key", wrongKey, err)
	wrongProject, err := newClient(ak, sk, env("CCE_WRONG_PROJECT_ID"))
	show("wrong-project-id", wrongProject, err)
}
