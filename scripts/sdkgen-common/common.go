// Package sdkgencommon is what the project's SDK generators (scripts/sdkgen, scripts/sdkgen-java,
// scripts/sdkgen-dotnet) do alike around Pulumi's code generators: bind the schema with no other package to load,
// and write the generated files in a stable order. Each generator is its own module, pinning the Pulumi version its
// code generator needs; this module requires the oldest of them, so it moves none.
package sdkgencommon

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// Main is a generator's command line: --schema <schema.json> --out <dir>, and the flags more adds (it returns their
// usage text). It reads the schema and calls generate with it; it exits 2 on wrong usage, and 1 with the error,
// prefixed with name, when generate fails. receives says what the generator writes into --out, such as "java/".
func Main(
	name, receives string,
	more func(*flag.FlagSet) string,
	generate func(spec schema.PackageSpec, out string) error,
) {
	// A flag set of its own: the global one also holds the flags of glog, which the code generators link in.
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	schemaPath := flags.String("schema", "", "the package schema (JSON)")
	out := flags.String("out", "", "the directory that receives "+receives)
	usage := ""
	if more != nil {
		usage = more(flags)
	}
	if err := flags.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
	if *schemaPath == "" || *out == "" || flags.NArg() != 0 {
		fmt.Fprintf(os.Stderr, "usage: %s --schema <schema.json> --out <dir>%s\n", name, usage)
		flags.PrintDefaults()
		os.Exit(2)
	}
	err := func() error {
		raw, err := os.ReadFile(*schemaPath)
		if err != nil {
			return err
		}
		var spec schema.PackageSpec
		if err := json.Unmarshal(raw, &spec); err != nil {
			return fmt.Errorf("%s: %w", *schemaPath, err)
		}
		return generate(spec, *out)
	}()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// Bind binds the package schema, refusing any reference to another package (tool names the generator in that
// error), and returns every error diagnostic as one error.
func Bind(spec schema.PackageSpec, tool string) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, NoLoader{tool}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		var msgs []string
		for _, d := range diags {
			msg := d.Summary
			if d.Detail != "" {
				msg += ": " + d.Detail
			}
			msgs = append(msgs, "  "+msg)
		}
		return nil, fmt.Errorf("invalid schema:\n%s", strings.Join(msgs, "\n"))
	}
	return pkg, nil
}

// WriteFiles writes the files in the order of their names, with fixed modes: nothing depends on map order.
func WriteFiles(root string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		clean := path.Clean(name)
		if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
			return fmt.Errorf("generated file name %q leaves its directory", name)
		}
		p := filepath.Join(root, filepath.FromSlash(clean))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceDir puts fresh in place of dst, moving the old dst aside first (to aside, on the same file system, for the
// caller to remove), so that dst is always either the old SDK or the new one.
func ReplaceDir(fresh, dst, aside string) error {
	if err := os.Rename(dst, aside); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.Rename(fresh, dst)
}

// NoLoader refuses every package: a schema that references no other package never asks for one. Tool names the
// generator in the error.
type NoLoader struct{ Tool string }

func (l NoLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(name)
}

func (l NoLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l NoLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(name)
}

func (l NoLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}

func (l NoLoader) refuse(name string) error {
	return fmt.Errorf("the schema references package %q: %s loads no other package", name, l.Tool)
}
