// Roll back a Huawei Cloud CCE Autopilot add-on to its previous version, and wait until the rollback has really finished.
package cceautopilot
