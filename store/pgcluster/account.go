package pgcluster

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// account is the unprivileged user initdb and postgres run as when we are
// root, because both refuse to run as root.
type account struct {
	name     string
	uid, gid uint32
}

// serverAccount returns the account to run the server as: nil when we are
// not root (the server runs as us), else the postgres user or nobody.
func serverAccount() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		if a, err := lookupAccount(name); err == nil {
			return a, nil
		}
	}
	return nil, errors.New("running as root but neither user postgres nor nobody exists to run the server")
}

func lookupAccount(name string) (*account, error) {
	u, err := user.Lookup(name)
	if err != nil {
		return nil, fmt.Errorf("look up user %s: %w", name, err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("parse uid of %s: %w", name, err)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("parse gid of %s: %w", name, err)
	}
	return &account{name: name, uid: uint32(uid), gid: uint32(gid)}, nil
}

// credential returns the process credential for a, or nil for ourselves.
// Supplementary groups are dropped, which is why canSearch only checks gid.
func (a *account) credential() *syscall.Credential {
	if a == nil {
		return nil
	}
	return &syscall.Credential{Uid: a.uid, Gid: a.gid}
}

// chown gives a the file, or does nothing when we run the server ourselves.
func (a *account) chown(path string) error {
	if a == nil {
		return nil
	}
	if err := os.Lchown(path, int(a.uid), int(a.gid)); err != nil {
		return fmt.Errorf("chown to %s: %w", a.name, err)
	}
	return nil
}

// chownTree gives a everything under root whose owner differs.
func (a *account) chownTree(root string) error {
	if a == nil {
		return nil
	}
	return filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if st, ok := statOwner(path); ok && st.Uid == a.uid && st.Gid == a.gid {
			return nil
		}
		return a.chown(path)
	})
}

// ensureReachable makes sure a can walk down to dir. dir itself (ours) and
// its ancestors inside the system temp directory get the search bit for
// others added (search only, not read), which is what t.TempDir and
// os.MkdirTemp need; any other ancestor that blocks a is an error naming it.
func (a *account) ensureReachable(dir string) error {
	if a == nil {
		return nil
	}
	tmp := resolve(os.TempDir())
	for _, d := range ancestors(resolve(dir)) {
		fixable := d == resolve(dir) || strings.HasPrefix(d, tmp+string(filepath.Separator))
		if err := a.ensureSearchable(d, fixable); err != nil {
			return err
		}
	}
	return nil
}

func (a *account) ensureSearchable(d string, fixable bool) error {
	info, err := os.Stat(d)
	if err != nil {
		return fmt.Errorf("check access: %w", err)
	}
	if a.canSearch(info) {
		return nil
	}
	if !fixable {
		return fmt.Errorf("user %s (the server runs as it because we are root) cannot enter %s (mode %#o): "+
			"choose a Dir it can reach, chmod o+x %s, or set DATABASE_URL", a.name, d, uint32(info.Mode().Perm()), d)
	}
	if err := os.Chmod(d, info.Mode().Perm()|0o001); err != nil {
		return fmt.Errorf("let %s enter %s: %w", a.name, d, err)
	}
	return nil
}

// canSearch reports whether a may enter the directory described by info.
func (a *account) canSearch(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return true
	}
	mode := info.Mode().Perm()
	switch {
	case st.Uid == a.uid:
		return mode&0o100 != 0
	case st.Gid == a.gid:
		return mode&0o010 != 0
	}
	return mode&0o001 != 0
}

func statOwner(path string) (*syscall.Stat_t, bool) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	return st, ok
}

// ancestors returns "/", ..., dir: every directory on the way to dir.
func ancestors(dir string) []string {
	var dirs []string
	for d := dir; ; d = filepath.Dir(d) {
		dirs = append([]string{d}, dirs...)
		if filepath.Dir(d) == d {
			return dirs
		}
	}
}

// resolve returns path with symlinks resolved, or path unchanged.
func resolve(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return path
}
