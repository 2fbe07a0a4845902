package pgcluster

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"testing"
)

func TestLaunchReportsTakenPort(t *testing.T) {
	t.Parallel()
	other, err := Start(t.Context(), Options{Dir: t.TempDir(), Throwaway: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Stop(context.Background()) })
	plain, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = plain.Close() })
	o, acct, password := initialized(t)

	tests := []struct {
		name string
		port int
	}{
		{"by a plain listener", plain.Addr().(*net.TCPAddr).Port},
		{"by another postgres", other.port},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := launchOnce(t.Context(), o, acct, password, tt.port)
			if !errors.Is(err, errPortInUse) {
				if c != nil {
					_ = c.Stop(context.Background())
				}
				t.Fatalf("launchOnce on a taken port = %v, want errPortInUse", err)
			}
		})
	}
}

// initialized returns a cluster directory initialized but not running.
func initialized(t *testing.T) (Options, *account, string) {
	t.Helper()
	o, err := Options{Dir: t.TempDir(), Throwaway: true}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	acct, err := serverAccount()
	if err != nil {
		t.Fatal(err)
	}
	if err := prepareDir(o.Dir, acct); err != nil {
		t.Fatal(err)
	}
	password, err := initialize(t.Context(), o, acct)
	if err != nil {
		t.Fatal(err)
	}
	if err := clearStalePID(t.Context(), filepath.Join(o.Dir, "pgdata"), o.Log); err != nil {
		t.Fatal(err)
	}
	return o, acct, password
}
