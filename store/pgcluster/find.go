package pgcluster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrNotInstalled reports that no PostgreSQL server binaries were found.
// Its message says how to fix it.
var ErrNotInstalled = errors.New("postgresql server binaries (initdb, postgres) not found: " +
	"install the server (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@16) " +
	"or set DATABASE_URL to an existing server")

// search lists where FindBinDir looks, in order. Tests inject their own.
type search struct {
	pgConfig string   // pg_config command, looked up in path unless absolute
	globs    []string // directory patterns; matches are tried highest version first
	path     string   // a PATH-style list of directories
}

// defaultSearch is the search list used by FindBinDir.
func defaultSearch() search {
	return search{
		pgConfig: "pg_config",
		globs: []string{
			"/usr/lib/postgresql/*/bin",
			"/opt/homebrew/opt/postgresql*/bin",
			"/usr/local/opt/postgresql*/bin",
			"/opt/homebrew/bin",
			"/usr/local/pgsql/bin",
		},
		path: os.Getenv("PATH"),
	}
}

// FindBinDir returns a directory holding both initdb and postgres: the one
// pg_config reports, then the usual Debian, Homebrew and source-install
// locations (newest version first), then PATH. It wraps ErrNotInstalled
// when none has them.
func FindBinDir() (string, error) {
	return findBinDir(defaultSearch())
}

func findBinDir(s search) (string, error) {
	for _, dir := range s.candidates() {
		if hasServer(dir) {
			return dir, nil
		}
	}
	return "", fmt.Errorf("find postgres: %w", ErrNotInstalled)
}

// candidates lists the directories to try, in order.
func (s search) candidates() []string {
	var dirs []string
	if dir := pgConfigBinDir(s.pgConfig, s.path); dir != "" {
		dirs = append(dirs, dir)
	}
	for _, pattern := range s.globs {
		matches, _ := filepath.Glob(pattern) // the only error is a malformed pattern
		slices.SortStableFunc(matches, func(a, b string) int { return compareVersion(b, a) })
		dirs = append(dirs, matches...)
	}
	return append(dirs, filepath.SplitList(s.path)...)
}

// pgConfigBinDir returns what `pg_config --bindir` prints, or "" when
// pg_config is missing or fails.
func pgConfigBinDir(pgConfig, path string) string {
	bin := lookPath(pgConfig, path)
	if bin == "" {
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--bindir").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// lookPath finds an executable named name in the PATH-style list path.
func lookPath(name, path string) string {
	if filepath.IsAbs(name) {
		return executable(name)
	}
	for _, dir := range filepath.SplitList(path) {
		if bin := executable(filepath.Join(dir, name)); bin != "" {
			return bin
		}
	}
	return ""
}

// executable returns file if it is an executable regular file, or "".
func executable(file string) string {
	info, err := os.Stat(file)
	if err != nil || !info.Mode().IsRegular() || info.Mode().Perm()&0o111 == 0 {
		return ""
	}
	return file
}

// hasServer reports whether dir holds both initdb and postgres.
func hasServer(dir string) bool {
	return dir != "" &&
		executable(filepath.Join(dir, "initdb")) != "" &&
		executable(filepath.Join(dir, "postgres")) != ""
}

// compareVersion orders bin directories by the version number in their
// parent's name ("/usr/lib/postgresql/16/bin", "/opt/homebrew/opt/postgresql@15/bin");
// one without a number sorts lowest.
func compareVersion(a, b string) int {
	return cmp.Compare(nameVersion(filepath.Base(filepath.Dir(a))), nameVersion(filepath.Base(filepath.Dir(b))))
}

// nameVersion returns the first number (such as 16 or 9.6) in name, or -1.
func nameVersion(name string) float64 {
	start := strings.IndexAny(name, "0123456789")
	if start < 0 {
		return -1
	}
	end := start
	for end < len(name) && (name[end] == '.' || name[end] >= '0' && name[end] <= '9') {
		end++
	}
	v, err := strconv.ParseFloat(strings.TrimRight(name[start:end], "."), 64)
	if err != nil {
		return -1
	}
	return v
}
