package directory

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/importer"
)

// People finds the Slack users an import names: by email with
// users.lookupByEmail (scope users:read.email) and by ID with users.info.
// Slack Connect people come back with their own workspace's team_id.
type People struct{ API *slack.Client }

// ByEmail finds the Slack user with this email.
func (p People) ByEmail(ctx context.Context, email string) (importer.Person, error) {
	u, err := p.API.GetUserByEmailContext(ctx, email)
	if notFound(err) {
		return importer.Person{}, importer.NoSuchPerson("no Slack account in this workspace or its shared channels uses that email")
	}
	if err != nil {
		return importer.Person{}, err
	}
	return personOf(u), nil
}

// ByID finds the Slack user with this ID.
func (p People) ByID(ctx context.Context, id string) (importer.Person, error) {
	u, err := p.API.GetUserInfoContext(ctx, id)
	if notFound(err) {
		return importer.Person{}, importer.NoSuchPerson("no Slack account has that ID")
	}
	if err != nil {
		return importer.Person{}, err
	}
	return personOf(u), nil
}

func notFound(err error) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && (se.Err == "users_not_found" || se.Err == "user_not_found")
}

func personOf(u *slack.User) importer.Person {
	return importer.Person{UserID: u.ID, DisplayName: displayName(u), TZ: u.TZ, TeamID: u.TeamID,
		Guest: GuestKind(u), IsBot: u.IsBot, Deleted: u.Deleted}
}
