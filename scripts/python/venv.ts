/**
 * A new virtual environment laid over another: a .pth file puts the other's packages (the toolchain's: pulumi, the
 * SDK's dependencies, pip, setuptools) on the new one's path. So pip installs into it offline, a package under test
 * sees exactly the dependencies it would get, and the shared environment is never changed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { run } from "../release/run";

const PURELIB = ["-c", "import sysconfig; print(sysconfig.get_path('purelib'))"];

/** Makes the environment at `venv` over `base`'s (a Python executable); returns the new environment's python. */
export async function layeredVirtualEnvironment(base: string, venv: string): Promise<string> {
  const cwd = path.dirname(venv);
  // --without-pip: the base's pip is on the path through the .pth file (and installing pip takes seconds).
  await run(base, ["-m", "venv", "--without-pip", venv], { cwd });
  const python = path.join(venv, "bin", "python");
  const under = fs.realpathSync((await run(base, PURELIB, { cwd })).trim());
  const own = (await run(python, PURELIB, { cwd })).trim();
  fs.writeFileSync(path.join(own, "toolchain.pth"), `${under}\n`);
  return python;
}
