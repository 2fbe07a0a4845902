package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/backbone-coalition/backbone/bot/slacktest"
	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

// newcomerID is someone who has just joined the workspace: no partner yet.
const newcomerID = "U0NEWBIE"

// addNewcomer registers the newcomer with the fake Slack.
func addNewcomer(h *harness) {
	h.slack.AddUser(slacktest.User{ID: newcomerID, Name: "nia", RealName: "Nia Newcomer", TZ: "America/Chicago", TZOffset: -21600})
}

// welcomeDM makes the newcomer join a working group's channel and returns
// the welcome DM, with its partner picker.
func (h *harness) welcomeDM(user string) slacktest.Message {
	h.t.Helper()
	h.command(adminID, generalID, "/backbone", `group add "Youth recognition" <#C0YOUTH> lead=<@U0LEAD>`)
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.MemberJoined(ctx, user, youthID); err != nil {
		h.t.Fatal(err)
	}
	m, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return m.User == user && strings.Contains(m.Text, "Welcome to Youth recognition")
	})
	if err != nil {
		h.t.Fatalf("no welcome DM: %v", err)
	}
	return m
}

// heldRow is a row locked from a database handle of the test's own, so the
// bot's pool stays whole for the requests that wait for it.
type heldRow struct {
	db      *sqlx.DB
	release func()
}

// holdRow locks the rows query selects until release is called.
func holdRow(t *testing.T, dbURL, query string, args ...any) heldRow {
	t.Helper()
	db, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(query+" FOR UPDATE", args...); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release := func() { once.Do(func() { _ = tx.Rollback() }) }
	t.Cleanup(func() { release(); db.Close() })
	return heldRow{db: db, release: release}
}

// waitWaiters waits until n sessions wait for a lock.
func (r heldRow) waitWaiters(t *testing.T, n int) {
	t.Helper()
	waitFor(t, func() bool {
		var waiting int
		err := r.db.Get(&waiting, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`)
		return err == nil && waiting >= n
	})
}

// TestSelfLinkHappensOnce: twenty requests to link the same newcomer, sent
// at once through the fake Slack — /coalition me and the welcome DM's
// partner picker, naming two partners — link them once, to one partner,
// with one audit entry. The newcomer's row is held locked until all twenty
// wait for it, so every request has read "no partner yet" before any
// writes.
func TestSelfLinkHappensOnce(t *testing.T) {
	t.Parallel()
	dbURL := storetest.NewURL(t)
	h := indicatorSetup(t, func(o *harnessOptions) { o.dbURL = dbURL })
	addNewcomer(h)
	welcome := h.welcomeDM(newcomerID)
	held := holdRow(t, dbURL, "SELECT 1 FROM members WHERE user_id = $1", newcomerID)
	var blocks []map[string]any
	if err := json.Unmarshal(welcome.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	names := []string{greenfield, orangePD}
	values := []string{findOptionValue(blocks, greenfield), findOptionValue(blocks, orangePD)}
	ctx, cancel := h.timeout()
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if i%2 == 0 {
				_, err = h.slack.SlashCommand(ctx, slacktest.Slash{UserID: newcomerID, ChannelID: generalID, Command: "/coalition",
					Text: `me partner="` + names[i/2%2] + `"`})
			} else {
				_, err = h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: newcomerID, ChannelID: welcome.Channel, MessageTS: welcome.TS,
					ActionID: "onboarding:partner", SelectedOption: values[i/2%2]})
			}
			errs <- err
		}()
	}
	held.waitWaiters(t, 20)
	held.release()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := h.bot.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	var audits []struct {
		Before *string `db:"before_partner"`
		After  string  `db:"after_partner"`
	}
	if err := h.store.DB().Select(&audits, `SELECT before->>'partner_id' AS before_partner, after->>'partner' AS after_partner FROM audit_log
		WHERE action = 'member.partner' AND entity_id = $1`, newcomerID); err != nil {
		t.Fatal(err)
	}
	var linked []string
	if err := h.store.DB().Select(&linked, `SELECT p.name FROM members m JOIN partners p ON p.id = m.partner_id
		WHERE m.user_id = $1`, newcomerID); err != nil {
		t.Fatal(err)
	}
	if len(audits) != 1 || len(linked) != 1 {
		t.Fatalf("%d member.partner audit entries and links %v, want 1 and 1: %v", len(audits), linked, audits)
	}
	if audits[0].After != linked[0] || audits[0].Before != nil {
		t.Errorf("the audit entry does not record the link from none to %s:\n%+v", linked[0], audits[0])
	}
}
