"""Runs Huawei's official Python SDK (huaweicloudsdkcce) against a CCE Autopilot endpoint, normally the emulator.

Steps: show an add-on, list the cluster's add-ons, roll the add-on back, show it again, then the two gateway errors:
a wrong secret key and a project ID the key's account does not own. Every answer is parsed by the SDK into its own
models; one JSON line per step goes to stdout with what the SDK made of it (model class and values, or exception
class, status, error code, request id). The test (tests/integration/official-sdks.test.ts) asserts on those lines.

Credentials come from the environment, never from arguments (they would show in `ps`), and are never printed:
  CCE_ENDPOINT                the base URL, e.g. http://127.0.0.1:41234
  HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID   (the variables Huawei's SDKs read)
  CCE_ADDON_ID, CCE_CLUSTER_ID
  CCE_WRONG_PROJECT_ID        a project of some other account
"""

import json
import os
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcce.v3 import (
    AddonInstanceRollbackRequest,
    CceClient,
    ListAutopilotAddonInstancesRequest,
    RollbackAutopilotAddonInstanceRequest,
    ShowAutopilotAddonInstanceRequest,
)


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"cce_steps.py: {name} is not set")
    return value


def client(ak, sk, project_id):
    config = HttpConfig.get_default_config()
    # One attempt per call: a retry would hide what the emulator answered first.
    config.retry_times = 0
    credentials = BasicCredentials(ak, sk, project_id)
    return (
        CceClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoints([env("CCE_ENDPOINT")])
        .build()
    )


def addon_fields(addon):
    """The values a rollback client reads, from the SDK's model objects (attributes, not the raw JSON)."""
    status = addon.status
    current = status.current_version if status is not None else None
    return {
        "kind": addon.kind,
        "uid": addon.metadata.uid,
        "name": addon.metadata.name,
        "clusterID": addon.spec.cluster_id,
        "version": addon.spec.version,
        "status": status.status,
        "isRollbackable": status.is_rollbackable,
        "previousVersion": status.previous_version,
        "currentVersion": current.version if current is not None else None,
        "specClass": type(addon.spec).__name__,
        "statusClass": type(status).__name__,
    }


def emit(step, **fields):
    print(json.dumps({"step": step, **fields}, sort_keys=True), flush=True)


def run(step, call, describe):
    try:
        response = call()
    except exceptions.ServiceResponseException as err:
        # ClientRequestException (4xx) and ServerResponseException (5xx) both carry the gateway's or CCE's answer.
        emit(
            step,
            ok=False,
            exception=type(err).__name__,
            status=err.status_code,
            errorCode=err.error_code,
            errorMsg=err.error_msg,
            requestId=err.request_id,
        )
        return None
    except exceptions.SdkException as err:
        emit(step, ok=False, exception=type(err).__name__, errorMsg=str(err))
        return None
    emit(step, ok=True, model=type(response).__name__, status=response.status_code, **describe(response))
    return response


def main():
    ak, sk, project = env("HUAWEICLOUD_SDK_AK"), env("HUAWEICLOUD_SDK_SK"), env("HUAWEICLOUD_SDK_PROJECT_ID")
    addon_id, cluster_id = env("CCE_ADDON_ID"), env("CCE_CLUSTER_ID")
    good = client(ak, sk, project)

    def show(c):
        return c.show_autopilot_addon_instance(ShowAutopilotAddonInstanceRequest(id=addon_id, cluster_id=cluster_id))

    run("show", lambda: show(good), lambda r: {"addon": addon_fields(r)})
    run(
        "list",
        lambda: good.list_autopilot_addon_instances(ListAutopilotAddonInstancesRequest(cluster_id=cluster_id)),
        lambda r: {
            "kind": r.kind,
            "itemClass": type(r.items[0]).__name__ if r.items else None,
            "items": [addon_fields(item) for item in r.items],
        },
    )
    body = AddonInstanceRollbackRequest(cluster_id=cluster_id)
    run(
        "rollback",
        lambda: good.rollback_autopilot_addon_instance(RollbackAutopilotAddonInstanceRequest(id=addon_id, body=body)),
        lambda r: {"addon": addon_fields(r)},
    )
    run("show-after-rollback", lambda: show(good), lambda r: {"addon": addon_fields(r)})
    # The secret is changed, not printed: any other value makes the signature wrong.
    run("wrong-secret-key", lambda: show(client(ak, sk + "-wrong", project)), lambda r: {"addon": addon_fields(r)})
    wrong_project = env("CCE_WRONG_PROJECT_ID")
    run("wrong-project-id", lambda: show(client(ak, sk, wrong_project)), lambda r: {"addon": addon_fields(r)})


if __name__ == "__main__":
    main()
