package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/backbone-coalition/backbone/bot"
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
// with one audit entry. The newcomer's row is held locked until as many
// wait for it as handlers may run at once (bot.MaxWork), so they have all
// read "no partner yet" before any writes.
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
	// At most bot.MaxWork handlers run at once; the others wait their turn.
	held.waitWaiters(t, min(20, bot.MaxWork))
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

// confirmRequest waits for the DM asking user to confirm the newcomer's
// link to partner, with its buttons.
func (h *harness) confirmRequest(user, partner string) slacktest.Message {
	h.t.Helper()
	ctx, cancel := h.timeout()
	defer cancel()
	m, err := h.waitNew(ctx, 0, func(m slacktest.Message) bool {
		return !m.ViaResponseURL && m.User == user && strings.Contains(m.Text, partner) && strings.Contains(string(m.Blocks), "Not ours")
	})
	if err != nil {
		h.t.Fatalf("no request to %s to confirm a link to %s: %v", user, partner, err)
	}
	return m
}

// click presses the button labelled label in message m, as user, and
// waits until the bot has handled it.
func (h *harness) click(user string, m slacktest.Message, label string) {
	h.t.Helper()
	if err := h.press(user, m, label); err != nil {
		h.t.Fatal(err)
	}
}

// press is click for other goroutines than the test's: it returns its
// error.
func (h *harness) press(user string, m slacktest.Message, label string) error {
	var blocks any
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		return err
	}
	id, value := findButton(blocks, label)
	if id == "" {
		return fmt.Errorf("no %s button in %s", label, m.Blocks)
	}
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: user, ChannelID: m.Channel, MessageTS: m.TS, ActionID: id, Value: value}); err != nil {
		return err
	}
	return h.bot.WaitIdle(ctx)
}

// auditCount counts the audit entries of action about the newcomer.
func auditCount(t *testing.T, h *harness, action string) int {
	t.Helper()
	return countRows(t, h, "audit_log WHERE entity_id = '"+newcomerID+"' AND action = '"+action+"'")
}

// TestSelfClaimedLinkWaitsForConfirmation: a newcomer who says they are
// with Orange PD cannot report its figures — by command, form or button —
// until backbone staff or a confirmed member of Orange PD confirms; the
// request reaches exactly those people; staff see it waiting; a second
// click says it was handled.
func TestSelfClaimedLinkWaitsForConfirmation(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	h.defineIndicator(bingeSpec())
	addNewcomer(h)
	reply := h.command(newcomerID, generalID, "/coalition", `me partner="`+orangePD+`"`)
	mustContain(t, reply, orangePD, "waiting for confirmation", "<@U0STEER>")

	toStaff := h.confirmRequest(adminID, orangePD)
	toMember := h.confirmRequest(steeringID, orangePD)
	mustContain(t, flatten(toMember), "<@U0NEWBIE>", "Confirm", "Not ours")
	for _, m := range h.slack.Messages() {
		if (m.User == partnerID || m.User == leadID || m.User == newcomerID) && strings.Contains(string(m.Blocks), "Not ours") {
			t.Errorf("%s, who is neither staff nor with %s, was asked to confirm: %s", m.User, orangePD, m.Text)
		}
	}

	// While pending: no figure for Orange PD, however asked for.
	reports := reportRows(t, h)
	views := len(h.slack.Views())
	for _, text := range []string{"youth-binge-drinking 18.5% 2026-Q3 town=Orange", "", `partner="` + orangePD + `"`,
		`youth-binge-drinking 18.5% 2026-Q3 partner="` + orangePD + `"`} {
		got := h.command(newcomerID, generalID, "/report", text)
		mustContain(t, got, "waiting for confirmation", "backbone staff", "<@U0STEER>", "Confirm")
	}
	ctx, cancel := h.timeout()
	defer cancel()
	if _, err := h.slack.AppHomeOpened(ctx, steeringID); err != nil {
		t.Fatal(err)
	}
	var home slacktest.View
	waitFor(t, func() bool {
		v, ok := h.slack.HomeView(steeringID)
		home = v
		return ok && strings.Contains(string(v.Blocks), "Report now")
	})
	var homeBlocks any
	_ = json.Unmarshal(home.Blocks, &homeBlocks)
	id, value := findButton(homeBlocks, "Report now")
	if _, err := h.slack.BlockAction(ctx, slacktest.BlockActionReq{UserID: newcomerID, ViewID: home.ID, ActionID: id, Value: value}); err != nil {
		t.Fatal(err)
	}
	h.waitDM(newcomerID, "waiting for confirmation")
	if reportRows(t, h) != reports {
		t.Error("a pending member recorded a figure")
	}
	for _, v := range h.slack.Views()[views:] {
		if v.UserID == newcomerID && v.CallbackID == "report:form" {
			t.Error("a pending member got the report form")
		}
	}
	// What does not speak for the partner still works.
	mustContain(t, h.command(newcomerID, generalID, "/commit", "Send flyers to the middle schools by Friday"), "will send flyers")

	// Staff see it waiting.
	mustContain(t, h.command(adminID, generalID, "/backbone", "member pending"), "<@U0NEWBIE>", orangePD)
	mustContain(t, h.command(adminID, generalID, "/backbone", "member list"), "<@U0NEWBIE>", "waiting for confirmation")
	mustContain(t, h.command(adminID, generalID, "/backbone", "help"), "member pending")
	if _, err := h.slack.AppHomeOpened(ctx, adminID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		v, ok := h.slack.HomeView(adminID)
		return ok && strings.Contains(flatten(slacktest.Message{Blocks: v.Blocks}), "<@U0NEWBIE> says they are with *"+orangePD)
	})

	// A confirmed member of Orange PD confirms; a stale click changes nothing.
	h.click(steeringID, toMember, "Confirm")
	h.waitDM(newcomerID, "confirmed")
	if got, _ := h.slack.LatestMessage(toMember.Channel, toMember.TS); strings.Contains(string(got.Blocks), "Not ours") || !strings.Contains(flatten(got), "<@U0STEER>") {
		t.Errorf("the confirmer's message still offers the buttons or does not say who confirmed: %s", flatten(got))
	}
	// The other confirmers' requests follow, without their buttons.
	waitFor(t, func() bool {
		got, _ := h.slack.LatestMessage(toStaff.Channel, toStaff.TS)
		return got.Updated && !strings.Contains(string(got.Blocks), "Not ours") && strings.Contains(flatten(got), "<@U0STEER> confirmed")
	})
	if n := auditCount(t, h, "member.partner.confirm"); n != 1 {
		t.Errorf("%d member.partner.confirm audit entries, want 1", n)
	}
	mustContain(t, h.command(newcomerID, generalID, "/report", "youth-binge-drinking 18.5% 2026-Q3 town=Orange"), "✅ Recorded")
	if reportRows(t, h) != reports+1 {
		t.Error("the confirmed member's figure was not recorded")
	}
	if strings.Contains(h.command(adminID, generalID, "/backbone", "member pending"), "<@U0NEWBIE>") {
		t.Error("a confirmed link is still listed as pending")
	}
}

// TestConfirmAndNotOursRace: staff click Not ours while Orange PD's member
// clicks Confirm, each twice, at once: one decision wins, with one audit
// entry, and the requester hears it. A click by someone of another
// partner decides nothing.
func TestConfirmAndNotOursRace(t *testing.T) {
	t.Parallel()
	h := indicatorSetup(t)
	addNewcomer(h)
	h.command(newcomerID, generalID, "/coalition", `me partner="`+orangePD+`"`)
	toStaff := h.confirmRequest(adminID, orangePD)
	toMember := h.confirmRequest(steeringID, orangePD)

	before := snapshot(t, h, "members", "audit_log")
	h.click(partnerID, toMember, "Confirm") // Greenfield's member, on a forged click
	if after := snapshot(t, h, "members", "audit_log"); !reflect.DeepEqual(before, after) {
		t.Error("someone of another partner decided the link")
	}

	var wg sync.WaitGroup
	for _, c := range []struct {
		user  string
		m     slacktest.Message
		label string
	}{{adminID, toStaff, "Not ours"}, {steeringID, toMember, "Confirm"}, {adminID, toStaff, "Not ours"}, {steeringID, toMember, "Confirm"}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h.press(c.user, c.m, c.label); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	confirmed, rejected := auditCount(t, h, "member.partner.confirm"), auditCount(t, h, "member.partner.reject")
	if confirmed+rejected != 1 {
		t.Fatalf("%d confirmations and %d refusals recorded, want one decision", confirmed, rejected)
	}
	var partner *int64
	if err := h.store.DB().Get(&partner, "SELECT partner_id FROM members WHERE user_id = $1", newcomerID); err != nil {
		t.Fatal(err)
	}
	if rejected == 1 {
		if partner != nil {
			t.Error("Not ours left the newcomer linked")
		}
		h.waitDM(newcomerID, "not with")
	} else {
		if partner == nil {
			t.Error("Confirm unlinked the newcomer")
		}
		h.waitDM(newcomerID, "confirmed")
	}
}
