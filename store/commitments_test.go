package store_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/store"
	"github.com/backbone-coalition/backbone/store/storetest"
)

const team = "T1"

var now = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// commitBundle is a database with two members, a working group and an
// open meeting.
type commitBundle struct {
	st      *store.Store
	group   store.WorkingGroup
	meeting store.Meeting
}

func setupCommitments(t *testing.T) commitBundle {
	t.Helper()
	st := store.New(storetest.NewDB(t))
	var b commitBundle
	b.st = st
	err := st.InTx(t.Context(), func(tx *store.Tx) error {
		for _, id := range []string{"U1", "U2"} {
			if _, err := tx.SaveProfile(t.Context(), store.Profile{TeamID: team, UserID: id, DisplayName: id, TZ: "UTC"}, store.RolePartner, now); err != nil {
				return err
			}
		}
		var err error
		if b.group, err = tx.AddGroup(t.Context(), store.WorkingGroup{TeamID: team, Name: "Youth", ChannelID: "C1", LeadUserID: "U2"}); err != nil {
			return err
		}
		b.meeting, err = tx.StartMeeting(t.Context(), store.Meeting{TeamID: team, GroupID: b.group.ID, ChannelID: "C1", Title: "Nov", StartedBy: "U2", StartedAt: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func day(d int) *time.Time {
	t := time.Date(2026, 11, 23+d, 0, 0, 0, 0, time.UTC)
	return &t
}

func (b commitBundle) add(t *testing.T, c store.Commitment) store.Commitment {
	t.Helper()
	c.TeamID, c.CreatedAt = team, now
	if c.CreatedBy == "" {
		c.CreatedBy = c.OwnerID
	}
	if c.Acceptance == "" {
		c.Acceptance = store.AcceptanceAccepted
	}
	var out store.Commitment
	err := b.st.InTx(t.Context(), func(tx *store.Tx) (err error) {
		out, err = tx.AddCommitment(t.Context(), c)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func texts(cs []store.Commitment) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return out
}

func TestCommitmentFilters(t *testing.T) {
	t.Parallel()
	b := setupCommitments(t)
	ctx := t.Context()
	late := b.add(t, store.Commitment{OwnerID: "U1", Text: "late", Due: day(-2), GroupID: &b.group.ID, MeetingID: &b.meeting.ID})
	b.add(t, store.Commitment{OwnerID: "U1", Text: "undated"})
	b.add(t, store.Commitment{OwnerID: "U2", Text: "soon", Due: day(3), GroupID: &b.group.ID, CreatedBy: "U1"})
	if late.GroupName != "Youth" || late.GroupLead != "U2" || late.GroupChannel != "C1" || late.Due.Format(time.DateOnly) != "2026-11-21" {
		t.Errorf("stored commitment %+v", late)
	}
	open, u1 := store.StatusOpen, "U1"
	tests := []struct {
		name string
		f    store.CommitmentFilter
		want []string
	}{
		{"all by due date, no date last", store.CommitmentFilter{}, []string{"late", "soon", "undated"}},
		{"owner", store.CommitmentFilter{OwnerID: &u1, Status: &open}, []string{"late", "undated"}},
		{"group", store.CommitmentFilter{GroupID: &b.group.ID}, []string{"late", "soon"}},
		{"meeting", store.CommitmentFilter{MeetingID: &b.meeting.ID}, []string{"late"}},
		{"overdue", store.CommitmentFilter{DueBefore: day(0)}, []string{"late"}},
		{"made by", store.CommitmentFilter{CreatedBy: &u1, NewestFirst: true}, []string{"soon", "undated", "late"}},
		{"ids", store.CommitmentFilter{IDs: []int64{late.ID}}, []string{"late"}},
		{"no ids", store.CommitmentFilter{IDs: []int64{}}, nil},
		{"limit", store.CommitmentFilter{Limit: 2}, []string{"late", "soon"}},
	}
	for _, tt := range tests {
		cs, err := b.st.Commitments(ctx, team, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := texts(cs); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
		n, err := b.st.CountCommitments(ctx, team, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if tt.f.Limit == 0 && n != len(tt.want) {
			t.Errorf("%s: count %d, want %d", tt.name, n, len(tt.want))
		}
	}
	if n, _ := b.st.CountCommitments(ctx, "T2", store.CommitmentFilter{}); n != 0 {
		t.Errorf("another team sees %d commitments", n)
	}
}

func TestCommitmentHistoryIsAppendOnly(t *testing.T) {
	t.Parallel()
	b := setupCommitments(t)
	ctx := t.Context()
	c := b.add(t, store.Commitment{OwnerID: "U1", Text: "Send flyers", Due: day(4)})
	err := b.st.InTx(ctx, func(tx *store.Tx) error {
		locked, err := tx.LockCommitment(ctx, team, c.ID)
		if err != nil {
			return err
		}
		locked.Status, locked.CompletedAt = store.StatusDone, &now
		if err := tx.SaveCommitmentState(ctx, locked, now); err != nil {
			return err
		}
		_, err = tx.AddCommitmentEvent(ctx, store.CommitmentEvent{TeamID: team, CommitmentID: c.ID, Actor: "U1", Kind: store.EventDone, Note: "all 10", At: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	es, err := b.st.CommitmentEvents(ctx, team, c.ID)
	if err != nil || len(es) != 1 || es[0].Note != "all 10" {
		t.Fatalf("history %+v, %v", es, err)
	}
	if _, err := b.st.DB().ExecContext(ctx, `UPDATE commitment_events SET note = 'rewritten'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("history was rewritten: %v", err)
	}
	if _, err := b.st.DB().ExecContext(ctx, `DELETE FROM commitment_events`); err == nil {
		t.Error("history was deleted")
	}
	got, err := b.st.Commitment(ctx, team, c.ID)
	if err != nil || got.Status != store.StatusDone || got.CompletedAt == nil {
		t.Errorf("after done: %+v %v", got, err)
	}
	if _, err := b.st.Commitment(ctx, "T2", c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another team reads it: %v", err)
	}
}

func TestCommitmentConstraints(t *testing.T) {
	t.Parallel()
	b := setupCommitments(t)
	ctx := t.Context()
	for name, q := range map[string]string{
		"text too long":     `INSERT INTO commitments (team_id, owner_id, text, created_by) VALUES ('T1', 'U1', repeat('x', 501), 'U1')`,
		"empty text":        `INSERT INTO commitments (team_id, owner_id, text, created_by) VALUES ('T1', 'U1', '', 'U1')`,
		"unknown owner":     `INSERT INTO commitments (team_id, owner_id, text, created_by) VALUES ('T1', 'U9', 'x', 'U1')`,
		"done without time": `INSERT INTO commitments (team_id, owner_id, text, created_by, status) VALUES ('T1', 'U1', 'x', 'U1', 'done')`,
		"declined but open": `INSERT INTO commitments (team_id, owner_id, text, created_by, acceptance) VALUES ('T1', 'U1', 'x', 'U1', 'declined')`,
		"bad health":        `INSERT INTO commitments (team_id, owner_id, text, created_by, health) VALUES ('T1', 'U1', 'x', 'U1', 'fine')`,
	} {
		if _, err := b.st.DB().ExecContext(ctx, q); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestMeetings(t *testing.T) {
	t.Parallel()
	b := setupCommitments(t)
	ctx := t.Context()
	err := b.st.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.StartMeeting(ctx, store.Meeting{TeamID: team, GroupID: b.group.ID, ChannelID: "C1", StartedBy: "U1", StartedAt: now})
		return err
	})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("second open meeting in a channel: %v", err)
	}
	open, err := b.st.OpenMeeting(ctx, team, "C1")
	if err != nil || open.ID != b.meeting.ID {
		t.Fatalf("open meeting %+v %v", open, err)
	}
	end := func() (store.Meeting, error) {
		var m store.Meeting
		err := b.st.InTx(ctx, func(tx *store.Tx) (err error) {
			m, err = tx.EndMeeting(ctx, open.ID, "U2", now.Add(time.Hour), day(22))
			return err
		})
		return m, err
	}
	m, err := end()
	if err != nil || m.EndedAt == nil || m.EndedBy != "U2" || m.NextMeeting.Format(time.DateOnly) != "2026-12-15" {
		t.Errorf("ended meeting %+v %v", m, err)
	}
	if _, err := end(); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ending twice: %v", err)
	}
	if _, err := b.st.OpenMeeting(ctx, team, "C1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("meeting still open: %v", err)
	}
}

func TestSentMessageByTS(t *testing.T) {
	t.Parallel()
	b := setupCommitments(t)
	ctx := t.Context()
	c1 := b.add(t, store.Commitment{OwnerID: "U1", Text: "one"})
	c2 := b.add(t, store.Commitment{OwnerID: "U1", Text: "two"})
	payload := func(text string) json.RawMessage { return json.RawMessage(fmt.Sprintf(`{"text":%q}`, text)) }
	send := func(key, method, channel, text, ts string, ids []int64) {
		t.Helper()
		err := b.st.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Enqueue(ctx, store.OutboxMessage{TeamID: team, DedupeKey: key, Method: method, Channel: channel, Payload: payload(text)}); err != nil {
				return err
			}
			if ids == nil {
				return nil
			}
			return tx.LinkMessage(ctx, team, key, ids)
		})
		if err != nil {
			t.Fatal(err)
		}
		st, err := b.st.OutboxByKey(ctx, team, key)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.st.MarkOutboxSent(ctx, st.ID, "", ts, now); err != nil {
			t.Fatal(err)
		}
	}
	send("reminder:U1", store.MethodPostMessage, "U1", "first", "100.1", []int64{c2.ID, c1.ID})
	if _, err := b.st.SentMessageByTS(ctx, team, "100.1", []string{"D1"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("found in the wrong channel: %v", err)
	}
	send("redraw:100.1:1", store.MethodUpdate, "D1", "second", "100.1", nil)
	m, err := b.st.SentMessageByTS(ctx, team, "100.1", []string{"D1", "U1"})
	if err != nil {
		t.Fatal(err)
	}
	if m.DedupeKey != "reminder:U1" || !slices.Equal([]int64(m.CommitmentIDs), []int64{c2.ID, c1.ID}) || !strings.Contains(string(m.Payload), "second") {
		t.Errorf("sent message %+v", m)
	}
	if _, err := b.st.SentMessageByTS(ctx, team, "999.9", []string{"D1", "U1"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown ts: %v", err)
	}
}
