// Command sdkgen-dotnet writes the .NET (C#) SDK of a Pulumi package from its schema, offline, by calling the code
// generator of github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3 (the version this module pins) directly.
//
// A module of its own, not part of scripts/sdkgen: Pulumi's .NET code generator left pkg/v3 in v3.229.0 (it now
// lives in the .NET language host's module), and that module builds against pkg/sdk v3.223.0. Put beside
// scripts/sdkgen's pkg v3.260.0, Go's version selection raises it to a sdk/v3 without the packages it imports
// (sdk/v3/go/common/util/maputil), so it does not compile there.
//
// Usage: scripts/setup-toolchain.sh builds it as .toolchain/bin/cce-sdkgen-dotnet (on PATH after sourcing
// .toolchain/env.sh), so from the repository root
//
//	cce-sdkgen-dotnet --schema schema.json --out sdk
//
// writes <out>/dotnet (the .csproj, the C# sources, pulumi-plugin.json and version.txt), replacing the directory
// whole. The same schema gives byte-identical files. Nothing here compiles C#: that needs the .NET SDK.
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"

	dotnetgen "github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3/codegen"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	sdkgencommon "pulumi-cce-addon-rollback/scripts/sdkgen-common"
)

// The tool named in the generated files' "do not edit" headers.
const tool = "pulumi-cce-addon-rollback scripts/sdkgen-dotnet"

// The generator's name in its messages.
const name = "sdkgen-dotnet"

func main() {
	sdkgencommon.Main(name, "dotnet/", nil, run)
}

func run(spec schema.PackageSpec, out string) error {
	pkg, err := sdkgencommon.Bind(spec, name)
	if err != nil {
		return err
	}
	if err := offlineLogo(pkg); err != nil {
		return err
	}
	files, err := dotnetgen.GeneratePackage(tool, pkg, nil, nil)
	if err != nil {
		return fmt.Errorf("generating the .NET SDK: %w", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	// A fresh directory beside the one it replaces (same file system, so it moves by rename).
	tmp, err := os.MkdirTemp(out, ".sdkgen-dotnet-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := sdkgencommon.WriteFiles(filepath.Join(tmp, "dotnet"), files); err != nil {
		return err
	}
	dst := filepath.Join(out, "dotnet")
	if err := sdkgencommon.ReplaceDir(filepath.Join(tmp, "dotnet"), dst, filepath.Join(tmp, "old")); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sdkgen-dotnet: wrote %d .NET files to %s\n", len(files), dst)
	return nil
}

// logoURL stands for the package's logo: the generator's requests for it are answered here, not on the network.
const logoURL = "https://sdkgen-dotnet.invalid/logo.png"

// offlineLogo keeps the generator offline. It downloads the package's logo (the schema's logoUrl, else Pulumi's
// logo from raw.githubusercontent.com) with http.Get to put it in the NuGet package as logo.png. The schema has no
// logo, so it is given one here, a plain square drawn by this program (the same bytes every run), and every other
// request fails.
func offlineLogo(pkg *schema.Package) error {
	if pkg.LogoURL != "" {
		return fmt.Errorf("the schema's logoUrl %s would be downloaded: sdkgen-dotnet fetches nothing", pkg.LogoURL)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.NRGBA{R: 0xc7, G: 0x00, B: 0x0b, A: 0xff})
		}
	}
	var logo bytes.Buffer
	if err := png.Encode(&logo, img); err != nil {
		return err
	}
	pkg.LogoURL = logoURL
	http.DefaultTransport = logoTransport(logo.Bytes())
	return nil
}

type logoTransport []byte

func (t logoTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.String() != logoURL {
		return nil, fmt.Errorf("sdkgen-dotnet fetches nothing: the generator asked for %s", r.URL)
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"image/png"}},
		Body:          io.NopCloser(bytes.NewReader(t)),
		ContentLength: int64(len(t)),
		Request:       r,
	}, nil
}
