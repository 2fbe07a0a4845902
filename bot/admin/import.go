package admin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/bot/kit"
	"github.com/backbone-coalition/backbone/importer"
	"github.com/backbone-coalition/backbone/store"
)

// importer builds the importer, matching people through teamID's Slack
// workspace.
func (s *Service) importer(ctx context.Context, teamID string) (importer.Importer, error) {
	api, err := s.Client(ctx, teamID)
	if err != nil {
		return importer.Importer{}, err
	}
	return importer.Importer{Store: s.Store, People: directory.People{API: api}, Now: s.Now}, nil
}

// backboneImport opens the "Paste CSV" modal; `help` explains the ways in.
func (s *Service) backboneImport(ctx context.Context, req kit.Request, rest string) (kit.Reply, error) {
	if rest != "" {
		return kit.Reply{}, kit.Sorry("Type `/backbone import` alone to paste rows, or share a .csv file with me in our DM. `/backbone import help` says more.")
	}
	if err := s.OpenView(ctx, req.TeamID, req.TriggerID, ImportPasteView(req.ChannelID)); err != nil {
		return kit.Reply{}, fmt.Errorf("open import form: %w", err)
	}
	return kit.Reply{}, nil
}

func validateImportPaste(cb slack.InteractionCallback) map[string]string {
	errs := map[string]string{}
	if cb.View.State.Values[importKindBlock][importKindBlock].SelectedOption.Value == "" {
		errs[importKindBlock] = "Pick what the rows are."
	}
	if kit.InputValue(cb, importTextBlock) == "" {
		errs[importTextBlock] = "Paste the rows, with the header line first."
	}
	return errs
}

// submitImportPaste previews pasted rows and sends the preview by DM.
func (s *Service) submitImportPaste(ctx context.Context, cb slack.InteractionCallback, actor store.Member) error {
	kind := importer.Kind(cb.View.State.Values[importKindBlock][importKindBlock].SelectedOption.Value)
	text := cb.View.State.Values[importTextBlock][importTextBlock].Value
	return s.previewImport(ctx, actor, kind, "pasted rows", []byte(text), "paste:"+cb.View.ID)
}

// fileShared previews a CSV file backbone staff share in their DM with the
// bot; anyone else is told that only staff can import.
func (s *Service) fileShared(ctx context.Context, teamID string, inner slackevents.EventsAPIInnerEvent) error {
	ev, ok := inner.Data.(*slackevents.FileSharedEvent)
	if !ok {
		return fmt.Errorf("file_shared of unexpected shape %T", inner.Data)
	}
	if !strings.HasPrefix(ev.ChannelID, "D") || ev.UserID == "" {
		return nil // shared in a channel: not for us
	}
	m, err := s.dir.EnsureMember(ctx, teamID, ev.UserID)
	if err != nil || m.IsBot {
		return err // our own uploads (exports, charts) come back as file_shared too
	}
	key := "import:" + ev.FileID
	if m.Role != store.RoleBackbone {
		return s.dm(ctx, m, key, "Only backbone staff can import files into the coalition. If these rows should be in Backbone, send the file to your backbone staff.")
	}
	f, data, problem, err := s.download(ctx, teamID, ev.FileID)
	if err != nil || problem != "" {
		return errors.Join(err, s.dm(ctx, m, key, problem))
	}
	kind, ok := importer.GuessKind(f.Name, data)
	if !ok {
		return s.dm(ctx, m, key, fmt.Sprintf("I can't tell what *%s* holds. Name the file after its kind — partners.csv, groups.csv, members.csv, indicators.csv or reports.csv — and share it again.", kit.Escape(f.Name)))
	}
	return s.previewImport(ctx, m, kind, f.Name, data, key)
}

// download reads a shared file: problem says, for the person, why it is
// not a file to import.
func (s *Service) download(ctx context.Context, teamID, fileID string) (*slack.File, []byte, string, error) {
	api, err := s.Client(ctx, teamID)
	if err != nil {
		return nil, nil, "", err
	}
	f, _, _, err := api.GetFileInfoContext(ctx, fileID, 0, 0)
	if err != nil {
		return nil, nil, "", fmt.Errorf("files.info %s: %w", fileID, err)
	}
	name := kit.Escape(f.Name)
	switch {
	case f.Size > importer.MaxBytes:
		return f, nil, fmt.Sprintf("*%s* is %.1f MB; the limit is 10 MB. Split it into smaller files and share them one after the other.", name, float64(f.Size)/(1<<20)), nil
	case !isCSV(f):
		return f, nil, fmt.Sprintf("*%s* is not a CSV file. In Excel or Google Sheets, use File → Save as / Download → CSV (UTF-8), and share that.", name), nil
	}
	var buf bytes.Buffer
	if err := api.GetFileContext(ctx, f.URLPrivateDownload, &limitedWriter{w: &buf, left: importer.MaxBytes + 1}); err != nil {
		return f, nil, "", fmt.Errorf("download %s: %w", fileID, err)
	}
	return f, buf.Bytes(), "", nil
}

func isCSV(f *slack.File) bool {
	return f.Filetype == "csv" || f.Mimetype == "text/csv" || strings.HasSuffix(strings.ToLower(f.Name), ".csv")
}

// limitedWriter stops a download past its limit (the file lied about its
// size); what it kept is then refused as too large.
type limitedWriter struct {
	w    io.Writer
	left int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.left {
		p = p[:l.left]
	}
	l.left -= len(p)
	n, err := l.w.Write(p)
	if err == nil && l.left == 0 {
		return n, errors.New("file larger than announced")
	}
	return n, err
}

// previewImport previews data and DMs staff the preview with its Import
// button; the file is kept as a draft until they press it.
func (s *Service) previewImport(ctx context.Context, m store.Member, kind importer.Kind, name string, data []byte, key string) error {
	imp, err := s.importer(ctx, m.TeamID)
	if err != nil {
		return err
	}
	plan, err := imp.Preview(ctx, importer.Request{TeamID: m.TeamID, Actor: m.UserID, Kind: kind, Filename: name, Data: data})
	var fe *importer.FileError
	if errors.As(err, &fe) {
		return s.dm(ctx, m, key, fmt.Sprintf("I can't import *%s*: %s Nothing was changed.", kit.Escape(name), fe.Msg))
	}
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.SaveImportDraft(ctx, store.ImportDraft{TeamID: m.TeamID, UserID: m.UserID, Kind: string(kind), Filename: name, Content: data})
		if err != nil {
			return err
		}
		_, err = kit.Queue(ctx, tx, kit.Message{TeamID: m.TeamID, Key: key, Channel: m.UserID,
			Text: "Import preview: " + plan.Summary(), Blocks: ImportPreviewBlocks(plan, name, id)})
		return err
	})
}

// dm queues a short note to the member under key.
func (s *Service) dm(ctx context.Context, m store.Member, key, text string) error {
	if text == "" {
		return nil
	}
	return s.Store.InTx(ctx, func(tx *store.Tx) error {
		_, err := kit.Queue(ctx, tx, kit.Message{TeamID: m.TeamID, Key: key, Channel: m.UserID, Text: text})
		return err
	})
}

// errDraftUsed refuses a second Import of one preview.
var errDraftUsed = kit.Sorry("This file was imported already. Share it again for a new preview.")

// applyImport is the Import button: the draft is imported in one
// transaction, once, and the preview replaced by the outcome.
func (s *Service) applyImport(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction, actor store.Member) error {
	from := kit.Origin{ResponseURL: cb.ResponseURL}
	if actor.Role != store.RoleBackbone {
		return s.Tell(ctx, actor, from, "Only backbone staff can import.")
	}
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return s.Tell(ctx, actor, from, "That button is broken; share the file again for a new preview.")
	}
	d, err := s.Store.ImportDraft(ctx, actor.TeamID, id)
	if errors.Is(err, store.ErrNotFound) {
		return s.Tell(ctx, actor, from, "That preview has expired; share the file again for a new one.")
	} else if err != nil {
		return err
	}
	imp, err := s.importer(ctx, d.TeamID)
	if err != nil {
		return err
	}
	plan, err := imp.Apply(ctx, importer.Request{TeamID: d.TeamID, Actor: actor.UserID, Kind: importer.Kind(d.Kind),
		Filename: d.Filename, Data: d.Content, Claim: func(ctx context.Context, tx *store.Tx) error {
			ok, err := tx.ClaimImportDraft(ctx, d.TeamID, d.ID, s.Now())
			if err == nil && !ok {
				err = errDraftUsed
			}
			return err
		}})
	var p *kit.Problem
	if errors.As(err, &p) {
		return s.Tell(ctx, actor, from, p.Msg)
	}
	if err != nil {
		return err
	}
	text := fmt.Sprintf("✅ Imported *%s*: %s.", kit.Escape(d.Filename), plan.Summary())
	return s.ReplaceOriginal(ctx, cb.ResponseURL, text, []slack.Block{slack.NewSectionBlock(kit.Mrkdwn(text), nil, nil)})
}
