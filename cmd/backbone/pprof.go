package main

import (
	"net/http"
	"net/http/pprof"
	"runtime"
)

// pprofRates are the sampling rates of the block and mutex profiles while
// PPROF is on: one event per 10 µs blocked, one contention in 5. Off, Go
// records neither.
const (
	pprofBlockRate     = 10_000
	pprofMutexFraction = 5
)

// servePprof mounts Go's profiles on mux (the METRICS_ADDR listener, never
// the public one) and turns on block and mutex sampling.
func servePprof(mux *http.ServeMux) {
	runtime.SetBlockProfileRate(pprofBlockRate)
	runtime.SetMutexProfileFraction(pprofMutexFraction)
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
}
