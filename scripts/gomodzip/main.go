// Command cce-gomodzip writes a Go module of this repository the way a module proxy serves it once the module's
// version is tagged: <out>/<escaped module path>/@v/{list,<version>.info,<version>.mod,<version>.zip}, a folder
// that GOPROXY=file://<out> serves as it is (`go help goproxy`).
//
//	cce-gomodzip -repo <repository root> -rev <git revision> -subdir sdk/go -version v0.1.0 -out <dir>
//
// The zip holds what `go mod download` would fetch for the tag <subdir>/<version>: the files git archives at the
// revision under subdir, and, when subdir has no LICENSE, the repository root's (cmd/go does the same:
// src/cmd/go/internal/modfetch/coderepo.go, codeRepo.Zip). golang.org/x/mod/zip applies the rules every module zip
// obeys (no vendor/ or nested modules, size limits, names).
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	modzip "golang.org/x/mod/zip"
)

func main() {
	repo := flag.String("repo", ".", "the repository's root")
	rev := flag.String("rev", "HEAD", "the git revision the tag would name")
	subdir := flag.String("subdir", "", "the module's folder in the repository, such as sdk/go")
	version := flag.String("version", "", "the module version, such as v0.1.0")
	out := flag.String("out", "", "the folder to write the proxy layout into")
	at := flag.String("time", "", "the version's time in <version>.info (RFC 3339); the revision's commit time if empty")
	flag.Parse()
	if err := run(*repo, *rev, strings.Trim(*subdir, "/"), *version, *out, *at); err != nil {
		fmt.Fprintf(os.Stderr, "cce-gomodzip: %v\n", err)
		os.Exit(1)
	}
}

func run(repo, rev, subdir, version, out, at string) error {
	if !semver.IsValid(version) || semver.Canonical(version) != version {
		return fmt.Errorf("-version %q is not a canonical semantic version such as v0.1.0", version)
	}
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	files, err := archivedFiles(repo, rev, subdir)
	if err != nil {
		return err
	}
	var goMod []byte
	for _, f := range files {
		if f.name == "go.mod" {
			goMod = f.data
		}
	}
	if goMod == nil {
		return fmt.Errorf("%s has no go.mod at %s", subdir, rev)
	}
	modPath := modfile.ModulePath(goMod)
	if modPath == "" {
		return fmt.Errorf("%s/go.mod names no module", subdir)
	}
	if err := module.Check(modPath, version); err != nil {
		return err
	}
	escaped, err := module.EscapePath(modPath)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	var zipped bytes.Buffer
	zipFiles := make([]modzip.File, len(files))
	for i := range files {
		zipFiles[i] = files[i]
	}
	if err := modzip.Create(&zipped, module.Version{Path: modPath, Version: version}, zipFiles); err != nil {
		return err
	}
	when, err := versionTime(repo, rev, at)
	if err != nil {
		return err
	}
	info, err := json.Marshal(struct {
		Version string
		Time    string
	}{version, when.UTC().Format(time.RFC3339)})
	if err != nil {
		return err
	}
	writes := map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": info,
		version + ".mod":  goMod,
		version + ".zip":  zipped.Bytes(),
	}
	for name, data := range writes {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	fmt.Println(filepath.Join(dir, version+".zip"))
	return nil
}

// file is one file of the module, its path relative to the module's root.
type file struct {
	name string
	data []byte
}

func (f file) Path() string                 { return f.name }
func (f file) Lstat() (os.FileInfo, error)  { return fileInfo(f), nil }
func (f file) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

type fileInfo file

func (i fileInfo) Name() string       { return path.Base(i.name) }
func (i fileInfo) Size() int64        { return int64(len(i.data)) }
func (i fileInfo) Mode() os.FileMode  { return 0o644 }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return false }
func (i fileInfo) Sys() any           { return nil }

// archivedFiles is what `git archive` gives for subdir at rev, as cmd/go reads a tag (with the same settings, so
// line endings are the repository's on every system), plus the root LICENSE when subdir has none.
func archivedFiles(repo, rev, subdir string) ([]file, error) {
	args := []string{"-c", "core.autocrlf=input", "-c", "core.eol=lf", "archive", "--format=zip", rev}
	if subdir != "" {
		args = append(args, subdir)
	}
	archive, err := git(repo, args...)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return nil, err
	}
	prefix := ""
	if subdir != "" {
		prefix = subdir + "/"
	}
	var files []file
	haveLicense := false
	for _, zf := range zr.File {
		name, found := strings.CutPrefix(zf.Name, prefix)
		if !found || name == "" || strings.HasSuffix(name, "/") {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		files = append(files, file{name: name, data: data})
		haveLicense = haveLicense || name == "LICENSE"
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("git has no files under %s at %s", subdir, rev)
	}
	if !haveLicense && subdir != "" {
		if license, err := git(repo, "show", rev+":LICENSE"); err == nil {
			files = append(files, file{name: "LICENSE", data: license})
		}
	}
	return files, nil
}

// versionTime is the time the proxy gives the version: the one asked for, or the revision's commit time, as a
// proxy gives a tag's.
func versionTime(repo, rev, at string) (time.Time, error) {
	if at != "" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return time.Time{}, fmt.Errorf("-time %q is not an RFC 3339 time such as 2026-11-30T12:00:00Z", at)
		}
		return t, nil
	}
	out, err := git(repo, "show", "-s", "--format=%cI", rev)
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, strings.TrimSpace(string(out)))
}

func git(repo string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = repo
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
