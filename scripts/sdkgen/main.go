// Command sdkgen writes the Go, Python and Node.js SDKs of a Pulumi package from its schema, offline, by calling the code
// generators of github.com/pulumi/pulumi/pkg/v3 (the version this module pins) directly.
//
// `pulumi package gen-sdk` cannot do it here: since about v3.100 it asks each language host to generate
// (pkg/cmd/pulumi/packages in github.com/pulumi/pulumi), and the hosts this project can build either lack
// GeneratePackage or are not served by the Go module proxy.
//
// Usage: scripts/setup-toolchain.sh builds it as .toolchain/bin/cce-sdkgen (on PATH after sourcing
// .toolchain/env.sh), so from the repository root
//
//	cce-sdkgen --schema schema.json --out sdk
//
// or, without the toolchain script (the repository root is not a Go module, hence -C and absolute paths; a first
// build compiles the code generators for minutes)
//
//	go -C scripts/sdkgen run . --schema "$PWD/schema.json" --out "$PWD/sdk"
//
// writes <out>/go (a Go module: go.mod, go.sum, and the package under the last element of the schema's
// language.go.importBasePath), <out>/python (setup.py and the Python package) and <out>/nodejs (package.json and
// the TypeScript sources, compiled where npm installs them). The directories are replaced whole, so files an
// earlier run generated and this one does not are removed; nothing else in <out> is touched.
// The same schema gives byte-identical files. go.mod requires github.com/pulumi/pulumi/sdk/v3 at the version of
// the code generators; `go mod tidy` (run unless --go-mod-tidy=false) completes it and writes go.sum, with
// GOFLAGS=-mod=mod, GOTOOLCHAIN=local and GOSUMDB=off unless GOSUMDB_OVERRIDE is set, as
// scripts/setup-toolchain.sh does where only a module proxy is reachable.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodegen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	sdkgencommon "pulumi-cce-addon-rollback/scripts/sdkgen-common"
)

// The generator's name in its messages.
const name = "sdkgen"

// The tool named in the generated files' "do not edit" headers.
const tool = "pulumi-cce-addon-rollback scripts/sdkgen"

const sdkModule = "github.com/pulumi/pulumi/sdk/v3"

func main() {
	var tidy *bool
	sdkgencommon.Main(name, "go/, python/ and nodejs/", func(flags *flag.FlagSet) string {
		tidy = flags.Bool("go-mod-tidy", true, "complete the Go SDK's go.mod and write its go.sum with go mod tidy")
		return " [--go-mod-tidy=false]"
	}, func(spec schema.PackageSpec, out string) error {
		return run(spec, out, *tidy)
	})
}

func run(spec schema.PackageSpec, out string, tidy bool) error {

	goFiles, modulePath, err := generateGo(spec)
	if err != nil {
		return err
	}
	pyFiles, err := generatePython(spec)
	if err != nil {
		return err
	}
	nodeFiles, err := generateNodejs(spec)
	if err != nil {
		return err
	}
	if err := secretConfigGetters(spec, goFiles, pyFiles, nodeFiles); err != nil {
		return err
	}
	goFiles["go.mod"] = []byte(goMod(modulePath))

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	// A fresh directory beside the two it replaces (same file system, so they move by rename).
	tmp, err := os.MkdirTemp(out, ".sdkgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := sdkgencommon.WriteFiles(filepath.Join(tmp, "go"), goFiles); err != nil {
		return err
	}
	if err := sdkgencommon.WriteFiles(filepath.Join(tmp, "python"), pyFiles); err != nil {
		return err
	}
	if err := sdkgencommon.WriteFiles(filepath.Join(tmp, "nodejs"), nodeFiles); err != nil {
		return err
	}
	if tidy {
		if err := goModTidy(filepath.Join(tmp, "go")); err != nil {
			return err
		}
	}
	for _, dir := range []string{"go", "python", "nodejs"} {
		if err := sdkgencommon.ReplaceDir(filepath.Join(tmp, dir), filepath.Join(out, dir), filepath.Join(tmp, "old-"+dir)); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "sdkgen: wrote %d Go files (module %s) to %s, %d Python files to %s and %d Node.js files to %s\n",
		len(goFiles), modulePath, filepath.Join(out, "go"), len(pyFiles), filepath.Join(out, "python"),
		len(nodeFiles), filepath.Join(out, "nodejs"))
	return nil
}

func generateGo(spec schema.PackageSpec) (map[string][]byte, string, error) {
	pkg, err := sdkgencommon.Bind(spec, name)
	if err != nil {
		return nil, "", err
	}
	files, err := gogen.GeneratePackage(tool, pkg, nil)
	if err != nil {
		return nil, "", fmt.Errorf("generating the Go SDK: %w", err)
	}
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	importBase := info.ImportBasePath
	if importBase == "" {
		importBase = gogen.ExtractImportBasePath(pkg.Reference())
	}
	// The files sit under the package's directory (the last element of the import path, or none for a flat
	// package); go.mod goes above it, so the module path is the import path without that directory.
	var pkgDir string
	for name := range files {
		if path.Base(name) == "pulumi-plugin.json" {
			pkgDir = path.Dir(name)
		}
	}
	modulePath := importBase
	if pkgDir != "." && pkgDir != "" {
		if !strings.HasSuffix(importBase, "/"+pkgDir) {
			return nil, "", fmt.Errorf("import path %s does not end with the generated directory %s", importBase, pkgDir)
		}
		modulePath = strings.TrimSuffix(importBase, "/"+pkgDir)
	}
	if info.ModulePath != "" && info.ModulePath != modulePath {
		return nil, "", fmt.Errorf("language.go.modulePath %s does not match the layout (%s)", info.ModulePath, modulePath)
	}
	// A go.mod the generator may have written (schemas with supportPack) is replaced by ours.
	delete(files, "go.mod")
	return files, modulePath, nil
}

func generatePython(spec schema.PackageSpec) (map[string][]byte, error) {
	pkg, err := sdkgencommon.Bind(spec, name)
	if err != nil {
		return nil, err
	}
	files, err := pygen.GeneratePackage(tool, pkg, nil, sdkgencommon.NoLoader{Tool: name})
	if err != nil {
		return nil, fmt.Errorf("generating the Python SDK: %w", err)
	}
	return files, nil
}

// generateNodejs writes the Node.js SDK as a local SDK (localSDK true), the shape `pulumi package add` gives one
// installed from a directory: package.json's main is bin/index.js and a postinstall script compiles the TypeScript
// into bin/ where it is installed, so the committed SDK holds sources only and `npm install <dir>` makes it usable.
// A published SDK (localSDK false) would need a build and a copy of package.json into bin/ before packing.
func generateNodejs(spec schema.PackageSpec) (map[string][]byte, error) {
	pkg, err := sdkgencommon.Bind(spec, name)
	if err != nil {
		return nil, err
	}
	files, err := nodegen.GeneratePackage(tool, pkg, nil, nil, true, sdkgencommon.NoLoader{Tool: name})
	if err != nil {
		return nil, fmt.Errorf("generating the Node.js SDK: %w", err)
	}
	return files, nil
}

// secretConfigGetters makes the config getters of secret settings return them as secrets. Pulumi's Go, Python and
// Node.js code generators write every config getter as a plain string read (`config.Get`, `__config__.get`,
// `__config.get`), even for a variable the schema marks secret, so a program that passes `config.GetSecretKey(ctx)`
// on would store the key in clear in the state. Each such getter becomes a secret read (`config.GetSecret`,
// `__config__.get_secret`, `__config.getSecret`), which returns an Output marked secret. A getter the generators no
// longer write in the expected shape is an error, not a silent skip.
func secretConfigGetters(spec schema.PackageSpec, goFiles, pyFiles, nodeFiles map[string][]byte) error {
	for name, variable := range spec.Config.Variables {
		if !variable.Secret {
			continue
		}
		key := spec.Name + ":" + name
		title := strings.ToUpper(name[:1]) + name[1:]
		goPlain := fmt.Sprintf("func Get%s(ctx *pulumi.Context) string {\n\treturn config.Get(ctx, %q)\n}", title, key)
		goSecret := fmt.Sprintf("func Get%s(ctx *pulumi.Context) pulumi.StringOutput {\n\treturn config.GetSecret(ctx, %q)\n}", title, key)
		if err := replaceOnce(goFiles, "/config/config.go", goPlain, goSecret); err != nil {
			return err
		}
		if err := replacePythonGetter(pyFiles, name); err != nil {
			return err
		}
		nodePlain := fmt.Sprintf("export declare const %[1]s: string | undefined;\n"+
			"Object.defineProperty(exports, %[2]q, {\n    get() {\n        return __config.get(%[2]q);", name, name)
		nodeSecret := fmt.Sprintf("export declare const %[1]s: pulumi.Output<string> | undefined;\n"+
			"Object.defineProperty(exports, %[2]q, {\n    get() {\n        return __config.getSecret(%[2]q);", name, name)
		if err := replaceOnce(nodeFiles, "config/vars.ts", nodePlain, nodeSecret); err != nil {
			return err
		}
	}
	return nil
}

// replaceOnce replaces the one occurrence of old in the file whose name ends with suffix.
func replaceOnce(files map[string][]byte, suffix, old, replacement string) error {
	for name, content := range files {
		if !strings.HasSuffix(name, suffix) {
			continue
		}
		if strings.Count(string(content), old) != 1 {
			return fmt.Errorf("%s: expected one %q to make a secret getter of", name, old)
		}
		files[name] = []byte(strings.Replace(string(content), old, replacement, 1))
		return nil
	}
	return fmt.Errorf("no generated file ends with %s", suffix)
}

// replacePythonGetter turns the property getter of one secret config variable in config/vars.py into a secret read.
func replacePythonGetter(files map[string][]byte, name string) error {
	for file, content := range files {
		if !strings.HasSuffix(file, "/config/vars.py") {
			continue
		}
		text := string(content)
		read := fmt.Sprintf("return __config__.get('%s')", name)
		at := strings.Index(text, read)
		if at < 0 || strings.Count(text, read) != 1 {
			return fmt.Errorf("%s: expected one %q to make a secret getter of", file, read)
		}
		signature := strings.LastIndex(text[:at], ") -> Optional[str]:")
		if signature < 0 {
			return fmt.Errorf("%s: no signature before %q", file, read)
		}
		text = text[:signature] + ") -> Optional[pulumi.Output[str]]:" +
			text[signature+len(") -> Optional[str]:"):at] +
			fmt.Sprintf("return __config__.get_secret('%s')", name) + text[at+len(read):]
		files[file] = []byte(text)
		return nil
	}
	return fmt.Errorf("no generated file ends with /config/vars.py")
}

// goMod is the Go SDK's go.mod before `go mod tidy`: it requires the SDK at the version of the code generators.
func goMod(modulePath string) string {
	return fmt.Sprintf("module %s\n\ngo 1.25\n\nrequire %s %s\n", modulePath, sdkModule, sdkVersion())
}

// sdkVersion is the version of github.com/pulumi/pulumi/sdk/v3 linked into this program, which go.mod pins to the
// same version as pkg/v3.
func sdkVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == sdkModule {
				if dep.Replace != nil {
					return dep.Replace.Version
				}
				return dep.Version
			}
		}
	}
	panic("no " + sdkModule + " in the build information")
}

func goModTidy(dir string) error {
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	sumdb := os.Getenv("GOSUMDB_OVERRIDE")
	if sumdb == "" {
		sumdb = "off"
	}
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOSUMDB="+sumdb, "GOWORK=off")
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go mod tidy in the Go SDK: %w", err)
	}
	return nil
}
