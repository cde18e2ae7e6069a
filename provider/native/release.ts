/**
 * What one release of the plugin is: its version, and where the engine downloads it from on first use (the
 * schema's `pluginDownloadURL`, which the generated SDKs carry). The plugin bundle (scripts/plugin-pack.ts) has
 * both written in at build time, so that it reads no file beside itself; a plugin run from a checkout
 * (bin/pulumi-resource-cce-autopilot over dist/) reads the version from the repository's package.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface Release {
  /** The package's version: the plugin's, the schema's and the SDKs'. */
  version: string;
  /** Where the engine fetches `pulumi-resource-cce-autopilot-v<version>-<os>-<arch>.tar.gz` from. */
  pluginDownloadURL: string;
}

/** The project's GitHub repository: the Go SDK's module path starts with it, its releases hold the plugin. */
export const PROJECT_REPOSITORY = "github.com/pulumi-cce-addon-rollback/pulumi-cce-addon-rollback";

/**
 * The project's release location: the GitHub releases of its repository, in the form the engine reads as "the
 * asset of the release tagged v<version> in this repository" (pulumi/pulumi#8785; sdk/go/common/workspace/plugins.go,
 * `newGithubSource`). A private mirror gives its own when packing (`npm run plugin:pack -- --plugin-download-url
 * <url>`) and generating SDKs, or redirects this one (PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES, see the README).
 */
export const PROJECT_PLUGIN_DOWNLOAD_URL = `github://api.${PROJECT_REPOSITORY}`;

/** Set by the bundler (esbuild's `define`) to the release the bundle was packed as. */
declare const CCE_AUTOPILOT_PLUGIN_RELEASE: Release | undefined;

/** The release this plugin is: the one the bundle was packed as, or the checkout's. */
export function pluginRelease(): Release {
  if (typeof CCE_AUTOPILOT_PLUGIN_RELEASE !== "undefined") return CCE_AUTOPILOT_PLUGIN_RELEASE;
  return checkoutRelease(path.join(__dirname, "..", "..", ".."));
}

/** The release of the repository at `root` (its package.json's version), with the project's download location. */
export function checkoutRelease(root: string, pluginDownloadURL = PROJECT_PLUGIN_DOWNLOAD_URL): Release {
  const file = path.join(root, "package.json");
  const { version } = JSON.parse(fs.readFileSync(file, "utf8")) as { version: string };
  return { version, pluginDownloadURL };
}
