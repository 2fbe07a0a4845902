package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backbone-coalition/backbone/bot/slacktest"
)

// TestHostileInput sends every case of the hostile corpus through HTTP mode
// (signed) and through Socket Mode, one at a time, and checks after each
// that the bot survived, answered as the case expects, changed nothing in
// the database (unless the input was valid), and sent no unescaped markup.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	cases := readHostile(t)
	for _, transport := range []string{"http", "socket"} {
		t.Run(transport, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			h := setup(t, func(o *harnessOptions) { o.hostile = true })
			r := &hostileRun{t: t, h: h, transport: transport, fx: seedHostile(t, h), counts: map[string]int{}}
			r.tables = r.tableNames()
			for _, c := range cases {
				if c.Only == "" || c.Only == transport {
					r.run(c)
				}
			}
			mustContain(t, h.command(partnerID, generalID, "/coalition", "help"), "/coalition")
			if logs := h.logs.String(); strings.Contains(logs, "panic") {
				t.Errorf("the bot panicked on hostile input:\n%s", grepLines(logs, "panic"))
			}
			t.Logf("%s: %d hostile requests in %v; by class and outcome: %s", transport, r.total, time.Since(start).Round(time.Millisecond), r.summary())
		})
	}
}

// hostileRun sends cases through one transport of one harness.
type hostileRun struct {
	t         *testing.T
	h         *harness
	transport string
	fx        map[string]string // placeholder values
	tables    []string
	events    int
	total     int
	counts    map[string]int // class/expect → cases
}

func (r *hostileRun) run(c hostileCase) {
	t, h := r.t, r.h
	t.Helper()
	r.total++
	expect := c.expect(r.transport)
	r.counts[c.Class+"/"+expect]++
	before := r.hashes()
	msgs0, viol0, outbox0 := len(h.slack.Messages()), len(h.slack.Violations()), r.outboxMax()
	storedBefore := r.storedCount(c.Stored)
	ctx, cancel := context.WithTimeout(h.ctx, 20*time.Second)
	defer cancel()
	res, err := r.send(ctx, c)
	if err != nil {
		t.Errorf("%s: %v", c.ID, err)
		return
	}
	if err := h.bot.WaitIdle(ctx); err != nil {
		t.Fatalf("%s: the bot never finished: %v", c.ID, err)
	}
	r.checkOutbox(ctx, c, outbox0)
	changed := changedTables(before, r.hashes())
	msgs := h.slack.Messages()[msgs0:]
	if v := h.slack.Violations(); len(v) > viol0 {
		t.Errorf("%s: Slack protocol or Block Kit violations: %v", c.ID, v[viol0:])
	}
	for _, m := range msgs {
		if bad := unescapedMarkup(m); bad != "" {
			t.Errorf("%s: a message carries unescaped %q: %s", c.ID, bad, m.Text)
		}
	}
	switch expect {
	case "stored":
		r.checkStored(c, res, changed, storedBefore)
	case "accepted":
		if len(changed) == 0 {
			r.checkAcked(c, res, expect)
			r.checkReply(c, res, msgs)
		} else {
			r.checkStored(c, res, changed, storedBefore)
		}
	case "4xx":
		if r.transport == "http" && (res.status < 400 || res.status > 499) {
			t.Errorf("%s: status %d, want 4xx", c.ID, res.status)
		}
		r.checkUnchanged(c, changed, msgs)
		if len(msgs) > 0 {
			t.Errorf("%s: a refused request got an answer: %q", c.ID, msgs[0].Text)
		}
	case "newcomer":
		r.checkAcked(c, res, expect)
		for _, tbl := range changed {
			if tbl != "members" && tbl != "audit_log" && tbl != "slack_profiles" { // users.info's answer is kept
				t.Errorf("%s: a newcomer's request changed %s", c.ID, tbl)
			}
		}
	case "reply", "quiet", "noack":
		r.checkAcked(c, res, expect)
		r.checkUnchanged(c, changed, msgs)
		if expect == "reply" {
			r.checkReply(c, res, msgs)
		}
	default:
		t.Errorf("%s: unknown expectation %q", c.ID, expect)
	}
}

// sent is what the transport answered.
type sent struct {
	status int    // HTTP status
	acked  bool   // Socket Mode ack received
	body   string // HTTP body or ack payload
}

func (r *hostileRun) checkAcked(c hostileCase, res sent, expect string) {
	switch {
	case r.transport == "http" && res.status != http.StatusOK:
		r.t.Errorf("%s: status %d, want 200 (%s)", c.ID, res.status, strings.TrimSpace(res.body))
	case r.transport == "socket" && expect != "noack" && !res.acked:
		r.t.Errorf("%s: envelope never acked", c.ID)
	}
}

// checkUnchanged: nothing stored, and nothing anyone but the actor sees.
func (r *hostileRun) checkUnchanged(c hostileCase, changed []string, msgs []slacktest.Message) {
	if len(changed) > 0 {
		r.t.Errorf("%s: refused input changed tables %v", c.ID, changed)
	}
	for _, m := range msgs {
		if !r.private(m, c.Actor) {
			r.t.Errorf("%s: refused input posted where others see it (%s in %s): %q", c.ID, m.Method, m.Channel, m.Text)
		}
	}
}

// private reports whether only actor sees m: an ephemeral answer or a DM.
func (r *hostileRun) private(m slacktest.Message, actor string) bool {
	// A response_url answers the actor's own request: ephemeral, or in place
	// of the message the (forged) click came from.
	if m.ViaResponseURL {
		return m.Updated || !m.InChannel
	}
	return m.User == actor && !m.InChannel && (m.Ephemeral || m.Channel == r.h.slack.DMChannel(actor))
}

// checkReply: the actor was told, in words other than the generic error.
func (r *hostileRun) checkReply(c hostileCase, res sent, msgs []slacktest.Message) {
	if strings.Contains(res.body, `"response_action":"errors"`) {
		return
	}
	var texts []string
	for _, m := range msgs {
		if r.private(m, c.Actor) {
			texts = append(texts, flatten(m))
		}
	}
	switch {
	case len(texts) == 0:
		r.t.Errorf("%s: no answer to the actor", c.ID)
	case strings.Contains(strings.Join(texts, "\n"), "Something went wrong"):
		r.t.Errorf("%s: answered with the generic error instead of saying what to type: %s", c.ID, texts[0])
	}
}

// storedTables may change when a valid input is stored, besides its own.
var storedTables = []string{"audit_log", "commitment_events", "commitment_messages", "shoutout_credits", "members"}

// derivedTables are kept by triggers on a stored case's own table: a new
// report updates the coalition's figures (coalition_figures), and nothing
// else may.
var derivedTables = map[string][]string{"reports": {"coalition_figures"}}

func (r *hostileRun) checkStored(c hostileCase, res sent, changed []string, before int) {
	r.checkAcked(c, res, "stored")
	for _, tbl := range changed {
		if tbl != c.Stored.Table && !slices.Contains(storedTables, tbl) && !slices.Contains(derivedTables[c.Stored.Table], tbl) {
			r.t.Errorf("%s: valid input changed table %s too", c.ID, tbl)
		}
	}
	if after := r.storedCount(c.Stored); c.Stored.Want != "" && after != before+1 {
		r.t.Errorf("%s: %d new rows of %s with %s containing %q, want 1 (changed: %v)", c.ID, after-before, c.Stored.Table, c.Stored.Column, c.Stored.Want, changed)
	}
}

// storedTargets lists where a stored case may land; the corpus names them.
var storedTargets = map[string]bool{"commitments.text": true, "shoutouts.message": true, "partners.name": true,
	"members.user_id": true, "working_groups.purpose": true, "reports.note": true}

func (r *hostileRun) storedCount(s *storedAt) int {
	if s == nil {
		return 0
	}
	if !storedTargets[s.Table+"."+s.Column] {
		r.t.Fatalf("the corpus names an unknown place %s.%s", s.Table, s.Column)
	}
	var n int
	// lower: /commit lowers a sentence's first letter ("Robert" → "robert").
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE strpos(lower(%s), lower($1)) > 0", s.Table, s.Column)
	if err := r.h.store.DB().Get(&n, q, s.Want); err != nil {
		r.t.Fatalf("count %s: %v", s.Table, err)
	}
	return n
}

// checkOutbox: what a refused input queues may only go to the actor; wait
// for the worker to deliver whatever was queued.
func (r *hostileRun) checkOutbox(ctx context.Context, c hostileCase, after int64) {
	var rows []struct {
		Channel string `db:"channel"`
		Method  string `db:"method"`
	}
	if err := r.h.store.DB().Select(&rows, "SELECT channel, method FROM outbox WHERE id > $1", after); err != nil {
		r.t.Fatal(err)
	}
	if len(rows) == 0 {
		return
	}
	for _, row := range rows {
		if c.Expect != "stored" && c.Expect != "accepted" && row.Channel != c.Actor && row.Method != "chat.postEphemeral" {
			r.t.Errorf("%s: refused input queued a %s to %s", c.ID, row.Method, row.Channel)
		}
	}
	for {
		var pending int
		if err := r.h.store.DB().Get(&pending, "SELECT count(*) FROM outbox WHERE status = 'pending'"); err != nil {
			r.t.Fatal(err)
		}
		if pending == 0 {
			return
		}
		select {
		case <-ctx.Done():
			r.t.Fatalf("%s: the outbox never drained", c.ID)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (r *hostileRun) outboxMax() int64 {
	var id int64
	if err := r.h.store.DB().Get(&id, "SELECT coalesce(max(id), 0) FROM outbox"); err != nil {
		r.t.Fatal(err)
	}
	return id
}

// tableNames lists every table but goose's ledger and the two the bot
// changes by design on any request: slack_events (the event_id ledger,
// checked apart) and outbox (replies to the actor, checked apart).
func (r *hostileRun) tableNames() []string {
	var names []string
	err := r.h.store.DB().Select(&names, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
		  AND table_name NOT IN ('goose_db_version', 'slack_events', 'outbox') ORDER BY 1`)
	if err != nil || len(names) < 10 {
		r.t.Fatalf("list tables: %v %v", names, err)
	}
	return names
}

// hashes is an md5 of every row of every table, by table.
func (r *hostileRun) hashes() map[string]string {
	parts := make([]string, len(r.tables))
	for i, tbl := range r.tables {
		parts[i] = fmt.Sprintf("SELECT '%s' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM %s x", tbl, tbl)
	}
	var rows []struct {
		T string `db:"t"`
		H string `db:"h"`
	}
	if err := r.h.store.DB().Select(&rows, strings.Join(parts, " UNION ALL ")); err != nil {
		r.t.Fatalf("hash tables: %v", err)
	}
	out := make(map[string]string, len(rows))
	for _, row := range rows {
		out[row.T] = row.H
	}
	return out
}

func changedTables(before, after map[string]string) []string {
	var out []string
	for tbl, h := range after {
		if before[tbl] != h {
			out = append(out, tbl)
		}
	}
	sort.Strings(out)
	return out
}

// rawMarkup is Slack markup a user's text must never smuggle into mrkdwn.
// (User and channel mentions a user typed are kept on purpose.)
var rawMarkup = regexp.MustCompile(`<!(channel|here|everyone|subteam)|<https?://evil|<b>|<script`)

// unescapedMarkup returns the first raw markup in m's mrkdwn, if any.
func unescapedMarkup(m slacktest.Message) string {
	texts := []string{m.Text}
	var blocks any
	if json.Unmarshal(m.Blocks, &blocks) == nil {
		texts = append(texts, mrkdwnTexts(blocks)...)
	}
	for _, s := range texts {
		if bad := rawMarkup.FindString(s); bad != "" {
			return bad
		}
	}
	return ""
}

// mrkdwnTexts collects the text of every mrkdwn text object; plain_text is
// shown as typed, so markup there is harmless.
func mrkdwnTexts(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["text"].(string); ok && x["type"] == "mrkdwn" {
			out = append(out, s)
		}
		for _, c := range x {
			out = append(out, mrkdwnTexts(c)...)
		}
	case []any:
		for _, c := range x {
			out = append(out, mrkdwnTexts(c)...)
		}
	}
	return out
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func (r *hostileRun) summary() string {
	keys := make([]string, 0, len(r.counts))
	for k := range r.counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, r.counts[k])
	}
	return strings.Join(parts, " ")
}

// expand fills in a case's placeholders.
func (r *hostileRun) expand(s, actor, channel string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	s = bigPlaceholder.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.Atoi(bigPlaceholder.FindStringSubmatch(m)[1])
		return strings.Repeat("A", n)
	})
	s = repeatPlaceholder.ReplaceAllStringFunc(s, func(m string) string {
		sub := repeatPlaceholder.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[1])
		return strings.Repeat(sub[2], n)
	})
	for k, v := range r.fx {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	for strings.Contains(s, "{{event_id}}") {
		r.events++
		s = strings.Replace(s, "{{event_id}}", fmt.Sprintf("Ev0HOSTILE%06d", r.events), 1)
	}
	if strings.Contains(s, "{{response_url}}") {
		s = strings.ReplaceAll(s, "{{response_url}}", r.h.slack.NewResponseURL(channel, actor))
	}
	if strings.Contains(s, "{{trigger_id}}") {
		s = strings.ReplaceAll(s, "{{trigger_id}}", r.h.slack.NewTriggerID(actor))
	}
	return strings.ReplaceAll(s, "{{0xff}}", "\xff")
}

var (
	bigPlaceholder    = regexp.MustCompile(`\{\{big:(\d+)\}\}`)
	repeatPlaceholder = regexp.MustCompile(`\{\{repeat:(\d+):(.*?)\}\}`)
)

func (r *hostileRun) send(ctx context.Context, c hostileCase) (sent, error) {
	switch c.Kind {
	case "slash":
		return r.sendSlash(ctx, c)
	case "interactive":
		p := r.expand(c.Payload, c.Actor, generalID)
		if r.transport == "socket" {
			return r.envelope(ctx, "interactive", p)
		}
		return r.post(ctx, "/slack/interactive", "application/x-www-form-urlencoded", url.Values{"payload": {p}}.Encode())
	case "event":
		p := r.expand(c.Payload, c.Actor, generalID)
		if r.transport == "socket" {
			return r.envelope(ctx, "events_api", p)
		}
		return r.post(ctx, "/slack/events", "application/json", p)
	case "http":
		return r.post(ctx, c.Path, c.ContentType, r.expand(c.Body, c.Actor, generalID))
	case "socket":
		if c.Body != "" {
			return sent{}, r.h.slack.SendFrame(ctx, []byte(r.expand(c.Body, c.Actor, generalID)))
		}
		return r.envelope(ctx, c.EnvType, r.expand(c.Payload, c.Actor, generalID))
	}
	return sent{}, fmt.Errorf("unknown kind %q", c.Kind)
}

func (r *hostileRun) sendSlash(ctx context.Context, c hostileCase) (sent, error) {
	channel := r.expand(c.Form["channel_id"], c.Actor, "")
	form := r.h.slack.SlashForm(slacktest.Slash{UserID: c.Actor, ChannelID: channel, Command: "/coalition"})
	for k, v := range c.Form {
		form.Set(k, r.expand(v, c.Actor, channel))
	}
	for _, k := range c.Drop {
		form.Del(k)
	}
	if r.transport == "http" {
		return r.post(ctx, "/slack/commands", "application/x-www-form-urlencoded", form.Encode())
	}
	fields := map[string]string{}
	for k := range form {
		fields[k] = form.Get(k)
	}
	p, err := json.Marshal(fields)
	if err != nil {
		return sent{}, err
	}
	return r.envelope(ctx, "slash_commands", string(p))
}

func (r *hostileRun) post(ctx context.Context, path, contentType, body string) (sent, error) {
	hd := r.h.slack.SignedHeaders([]byte(body))
	hd.Set("Content-Type", contentType)
	rep, err := r.h.http.Post(ctx, path, []byte(body), hd)
	return sent{status: rep.Status, body: string(rep.Body)}, err
}

func (r *hostileRun) envelope(ctx context.Context, envType, payload string) (sent, error) {
	ack, err := r.h.slack.RawEnvelope(ctx, envType, []byte(payload))
	return sent{acked: err == nil, body: string(ack.Payload)}, err
}
