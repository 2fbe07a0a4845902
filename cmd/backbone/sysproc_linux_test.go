package main_test

import "syscall"

// sysProcAttr puts backbone in a process group of its own, as a shell puts
// a foreground job, and has the kernel kill it if the test process dies
// (a test timeout skips cleanups); its embedded PostgreSQL then dies too.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
