package main_test

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestStaticBuildWritesOnlyUnderItsStateDirectory proves what can be
// proved of the Dockerfile and the systemd unit without a container daemon
// or systemd: the binary built as the Dockerfile builds it (CGO_ENABLED=0,
// -trimpath, stamped) is static, prints its version and commit, starts with
// the embedded database, serves /healthz, stops on SIGTERM, and writes
// nothing outside DATA_DIR: not in its working directory, HOME or TMPDIR.
func TestStaticBuildWritesOnlyUnderItsStateDirectory(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "backbone")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=v9.9.9-static -X main.commit=feedfacecafe", "-o", path, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 build: %v\n%s", err, out)
	}
	checkStatic(t, path)

	root := t.TempDir()
	// As root, the embedded PostgreSQL runs as user postgres, which must
	// reach DATA_DIR (systemd's StateDirectory is reachable so).
	for _, d := range []string{filepath.Dir(root), root} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dirs := map[string]string{}
	for _, d := range []string{"state", "work", "home", "tmp"} {
		dirs[d] = filepath.Join(root, d)
		if err := os.Mkdir(dirs[d], 0o755); err != nil {
			t.Fatal(err)
		}
	}
	v := startBinary(t, path, "backbone version", dirs["work"], map[string]string{"HOME": dirs["home"]}, "version")
	if code := v.wait(stopTimeout); code != 0 || !strings.HasPrefix(v.stdout.String(), "backbone v9.9.9-static (commit feedfacecafe,") {
		t.Errorf("version: exit %d, %q", code, v.stdout.String())
	}
	env := map[string]string{"DATA_DIR": dirs["state"], "HTTP_ADDR": "127.0.0.1:0", "HOME": dirs["home"], "TMPDIR": dirs["tmp"]}
	p := startBinary(t, path, "static backbone serve", dirs["work"], env, "serve")
	p.waitHTTP(p.baseURL()+"/healthz", 200, startTimeout)
	p.stop(syscall.SIGTERM)

	for _, d := range []string{"work", "home", "tmp"} {
		if entries, _ := os.ReadDir(dirs[d]); len(entries) > 0 {
			t.Errorf("wrote %d entries in its %s directory (%s…), outside DATA_DIR", len(entries), d, entries[0].Name())
		}
	}
	if _, err := os.Stat(filepath.Join(dirs["state"], "postgres")); err != nil {
		t.Errorf("the embedded database is not under DATA_DIR: %v", err)
	}
}

// checkStatic wants an executable with no dynamic loader.
func checkStatic(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the CGO_ENABLED=0 build is dynamically linked (program header %v)", p.Type)
		}
	}
}

// The systemd unit and the Dockerfile keep the hardening README promises.
func TestDeployFilesKeepTheirHardening(t *testing.T) {
	t.Parallel()
	for file, wants := range map[string][]string{
		"../../deploy/backbone.service": {"DynamicUser=yes", "ProtectSystem=strict", "StateDirectory=backbone", "NoNewPrivileges=yes",
			"ExecStart=/usr/local/bin/backbone serve", "Environment=DATA_DIR=/var/lib/backbone"},
		"../../Dockerfile": {"CGO_ENABLED=0 go build", "FROM scratch", "USER 65532:65532", "-X main.commit=${COMMIT}"},
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range wants {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s lacks %q", file, want)
			}
		}
	}
}
