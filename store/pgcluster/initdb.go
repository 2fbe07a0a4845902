package pgcluster

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// initialize creates the data directory and the password on the first run
// and returns the password. initdb writes to a scratch directory renamed
// into place on success, so an interrupted run never leaves a half-made one.
func initialize(ctx context.Context, o Options, acct *account) (string, error) {
	pgdata := filepath.Join(o.Dir, "pgdata")
	if _, err := os.Stat(pgdata); err == nil {
		if err := acct.chownTree(pgdata); err != nil {
			return "", fmt.Errorf("hand data directory to server user: %w", err)
		}
		return readPassword(o.Dir)
	}
	password := rand.Text()
	scratch := pgdata + ".init"
	if err := os.RemoveAll(scratch); err != nil {
		return "", fmt.Errorf("remove interrupted initdb: %w", err)
	}
	if err := runInitdb(ctx, o, acct, scratch, password); err != nil {
		return "", err
	}
	if err := writeFileAtomic(filepath.Join(o.Dir, "password"), password+"\n", nil); err != nil {
		return "", err
	}
	if err := os.Rename(scratch, pgdata); err != nil {
		return "", fmt.Errorf("move data directory into place: %w", err)
	}
	return password, nil
}

// runInitdb creates a cluster in pgdata whose superuser has password.
func runInitdb(ctx context.Context, o Options, acct *account, pgdata, password string) error {
	if err := os.Mkdir(pgdata, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	if err := acct.chown(pgdata); err != nil {
		return err
	}
	pwfile := filepath.Join(o.Dir, "initdb-pwfile")
	if err := writeFileAtomic(pwfile, password+"\n", acct); err != nil {
		return err
	}
	defer os.Remove(pwfile)

	args := []string{"-D", pgdata, "-U", superuser, "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C"}
	if o.Throwaway {
		args = append(args, "--no-sync")
	}
	out := newLineLog(o.Log, "initdb")
	cmd := exec.CommandContext(ctx, filepath.Join(o.BinDir, "initdb"), args...)
	configure(cmd, acct, out)
	// initdb runs postgres itself: on cancel, kill its whole process group.
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out.Tail())
	}
	o.Log.Info("postgres data directory created", "dir", o.Dir, "duration_ms", time.Since(start).Milliseconds())
	return nil
}

// configure sets what initdb and postgres share: the user they run as, a
// process group of their own (so a terminal's ^C reaches us, not them),
// death with our process, a C locale, and output into the log.
func configure(cmd *exec.Cmd, acct *account, out *lineLog) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: acct.credential()}
	setPdeathsig(cmd.SysProcAttr)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 5 * time.Second
}

// readPassword reads the password saved by initialize.
func readPassword(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "password"))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("password file missing from %s: remove the directory to start over", dir)
	}
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// writeFileAtomic writes a mode 0600 file, owned by acct, via a rename.
func writeFileAtomic(path, content string, acct *account) error {
	tmp := path + ".tmp"
	_ = os.Remove(tmp) // a leftover would keep its old mode
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := acct.chown(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}
