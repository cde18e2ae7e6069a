/**
 * The executable the engine runs in an installed plugin: it starts the bundle with the Node.js beside it, never a
 * `node` from PATH, and without NODE_OPTIONS, which belongs to the user's own Node.js programs (a TypeScript
 * project's `--require ts-node/register`, say) and would make the plugin fail or behave differently from machine to
 * machine. The engine passes its address as the only argument and reads the port from the first line of stdout.
 */
import type { PlatformLayout } from "./platforms";

/** Where the bundle's entry is inside the tarball. */
export const ENTRY_IN_PLUGIN = "plugin/main.mjs";

export function launcherText(layout: PlatformLayout): string {
  if (layout.launcher.kind === "cmd") {
    const node = layout.nodeInPlugin.replaceAll("/", "\\");
    const entry = ENTRY_IN_PLUGIN.replaceAll("/", "\\");
    // %~dp0: the folder of this file, with a trailing backslash. CRLF line ends, as cmd.exe expects.
    return [
      "@echo off",
      "rem The cce-autopilot resource plugin: the Node.js in this folder runs the bundled provider.",
      "setlocal",
      'set "NODE_OPTIONS="',
      `"%~dp0${node}" "%~dp0${entry}" %*`,
      "exit /b %ERRORLEVEL%",
      "",
    ].join("\r\n");
  }
  // Shell built-ins only, unless the file is reached through a link: the engine may run the plugin with a PATH that
  // holds neither Node.js nor coreutils.
  return `#!/bin/sh
# The cce-autopilot resource plugin: the Node.js in this folder runs the bundled provider (whatever \`node\` is on
# PATH, if any). Nothing may be printed on stdout: the engine reads the plugin's port from its first line.
set -eu
self="$0"
while [ -L "$self" ]; do
  target="$(readlink "$self")"
  case "$target" in
    /*) self="$target" ;;
    *) self="\${self%/*}/$target" ;;
  esac
done
case "$self" in
  */*) here="\${self%/*}" ;;
  *) here=. ;;
esac
unset NODE_OPTIONS
exec "$here/${layout.nodeInPlugin}" "$here/${ENTRY_IN_PLUGIN}" "$@"
`;
}
