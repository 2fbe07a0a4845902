package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/workspace"
	"github.com/backbone-coalition/backbone/store"
)

// Options tune the worker; zero values take the defaults.
type Options struct {
	Concurrency int           // rows sent at once (default 8)
	Batch       int           // rows claimed per query (default and at most Concurrency)
	Lease       time.Duration // how long a claim lasts (default 30s)
	PerChannel  time.Duration // spacing of posts to one channel (default 1s)
	Poll        time.Duration // idle wake-up interval (default 500ms)
	BackoffBase time.Duration // first retry delay (default 1s), doubled per attempt
	BackoffMax  time.Duration // retry delay cap (default 5m)
	MaxAttempts int           // then the row fails (default 15)
	SendTimeout time.Duration // one Slack call (default 15s)
	// MaxPerSecond paces each workspace's sends, under Slack's
	// workspace-wide limit (SLACK_MAX_SENDS_PER_SECOND); 0, the default
	// here, does not pace.
	MaxPerSecond float64
	// Observer hears about every delivery; nil for none.
	Observer Observer
}

// Observer hears how each delivery to Slack went: its method, outcome ("ok",
// "rate_limited", "transient_error" or "permanent_error") and duration.
// Package metrics implements it.
type Observer interface {
	Sent(method, outcome string, took time.Duration)
}

func (o Options) withDefaults() Options {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	// Every claimed row starts sending at once: a row waiting behind others
	// in its batch could outlive its lease and be claimed (and sent) again
	// by another worker.
	if o.Batch <= 0 || o.Batch > o.Concurrency {
		o.Batch = o.Concurrency
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 15
	}
	def(&o.Lease, 30*time.Second)
	def(&o.PerChannel, time.Second)
	def(&o.Poll, 500*time.Millisecond)
	def(&o.BackoffBase, time.Second)
	def(&o.BackoffMax, 5*time.Minute)
	def(&o.SendTimeout, 15*time.Second)
	return o
}

// recordTimeout bounds the recording of a failed send.
const recordTimeout = 10 * time.Second

// Clients gives the Web API client of each workspace (package workspace).
type Clients interface {
	Client(ctx context.Context, teamID string) (*slack.Client, error)
}

// Worker delivers outbox rows. Several workers, in one process or many,
// may run against the same database. Pacing and Slack's Retry-After are
// per workspace: one workspace's 429s never hold another's messages.
type Worker struct {
	store   *store.Store
	clients Clients
	log     *slog.Logger
	now     func() time.Time
	opts    Options
	// batchPace sizes claims; each team's sends wait on their own pacer.
	batchPace *pacer

	mu          sync.Mutex
	pausedUntil map[string]time.Time // by team, set by a 429: Slack asked us to wait
	paces       map[string]*pacer    // by team
}

// New returns a worker; now is the clock.
func New(st *store.Store, clients Clients, log *slog.Logger, now func() time.Time, opts Options) *Worker {
	return &Worker{store: st, clients: clients, log: log, now: now, opts: opts.withDefaults(), batchPace: newPacer(opts.MaxPerSecond),
		pausedUntil: map[string]time.Time{}, paces: map[string]*pacer{}}
}

// Run delivers rows until ctx ends, waking on wake (new rows) or every Poll.
// Sends already started when ctx ends are finished and recorded.
func (w *Worker) Run(ctx context.Context, wake <-chan struct{}) error {
	ticker := time.NewTicker(w.opts.Poll)
	defer ticker.Stop()
	for {
		if err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("outbox delivery", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-ticker.C:
		}
	}
}

// Drain sends every row that is due now, batch after batch.
func (w *Worker) Drain(ctx context.Context) error {
	for ctx.Err() == nil {
		rows, err := w.store.ClaimOutbox(ctx, w.now(), w.opts.Lease, w.opts.PerChannel, w.batchPace.batch(w.opts.Batch))
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		w.sendAll(rows)
	}
	return nil
}

// pausedUntilNow reports whether a 429 still holds for team, and until when.
func (w *Worker) pausedUntilNow(team string) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	until := w.pausedUntil[team]
	return until, w.now().Before(until)
}

func (w *Worker) pause(team string, until time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if until.After(w.pausedUntil[team]) {
		w.pausedUntil[team] = until
	}
}

// pace is team's pacer, made on its first send.
func (w *Worker) pace(team string) *pacer {
	w.mu.Lock()
	defer w.mu.Unlock()
	p, ok := w.paces[team]
	if !ok {
		p = newPacer(w.opts.MaxPerSecond)
		w.paces[team] = p
	}
	return p
}

// sendAll sends claimed rows concurrently. It deliberately ignores the
// caller's cancellation: a claimed row is always sent and recorded.
func (w *Worker) sendAll(rows []store.OutboxRow) {
	sem := make(chan struct{}, w.opts.Concurrency)
	var wg sync.WaitGroup
	for _, row := range rows {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			w.deliver(row)
		}()
	}
	wg.Wait()
}

func (w *Worker) deliver(row store.OutboxRow) {
	_ = w.pace(row.TeamID).wait(context.Background()) // at most a second: see pacer.batch
	ctx, cancel := context.WithTimeout(context.Background(), w.opts.SendTimeout)
	defer cancel()
	log := w.log.With("outbox_id", row.ID, "dedupe_key", row.DedupeKey, "method", row.Method, "attempt", row.Attempts)
	if until, paused := w.pausedUntilNow(row.TeamID); paused {
		// A 429 came back for another row of this batch: Slack's
		// Retry-After holds for this one too.
		if err := w.store.DeferOutbox(ctx, row.ID, until, "waiting out Slack's Retry-After"); err != nil {
			log.Error("outbox row not deferred", "err", err)
		}
		return
	}
	api, err := w.clients.Client(ctx, row.TeamID)
	if errors.Is(err, workspace.ErrUninstalled) {
		// Queued after the uninstall was recorded: never sent.
		if err := w.store.CancelOutbox(ctx, row.ID); err != nil {
			log.Error("outbox row not cancelled", "err", err)
		}
		return
	}
	if err != nil {
		w.recordClientFailure(row, err, log)
		return
	}
	began := time.Now()
	channel, ts, err := w.send(ctx, api, row)
	if !errors.Is(err, errParentPending) && w.opts.Observer != nil {
		w.opts.Observer.Sent(row.Method, outcome(err), time.Since(began))
	}
	if errors.Is(err, errParentPending) {
		if err := w.store.DeferOutbox(ctx, row.ID, w.now().Add(w.opts.BackoffBase), "waiting for an earlier message to be sent"); err != nil {
			log.Error("outbox row not deferred", "err", err)
		}
		return
	}
	if err == nil {
		w.recordSent(row, channel, ts, log)
		return
	}
	if w.reroute(row, err, log) {
		return
	}
	// A fresh context: the send's may have run out (a timeout), and a
	// failure not recorded leaves the row leased until the lease ends.
	rctx, rcancel := context.WithTimeout(context.Background(), recordTimeout)
	defer rcancel()
	if err := w.recordFailure(rctx, row, classify(err), log); err != nil {
		log.Error("outbox failure not recorded", "err", err)
	}
}

// recordSent marks a delivered row sent, retrying while the database does
// not answer (a restart takes seconds): a row left pending would be sent
// again once its lease ends. It gives up after a lease, when another worker
// may have claimed the row anyway.
func (w *Worker) recordSent(row store.OutboxRow, channel, ts string, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), w.opts.Lease)
	defer cancel()
	for wait := 50 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		err := w.store.MarkOutboxSent(ctx, row.ID, channel, ts, w.now())
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			log.Error("outbox row sent but not recorded", "err", err)
			return
		case <-time.After(wait):
		}
		if wait == 50*time.Millisecond {
			log.Warn("outbox row sent but not recorded yet; retrying", "err", err)
		}
	}
}

func (w *Worker) recordFailure(ctx context.Context, row store.OutboxRow, v verdict, log *slog.Logger) error {
	if v.after > 0 {
		// Slack asked us to wait: nothing is wrong with the row, so the
		// wait neither fails it nor lengthens its backoff.
		w.pause(row.TeamID, w.now().Add(v.after))
		log.Info("outbox row will be retried", "reason", v.reason, "retry_in_ms", v.after.Milliseconds())
		return w.store.DeferOutbox(ctx, row.ID, w.now().Add(v.after), v.reason)
	}
	if !v.retry || row.Attempts >= w.opts.MaxAttempts {
		log.Warn("outbox row failed", "reason", v.reason)
		return w.fail(ctx, row, v.reason)
	}
	delay := w.backoff(row.Attempts)
	log.Info("outbox row will be retried", "reason", v.reason, "retry_in_ms", delay.Milliseconds())
	return w.store.RetryOutbox(ctx, row.ID, w.now().Add(delay), v.reason)
}

// backoff doubles from BackoffBase per attempt, capped at BackoffMax.
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.opts.BackoffBase
	for i := 1; i < attempt && d < w.opts.BackoffMax; i++ {
		d *= 2
	}
	return min(d, w.opts.BackoffMax)
}

// recordClientFailure retries a row whose workspace client could not be
// made (the database did not answer, a key is missing).
func (w *Worker) recordClientFailure(row store.OutboxRow, err error, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), recordTimeout)
	defer cancel()
	if err := w.recordFailure(ctx, row, verdict{retry: true, reason: "no client: " + err.Error()}, log); err != nil {
		log.Error("outbox failure not recorded", "err", err)
	}
}

// send makes the row's Web API call with its workspace's client and
// returns the conversation and ts of the message Slack posted or changed.
func (w *Worker) send(ctx context.Context, api *slack.Client, row store.OutboxRow) (channel, ts string, err error) {
	var p Payload
	if err := json.Unmarshal(row.Payload, &p); err != nil {
		return "", "", permanent("bad_payload: " + err.Error())
	}
	if err := w.resolveThread(ctx, row.TeamID, &p); err != nil {
		return "", "", err
	}
	channel = row.Channel
	if err := w.resolveTarget(ctx, row.TeamID, &p, &channel); err != nil {
		return "", "", err
	}
	opts, err := p.options()
	if err != nil {
		return "", "", permanent("bad_payload: " + err.Error())
	}
	switch row.Method {
	case store.MethodPostMessage:
		return api.PostMessageContext(ctx, channel, opts...)
	case store.MethodUpdate:
		channel, ts, _, err = api.UpdateMessageContext(ctx, channel, p.TS, opts...)
		return channel, ts, err
	case store.MethodPostEphemeral:
		ts, err = api.PostEphemeralContext(ctx, channel, p.User, opts...)
		return channel, ts, err
	case store.MethodUpload:
		ts, err = w.upload(ctx, api, row, p)
		return channel, ts, err
	}
	return "", "", permanent(fmt.Sprintf("unknown_method: %s", row.Method))
}

// errParentPending defers a thread reply, or an update, whose parent
// message is not sent yet.
var errParentPending = errors.New("thread parent not sent yet")

// resolveThread turns a payload's ThreadKey into the ts its parent was sent
// with. A parent that failed for good leaves the reply in the channel.
func (w *Worker) resolveThread(ctx context.Context, teamID string, p *Payload) error {
	if p.ThreadKey == "" {
		return nil
	}
	parent, err := w.store.OutboxByKey(ctx, teamID, p.ThreadKey)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return permanent("thread_parent_not_found: " + p.ThreadKey)
	case err != nil:
		return err
	case parent.Status == "sent":
		p.ThreadTS = parent.TS
	case parent.Status == "pending":
		return errParentPending
	}
	return nil
}

// resolveTarget turns a payload's UpdateKey into the message to change: the
// conversation and ts the row queued under that key was sent with. A DM is
// queued to a user ID but changed in its "D…" conversation, which Slack
// requires for chat.update.
func (w *Worker) resolveTarget(ctx context.Context, teamID string, p *Payload, channel *string) error {
	if p.UpdateKey == "" {
		return nil
	}
	target, err := w.store.OutboxByKey(ctx, teamID, p.UpdateKey)
	if err == nil {
		target, err = w.followReroute(ctx, teamID, target)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return permanent("update_target_not_found: " + p.UpdateKey)
	case err != nil:
		return err
	case target.Status == "pending":
		return errParentPending
	case target.Status == "failed":
		return permanent("update_target_failed: " + p.UpdateKey)
	}
	p.TS = target.TS
	if target.SentChannel != "" {
		*channel = target.SentChannel
	}
	return nil
}

// permanent wraps a local problem that no retry can fix.
func permanent(reason string) error { return slack.SlackErrorResponse{Err: reason} }
