package perf

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/store"
)

// AckOptions configures the ack-load scenario.
type AckOptions struct {
	// Rate and Duration are the fixed-rate run's; default 200/s for 30 s.
	Rate     int
	Duration time.Duration
	// StepDuration is each step of the search for the highest rate with
	// p99 under 100 ms; default 5 s. MaxRate ends the search; 0 skips it.
	StepDuration time.Duration
	MaxRate      int
}

// searchRates are the steps of the highest-rate search, per second.
var searchRates = []int{200, 400, 700, 1000, 1400, 2000, 2800, 4000}

// ackCommand is one kind of request of the mix, and how to tell that the
// bot answered it as intended.
type ackCommand struct {
	kind    string
	slash   func(i int) slacktest.Slash
	success func(m slacktest.Message) bool
}

// ackMix is /commit, /report and /shoutout in turn, each by a member of the
// demo coalition where the command is valid, each in its own channel so
// that its answers can be told apart.
var ackMix = []ackCommand{
	{kind: "commit",
		slash: func(i int) slacktest.Slash {
			return slacktest.Slash{UserID: "U0MARIA", ChannelID: "C0PARENTS", Command: "/commit",
				Text: fmt.Sprintf("Call the principals about parent night %d in 2 weeks", i)}
		},
		success: func(m slacktest.Message) bool { return m.InChannel }},
	{kind: "report",
		slash: func(i int) slacktest.Slash {
			return slacktest.Slash{UserID: "U0FATIMA", ChannelID: "C0GENERAL", Command: "/report",
				Text: fmt.Sprintf("parent-workshops %d -- bench %d", 10+i%50, i)}
		},
		success: func(m slacktest.Message) bool {
			return strings.Contains(m.Text, "parent-workshops") || strings.Contains(m.Text, "Parents at")
		}},
	{kind: "shoutout",
		slash: func(i int) slacktest.Slash {
			return slacktest.Slash{UserID: "U0DIANA", ChannelID: "C0YOUTH", Command: "/shoutout",
				Text: fmt.Sprintf("<@U0KEVIN|kevin> Thank you for youth night %d!", i)}
		},
		success: func(m slacktest.Message) bool { return strings.Contains(m.Text, "shout-out is on its way") }},
}

func ackSlash(i int) slacktest.Slash { return ackMix[i%len(ackMix)].slash(i) }

// ackFixture is the demo coalition served by a subprocess.
type ackFixture struct {
	fake *slacktest.Server
	srv  *Serve
	log  *slog.Logger
	// answered counts response_url answers read so far.
	answered int
}

// Ack measures the ack latency of slash commands sent open-loop at a fixed
// rate, then searches for the highest rate with p99 under 100 ms.
func Ack(ctx context.Context, env Env, o AckOptions) error {
	o = o.withDefaults()
	f, stop, err := startAckFixture(ctx, env)
	if err != nil {
		return err
	}
	defer stop()
	if err := f.probe(ctx); err != nil {
		return err
	}
	if err := f.warmUp(ctx, o.Rate); err != nil {
		return err
	}
	res := OpenLoop(ctx, f.srv.HTTP(), o.Rate, o.Duration, ackSlash)
	a, err := f.checkAnswers(ctx, res.Sent, ackAnswerWait)
	if err != nil {
		return err
	}
	r := env.Report
	r.Note("ack", fmt.Sprintf("rate=%d/s", o.Rate), "duration="+o.Duration.String(), fmt.Sprintf("sent=%d", res.Sent),
		"mix=commit,report,shoutout", "warmup="+ackWarmUp.String())
	r.Duration("ack", "p50", res.Latency.P50, nil)
	r.Duration("ack", "p99", res.Latency.P99, Below(20))
	r.Duration("ack", "p99.9", res.Latency.P999, Below(100))
	r.Duration("ack", "max", res.Latency.Max, nil)
	r.Figure("ack", "errors", float64(res.Errors+a.wrong), UnitNone, AtMost(0))
	r.Figure("ack", "unanswered", float64(a.missing), UnitNone, nil)
	r.Duration("ack", "answers_drained", a.drained, nil)
	if o.MaxRate <= 0 {
		return nil
	}
	best, err := f.search(ctx, env, o)
	if err != nil {
		return err
	}
	r.Figure("ack", "max_rate_p99_under_100ms", float64(best), UnitRate, AtLeast(1000))
	return nil
}

func (o AckOptions) withDefaults() AckOptions {
	if o.Rate <= 0 {
		o.Rate = 200
	}
	if o.Duration <= 0 {
		o.Duration = 30 * time.Second
	}
	if o.StepDuration <= 0 {
		o.StepDuration = 5 * time.Second
	}
	return o
}

// ackAnswerWait bounds the wait for a run's answers: the acks are measured,
// but a command whose answer never comes is not a success either.
const ackAnswerWait = 30 * time.Second

// stepAnswerWait is ackAnswerWait for the steps of the search, shorter to keep
// `bench all` within its ten minutes.
const stepAnswerWait = 15 * time.Second

// stepRequests caps the requests of one step of the rate search.
const stepRequests = 4000

// ackWarmUp is sent at the measured rate before each measured run, and not
// measured: it opens the client's connections and the server's database
// pool, so that the figures are of the steady state.
const ackWarmUp = 2 * time.Second

func (f *ackFixture) warmUp(ctx context.Context, rate int) error {
	res := OpenLoop(ctx, f.srv.HTTP(), rate, ackWarmUp, ackSlash)
	if _, err := f.checkAnswers(ctx, res.Sent, ackAnswerWait); err != nil {
		return err
	}
	if res.Errors > 0 {
		return fmt.Errorf("warm-up at %d/s: %d errors", rate, res.Errors)
	}
	return nil
}

// search steps the rate up until p99 reaches 100 ms or a request fails,
// and returns the last rate that passed (0 if none did).
func (f *ackFixture) search(ctx context.Context, env Env, o AckOptions) (int, error) {
	best := 0
	for _, rate := range searchRates {
		if rate > o.MaxRate {
			break
		}
		// At most stepRequests a step, so that a fast step's backlog drains
		// in the wait and the whole search stays within a few minutes.
		d := min(o.StepDuration, time.Duration(float64(stepRequests)/float64(rate)*float64(time.Second))).Round(time.Millisecond)
		res := OpenLoop(ctx, f.srv.HTTP(), rate, d, ackSlash)
		a, err := f.checkAnswers(ctx, res.Sent, stepAnswerWait)
		if err != nil {
			return best, err
		}
		env.Report.Note("ack", fmt.Sprintf("step=%d/s", rate), "duration="+d.String(), fmt.Sprintf("sent=%d", res.Sent),
			"p50="+FormatValue(Millis(res.Latency.P50))+UnitMS, "p99="+FormatValue(Millis(res.Latency.P99))+UnitMS,
			"max="+FormatValue(Millis(res.Latency.Max))+UnitMS, fmt.Sprintf("errors=%d", res.Errors+a.wrong),
			fmt.Sprintf("unanswered=%d", a.missing), "answers_drained="+FormatValue(Millis(a.drained))+UnitMS)
		// A step whose answers lag does not stop the search: the figure is
		// the acks'. The wait above lets most of its backlog drain first.
		if res.Latency.P99 >= 100*time.Millisecond || res.Errors+a.wrong > 0 {
			break
		}
		best = rate
	}
	return best, nil
}

// startAckFixture seeds the sandbox's demo coalition into a new database,
// registers its people and channels in a fake Slack, and starts serve.
func startAckFixture(ctx context.Context, env Env) (*ackFixture, func(), error) {
	now := time.Now()
	fake := slacktest.NewServer(slacktest.Options{TeamID: sandbox.TeamID})
	sandbox.RegisterDemo(fake, now)
	dbURL, drop, err := NewDatabase(ctx, env.ServerURL)
	if err != nil {
		fake.Close()
		return nil, nil, err
	}
	cleanup := func() { drop(); fake.Close() }
	if err := seedDemo(ctx, dbURL, now); err != nil {
		cleanup()
		return nil, nil, err
	}
	srv, err := StartServe(ctx, ServeOptions{Binary: env.Binary, DatabaseURL: dbURL, Slack: fake,
		Env: map[string]string{"COALITION_TZ": "America/New_York"}})
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	f := &ackFixture{fake: fake, srv: srv, log: env.Log}
	return f, func() { _ = srv.Stop(); cleanup() }, nil
}

func seedDemo(ctx context.Context, dbURL string, now time.Time) error {
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := sandbox.SeedDemo(ctx, store.New(db), now); err != nil {
		return fmt.Errorf("seed the demo coalition: %w", err)
	}
	return nil
}

// probe sends each command of the mix once and checks its answer, so that
// a broken seed fails the scenario instead of timing error replies.
func (f *ackFixture) probe(ctx context.Context) error {
	for i := range ackMix {
		rep, err := f.srv.HTTP().SlashCommand(ctx, ackSlash(i))
		if err != nil || rep.Status != 200 {
			return fmt.Errorf("probe %s: status %d: %v", ackMix[i].kind, rep.Status, err)
		}
	}
	_, err := f.checkAnswers(ctx, len(ackMix), 30*time.Second)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	return nil
}

// answers is what became of a run's commands after their acks.
type answers struct {
	// wrong answers are the bot's error text or not what the command does;
	// missing ones did not come within the wait.
	wrong, missing int
	drained        time.Duration
}

// checkAnswers waits up to wait for n more response_url answers and counts
// those missing or not the answer their command expects.
func (f *ackFixture) checkAnswers(ctx context.Context, n int, wait time.Duration) (answers, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	want := f.answered + n
	var got []slacktest.Message
	for {
		got = got[:0]
		for _, m := range f.fake.Messages() {
			if m.ViaResponseURL {
				got = append(got, m)
			}
		}
		if len(got) >= want || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	fresh := got[min(f.answered, len(got)):]
	f.answered = len(got)
	a := answers{missing: max(n-len(fresh), 0), drained: time.Since(start)}
	var wrong []slacktest.Message
	for _, m := range fresh {
		if !ackAnswerOK(m) {
			wrong = append(wrong, m)
		}
	}
	a.wrong = len(wrong)
	if a.wrong+a.missing > 0 {
		f.log.Warn("ack: commands not answered as expected", "missing", a.missing, "wrong", a.wrong,
			"examples", texts(wrong[:min(len(wrong), 3)]))
	}
	if n <= len(ackMix) && a.wrong+a.missing > 0 {
		return a, fmt.Errorf("%d of %d commands not answered as expected; answers: %s", a.wrong+a.missing, n, texts(fresh))
	}
	return a, nil
}

func ackAnswerOK(m slacktest.Message) bool {
	for i, c := range ackMix {
		if m.Channel == ackSlash(i).ChannelID {
			return c.success(m) && !botFailed(m.Text)
		}
	}
	return false
}

func texts(ms []slacktest.Message) string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s: %q", m.Channel, m.Text))
	}
	return strings.Join(out, "; ")
}
