import { TEST_CREDENTIALS } from "../emulator";

/** The environment a pipeline would give the provider to talk to the emulator: AK/SK and project ID as HW_*. */
export const EMULATOR_ENV: Readonly<Record<string, string>> = Object.freeze({
  HW_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
  HW_SECRET_KEY: TEST_CREDENTIALS.secretKey,
  HW_PROJECT_ID: TEST_CREDENTIALS.projectId,
});
