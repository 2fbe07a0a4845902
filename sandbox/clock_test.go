package sandbox_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/sandbox"
)

func TestJumpTarget(t *testing.T) {
	t.Parallel()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, ny)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		jump sandbox.Jump
		from string
		want string
	}{
		{"09:00 later today", sandbox.NextNine, "2026-11-23 05:38", "2026-11-23 09:00"},
		{"09:00 exactly moves a day", sandbox.NextNine, "2026-11-23 09:00", "2026-11-24 09:00"},
		{"09:00 tomorrow", sandbox.NextNine, "2026-11-23 17:10", "2026-11-24 09:00"},
		{"09:00 across spring forward", sandbox.NextNine, "2026-03-07 22:00", "2026-03-08 09:00"},
		{"Monday from Sunday", sandbox.NextMonday, "2026-11-22 12:00", "2026-11-23 08:00"},
		{"Monday 07:59 is today", sandbox.NextMonday, "2026-11-23 07:59", "2026-11-23 08:00"},
		{"Monday 08:00 is next week", sandbox.NextMonday, "2026-11-23 08:00", "2026-11-30 08:00"},
		{"+1 day", sandbox.OneDay, "2026-11-23 10:15", "2026-11-24 10:15"},
		{"+1 day keeps the wall clock across fall back", sandbox.OneDay, "2026-10-31 10:15", "2026-11-01 10:15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.jump.Target(at(tt.from), ny)
			if err != nil || !got.Equal(at(tt.want)) {
				t.Errorf("%s from %s = %v, %v; want %s", tt.jump, tt.from, got.In(ny), err, tt.want)
			}
		})
	}
}

func TestUnknownJump(t *testing.T) {
	t.Parallel()
	if _, err := sandbox.Jump("next-full-moon").Target(time.Now(), time.UTC); err == nil {
		t.Errorf("an unknown jump gave no error")
	}
}

func TestClockOnlyMovesForward(t *testing.T) {
	t.Parallel()
	real := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c := sandbox.NewClock(func() time.Time { return real }, 0)
	if got, _ := c.AdvanceTo(real.Add(-time.Hour)); !got.Equal(real) || c.Offset() != 0 {
		t.Errorf("advance to the past: now %v, offset %v; want unchanged", got, c.Offset())
	}
	if got, _ := c.AdvanceTo(real.Add(23 * time.Hour)); !got.Equal(real.Add(23*time.Hour)) || c.Offset() != 23*time.Hour {
		t.Errorf("advance 23 h: now %v, offset %v", got, c.Offset())
	}
	real = real.Add(time.Minute) // real time flows; the simulated time with it
	if got := c.Now(); !got.Equal(real.Add(23 * time.Hour)) {
		t.Errorf("a minute later: now %v, want %v", got, real.Add(23*time.Hour))
	}
}

func TestClockKeepsItsOffsetAcrossRestarts(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "clock")
	c, err := sandbox.OpenClock(file)
	if err != nil || c.Offset() != 0 {
		t.Fatalf("new clock: offset %v, %v", c.Offset(), err)
	}
	if _, err := c.AdvanceTo(c.Now().Add(50 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	again, err := sandbox.OpenClock(file)
	if err != nil || again.Offset() < 50*time.Hour-time.Second || again.Offset() > 50*time.Hour {
		t.Errorf("reopened clock: offset %v, %v; want about 50h", again.Offset(), err)
	}
	if err := os.WriteFile(file, []byte("soon"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sandbox.OpenClock(file); err == nil {
		t.Errorf("a corrupt clock file gave no error")
	}
}
