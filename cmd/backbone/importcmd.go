package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/slack-go/slack"

	"github.com/backbone-coalition/backbone/bot/directory"
	"github.com/backbone-coalition/backbone/config"
	"github.com/backbone-coalition/backbone/importer"
	"github.com/backbone-coalition/backbone/store"
)

const importUsage = "backbone import KIND FILE [--dry-run] [--team T…] [--as U…]  (KIND: partners, groups, members, indicators, reports)"

const exportUsage = "backbone export DIR [--team T…]"

// importFile is `backbone import KIND FILE`: the preview, then (without
// --dry-run) the import, in one transaction.
func importFile(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dry := fs.Bool("dry-run", false, "preview only")
	team := fs.String("team", "", "the Slack team ID (default: the only one in the database)")
	actor := fs.String("as", "cli", "who the audit log names as importing")
	pos, err := parseInterspersed(fs, args)
	if err != nil || len(pos) != 2 {
		return fmt.Errorf("%w: %s", errUsage, importUsage)
	}
	kind, err := importer.ParseKind(pos[0])
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	data, err := os.ReadFile(pos[1])
	if err != nil {
		return fmt.Errorf("%w: read %s: %v", errUsage, pos[1], err)
	}
	d, st, teamID, err := openForData(ctx, cfg, log, *team)
	if err != nil {
		return err
	}
	defer d.close(log)
	im := importer.Importer{Store: st, People: peopleFor(cfg), Now: time.Now}
	req := importer.Request{TeamID: teamID, Actor: *actor, Kind: kind, Filename: pos[1], Data: data}
	plan, err := im.Preview(ctx, req)
	if err == nil && !*dry && !plan.NoOp() {
		plan, err = im.Apply(ctx, req)
	}
	var fe *importer.FileError
	if errors.As(err, &fe) {
		return fmt.Errorf("%w: %s: %s", errRefused, pos[1], fe.Msg)
	}
	if err != nil {
		return err
	}
	printPlan(stdout, plan, *dry)
	return nil
}

// errRefused marks a file refused as a whole (exit status 1, no log noise).
var errRefused = errors.New("refused")

func printPlan(w io.Writer, p importer.Plan, dry bool) {
	verb := "imported"
	if dry {
		verb = "preview (nothing changed)"
	} else if p.NoOp() {
		verb = "nothing to change"
	}
	fmt.Fprintf(w, "%s %s: %s\n", p.Kind, verb, p.Summary())
	for _, r := range p.Refused {
		fmt.Fprintf(w, "  line %d refused: %s\n", r.Line, r.Reason)
	}
}

// exportDir is `backbone export DIR`: every kind's CSV file into DIR.
func exportDir(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	team := fs.String("team", "", "the Slack team ID (default: the only one in the database)")
	pos, err := parseInterspersed(fs, args)
	if err != nil || len(pos) != 1 {
		return fmt.Errorf("%w: %s", errUsage, exportUsage)
	}
	d, st, teamID, err := openForData(ctx, cfg, log, *team)
	if err != nil {
		return err
	}
	defer d.close(log)
	written, err := importer.WriteDir(ctx, st, teamID, pos[0])
	for _, path := range written {
		fmt.Fprintln(stdout, "wrote", path)
	}
	return err
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func openForData(ctx context.Context, cfg config.Config, log *slog.Logger, team string) (*database, *store.Store, string, error) {
	d, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return nil, nil, "", err
	}
	st := store.New(d.db)
	if team == "" {
		teams, err := st.Teams(ctx)
		switch {
		case err != nil:
			d.close(log)
			return nil, nil, "", err
		case len(teams) != 1:
			d.close(log)
			return nil, nil, "", fmt.Errorf("%w: the database holds %d Slack teams; pick one with --team %v", errUsage, len(teams), teams)
		}
		team = teams[0]
	}
	return d, st, team, nil
}

// peopleFor matches emails through Slack when a bot token is set.
func peopleFor(cfg config.Config) importer.People {
	if cfg.SlackBotToken == "" {
		return importer.Offline{}
	}
	return directory.People{API: slack.New(cfg.SlackBotToken.Reveal(), slack.OptionAPIURL(cfg.SlackAPIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 15 * time.Second}))}
}

func dataCommand(ctx context.Context, cmd string, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if cmd == "import" {
		return importFile(ctx, cfg, log, args, stdout)
	}
	return exportDir(ctx, cfg, log, args, stdout)
}

// dataExit maps an import or export's error to an exit status.
func dataExit(cmd string, err error, stderr io.Writer, log *slog.Logger) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "backbone %s: %s\n", cmd, err.Error()[len("usage: "):])
		return 2
	case errors.Is(err, errRefused):
		fmt.Fprintf(stderr, "backbone %s: %s\n", cmd, err.Error()[len("refused: "):])
		return 1
	}
	log.Error(cmd+" failed", "err", err)
	return 1
}
