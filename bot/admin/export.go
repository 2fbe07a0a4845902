package admin

import (
	"bytes"
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/importer"
)

// backboneExport sends staff, by DM, a zip of every table the coalition
// owns as CSV, in the formats import reads.
func (s *Service) backboneExport(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	if rest != "" {
		return kit.Reply{}, kit.Sorry("`/backbone export` takes nothing after it: it exports everything.")
	}
	files, err := importer.ExportAll(ctx, s.Store, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	now := s.Now()
	zipped, err := importer.Zip(files, now)
	if err != nil {
		return kit.Reply{}, err
	}
	api, err := s.Client(ctx, req.TeamID)
	if err != nil {
		return kit.Reply{}, err
	}
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{req.UserID}})
	if err != nil {
		return kit.Reply{}, fmt.Errorf("open DM with %s: %w", req.UserID, err)
	}
	name := "backbone-export-" + now.UTC().Format("2006-01-02") + ".zip"
	_, err = api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: bytes.NewReader(zipped), FileSize: len(zipped), Filename: name, Title: name, Channel: ch.ID,
		InitialComment: "📦 Everything the coalition holds, one CSV file per kind: import them with `backbone import KIND FILE` or share one with me to import it.",
	})
	if err != nil {
		return kit.Reply{}, fmt.Errorf("upload %s: %w", name, err)
	}
	return kit.Reply{Text: fmt.Sprintf("📦 I sent you *%s* in our DM.", name)}, nil
}
