package pgcluster

import (
	"bytes"
	"log/slog"
	"slices"
	"strings"
	"sync"
)

const (
	tailLines   = 20       // lines kept for error messages
	maxLineSize = 64 << 10 // a longer line is logged in pieces
)

// lineLog is an io.Writer for a child's output: it logs each line at debug
// level and keeps the last few for error messages.
type lineLog struct {
	log *slog.Logger

	mu      sync.Mutex
	partial []byte
	tail    []string
}

func newLineLog(log *slog.Logger, name string) *lineLog {
	return &lineLog{log: log.With("process", name)}
}

// Write logs every complete line in p.
func (w *lineLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 && len(w.partial) < maxLineSize {
			return len(p), nil
		}
		if i < 0 {
			i = len(w.partial)
		}
		w.emit(string(w.partial[:i]))
		w.partial = w.partial[min(i+1, len(w.partial)):]
	}
}

func (w *lineLog) emit(line string) {
	line = strings.TrimRight(line, "\r")
	w.log.Debug(line)
	w.tail = append(w.tail, line)
	if len(w.tail) > tailLines {
		w.tail = w.tail[1:]
	}
}

// Tail returns the last lines written, including an unfinished one.
func (w *lineLog) Tail() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	lines := w.tail
	if len(w.partial) > 0 {
		lines = append(slices.Clone(lines), string(w.partial))
	}
	return strings.Join(lines, "\n")
}

// contains reports whether any kept line contains s.
func (w *lineLog) contains(s string) bool {
	return strings.Contains(w.Tail(), s)
}
