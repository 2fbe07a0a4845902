// Package settings is the catalogue of a coalition's tunables: their keys,
// meanings, defaults and validation. Values are stored as text by the store.
package settings

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/backbone-coalition/backbone/dates"
)

type kind int

const (
	kindInt kind = iota
	kindBool
	kindChoice
	// kindChannel holds a channel ID, or "none".
	kindChannel
)

// Def defines one setting.
type Def struct {
	Key     string
	Help    string
	Default string
	kind    kind
	min     int
	max     int
	// choices are the values a kindChoice setting takes.
	choices []string
}

// Catalogue lists every setting, in display order.
func Catalogue() []Def {
	return []Def{
		{Key: "reminder_lead_days", Help: "days before a due date that owners start getting reminders (0–14)", Default: "3", kind: kindInt, min: 0, max: 14},
		{Key: "escalation_days", Help: "days overdue before backbone staff are told about an item (1–60)", Default: "7", kind: kindInt, min: 1, max: 60},
		{Key: "weekend_reminders", Help: "send reminders on Saturdays and Sundays too (on/off)", Default: "off", kind: kindBool},
		{Key: "recognition_posts", Help: "all public recognition: off silences every thank-you and celebration below (on/off)", Default: "on", kind: kindBool},
		{Key: "thank_done", Help: "thank a commitment's owner in their working group's channel when it is marked done (on/off)", Default: "on", kind: kindBool},
		{Key: "thank_on_time", Help: "thank a partner in the recognition channel once it has reported on time for 3 periods running (on/off)", Default: "on", kind: kindBool},
		{Key: "celebrate_targets", Help: "celebrate in the steering and recognition channels when an indicator reaches its target (on/off)", Default: "on", kind: kindBool},
		{Key: "group_digests", Help: "post each working group its own section of the weekly digest in its channel (on/off)", Default: "on", kind: kindBool},
		{Key: "suppression_threshold", Help: "per-partner and segment counts below this show as <N in anything shared; 0 turns it off (0–1000)", Default: "10", kind: kindInt, min: 0, max: 1000},
		{Key: "partner_view", Help: "what partner members see of indicators: aggregate (coalition figures only) or per_partner (every partner's values); backbone and steering always see per-partner values", Default: "aggregate", kind: kindChoice, choices: []string{"aggregate", "per_partner"}},
		{Key: "connect_channel", Help: "a channel shared with partners from other workspaces (Slack Connect), where people I can't DM get their reminders and prompts in a thread when they are in no working group: a #channel, or none", Default: "none", kind: kindChannel},
		{Key: "date_order", Help: "how numeric dates like 8/12 are read: MDY (month first, 12 Aug), DMY (day first, 8 Dec), or ask each time one could be either", Default: "ask", kind: kindChoice, choices: []string{"ask", "MDY", "DMY"}},
		{Key: "prompt_followup_days", Help: "days after a reporting period closes that partners still missing values get a second reminder (1–60)", Default: "5", kind: kindInt, min: 1, max: 60},
	}
}

// Lookup finds a setting by key, ignoring case.
func Lookup(key string) (Def, bool) {
	for _, d := range Catalogue() {
		if strings.EqualFold(d.Key, key) {
			return d, true
		}
	}
	return Def{}, false
}

// Keys lists every key, sorted.
func Keys() []string {
	var keys []string
	for _, d := range Catalogue() {
		keys = append(keys, d.Key)
	}
	sort.Strings(keys)
	return keys
}

// Normalize validates value for d and returns its canonical form ("on",
// "9"); the error says what to type instead.
func (d Def) Normalize(value string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	switch d.kind {
	case kindChannel:
		return normalizeChannel(d, strings.TrimSpace(value))
	case kindBool:
		switch v {
		case "on", "yes", "true", "1", "enabled":
			return "on", nil
		case "off", "no", "false", "0", "disabled":
			return "off", nil
		}
		return "", fmt.Errorf("%s is on or off, for example `set %s on`", d.Key, d.Key)
	case kindChoice:
		for _, c := range d.choices {
			if strings.EqualFold(v, c) || strings.EqualFold(strings.ReplaceAll(v, "-", "_"), c) {
				return c, nil
			}
		}
		return "", fmt.Errorf("%s is one of %s, for example `set %s %s`", d.Key, strings.Join(d.choices, ", "), d.Key, d.Default)
	default:
		n, err := strconv.Atoi(v)
		if err != nil || n < d.min || n > d.max {
			return "", fmt.Errorf("%s is a whole number from %d to %d, for example `set %s %s`", d.Key, d.min, d.max, d.Key, d.Default)
		}
		return strconv.Itoa(n), nil
	}
}

// Values are a coalition's settings with defaults filled in.
type Values struct{ raw map[string]string }

// From wraps the stored values (key → text).
func From(raw map[string]string) Values { return Values{raw: raw} }

// String returns the value of key, or its default.
func (v Values) String(key string) string {
	if s, ok := v.raw[key]; ok {
		return s
	}
	d, _ := Lookup(key)
	return d.Default
}

func (v Values) intOf(key string) int {
	n, _ := strconv.Atoi(v.String(key))
	return n
}

func (v Values) on(key string) bool { return v.String(key) == "on" }

// The typed accessors: code reads a setting by its method, never by key.

// ReminderLeadDays is how many days before a due date reminders start.
func (v Values) ReminderLeadDays() int { return v.intOf("reminder_lead_days") }

// EscalationDays is how many days overdue an item is escalated.
func (v Values) EscalationDays() int { return v.intOf("escalation_days") }

// WeekendReminders reports whether reminders go out on weekends.
func (v Values) WeekendReminders() bool { return v.on("weekend_reminders") }

// RecognitionPosts is the master switch of public recognition.
func (v Values) RecognitionPosts() bool { return v.on("recognition_posts") }

// ThankDone reports whether commitments marked done are thanked.
func (v Values) ThankDone() bool { return v.on("thank_done") }

// ThankOnTime reports whether on-time reporting runs are thanked.
func (v Values) ThankOnTime() bool { return v.on("thank_on_time") }

// CelebrateTargets reports whether targets reached are celebrated.
func (v Values) CelebrateTargets() bool { return v.on("celebrate_targets") }

// GroupDigests reports whether each working group gets its own digest.
func (v Values) GroupDigests() bool { return v.on("group_digests") }

// SuppressionThreshold hides counts below it in anything shared (0: off).
func (v Values) SuppressionThreshold() int { return v.intOf("suppression_threshold") }

// PartnersSeeEachOther reports whether partner members see every
// partner's values (partner_view per_partner), not only coalition figures.
func (v Values) PartnersSeeEachOther() bool { return v.String("partner_view") == "per_partner" }

// PromptFollowupDays is how many days after a period closes the partners
// still missing values are asked again.
func (v Values) PromptFollowupDays() int { return v.intOf("prompt_followup_days") }

// ConnectChannel is the shared channel where people the bot can't DM get
// their messages when they are in no working group; "" for none.
func (v Values) ConnectChannel() string {
	if c := v.String("connect_channel"); c != "none" {
		return c
	}
	return ""
}

var channelRe = regexp.MustCompile(`^(?:<#)?([CG][A-Z0-9]{2,})(?:\|[^>]*)?>?$`)

func normalizeChannel(d Def, v string) (string, error) {
	if v == "" || strings.EqualFold(v, "none") || strings.EqualFold(v, "off") {
		return "none", nil
	}
	if m := channelRe.FindStringSubmatch(v); m != nil {
		return m[1], nil
	}
	return "", fmt.Errorf("%s is a channel: type # and pick it, for example `set %s #partners-shared`, or `set %s none`", d.Key, d.Key, d.Key)
}

// DateOrder is how numeric dates are read (date_order).
func (v Values) DateOrder() dates.Order {
	switch v.String("date_order") {
	case "MDY":
		return dates.MDY
	case "DMY":
		return dates.DMY
	}
	return dates.Ask
}

// IsDefault reports whether key has never been changed.
func (v Values) IsDefault(key string) bool {
	_, set := v.raw[key]
	return !set
}
