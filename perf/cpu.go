package perf

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux
// for every architecture Go supports.
const clockTicks = 100

// procCPU is the CPU seconds (user + system) a process has used, with
// those of its waited-for children when children is set (a postmaster's
// exited backends).
func procCPU(pid int, children bool) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read cpu of %d: %w", pid, err)
	}
	// The command name, in parentheses, may hold spaces: fields follow it.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	// utime, stime, cutime, cstime are fields 14 to 17 of stat, 12 to 15
	// after the name and state.
	n := 2
	if children {
		n = 4
	}
	total := 0.0
	for _, f := range fields[11 : 11+n] {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return 0, fmt.Errorf("cpu of %d: %w", pid, err)
		}
		total += v
	}
	return total / clockTicks, nil
}

// postgresCPU is the CPU seconds of one PostgreSQL server: its postmaster
// (with the backends that have exited) and every live child. Other
// servers on the machine (other benches' clusters) are not counted.
type postgresCPU struct{ postmaster int }

// findPostmaster asks the server for a backend's PID; its parent is the
// postmaster.
func findPostmaster(ctx context.Context, db *sql.DB) (postgresCPU, error) {
	var backend int
	if err := db.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&backend); err != nil {
		return postgresCPU{}, fmt.Errorf("find postgres: %w", err)
	}
	ppid, err := parentOf(backend)
	if err != nil {
		return postgresCPU{}, err
	}
	return postgresCPU{postmaster: ppid}, nil
}

func parentOf(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read parent of %d: %w", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "PPid:"); ok {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	return 0, fmt.Errorf("no parent of %d", pid)
}

// seconds is the server's CPU seconds so far.
func (p postgresCPU) seconds() (float64, error) {
	total, err := procCPU(p.postmaster, true)
	if err != nil {
		return 0, err
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, fmt.Errorf("list processes: %w", err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid, err := parentOf(pid); err == nil && ppid == p.postmaster {
			if s, err := procCPU(pid, false); err == nil {
				total += s
			}
		}
	}
	return total, nil
}
