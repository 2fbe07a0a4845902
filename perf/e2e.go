package perf

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// E2EOptions configures the end-to-end throughput scenario.
type E2EOptions struct {
	// Rates are the steps, per second, tried in turn until one fails;
	// StepDuration is each step's sending time (at least 30 s).
	Rates        []int
	StepDuration time.Duration
}

// e2eAnswerWithin is how soon after its request every answer must be
// posted for a step to pass.
const e2eAnswerWithin = 3 * time.Second

// e2eBaselinePostgresCPU is PostgreSQL's CPU seconds per 1,000 commands of
// this scenario's mix on main before the bursts issue (e69c797, durable
// cluster, first step at 100/s, 2026-12-06; see BENCHMARKS.md): the target
// is at most half of it.
const e2eBaselinePostgresCPU = 5.23

// E2E finds the highest rate of the ack mix (/commit, /report, /shoutout)
// at which every answer is posted to its response_url within 3 s of its
// request and none is left when sending stops, with PostgreSQL durable
// (fsync and synchronous_commit on). It prints, for the best step, the ack
// p99, the CPU seconds per 1,000 commands of serve and of PostgreSQL (from
// /proc), and serve's peak RSS.
func E2E(ctx context.Context, env Env, o E2EOptions) error {
	if len(o.Rates) == 0 {
		o.Rates = []int{100, 200, 400, 600, 800, 1000, 1200}
	}
	o.StepDuration = max(o.StepDuration, 30*time.Second)
	admin, err := sql.Open("postgres", env.ServerURL)
	if err != nil {
		return fmt.Errorf("e2e: %w", err)
	}
	defer admin.Close()
	settings, err := durable(ctx, admin)
	if err != nil {
		return err
	}
	pg, err := findPostmaster(ctx, admin)
	if err != nil {
		return err
	}
	f, stop, err := startAckFixture(ctx, env)
	if err != nil {
		return err
	}
	defer stop()
	if err := f.probe(ctx); err != nil {
		return err
	}
	r := env.Report
	r.Note("e2e", append(settings, "mix=commit,report,shoutout", "step="+o.StepDuration.String())...)
	var best *e2eStep
	for _, rate := range o.Rates {
		s, err := f.e2eStep(ctx, pg, rate, o.StepDuration)
		if err != nil {
			return err
		}
		r.Note("e2e", fmt.Sprintf("step=%d/s", rate), fmt.Sprintf("sent=%d", s.sent), fmt.Sprintf("errors=%d", s.errors),
			fmt.Sprintf("late=%d", s.late), fmt.Sprintf("left_at_stop+3s=%d", s.left),
			"max_answer_lag="+FormatValue(Millis(s.maxLag))+UnitMS, "ack_p99="+FormatValue(Millis(s.ackP99))+UnitMS,
			"serve_cpu_per_1000="+FormatValue(s.serveCPU)+"s", "postgres_cpu_per_1000="+FormatValue(s.pgCPU)+"s")
		if !s.ok() {
			break
		}
		best = &s
	}
	if best == nil {
		r.Figure("e2e", "max_rate_answered_within_3s", 0, UnitRate, AtLeast(1000))
		return nil
	}
	r.Figure("e2e", "max_rate_answered_within_3s", float64(best.rate), UnitRate, AtLeast(1000))
	r.Duration("e2e", "ack_p99_at_max", best.ackP99, Below(20))
	r.Figure("e2e", "serve_cpu_s_per_1000", best.serveCPU, UnitNone, nil)
	var pgTarget *Target
	if e2eBaselinePostgresCPU > 0 {
		pgTarget = AtMost(e2eBaselinePostgresCPU / 2)
	}
	r.Figure("e2e", "postgres_cpu_s_per_1000", best.pgCPU, UnitNone, pgTarget)
	if peak, err := f.srv.PeakRSS(); err == nil {
		r.Bytes("e2e", "serve_peak_rss", peak, nil)
	}
	return nil
}

// durable turns fsync and synchronous_commit on (the throwaway cluster
// starts with fsync off) and returns the settings in force, as notes.
func durable(ctx context.Context, db *sql.DB) ([]string, error) {
	for _, q := range []string{`ALTER SYSTEM SET fsync = on`, `ALTER SYSTEM SET synchronous_commit = on`, `SELECT pg_reload_conf()`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("e2e: %s: %w", q, err)
		}
	}
	time.Sleep(200 * time.Millisecond) // the reload is asynchronous
	var notes []string
	for _, name := range []string{"fsync", "synchronous_commit", "data_directory"} {
		var v string
		if err := db.QueryRowContext(ctx, "SHOW "+name).Scan(&v); err != nil {
			return nil, fmt.Errorf("e2e: show %s: %w", name, err)
		}
		notes = append(notes, name+"="+v)
	}
	return notes, nil
}

// e2eStep is what one step measured.
type e2eStep struct {
	rate, sent, errors, late, left int
	maxLag, ackP99                 time.Duration
	serveCPU, pgCPU                float64
}

func (s e2eStep) ok() bool { return s.errors == 0 && s.late == 0 && s.left == 0 }

// e2eStep sends rate/s for d and follows every answer.
func (f *ackFixture) e2eStep(ctx context.Context, pg postgresCPU, rate int, d time.Duration) (e2eStep, error) {
	s := e2eStep{rate: rate}
	before := len(f.answerTimes())
	cpu0, err := procCPU(f.srv.PID(), false)
	if err != nil {
		return s, err
	}
	pg0, err := pg.seconds()
	if err != nil {
		return s, err
	}
	start := time.Now()
	res := OpenLoop(ctx, f.srv.HTTP(), rate, d, ackSlash)
	s.sent, s.ackP99 = res.Sent, res.Latency.P99
	interval := time.Second / time.Duration(rate)
	lastDue := start.Add(time.Duration(res.Sent-1) * interval).Add(e2eAnswerWithin)
	time.Sleep(time.Until(lastDue))
	s.left = max(res.Sent-(len(f.answerTimes())-before), 0)
	a, err := f.checkAnswers(ctx, res.Sent, ackAnswerWait) // the rest, for the CPU they cost
	if err != nil {
		return s, err
	}
	s.errors = res.Errors + a.wrong + a.missing
	cpu1, err := procCPU(f.srv.PID(), false)
	if err != nil {
		return s, err
	}
	pg1, err := pg.seconds()
	if err != nil {
		return s, err
	}
	s.serveCPU = (cpu1 - cpu0) / float64(res.Sent) * 1000
	s.pgCPU = (pg1 - pg0) / float64(res.Sent) * 1000
	// The k-th answer is due 3 s after the k-th request: answers may come
	// out of order, but never more than 3 s behind the requests.
	times := f.answerTimes()[before:]
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for k := range min(len(times), res.Sent) {
		lag := times[k].Sub(start.Add(time.Duration(k) * interval))
		s.maxLag = max(s.maxLag, lag)
		if lag > e2eAnswerWithin {
			s.late++
		}
	}
	return s, nil
}

// answerTimes are when the fake received each response_url answer.
func (f *ackFixture) answerTimes() []time.Time {
	var out []time.Time
	for _, c := range f.fake.Calls() {
		if c.Method == "response_url" && c.Status == http.StatusOK {
			out = append(out, c.At)
		}
	}
	return out
}
