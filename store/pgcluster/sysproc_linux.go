//go:build linux

package pgcluster

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// setPdeathsig has the kernel send SIGQUIT (immediate shutdown) to the child
// when the thread that started it exits; spawn keeps that thread alive for
// as long as the child, so in effect when our process dies, even by SIGKILL.
func setPdeathsig(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGQUIT
}

// processArgs returns the command line of a live process, or nil when there
// is none (zombies have an empty one).
func processArgs(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil || len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}

// ramDir returns /dev/shm when it has at least minFree bytes free, else "".
func ramDir(minFree uint64) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs("/dev/shm", &st); err != nil || st.Bavail*uint64(st.Bsize) < minFree {
		return ""
	}
	return "/dev/shm"
}
