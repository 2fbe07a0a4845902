// Command backbone runs the Backbone Slack bot and its operator tools.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/joho/godotenv"

	"github.com/backbone-coalition/backbone/bot"
	"github.com/backbone-coalition/backbone/config"
)

// version is set at link time by the Makefile.
var version = "dev"

const usage = `Usage: backbone [command]

Commands:
  serve      run the bot (the default)
  migrate    apply database migrations and exit
  manifest   print the Slack app manifest as JSON (--http-url URL for HTTP mode)
  version    print the version

Configuration comes from the environment and from a .env file in the
working directory; see .env.example.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one subcommand and returns the process exit status:
// 0 success, 1 failure, 2 bad usage or invalid configuration.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "version", "--version":
		fmt.Fprintln(stdout, "backbone", version)
		return 0
	case "manifest":
		return printManifest(args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	case "serve", "migrate":
	default:
		fmt.Fprintf(stderr, "backbone: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	if cmd == "migrate" {
		err = migrate(ctx, cfg, log)
	} else {
		err = serve(ctx, cfg, log)
	}
	if err != nil {
		log.Error("backbone stopped", "err", err)
		return 1
	}
	return 0
}

// loadConfig reads .env (without overriding the environment) and parses.
func loadConfig() (config.Config, error) {
	if err := godotenv.Load(); err != nil && !errors.Is(err, os.ErrNotExist) {
		return config.Config{}, fmt.Errorf("read .env: %w", err)
	}
	return config.Parse(os.Getenv)
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func printManifest(args []string, stdout, stderr io.Writer) int {
	name, publicURL := "Backbone", ""
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--http-url" && i+1 < len(args):
			publicURL = args[i+1]
			i++
		case args[i] == "--name" && i+1 < len(args):
			name = args[i+1]
			i++
		default:
			fmt.Fprintf(stderr, "backbone manifest: unexpected %q; usage: backbone manifest [--name NAME] [--http-url https://your.host]\n", args[i])
			return 2
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(bot.BuildManifest(name, publicURL)); err != nil {
		fmt.Fprintln(stderr, "backbone manifest:", err)
		return 1
	}
	return 0
}
