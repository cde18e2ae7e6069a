// Command sdkgen-java writes the Java SDK of a Pulumi package from its schema, offline, by calling the Java code
// generator of github.com/pulumi/pulumi-java/pkg (codegen/java.GeneratePackage, the version this module pins)
// directly.
//
// It is a module of its own, not a part of scripts/sdkgen: pulumi-java v1.22.0 is built against
// github.com/pulumi/pulumi/pkg/v3 v3.228.0, and scripts/sdkgen pins v3.260.0 (the CLI's); one module can hold
// only one of them, and pulumi-java's codegen does not compile against the newer schema package.
//
// Usage: scripts/setup-toolchain.sh builds it as .toolchain/bin/cce-sdkgen-java (on PATH after sourcing
// .toolchain/env.sh), so from the repository root
//
//	cce-sdkgen-java --schema schema.json --out sdk
//
// writes <out>/java: the Java sources (src/main/java), the version resource, and a Maven pom.xml. The directory is
// replaced whole; nothing else in <out> is touched. The same schema gives byte-identical files.
//
// Build files: GeneratePackage writes Gradle files or none. Gradle is not on Maven Central as a library a build
// can fetch, and a user of this repository has Maven (the Java language host runs a program's pom.xml with it), so
// the generator asks for none (legacy build files, no "gradle" in the schema), which makes GeneratePackage write
// the version.txt resource that a Gradle build would otherwise write, and adds a pom.xml of its own as an extra
// file: `mvn install` in <out>/java builds the SDK and installs it into the local Maven repository.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	javagen "github.com/pulumi/pulumi-java/pkg/codegen/java"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	sdkgencommon "pulumi-cce-addon-rollback/scripts/sdkgen-common"
)

// The tool named in the generated files' "do not edit" headers.
const tool = "pulumi-cce-addon-rollback scripts/sdkgen-java"

// The generator's name in its messages.
const name = "sdkgen-java"

// The Java SDK (com.pulumi:pulumi on Maven Central) the generated code is compiled against. Maven Central has no
// 1.21 or 1.22 of it (its metadata lists 1.16.0 to 1.20.0, then 1.36.1): 1.20.0 is the newest release not newer
// than the pinned code generator, and the generated SDK compiles against it (mvn install in sdk/java, run by
// tests/e2e/native-lifecycle.test.ts through examples/java).
const pulumiJavaSdkVersion = "1.20.0"

// The Maven coordinates of the SDK: the group is the project's GitHub organisation in Maven Central's naming of
// GitHub-hosted projects, the artifact the package's name.
const groupID = "io.github.pulumi-cce-addon-rollback"

func main() {
	sdkgencommon.Main(name, "java/", nil, run)
}

func run(spec schema.PackageSpec, out string) error {
	pkg, err := sdkgencommon.Bind(spec, name)
	if err != nil {
		return err
	}
	if pkg.Version == nil {
		return errors.New("the schema has no version: the Maven artifact needs one")
	}
	pom, err := pomXML(pkg)
	if err != nil {
		return err
	}
	// local=false, legacyBuildFiles=true: no Gradle files unless the schema asks for them (it does not), and the
	// version.txt resource the SDK reports its version from.
	files, err := javagen.GeneratePackage(tool, pkg, map[string][]byte{"pom.xml": pom}, nil, false, true)
	if err != nil {
		return fmt.Errorf("generating the Java SDK: %w", err)
	}
	if err := secretConfigGetters(spec, files); err != nil {
		return err
	}
	for name := range files {
		if strings.HasSuffix(name, ".gradle") {
			return fmt.Errorf("the generator wrote %s: the schema must not ask for Gradle build files", name)
		}
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(out, ".sdkgen-java-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := sdkgencommon.WriteFiles(filepath.Join(tmp, "java"), files); err != nil {
		return err
	}
	dst := filepath.Join(out, "java")
	if err := os.Rename(dst, filepath.Join(tmp, "old-java")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(filepath.Join(tmp, "java"), dst); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sdkgen-java: wrote %d Java SDK files to %s\n", len(files), dst)
	return nil
}

// pomXML is the SDK's Maven build: the package's coordinates and description, the Pulumi Java SDK it compiles
// against, Java 11 bytecode (the oldest Java com.pulumi:pulumi supports), and a sources jar beside the classes so
// that an IDE shows the generated documentation.
func pomXML(pkg *schema.Package) ([]byte, error) {
	description := strings.TrimSpace(pkg.Description)
	if strings.ContainsAny(description, "<>&") {
		return nil, fmt.Errorf("the package description holds XML markup characters: %q", description)
	}
	pom := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by %s from the package's schema; do not edit by hand. -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>

  <groupId>%s</groupId>
  <artifactId>%s</artifactId>
  <version>%s</version>
  <packaging>jar</packaging>

  <name>%s</name>
  <description>%s</description>
  <url>%s</url>
  <licenses>
    <license>
      <name>%s</name>
    </license>
  </licenses>

  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>11</maven.compiler.release>
  </properties>

  <dependencies>
    <dependency>
      <groupId>com.pulumi</groupId>
      <artifactId>pulumi</artifactId>
      <version>%s</version>
    </dependency>
    <!-- What the generated code uses besides the SDK, at the versions codegen/java's
         PackageInfo.WithDefaultDependencies gives its Gradle builds: Gson (JsonElement) and JSR 305 (Nullable). -->
    <dependency>
      <groupId>com.google.code.gson</groupId>
      <artifactId>gson</artifactId>
      <version>2.8.9</version>
    </dependency>
    <dependency>
      <groupId>com.google.code.findbugs</groupId>
      <artifactId>jsr305</artifactId>
      <version>3.0.2</version>
    </dependency>
  </dependencies>

  <build>
    <plugins>
      <!-- Versions pinned: Maven's defaults change with its own version. -->
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-resources-plugin</artifactId>
        <version>3.3.1</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-jar-plugin</artifactId>
        <version>3.4.2</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-install-plugin</artifactId>
        <version>3.1.3</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.2</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-source-plugin</artifactId>
        <version>3.3.1</version>
        <executions>
          <execution>
            <id>attach-sources</id>
            <goals>
              <goal>jar-no-fork</goal>
            </goals>
          </execution>
        </executions>
      </plugin>
    </plugins>
  </build>
</project>
`, tool, groupID, pkg.Name, pkg.Version.String(), pkg.Name, description, pkg.Repository, pkg.License,
		pulumiJavaSdkVersion)
	return []byte(pom), nil
}

// secretConfigGetters makes the config getters of secret settings return them as secrets, as scripts/sdkgen does
// for Go and Python. pulumi-java's generator writes every getter of Config.java as a plain read
// (`Optional<String>`, and it warns "secret property ... does not have an Output type"), so a program that passed
// `new Config().secretKey()` on would store the key in clear in the state. Each such getter becomes a secret read
// (`Codegen.stringProp(...).secret()`, an `Optional<Output<String>>` marked secret). A getter the generator no
// longer writes in the expected shape is an error, not a silent skip.
func secretConfigGetters(spec schema.PackageSpec, files map[string][]byte) error {
	var configFile string
	for name := range files {
		if strings.HasSuffix(name, "/Config.java") {
			configFile = name
		}
	}
	if configFile == "" {
		return errors.New("no generated Config.java")
	}
	text := string(files[configFile])
	names := make([]string, 0, len(spec.Config.Variables))
	for name, variable := range spec.Config.Variables {
		if variable.Secret {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		plain := fmt.Sprintf("    public Optional<String> %s() {\n        return Codegen.stringProp(%q).config(config).get();", name, name)
		secret := fmt.Sprintf("    public Optional<Output<String>> %s() {\n        return Codegen.stringProp(%q).secret().config(config).get();", name, name)
		if strings.Count(text, plain) != 1 {
			return fmt.Errorf("%s: expected one %q to make a secret getter of", configFile, plain)
		}
		text = strings.Replace(text, plain, secret, 1)
	}
	if len(names) > 0 {
		const anchor = "import com.pulumi.core.internal.Codegen;\n"
		if strings.Count(text, anchor) != 1 {
			return fmt.Errorf("%s: expected one %q to add the Output import after", configFile, anchor)
		}
		text = strings.Replace(text, anchor, "import com.pulumi.core.Output;\n"+anchor, 1)
	}
	files[configFile] = []byte(text)
	return nil
}
