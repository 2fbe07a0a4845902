//go:build !linux

package main_test

import "syscall"

// sysProcAttr puts backbone in a process group of its own, as a shell puts
// a foreground job.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
