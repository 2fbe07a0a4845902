package slacktest

// TB is the part of testing.TB that New uses; *testing.T and *testing.B
// satisfy it. It keeps package testing out of non-test binaries.
type TB interface {
	Helper()
	Cleanup(func())
	Errorf(format string, args ...any)
}

// New starts a Server for a test: it is closed when the test ends, and every
// violation fails the test through t.Errorf unless an option sets
// Options.Violations.
func New(t TB, opts ...func(*Options)) *Server {
	t.Helper()
	var o Options
	for _, opt := range opts {
		opt(&o)
	}
	if o.Violations == nil {
		o.Violations = func(err error) { t.Errorf("slacktest: %v", err) }
	}
	s := NewServer(o)
	t.Cleanup(s.Close)
	return s
}
