//go:build faults

// Fault tests: `make test-faults` runs them (build tag faults, names
// TestFault…). Each drives the built binary against the fake Slack and a
// real PostgreSQL, breaks one thing, and checks what survived.
package main_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
)

// serveEnv is the environment of a backbone serving fake over Socket Mode
// on dbURL, with adminID as staff.
func serveEnv(t *testing.T, fake *slacktest.Server, dbURL string) map[string]string {
	o := fake.Options()
	return map[string]string{
		"DATABASE_URL":    dbURL,
		"DATA_DIR":        t.TempDir(), // unused with DATABASE_URL
		"HTTP_ADDR":       "127.0.0.1:0",
		"SLACK_BOT_TOKEN": o.BotToken,
		"SLACK_APP_TOKEN": o.AppToken,
		"SLACK_API_URL":   fake.APIURL(),
		"BACKBONE_ADMINS": adminID,
	}
}

// addAdmin makes adminID and generalID known to the fake.
func addAdmin(fake *slacktest.Server) {
	fake.AddUser(slacktest.User{ID: adminID, Name: "ana", RealName: "Ana Staff", TZ: "UTC"})
	fake.AddChannel(slacktest.Channel{ID: generalID, Name: "general", Members: []string{adminID}, BotIsMember: true})
}

// commandLoad sends /commit commands over Socket Mode, one after another
// from each of its senders, until stopped. Every command has its own text,
// so that what it recorded can be told apart.
type commandLoad struct {
	fake    *slacktest.Server
	text    func(n int) string
	stop    context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	n       int
	closing bool     // no new command starts
	acked   []string // texts of the commands Slack saw acked
	lost    int      // commands still unacked when the load stopped
}

// loadInterval is the pause between two commands of one sender: the ack
// comes before the work, so a sender that did not pause would queue work
// faster than any server does it.
const loadInterval = 100 * time.Millisecond

// startCommandLoad starts senders goroutines sending `/commit text(n)` from
// adminID in generalID, each one every loadInterval.
func startCommandLoad(t *testing.T, fake *slacktest.Server, senders int, text func(n int) string) *commandLoad {
	ctx, stop := context.WithCancel(t.Context())
	l := &commandLoad{fake: fake, text: text, stop: stop}
	for range senders {
		l.wg.Go(func() { l.send(ctx) })
	}
	t.Cleanup(func() { l.halt() })
	return l
}

func (l *commandLoad) send(ctx context.Context) {
	tick := time.NewTicker(loadInterval)
	defer tick.Stop()
	for ; ctx.Err() == nil; <-tick.C {
		l.mu.Lock()
		if l.closing {
			l.mu.Unlock()
			return
		}
		l.n++
		text := l.text(l.n)
		l.mu.Unlock()
		_, err := l.fake.SlashCommand(ctx, slacktest.Slash{UserID: adminID, ChannelID: generalID, Command: "/commit", Text: text})
		l.mu.Lock()
		if err != nil {
			l.lost++
		} else {
			l.acked = append(l.acked, text)
		}
		l.mu.Unlock()
	}
}

// halt stops sending; a command waiting for its ack is abandoned (and
// counted as lost). It returns the acked commands.
func (l *commandLoad) halt() []string {
	l.stop()
	l.wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.acked...)
}

// finish stops sending once every command in flight has been acked, within
// timeout, and returns the acked commands.
func (l *commandLoad) finish(t *testing.T, timeout time.Duration) []string {
	t.Helper()
	done := make(chan struct{})
	l.mu.Lock()
	l.closing = true
	l.mu.Unlock()
	go func() {
		defer close(done)
		l.wg.Wait()
	}()
	select {
	case <-done:
	case <-time.After(timeout):
		t.Errorf("commands still unacked %v after the load stopped: %v", timeout, l.fake.Unacked())
	}
	return l.halt()
}

// replies counts the answers through a response_url to adminID's commands,
// and those among them that confirm a commitment (📌).
func replies(fake *slacktest.Server) (all, confirmed int, texts string) {
	var sb strings.Builder
	for _, m := range fake.Messages() {
		if !m.ViaResponseURL || m.User != adminID && m.Channel != generalID {
			continue
		}
		all++
		if strings.Contains(m.Text, "📌") {
			confirmed++
		}
		sb.WriteString(m.Text + "\n")
	}
	return all, confirmed, sb.String()
}

// commitmentsByText counts the commitments recorded by commands (those
// with a 'fault-' token) under each text.
func commitmentsByText(t *testing.T, st *store.Store) map[string]int {
	t.Helper()
	var texts []string
	if err := st.DB().SelectContext(t.Context(), &texts, `SELECT text FROM commitments WHERE text LIKE '%fault-%'`); err != nil {
		t.Fatalf("read commitments: %v", err)
	}
	got := map[string]int{}
	for _, s := range texts {
		got[s]++
	}
	return got
}

// invariant is a query counting the rows that break a rule of the schema.
type invariant struct{ rule, query string }

// commitmentInvariants hold after any sequence of whole /commit commands:
// a command is one transaction, so its rows are there together or not at
// all. (Commitments the tests seed directly, without the 'fault-' token,
// have no history or audit row.)
var commitmentInvariants = []invariant{
	{"every commitment has its 'created' history entry", `SELECT count(*) FROM commitments c
		WHERE c.text LIKE '%fault-%' AND NOT EXISTS (
			SELECT 1 FROM commitment_events e WHERE e.commitment_id = c.id AND e.kind = 'created')`},
	{"every commitment has its audit row", `SELECT count(*) FROM commitments c
		WHERE c.text LIKE '%fault-%' AND NOT EXISTS (SELECT 1 FROM audit_log a
			WHERE a.team_id = c.team_id AND a.action = 'commitment.create' AND a.entity_id = c.id::text)`},
	{"every audit row of a commitment has its commitment", `SELECT count(*) FROM audit_log a
		WHERE a.action = 'commitment.create' AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.id::text = a.entity_id)`},
	{"every commitment made for someone else has exactly one request DM queued", `SELECT count(*) FROM commitments c
		WHERE c.acceptance = 'pending' AND (SELECT count(*) FROM outbox o
			WHERE o.team_id = c.team_id AND o.dedupe_key = 'proxy:' || c.id) <> 1`},
	{"every queued request DM is linked to its commitment", `SELECT count(*) FROM outbox o
		WHERE o.dedupe_key LIKE 'proxy:%' AND NOT EXISTS (SELECT 1 FROM commitment_messages m
			WHERE m.team_id = o.team_id AND m.dedupe_key = o.dedupe_key AND 'proxy:' || m.commitment_id = o.dedupe_key)`},
	{"every outbox row is sent", `SELECT count(*) FROM outbox WHERE status <> 'sent'`},
}

// checkInvariants fails the test for every broken invariant.
func checkInvariants(t *testing.T, st *store.Store, rules []invariant) {
	t.Helper()
	for _, inv := range rules {
		var n int
		if err := st.DB().GetContext(t.Context(), &n, inv.query); err != nil {
			t.Errorf("%s: %v", inv.rule, err)
			continue
		}
		if n != 0 {
			t.Errorf("broken: %s (%d rows)", inv.rule, n)
		}
	}
}

// duplicates lists the texts recorded more than once.
func duplicates(counts map[string]int) []string {
	var dup []string
	for text, n := range counts {
		if n > 1 {
			dup = append(dup, fmt.Sprintf("%q ×%d", text, n))
		}
	}
	return dup
}
