package sandbox

import (
	"fmt"
	"maps"
	"sync"
	"time"
)

// localMessage is something a person wrote, which the fake does not record
// (it records what the bot produces): a message, its text escaped as Slack
// stores it, or the note of a slash command, as typed, that only its author
// sees, as a reminder of what they did.
type localMessage struct {
	Channel, User, TS, ThreadTS, Text string
	Command                           bool
}

// viewErrors are the errors a view_submission ack gave a view, shown until
// the view changes (its hash) or is submitted again.
type viewErrors struct {
	hash   string
	errors map[string]string
}

// localLog is the sandbox's own state, with change notification.
type localLog struct {
	now func() time.Time

	mu      sync.Mutex
	msgs    []localMessage
	lastTS  int64
	errs    map[string]viewErrors
	changed chan struct{}
	seq     int // changes so far
}

func newLocalLog(now func() time.Time) *localLog {
	return &localLog{now: now, errs: map[string]viewErrors{}, changed: make(chan struct{})}
}

// add records m with a fresh ts on the simulated clock and returns it.
func (l *localLog) add(m localMessage) localMessage {
	l.mu.Lock()
	defer l.mu.Unlock()
	micro := l.now().UnixMicro()
	if micro <= l.lastTS {
		micro = l.lastTS + 1
	}
	l.lastTS = micro
	m.TS = fmt.Sprintf("%d.%06d", micro/1e6, micro%1e6)
	l.msgs = append(l.msgs, m)
	l.notifyLocked()
	return m
}

// in returns the messages of channel that user may see.
func (l *localLog) in(channel, user string) []localMessage {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []localMessage
	for _, m := range l.msgs {
		if m.Channel == channel && (!m.Command || m.User == user) {
			out = append(out, m)
		}
	}
	return out
}

// setErrors records the errors of view at hash; nil clears them.
func (l *localLog) setErrors(view, hash string, errs map[string]string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if errs == nil {
		delete(l.errs, view)
	} else {
		l.errs[view] = viewErrors{hash: hash, errors: maps.Clone(errs)}
	}
	l.notifyLocked()
}

// errorsOf returns the errors of view if they were given at hash.
func (l *localLog) errorsOf(view, hash string) map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.errs[view]; ok && e.hash == hash {
		return maps.Clone(e.errors)
	}
	return nil
}

// touch tells the page something changed, such as the clock.
func (l *localLog) touch() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.notifyLocked()
}

// changes returns a channel closed at the next change.
func (l *localLog) changes() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.changed
}

// version counts the changes so far.
func (l *localLog) version() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq
}

func (l *localLog) notifyLocked() {
	l.seq++
	close(l.changed)
	l.changed = make(chan struct{})
}
