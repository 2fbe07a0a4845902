package importer

import (
	"context"
	"errors"
	"strings"
)

// Person is a Slack user as an import needs them.
type Person struct {
	UserID, DisplayName, TZ string
	// TeamID is their own workspace (another one for Slack Connect people).
	TeamID string
	// Guest is "single_channel", "multi_channel" or "".
	Guest          string
	IsBot, Deleted bool
}

// ErrNoSuchPerson says no Slack user matches; its text says why in plain
// words.
var ErrNoSuchPerson = errors.New("no such person")

// People finds Slack users by email (users.lookupByEmail) or by ID.
type People interface {
	ByEmail(ctx context.Context, email string) (Person, error)
	ByID(ctx context.Context, userID string) (Person, error)
}

// Offline is People without Slack (the CLI with no bot token): IDs are
// taken as given, their profiles read later by the bot; emails can't be
// matched.
type Offline struct{}

// ByEmail always refuses: matching emails needs Slack.
func (Offline) ByEmail(context.Context, string) (Person, error) {
	return Person{}, errNoSlack
}

// ByID accepts the ID; the bot reads the profile when it first needs it.
func (Offline) ByID(_ context.Context, id string) (Person, error) {
	return Person{UserID: id, TZ: "UTC"}, nil
}

var errNoSlack = &notFound{"emails can only be matched with SLACK_BOT_TOKEN set; give the person's Slack ID in slack_id instead"}

// notFound is an ErrNoSuchPerson with its reason.
type notFound struct{ why string }

func (e *notFound) Error() string   { return e.why }
func (e *notFound) Is(t error) bool { return t == ErrNoSuchPerson }

// NoSuchPerson builds the error People return when no one matches.
func NoSuchPerson(why string) error { return &notFound{why} }

// lookups are the people a file names, resolved before its transaction
// (Slack is never called inside one): found by lowercase email or ID, and
// why each of the others was not.
type lookups struct {
	found   map[string]Person
	missing map[string]string
}

func resolvePeople(ctx context.Context, people People, kind Kind, t Table) (lookups, error) {
	l := lookups{found: map[string]Person{}, missing: map[string]string{}}
	for _, r := range t.Rows {
		for _, cell := range personCells(kind, r) {
			key := strings.ToLower(cell)
			if _, done := l.found[key]; done || l.missing[key] != "" {
				continue
			}
			if err := l.resolve(ctx, people, cell, key); err != nil {
				return l, err
			}
		}
	}
	return l, nil
}

func (l lookups) resolve(ctx context.Context, people People, cell, key string) error {
	var p Person
	var err error
	if m := userRe.FindStringSubmatch(cell); m != nil {
		p, err = people.ByID(ctx, m[1])
	} else if strings.Contains(cell, "@") {
		p, err = people.ByEmail(ctx, cell)
	} else {
		err = NoSuchPerson("give an email address or a Slack ID (such as U0123ABCD)")
	}
	switch {
	case errors.Is(err, ErrNoSuchPerson):
		l.missing[key] = err.Error()
	case err != nil:
		return err
	default:
		l.found[key] = p
	}
	return nil
}

// personCells are the cells of a row that name people.
func personCells(kind Kind, r Row) []string {
	var cells []string
	switch kind {
	case Members:
		if id := r.Get("slack_id"); id != "" {
			cells = append(cells, id)
		} else if email := r.Get("email"); email != "" {
			cells = append(cells, email)
		}
	case Groups:
		if lead := r.Get("lead"); lead != "" && userRe.FindStringSubmatch(lead) == nil {
			cells = append(cells, lead)
		}
	}
	return cells
}
