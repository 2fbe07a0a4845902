//go:build faults

package main_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/pgcluster"
)

const (
	// pgRecipients is the size of the reminders run PostgreSQL restarts in.
	pgRecipients = 600
	// pgStopAfter is how many reminders Slack has received when PostgreSQL
	// stops: about a quarter of the run.
	pgStopAfter = 150
	// pgDownFor is how long PostgreSQL stays down, at least.
	pgDownFor = 3 * time.Second
)

// token picks the unique token out of a /commit text or a message.
var token = regexp.MustCompile(`fault-[a-z]+-\d+`)

// TestFaultPostgresRestart stops PostgreSQL while backbone delivers a
// reminders run and takes /commit commands without pause, then starts it
// again on the same port. Backbone keeps running, /readyz reports the
// outage and the recovery, every command was applied whole or not at all
// and answered once, and every queued message reaches Slack exactly once.
func TestFaultPostgresRestart(t *testing.T) {
	t.Parallel()
	pg := newRestartableCluster(t)
	fake := slacktest.New(t)
	fake.SetLatency("chat.postMessage", 40*time.Millisecond)
	addAdmin(fake)
	env := serveEnv(t, fake, pg.url)
	if r := run(t, env, "migrate"); r.code != 0 {
		t.Fatalf("migrate: exit %d\n%s", r.code, r.stderr)
	}
	st := openStore(t, pg.url)
	st.DB().SetMaxIdleConns(0) // no pooled connection outlives the restart
	team := fake.Options().TeamID
	reminders := seedReminderRun(t, st, fake, team, time.Now(), pgRecipients)

	p := start(t, "backbone serve", t.TempDir(), env, "serve")
	readyz := p.baseURL() + "/readyz"
	p.waitHTTP(readyz, 200, startTimeout)
	load := startCommandLoad(t, fake, 2, func(n int) string {
		return fmt.Sprintf("<@%s> fault-report-%d by Friday", reminders.users[n%len(reminders.users)], n)
	})
	p.eventually(startTimeout, fmt.Sprintf("%d reminders delivered", pgStopAfter), func() (bool, string) {
		n := len(remindersByUser(fake, reminders.users))
		return n >= pgStopAfter, fmt.Sprintf("%d delivered", n)
	})

	stopped := time.Now()
	atStop := len(remindersByUser(fake, reminders.users))
	pg.stop(t)
	p.waitHTTP(readyz, 503, 10*time.Second)
	notReady := time.Since(stopped)
	p.eventually(2*pgDownFor, "an outage of "+pgDownFor.String(), func() (bool, string) {
		return time.Since(stopped) >= pgDownFor, "still waiting"
	})
	_, confirmedDown, _ := replies(fake)
	pg.start(t)
	restarted := time.Now()
	p.waitHTTP(readyz, 200, 30*time.Second)
	readyAgain := time.Since(restarted)
	leasedAtRestart := leasedRows(t, st)
	p.eventually(10*time.Second, "a command recorded after the restart", func() (bool, string) {
		_, confirmed, _ := replies(fake)
		return confirmed > confirmedDown, fmt.Sprintf("%d confirmations, %d at the restart", confirmed, confirmedDown)
	})
	acked := load.finish(t, 30*time.Second)

	p.eventually(redeliveryTimeout, "every reminder delivered, outbox drained", func() (bool, string) {
		got, pending := len(remindersByUser(fake, reminders.users)), pendingRows(t, st)
		return got == pgRecipients && pending == 0, fmt.Sprintf("%d recipients reminded, %d outbox rows pending", got, pending)
	})
	drained := time.Since(restarted)
	if !p.running() {
		t.Fatal("backbone exited during the outage")
	}
	made := checkCommitCommands(t, fake, st, acked)
	checkRemindedOnce(t, fake, reminders)
	checkLedger(t, st, reminders)
	checkInvariants(t, st, commitmentInvariants)
	checkRequestsDeliveredOnce(t, fake, st)

	t.Logf("PostgreSQL stopped after %d of %d reminders were delivered; /readyz said 503 %v after the stop",
		atStop, pgRecipients, notReady.Round(time.Millisecond))
	t.Logf("down %v; /readyz OK %v after the restart, with %d outbox rows leased; every reminder delivered and the outbox drained %v after it",
		restarted.Sub(stopped).Round(time.Millisecond), readyAgain.Round(time.Millisecond), leasedAtRestart, drained.Round(time.Millisecond))
	t.Logf("%d /commit acked, %d recorded, %d answered that something went wrong; every reminder and request DM received once",
		len(acked), made, len(acked)-made)
	p.stop(syscall.SIGTERM)
}

// checkCommitCommands checks that every acked /commit was answered once, and
// recorded (with a confirmation) or not at all (with an apology), never
// twice. It returns how many were recorded.
func checkCommitCommands(t *testing.T, fake *slacktest.Server, st *store.Store, acked []string) int {
	t.Helper()
	var all, confirmed int
	var text string
	deadline := time.Now().Add(30 * time.Second)
	for {
		all, confirmed, text = replies(fake)
		if all >= len(acked) || time.Now().After(deadline) {
			break
		}
		time.Sleep(pollInterval)
	}
	if all != len(acked) {
		t.Errorf("%d answers to %d acked commands, want one each", all, len(acked))
	}
	counts := map[string]int{}
	for text, n := range commitmentsByText(t, st) {
		counts[token.FindString(text)] += n
	}
	if dup := duplicates(counts); len(dup) > 0 {
		t.Errorf("commands recorded twice: %v", dup)
	}
	made := 0
	for _, c := range acked {
		made += counts[token.FindString(c)]
	}
	if made != len(commitmentsByText(t, st)) {
		t.Errorf("%d commitments match acked commands, of %d recorded", made, len(commitmentsByText(t, st)))
	}
	if confirmed != made {
		t.Errorf("%d confirmations for %d commitments recorded; answers:\n%s", confirmed, made, text)
	}
	return made
}

// leasedRows counts the outbox rows a worker has claimed and not recorded.
func leasedRows(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	err := st.DB().GetContext(t.Context(), &n, `SELECT count(*) FROM outbox WHERE status = 'pending' AND locked_until > now()`)
	if err != nil {
		t.Fatalf("count leased outbox rows: %v", err)
	}
	return n
}

// checkRemindedOnce wants exactly one reminder per recipient.
func checkRemindedOnce(t *testing.T, fake *slacktest.Server, run reminderRun) {
	t.Helper()
	for user, n := range remindersByUser(fake, run.users) {
		if n != 1 {
			t.Errorf("%s got %d reminders, want 1", user, n)
		}
	}
}

// checkRequestsDeliveredOnce wants each queued request to accept a
// commitment received exactly once by its owner.
func checkRequestsDeliveredOnce(t *testing.T, fake *slacktest.Server, st *store.Store) {
	t.Helper()
	var pending []string
	err := st.DB().SelectContext(t.Context(), &pending, `SELECT text FROM commitments WHERE acceptance = 'pending'`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range fake.Messages() {
		if m.Method == "chat.postMessage" && strings.Contains(m.Text, "noted a commitment for you") {
			got[token.FindString(m.Text)]++
		}
	}
	for _, text := range pending {
		if n := got[token.FindString(text)]; n != 1 {
			t.Errorf("the request for %q was received %d times, want 1", text, n)
		}
	}
}

// restartableCluster is a PostgreSQL of the test's own, which it stops and
// starts again on the same port, so that backbone's DATABASE_URL stays
// valid.
type restartableCluster struct {
	opts    pgcluster.Options
	cluster *pgcluster.Cluster
	url     string
}

func newRestartableCluster(t *testing.T) *restartableCluster {
	t.Helper()
	dir, err := os.MkdirTemp(pgcluster.TempDir(), "backbone-fault-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	pg := &restartableCluster{opts: pgcluster.Options{Dir: dir, Database: "backbone", Throwaway: true}}
	pg.start(t)
	u, err := url.Parse(pg.url)
	if err != nil {
		t.Fatal(err)
	}
	pg.opts.Port, err = strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if pg.cluster != nil {
			_ = pg.cluster.Stop(context.Background())
		}
	})
	return pg
}

func (pg *restartableCluster) start(t *testing.T) {
	t.Helper()
	c, err := pgcluster.Start(t.Context(), pg.opts)
	if err != nil {
		t.Fatalf("start postgres: %v", err)
	}
	pg.cluster, pg.url = c, c.URL("backbone")
}

func (pg *restartableCluster) stop(t *testing.T) {
	t.Helper()
	if err := pg.cluster.Stop(t.Context()); err != nil {
		t.Fatalf("stop postgres: %v", err)
	}
	pg.cluster = nil
}
