package main

import (
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
)

// version and commit are set at link time (-X main.version=… -X
// main.commit=…) by the Makefile and the Dockerfile. A build that sets
// neither, such as `go install …/cmd/backbone@v1.2.3`, reads them from the
// build information Go records.
var version, commit string

// build names the running binary.
type build struct {
	Version, Commit, Go string
}

// String is what `backbone version` prints.
func (b build) String() string {
	return fmt.Sprintf("backbone %s (commit %s, %s)", b.Version, b.Commit, b.Go)
}

// currentBuild describes the running binary.
func currentBuild() build {
	info, _ := debug.ReadBuildInfo()
	return describeBuild(version, commit, info)
}

// pseudoVersion matches a Go pseudo-version, which ends with the commit's
// first 12 hex digits: v0.0.0-20261123131300-0123456789ab.
var pseudoVersion = regexp.MustCompile(`\d{14}-([0-9a-f]{12})(\+incompatible)?$`)

// describeBuild fills what the linker left empty from info: the module's
// version (go install …@version), the VCS revision (a build in a checkout),
// or the commit a pseudo-version names.
func describeBuild(version, commit string, info *debug.BuildInfo) build {
	b := build{Version: version, Commit: commit, Go: runtime.Version()}
	if info != nil {
		if v := info.Main.Version; b.Version == "" && v != "" && v != "(devel)" {
			b.Version = v
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && b.Commit == "" {
				b.Commit = s.Value[:min(12, len(s.Value))]
			}
		}
	}
	if m := pseudoVersion.FindStringSubmatch(b.Version); b.Commit == "" && m != nil {
		b.Commit = m[1]
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}
