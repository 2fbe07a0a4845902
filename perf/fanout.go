package perf

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// FanoutOptions configures the fan-out scenario.
type FanoutOptions struct {
	// Commitments open commitments spread over Owners people, all due
	// within reminder_lead_days; default 10,000 over 2,000.
	Commitments, Owners int
	// Limit is the fake Slack's workspace-wide chat.postMessage limit and
	// ChannelLimit its per-channel one, per second; default 20 and 1.
	Limit, ChannelLimit int
	// Env is passed to the serve process, such as the send-rate setting.
	Env map[string]string
}

const (
	fanoutTeam  = "T0FANOUT"
	fanoutStaff = "U0FANSTAFF"
)

func (o FanoutOptions) withDefaults() FanoutOptions {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Commitments, 10000)
	def(&o.Owners, 2000)
	def(&o.Limit, 20)
	def(&o.ChannelLimit, 1)
	return o
}

func fanoutOwner(i int) string { return fmt.Sprintf("U0FAN%05d", i) }

// Fanout queues one reminders run for Owners people (one DM each) through
// `/backbone job run reminders` on the serve process, against a fake Slack
// that rate-limits chat.postMessage, and measures how close delivery comes
// to the limit: wall time from the command to the last DM, divided by
// messages ÷ limit.
func Fanout(ctx context.Context, env Env, o FanoutOptions) error {
	o = o.withDefaults()
	fake := slacktest.NewServer(slacktest.Options{TeamID: fanoutTeam})
	defer fake.Close()
	dbURL, drop, err := NewDatabase(ctx, env.ServerURL)
	if err != nil {
		return err
	}
	defer drop()
	seedStart := time.Now()
	if err := seedFanout(ctx, dbURL, fake, o); err != nil {
		return err
	}
	env.Log.Info("fanout: seeded", "commitments", o.Commitments, "owners", o.Owners, "took", time.Since(seedStart).Round(time.Millisecond))
	serveEnv := map[string]string{"BACKBONE_ADMINS": fanoutStaff,
		// The bot is told the limit the fake enforces, as an operator would.
		"SLACK_MAX_SENDS_PER_SECOND": fmt.Sprint(o.Limit)}
	for k, v := range o.Env {
		serveEnv[k] = v
	}
	srv, err := StartServe(ctx, ServeOptions{Binary: env.Binary, DatabaseURL: dbURL, Slack: fake, Env: serveEnv})
	if err != nil {
		return err
	}
	defer srv.Stop()
	fake.SetRateLimit(o.Limit, o.ChannelLimit)
	res, err := runFanout(ctx, srv, fake, o)
	if err != nil {
		return fmt.Errorf("%w; serve's log:\n%s", err, srv.LogTail(10))
	}
	ideal := time.Duration(float64(res.dms) / float64(o.Limit) * float64(time.Second))
	r := env.Report
	r.Note("fanout", fmt.Sprintf("commitments=%d", o.Commitments), fmt.Sprintf("owners=%d", o.Owners),
		fmt.Sprintf("limit=%d/s", o.Limit), fmt.Sprintf("channel_limit=%d/s", o.ChannelLimit))
	r.Duration("fanout", "queue", res.queued, Below(300))
	r.Duration("fanout", "wall", res.wall, nil)
	r.Duration("fanout", "ideal", ideal, nil)
	r.Figure("fanout", "ratio", float64(res.wall)/float64(ideal), UnitNone, AtMost(1.10))
	r.Figure("fanout", "messages", float64(res.dms), UnitNone, AtLeast(float64(o.Owners)))
	r.Figure("fanout", "429s", float64(res.limited), UnitNone, nil)
	r.Figure("fanout", "duplicates", float64(res.duplicates), UnitNone, AtMost(0))
	return nil
}

// fanoutResult is what one run measured.
type fanoutResult struct {
	queued, wall         time.Duration
	dms, duplicates      int
	limited, otherErrors int
}

// runFanout sends the command, waits for every owner's DM, and counts.
func runFanout(ctx context.Context, srv *Serve, fake *slacktest.Server, o FanoutOptions) (fanoutResult, error) {
	var res fanoutResult
	budget := time.Duration(3*float64(o.Owners)/float64(o.Limit)*float64(time.Second)) + 30*time.Second
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	start := time.Now()
	rep, err := srv.HTTP().SlashCommand(ctx, slacktest.Slash{UserID: fanoutStaff, ChannelID: "C0FANOPS",
		Command: "/backbone", Text: "job run reminders"})
	if err != nil || rep.Status != http.StatusOK {
		return res, fmt.Errorf("job run reminders: status %d: %v", rep.Status, err)
	}
	answer, err := fake.WaitMessage(ctx, func(m slacktest.Message) bool { return m.ViaResponseURL && m.Channel == "C0FANOPS" })
	if err != nil {
		return res, fmt.Errorf("job run reminders: no answer: %w", err)
	}
	res.queued = time.Since(start)
	if !strings.Contains(answer.Text, fmt.Sprint(o.Owners)) {
		return res, fmt.Errorf("job run reminders answered %q, not %d messages", answer.Text, o.Owners)
	}
	if err := waitDMs(ctx, fake, o.Owners); err != nil {
		return res, err
	}
	counts := map[string]int{}
	for _, m := range fake.Messages() {
		if m.Method == "chat.postMessage" && m.User != "" {
			counts[m.User]++
			res.dms++
		}
	}
	res.duplicates = res.dms - len(counts)
	var last time.Time
	for _, c := range fake.Calls() {
		if c.Method != "chat.postMessage" {
			continue
		}
		switch {
		case c.Status == http.StatusTooManyRequests:
			res.limited++
		case c.Status == http.StatusOK && c.Error == "":
			last = c.At
		default:
			res.otherErrors++
		}
	}
	res.wall = last.Sub(start)
	if res.otherErrors > 0 {
		return res, fmt.Errorf("%d chat.postMessage calls failed other than with 429", res.otherErrors)
	}
	return res, nil
}

// waitDMs waits until n distinct people have their DM, and a second more
// so that late duplicates are counted too.
func waitDMs(ctx context.Context, fake *slacktest.Server, n int) error {
	for {
		seen := map[string]bool{}
		for _, m := range fake.Messages() {
			if m.Method == "chat.postMessage" && m.User != "" {
				seen[m.User] = true
			}
		}
		if len(seen) >= n {
			time.Sleep(time.Second)
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("only %d of %d reminder DMs arrived: %w", len(seen), n, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// seedFanout writes the coalition, its owners and their commitments, all
// due in the next reminder_lead_days (3) days, and registers the people in
// the fake. The reminders schedule runs every minute, paused, so that the
// manual run's slot is today whatever the hour, and weekends get reminders
// so that the scenario runs any day.
func seedFanout(ctx context.Context, dbURL string, fake *slacktest.Server, o FanoutOptions) error {
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	st := store.New(db)
	now := time.Now().UTC()
	fake.AddUser(slacktest.User{ID: fanoutStaff, Name: "staff", RealName: "Bench Staff", TZ: "UTC"})
	for i := range o.Owners {
		id := fanoutOwner(i)
		fake.AddUser(slacktest.User{ID: id, Name: strings.ToLower(id), RealName: "Owner " + id, TZ: "UTC"})
	}
	if err := st.EnsureSchedule(ctx, fanoutTeam, "reminders", "* * * * *", now); err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		if err := seedFanoutTeam(ctx, tx, now); err != nil {
			return err
		}
		return seedFanoutCommitments(ctx, tx, o, now)
	})
}

func seedFanoutTeam(ctx context.Context, tx *store.Tx, now time.Time) error {
	if err := tx.SaveCoalition(ctx, store.Coalition{TeamID: fanoutTeam, Name: "Fan-out Bench Coalition",
		Goal: "Every reminder on time", Timezone: "UTC"}); err != nil {
		return err
	}
	if err := tx.SetSetting(ctx, fanoutTeam, "weekend_reminders", "on"); err != nil {
		return err
	}
	if err := tx.SetSchedule(ctx, store.Schedule{TeamID: fanoutTeam, Job: "reminders", Spec: "* * * * *"}, now); err != nil {
		return err
	}
	_, err := tx.SaveProfile(ctx, store.Profile{TeamID: fanoutTeam, UserID: fanoutStaff, DisplayName: "Bench Staff", TZ: "UTC"},
		store.RoleBackbone, now)
	return err
}

func seedFanoutCommitments(ctx context.Context, tx *store.Tx, o FanoutOptions, now time.Time) error {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for i := range o.Owners {
		p := store.Profile{TeamID: fanoutTeam, UserID: fanoutOwner(i), DisplayName: "Owner " + fanoutOwner(i), TZ: "UTC"}
		if _, err := tx.SaveProfile(ctx, p, store.RolePartner, now); err != nil {
			return err
		}
	}
	for i := range o.Commitments {
		due := today.AddDate(0, 0, i%4) // today to today+3: within reminder_lead_days
		c := store.Commitment{TeamID: fanoutTeam, OwnerID: fanoutOwner(i % o.Owners), ChannelID: "C0FANGROUP",
			Text: fmt.Sprintf("Call partner %d about the spring plan", i), Due: &due, Acceptance: "accepted",
			CreatedBy: fanoutStaff, CreatedAt: now}
		if _, err := tx.AddCommitment(ctx, c); err != nil {
			return err
		}
	}
	return nil
}
