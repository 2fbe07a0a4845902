package bot_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/bot/outbox"
	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/internal/testkit"
	"github.com/backbone-coalition/backbone/schedules"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// proxyReplica is one `backbone serve`, in process: its own database pool,
// bot, HTTP server, outbox worker and scheduler.
type proxyReplica struct {
	srv    *http.Server
	bot    *bot.Bot
	sched  *schedules.Scheduler
	store  *store.Store
	stop   context.CancelFunc
	wg     sync.WaitGroup
	logs   *testkit.SyncBuffer
	killed atomic.Bool
}

// roundRobin is the load balancer: each request to the next replica, no
// stickiness; a replica that refuses connections is skipped, as a health
// check would (the request never reached it, so trying the next is safe).
type roundRobin struct {
	backends []string
	next     atomic.Int64
}

func (rr *roundRobin) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
	}
	first := int(rr.next.Add(1))
	for i := range rr.backends {
		target, _ := url.Parse(rr.backends[(first+i)%len(rr.backends)])
		out := r.Clone(r.Context())
		out.URL.Scheme, out.URL.Host, out.Host = target.Scheme, target.Host, target.Host
		out.Body = io.NopCloser(bytes.NewReader(body))
		resp, err := http.DefaultTransport.RoundTrip(out)
		if errors.Is(err, syscall.ECONNREFUSED) {
			continue
		}
		return resp, err
	}
	return nil, errors.New("no replica is up")
}

// TestThreeReplicasBehindALoadBalancer runs three replicas behind a
// round-robin reverse proxy with two workspaces (the SLACK_BOT_TOKEN one
// and one installed through the proxy: the OAuth state written by one
// replica is checked by another). Commands from both workspaces come in
// interleaved; one replica is stopped halfway. Every command must be
// answered once, in its own workspace, and a day of scheduler ticks on the
// survivors must send every owner's reminder once.
func TestThreeReplicasBehindALoadBalancer(t *testing.T) {
	t.Parallel()
	dbURL := storetest.NewURL(t)
	c := &clock{t: time.Date(2026, 11, 3, 0, 5, 0, 0, time.UTC)} // a Tuesday, no DST change near
	m := setupMulti(t, func(o *multiOptions) { o.dbURL, o.now, o.noWorker = dbURL, c.now, true })
	lb := &roundRobin{}
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(*httputil.ProxyRequest) {}, Transport: lb})
	t.Cleanup(proxy.Close)
	replicas := make([]*proxyReplica, 3)
	for i := range replicas {
		replicas[i] = startProxyReplica(t, m, dbURL, c.now, proxy.URL)
		lb.backends = append(lb.backends, "http://"+replicas[i].srv.Addr)
	}
	t.Cleanup(func() {
		for i, r := range replicas {
			r.kill()
			checkNoToken(t, fmt.Sprintf("replica %d's logs", i), r.logs.String(), m.slack, m.second)
		}
	})

	pages := map[bool]int{}
	b := newBrowser(t)
	for range 2 { // the install page from one replica, the redirect to the next
		status, _ := b.install(proxyTarget(m, proxy.URL), secondTeam, secondStaff)
		pages[status == http.StatusOK]++
		b = newBrowser(t)
	}
	if pages[true] != 2 {
		t.Fatalf("installs through the proxy: %v", pages)
	}

	due := "2026-11-05"
	type cmd struct {
		srv           *slacktest.Server
		user, channel string
		text          string
	}
	var cmds []cmd
	for i := range 12 {
		cmds = append(cmds,
			cmd{m.slack, []string{adminID, partnerID, steeringID, leadID}[i%4], generalID, fmt.Sprintf("Primary task %d by %s", i, due)},
			cmd{m.second, []string{secondStaff, secondPartner}[i%2], secondGeneral, fmt.Sprintf("Second task %d by %s", i, due)})
	}
	var wg sync.WaitGroup
	for i, cm := range cmds {
		if i == len(cmds)/2 {
			wg.Wait()
			replicas[1].kill()
		}
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if rep, err := cm.srv.HTTP(proxy.URL).SlashCommand(ctx, slacktest.Slash{UserID: cm.user, ChannelID: cm.channel, Command: "/commit", Text: cm.text}); err != nil || rep.Status != http.StatusOK {
				t.Errorf("/commit %s: %v (%d)", cm.text, err, rep.Status)
			}
		})
	}
	wg.Wait()
	waitFor(t, func() bool { return answers(m.slack, "primary task")+answers(m.second, "second task") >= len(cmds) })
	for _, cm := range cmds {
		if n := answersTo(cm.srv, cm.user, cm.text); n != 1 {
			t.Errorf("%q was answered %d times, want once", cm.text, n)
		}
	}
	if answers(m.slack, "second task") != 0 || answers(m.second, "primary task") != 0 {
		t.Error("a workspace got another's answer")
	}

	firstPrimary, firstSecond := len(m.slack.Messages()), len(m.second.Messages())
	for at := c.now(); !at.After(time.Date(2026, 11, 4, 0, 5, 0, 0, time.UTC)); at = at.Add(15 * time.Minute) {
		c.set(at)
		var tick sync.WaitGroup
		for i, r := range replicas {
			if r.killed.Load() {
				continue
			}
			tick.Go(func() {
				if err := r.sched.Tick(context.Background(), at); err != nil {
					t.Errorf("replica %d at %v: %v", i, at, err)
				}
			})
		}
		tick.Wait()
	}
	wantReminders := map[*slacktest.Server][]string{m.slack: {adminID, partnerID, steeringID, leadID}, m.second: {secondStaff, secondPartner}}
	waitFor(t, func() bool { return pendingOutbox(t, m.store) == 0 })
	for srv, owners := range wantReminders {
		first := firstPrimary
		if srv == m.second {
			first = firstSecond
		}
		got := remindersBy(srv.Messages()[first:])
		for _, o := range owners {
			if got[o] != 1 {
				t.Errorf("%s got %d reminders in %s, want 1", o, got[o], srv.Options().TeamID)
			}
			delete(got, o)
		}
		if len(got) != 0 {
			t.Errorf("unexpected reminders in %s: %v", srv.Options().TeamID, got)
		}
	}
	checkEveryRowSentOnce(t, m)
}

// proxyTarget is m with its public address replaced by the proxy's, for
// browser.install.
func proxyTarget(m *multi, proxyURL string) *multi {
	c := *m
	c.web = &httptest.Server{URL: proxyURL}
	return &c
}

func startProxyReplica(t *testing.T, m *multi, dbURL string, now func() time.Time, publicURL string) *proxyReplica {
	t.Helper()
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &proxyReplica{store: store.New(db), logs: &testkit.SyncBuffer{}}
	log := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r.bot, r.sched = m.newBot(r.store, log, now, publicURL)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.srv = &http.Server{Addr: ln.Addr().String(), Handler: r.bot.HTTPHandler(), ReadHeaderTimeout: 5 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	r.stop = cancel
	worker := outbox.New(r.store, m.clients(r.store), log, time.Now, outbox.Options{Poll: 20 * time.Millisecond, BackoffBase: 20 * time.Millisecond, PerChannel: time.Millisecond})
	r.wg.Go(func() { _ = r.srv.Serve(ln) })
	r.wg.Go(func() { _ = worker.Run(ctx, nil) })
	return r
}

// kill stops a replica as SIGTERM stops `backbone serve`: no new
// connections, in-flight requests and handlers finish, then the worker.
func (r *proxyReplica) kill() {
	if r.killed.Swap(true) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = r.srv.Shutdown(ctx)
	_ = r.bot.Shutdown(ctx)
	r.stop()
	r.wg.Wait()
}

// answers counts the response_url answers whose text holds what.
func answers(srv *slacktest.Server, what string) int {
	n := 0
	for _, msg := range srv.Messages() {
		if msg.ViaResponseURL && strings.Contains(strings.ToLower(flatten(msg)), what) {
			n++
		}
	}
	return n
}

// answersTo counts the answers recording exactly text's task for user.
func answersTo(srv *slacktest.Server, user, text string) int {
	task := strings.ToLower(strings.SplitN(text, " by ", 2)[0])
	want := "<@" + strings.ToLower(user) + "> will " + task + " —"
	n := 0
	for _, msg := range srv.Messages() {
		if msg.ViaResponseURL && strings.Contains(strings.ToLower(flatten(msg)), want) {
			n++
		}
	}
	return n
}

// remindersBy counts the reminder DMs per recipient.
func remindersBy(msgs []slacktest.Message) map[string]int {
	got := map[string]int{}
	for _, msg := range msgs {
		if msg.Method == "chat.postMessage" && msg.User != "" && strings.Contains(msg.Text, "due soon") {
			got[msg.User]++
		}
	}
	return got
}

func pendingOutbox(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.OutboxPending(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkEveryRowSentOnce: each sent outbox row is one message, in its own
// team's workspace only.
func checkEveryRowSentOnce(t *testing.T, m *multi) {
	t.Helper()
	var rows []struct {
		Team    string `db:"team_id"`
		Key     string `db:"dedupe_key"`
		TS      string `db:"ts"`
		Channel string `db:"channel"`
	}
	if err := m.store.DB().Select(&rows, `SELECT team_id, dedupe_key, ts, channel FROM outbox WHERE status = 'sent' AND method = 'chat.postMessage'`); err != nil {
		t.Fatal(err)
	}
	count := func(srv *slacktest.Server) map[string]int {
		byTS := map[string]int{}
		for _, msg := range srv.Messages() {
			if msg.Method == "chat.postMessage" {
				byTS[msg.TS+"|"+cmp.Or(msg.User, msg.Channel)]++
			}
		}
		return byTS
	}
	byTeam := map[string]map[string]int{m.slack.Options().TeamID: count(m.slack), secondTeam: count(m.second)}
	for _, r := range rows {
		for team, byTS := range byTeam {
			want := 0
			if team == r.Team {
				want = 1
			}
			// Two workspaces' timestamps may coincide: a message is its ts
			// and its recipient.
			if got := byTS[r.TS+"|"+r.Channel]; got != want {
				t.Errorf("%s's row %s: %d messages in %s, want %d", r.Team, r.Key, got, team, want)
			}
		}
	}
}
