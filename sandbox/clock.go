package sandbox

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Clock is the sandbox's simulated time: real time plus an offset that only
// grows, so time flows as usual and can jump ahead to when something is
// scheduled. It is safe for concurrent use. With a file, the offset survives
// restarts, so the simulated time never goes back.
type Clock struct {
	mu     sync.Mutex
	real   func() time.Time
	offset time.Duration
	file   string
}

// NewClock returns a clock offset from real time (time.Now when nil), kept
// in memory only.
func NewClock(real func() time.Time, offset time.Duration) *Clock {
	if real == nil {
		real = time.Now
	}
	return &Clock{real: real, offset: max(offset, 0)}
}

// OpenClock returns a clock whose offset is kept in file: read now when the
// file exists, written at every advance.
func OpenClock(file string) (*Clock, error) {
	c := NewClock(nil, 0)
	c.file = file
	raw, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the sandbox clock: %w", err)
	}
	secs, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
	if err != nil || secs < 0 {
		return nil, fmt.Errorf("read the sandbox clock: %s should hold a number of seconds; delete it to start from real time", file)
	}
	c.offset = time.Duration(secs) * time.Second
	return c, nil
}

// Now returns the simulated time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.real().Add(c.offset)
}

// Offset returns how far the simulated time is ahead of real time.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// AdvanceTo moves the clock forward to t and returns the new time; a t not
// after now leaves the clock as it is.
func (c *Clock) AdvanceTo(t time.Time) (time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.real().Add(c.offset)
	if !t.After(now) {
		return now, nil
	}
	c.offset += t.Sub(now)
	return t, c.save()
}

// save writes the offset, in whole seconds, to the clock's file; c.mu is held.
func (c *Clock) save() error {
	if c.file == "" {
		return nil
	}
	secs := strconv.FormatInt(int64(c.offset/time.Second), 10)
	if err := os.WriteFile(c.file, []byte(secs+"\n"), 0o600); err != nil {
		return fmt.Errorf("save the sandbox clock: %w", err)
	}
	return nil
}

// Jump is a way to move the clock, as the page's clock panel offers.
type Jump string

// The clock panel's jumps.
const (
	// NextNine is the next 09:00, when reminders go out.
	NextNine Jump = "next-0900"
	// NextMonday is the next Monday 08:00, when the digest goes out.
	NextMonday Jump = "next-monday-0800"
	// OneDay is the same time tomorrow.
	OneDay Jump = "plus-1d"
)

// Target returns when j lands from now, reading wall times in loc.
func (j Jump) Target(now time.Time, loc *time.Location) (time.Time, error) {
	switch j {
	case NextNine:
		return nextAt(now, loc, -1, 9), nil
	case NextMonday:
		return nextAt(now, loc, time.Monday, 8), nil
	case OneDay:
		l := now.In(loc)
		return time.Date(l.Year(), l.Month(), l.Day()+1, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc), nil
	}
	return time.Time{}, fmt.Errorf("unknown clock jump %q: use %s, %s or %s", j, NextNine, NextMonday, OneDay)
}

// nextAt is the first hour:00 in loc strictly after now, on weekday (any day
// when weekday is negative).
func nextAt(now time.Time, loc *time.Location, weekday time.Weekday, hour int) time.Time {
	l := now.In(loc)
	for i := 0; ; i++ {
		t := time.Date(l.Year(), l.Month(), l.Day()+i, hour, 0, 0, 0, loc)
		if t.After(now) && (weekday < 0 || t.Weekday() == weekday) {
			return t
		}
	}
}
