package perf

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/sandbox"
	"github.com/backbone-coalition/backbone/store"
)

// LargeOptions configures the large-coalition scenario.
type LargeOptions struct {
	// Binary is the backbone executable; ServerURL the admin URL of the
	// PostgreSQL server to create the scenario's database on.
	Binary, ServerURL string
	// Size is the generated coalition's size; default large.
	Size string
	// Tries is how many times each command is timed; default 20.
	Tries int
}

// Timing is a command's end-to-end latencies over the tries.
type Timing struct {
	// Name is a figure name: digest_preview, indicators, commitments_mine
	// or report.
	Name   string
	Target time.Duration
	Median time.Duration
	Max    time.Duration
	// Tries is how many tries were timed: fewer than asked for a command
	// slower than slowCommand.
	Tries int
	// Failures counts the tries with no answer, or an error for an answer;
	// LastError says why the last one failed.
	Failures  int
	LastError string
}

// LargeResult is what the scenario measured.
type LargeResult struct {
	Size     string
	SeedTime time.Duration
	Rows     store.BulkResult
	Timings  []Timing
	// PeakRSS is the serve process's peak resident set, in bytes, over the
	// whole run (VmHWM); PeakRSSTarget its target.
	PeakRSS, PeakRSSTarget int64
}

// largeCommand is one timed command of the scenario, sent as user.
type largeCommand struct {
	name, user, command, text string
	target                    time.Duration
	// vary, when set, gives each try its own text (0 is the untimed one).
	vary func(try int) string
}

// Large generates the large coalition into a fresh database, starts
// `backbone serve` on it, and times the weekly digest (/digest preview),
// /indicators, /commitments mine and /report end to end: from the signed
// request to the answer reaching the fake Slack's response_url, which is
// how these commands answer. Each command is tried once untimed first,
// to open the pool's connections; a slow one is then timed fewer times
// (see slowCommand). Failed tries are counted, not fatal.
func Large(ctx context.Context, o LargeOptions) (LargeResult, error) {
	o = o.withDefaults()
	res := LargeResult{Size: o.Size, PeakRSSTarget: 150 << 20}
	dbURL, drop, err := NewDatabase(ctx, o.ServerURL)
	if err != nil {
		return res, err
	}
	defer drop()
	plan, err := sandbox.BulkPlan(o.Size, "T0BENCHLARGE", time.Now())
	if err != nil {
		return res, err
	}
	if res.SeedTime, res.Rows, err = seedLarge(ctx, dbURL, plan); err != nil {
		return res, err
	}
	fake := slacktest.NewServer(slacktest.Options{TeamID: plan.TeamID})
	defer fake.Close()
	srv, err := StartServe(ctx, ServeOptions{Binary: o.Binary, DatabaseURL: dbURL, Slack: fake,
		Env: map[string]string{"COALITION_TZ": plan.Coalition.Timezone}})
	if err != nil {
		return res, err
	}
	defer srv.Stop()
	cmds, err := largeCommands(ctx, dbURL, plan)
	if err != nil {
		return res, err
	}
	for _, c := range cmds {
		fake.AddUser(slacktest.User{ID: c.user, Name: c.user, RealName: c.user, TZ: plan.Coalition.Timezone})
	}
	for _, c := range cmds {
		res.Timings = append(res.Timings, timeCommand(ctx, srv, fake, c, o.Tries))
	}
	res.PeakRSS, err = srv.PeakRSS()
	return res, err
}

func (o LargeOptions) withDefaults() LargeOptions {
	if o.Size == "" {
		o.Size = sandbox.SizeLarge
	}
	if o.Tries <= 0 {
		o.Tries = 20
	}
	return o
}

func seedLarge(ctx context.Context, dbURL string, plan store.BulkPlan) (time.Duration, store.BulkResult, error) {
	db, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		return 0, store.BulkResult{}, fmt.Errorf("open the scenario's database: %w", err)
	}
	defer db.Close()
	start := time.Now()
	rows, err := store.New(db).SeedBulk(ctx, plan)
	return time.Since(start), rows, err
}

// largeCommands are the timed commands: staff read the digest and the
// indicators, the busiest owner lists their commitments, and a partner's
// member reports a value (a new revision each try).
func largeCommands(ctx context.Context, dbURL string, plan store.BulkPlan) ([]largeCommand, error) {
	owner, reporter, key, err := largeActors(ctx, dbURL, plan)
	if err != nil {
		return nil, err
	}
	staff := plan.UserID(1)
	return []largeCommand{
		{name: "digest_preview", user: staff, command: "/digest", text: "preview", target: 150 * time.Millisecond},
		{name: "indicators", user: staff, command: "/indicators", target: 20 * time.Millisecond},
		{name: "commitments_mine", user: owner, command: "/commitments", text: "mine", target: 10 * time.Millisecond},
		{name: "report", user: reporter, command: "/report", target: 10 * time.Millisecond,
			vary: func(try int) string { return fmt.Sprintf("%s %d", key, 40+try) }},
	}, nil
}

// largeActors picks the member with the most open commitments, a partner
// member who reports (member N belongs to partner N), and a count
// indicator.
func largeActors(ctx context.Context, dbURL string, plan store.BulkPlan) (owner, reporter, key string, err error) {
	db, err := sqlx.Open("postgres", dbURL)
	if err != nil {
		return "", "", "", fmt.Errorf("open the scenario's database: %w", err)
	}
	defer db.Close()
	st := store.New(db)
	owner, err = st.BusiestOwner(ctx, plan.TeamID)
	if err != nil {
		return "", "", "", err
	}
	reporter = plan.UserID(plan.Staff + plan.Steering + 1)
	m, err := st.Member(ctx, plan.TeamID, reporter)
	if err != nil || m.PartnerID == nil {
		return "", "", "", errors.Join(err, fmt.Errorf("member %s reports for no partner", reporter))
	}
	inds, err := st.Indicators(ctx, plan.TeamID, store.IndicatorFilter{PartnerID: m.PartnerID})
	if err != nil {
		return "", "", "", err
	}
	i := slices.IndexFunc(inds, func(ind store.Indicator) bool { return ind.Unit == "count" })
	if i < 0 {
		return "", "", "", fmt.Errorf("partner %d reports no count indicator", *m.PartnerID)
	}
	return owner, reporter, inds[i].Key, nil
}

// A command slower than slowCommand on its untimed try is timed slowTries
// times, and one slower than verySlow (or failing) once: enough to tell,
// few enough for `make bench` to end in its 10 minutes.
const (
	slowCommand = 2 * time.Second
	slowTries   = 3
	verySlow    = 10 * time.Second
	// answerWait is how long a try waits for the answer: a little over
	// the minute the bot gives a command before giving up.
	answerWait = 70 * time.Second
)

// timeCommand sends c once untimed, then times it, each try in its own
// channel so that its answer is told apart from the others'. A try that
// fails counts the time until it failed, a lower bound.
func timeCommand(ctx context.Context, srv *Serve, fake *slacktest.Server, c largeCommand, tries int) Timing {
	t := Timing{Name: c.name, Target: c.target}
	first, err := roundTrip(ctx, srv, fake, c, 0)
	switch {
	case err != nil || first > verySlow:
		tries = 1
	case first > slowCommand:
		tries = slowTries
	}
	took := make([]time.Duration, 0, tries)
	for i := 1; i <= tries; i++ {
		d, err := roundTrip(ctx, srv, fake, c, i)
		if err != nil {
			t.Failures, t.LastError = t.Failures+1, err.Error()
		}
		took = append(took, d)
	}
	slices.Sort(took)
	t.Tries, t.Median, t.Max = tries, took[len(took)/2], took[len(took)-1]
	return t
}

// roundTrip sends one command and waits for its answer at the fake; it
// returns the time taken, until the failure if it failed.
func roundTrip(ctx context.Context, srv *Serve, fake *slacktest.Server, c largeCommand, try int) (time.Duration, error) {
	channel := fmt.Sprintf("CBENCH%s%03d", strings.ToUpper(strings.ReplaceAll(c.name, "_", "")), try)
	text := c.text
	if c.vary != nil {
		text = c.vary(try)
	}
	ctx, cancel := context.WithTimeout(ctx, answerWait)
	defer cancel()
	start := time.Now()
	rep, err := srv.HTTP().SlashCommand(ctx, slacktest.Slash{UserID: c.user, ChannelID: channel, Command: c.command, Text: text})
	if err == nil && rep.Status != 200 {
		err = fmt.Errorf("ack status %d: %s", rep.Status, rep.Body)
	}
	if err != nil {
		return time.Since(start), err
	}
	m, err := fake.WaitMessage(ctx, func(m slacktest.Message) bool { return m.Channel == channel && m.ViaResponseURL })
	took := time.Since(start)
	switch {
	case err != nil:
		return took, fmt.Errorf("no answer within %s: %w", answerWait, err)
	case isFailure(m.Text):
		return took, fmt.Errorf("the bot answered %q", m.Text)
	}
	return took, nil
}

// isFailure reports the bot's generic error answer.
func isFailure(text string) bool { return strings.HasPrefix(text, "Something went wrong") }
