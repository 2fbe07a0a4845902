//go:build !linux

package pgcluster

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// setPdeathsig does nothing: only Linux can tie a child's life to ours.
func setPdeathsig(*syscall.SysProcAttr) {}

// processArgs returns the command line of a live process, or nil.
func processArgs(pid int) []string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ps", "-o", "command=", "-p", strconv.Itoa(pid)).Output()
	if err != nil {
		return nil
	}
	return strings.Fields(string(out))
}

// ramDir returns "": no RAM-backed directory is known here.
func ramDir(uint64) string { return "" }
