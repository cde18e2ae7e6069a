/**
 * The credential chain: stack config first, then each family of environment variables (Huawei's Terraform
 * provider's `HW_*`, the SDKs' `HUAWEICLOUD_SDK_*`, then the API Explorer samples' `CLOUD_SDK_*`); the first place that gives an access key pair, or a
 * token, wins, and a half-given pair or a lone security token is an error rather than a reason to look further.
 * Also the one list of values that redaction removes from every text.
 */
import { ConnectionConfigError } from "./errors";
import type { ConfigLookup, FrontDoor } from "./front-doors";
import { CREDENTIAL_SETTINGS, ENV_FAMILIES, SETTINGS, envNames } from "./settings";
import { nonEmpty } from "./values";

/** How requests authenticate. @public */
export type Auth =
  { kind: "aksk"; accessKey: string; secretKey: string; securityToken?: string } | { kind: "token"; token: string };

type CredentialName = (typeof CREDENTIAL_SETTINGS)[number];

/** One place credentials may come from: the values it holds and what each is called there. */
interface CredentialLayer {
  source: string;
  values: Partial<Record<CredentialName, string>>;
  names: Partial<Record<CredentialName, string>>;
}

/** The credential sources, in the order they are tried. */
function credentialLayers(
  config: ConfigLookup,
  env: Record<string, string | undefined>,
  door: FrontDoor,
): CredentialLayer[] {
  const fromConfig: CredentialLayer = { source: "stack config", values: {}, names: {} };
  for (const name of CREDENTIAL_SETTINGS) {
    fromConfig.names[name] = door.key(name);
    const value = door.read(config, name);
    if (value !== undefined) fromConfig.values[name] = value;
  }
  const fromEnv = ENV_FAMILIES.map((family): CredentialLayer => {
    const layer: CredentialLayer = { source: family.source, values: {}, names: {} };
    for (const name of CREDENTIAL_SETTINGS) {
      const variable = (SETTINGS[name].env as Partial<Record<string, string>>)[family.id];
      if (variable === undefined) continue;
      layer.names[name] = variable;
      const value = nonEmpty(env[variable]);
      if (value !== undefined) layer.values[name] = value;
    }
    return layer;
  });
  return [fromConfig, ...fromEnv];
}

/** Every way to give credentials, for the message of an error about them. */
function credentialHelp(door: FrontDoor): string {
  const environment = ENV_FAMILIES.flatMap((family) => {
    const variable = (name: CredentialName) => (SETTINGS[name].env as Partial<Record<string, string>>)[family.id];
    const [ak, sk, st] = [variable("accessKey"), variable("secretKey"), variable("securityToken")];
    if (ak === undefined || sk === undefined) return [];
    return [`  - environment: ${ak} and ${sk}${st ? ` (and ${st} for temporary credentials)` : ""}`];
  });
  return [
    "Provide Huawei Cloud credentials in one of these ways:",
    `  - stack config: ${door.setCommand("accessKey", "<AK>")} && ${door.setCommand("secretKey", "<SK>", { secret: true })}`,
    `    (temporary credentials: also ${door.setCommand("securityToken", "<token>", { secret: true })})`,
    `  - stack config: ${door.setCommand("token", "<IAM token>", { secret: true })}`,
    ...environment,
    `  - environment: ${envNames("token").join(" or ")} with an IAM token`,
  ].join("\n");
}

/**
 * The credentials to sign with, and where they came from (the setting names, never the values).
 * @throws ConnectionConfigError when none are found (`missing`), or a layer holds half a pair or a lone token
 */
export function resolveAuth(
  config: ConfigLookup,
  env: Record<string, string | undefined>,
  door: FrontDoor,
): { auth: Auth; source: string } {
  for (const { source, values, names } of credentialLayers(config, env, door)) {
    const { accessKey, secretKey, securityToken, token } = values;
    if (accessKey && secretKey) {
      const auth: Auth = { kind: "aksk", accessKey, secretKey };
      if (securityToken) auth.securityToken = securityToken;
      return { auth, source: `${source}: ${names.accessKey}/${names.secretKey}` };
    }
    if (accessKey || secretKey) {
      const missing = accessKey ? names.secretKey : names.accessKey;
      const present = accessKey ? names.accessKey : names.secretKey;
      throw new ConnectionConfigError(
        `${present} is set but ${missing} is not: give both.\n${credentialHelp(door)}`,
        "credentials",
      );
    }
    if (securityToken) {
      // A security token only works with the temporary AK/SK it was issued with; on its own it is a mistake
      // (often an expired session's leftover), not a way to authenticate.
      throw new ConnectionConfigError(
        `${names.securityToken} is set but ${names.accessKey} and ${names.secretKey} are not: ` +
          `a security token is used only together with the temporary AK/SK it was issued with. Set all three in ` +
          `${source}, or unset ${names.securityToken}.\n${credentialHelp(door)}`,
        "credentials",
      );
    }
    if (token) return { auth: { kind: "token", token }, source: `${source}: ${names.token}` };
  }
  throw new ConnectionConfigError(`No Huawei Cloud credentials found.\n${credentialHelp(door)}`, "credentials", true);
}

/** Every credential value that stack config and the environment hold, whichever one is used. */
export function credentialValues(
  config: ConfigLookup,
  env: Record<string, string | undefined>,
  door: FrontDoor,
): string[] {
  return credentialLayers(config, env, door).flatMap((layer) => Object.values(layer.values));
}
