package pgcluster

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindBinDirNotInstalled(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	s := search{pgConfig: "pg_config", globs: []string{filepath.Join(empty, "*", "bin")}, path: empty}

	_, err := findBinDir(s)

	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("err = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{"apt-get install postgresql", "brew install postgresql@16", "DATABASE_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestFindBinDirOrder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, v := range []string{"9.6", "16", "15"} {
		fakeServer(t, filepath.Join(root, "lib", v, "bin"))
	}
	fakeServer(t, filepath.Join(root, "path"))
	fromConfig := filepath.Join(root, "config")
	fakeServer(t, fromConfig)
	writeExec(t, filepath.Join(root, "tools", "pg_config"), "#!/bin/sh\necho "+fromConfig+"\n")
	glob := filepath.Join(root, "lib", "*", "bin")

	tests := []struct {
		name string
		s    search
		want string
	}{
		{"pg_config first", search{pgConfig: "pg_config", globs: []string{glob}, path: filepath.Join(root, "tools")}, fromConfig},
		{"highest version", search{pgConfig: "pg_config", globs: []string{glob}, path: filepath.Join(root, "path")}, filepath.Join(root, "lib", "16", "bin")},
		{"PATH last", search{pgConfig: "pg_config", path: filepath.Join(root, "path")}, filepath.Join(root, "path")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := findBinDir(tt.s)
			if err != nil || got != tt.want {
				t.Errorf("findBinDir = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// fakeServer puts executable initdb and postgres stubs in dir.
func fakeServer(t *testing.T, dir string) {
	t.Helper()
	writeExec(t, filepath.Join(dir, "initdb"), "#!/bin/sh\n")
	writeExec(t, filepath.Join(dir, "postgres"), "#!/bin/sh\n")
}

func writeExec(t *testing.T, file, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}
