GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
BIN     := bin/backbone

.PHONY: all build run test test-browser test-faults test-hostile vet bench fuzz fuzz-short postgres chromium clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/backbone

## run: build, then start the sandbox (no SLACK_APP_TOKEN or SLACK_SIGNING_SECRET
## in the environment or .env) or serve Slack (one of them set)
run: build postgres
	./$(BIN)

## test: vet, then every test against a throwaway PostgreSQL (or TEST_DATABASE_URL)
## (bot/'s package, with the whole hostile corpus under -race, can pass go
## test's default 10-minute limit on a loaded 2-core machine: 30 minutes),
## then each fuzz target for TEST_FUZZTIME; the browser test runs only when
## Chromium is installed. TEST_FUZZTIME is a count of executions (a few seconds
## each), not a duration: Go 1.26's fuzzing coordinator can fail a run with
## "context deadline exceeded" when a duration ends (go.dev/issue/75804).
TEST_FUZZTIME ?= 10000x
test: vet postgres
	@CHROMIUM=$(CHROMIUM) $(GO) run ./cmd/withpg -- $(GO) test -race -count=1 -timeout 30m ./...; status=$$?; \
	  if [ ! -x "$(CHROMIUM)" ]; then \
	    echo "NOTE: the browser test was skipped: $(CHROMIUM) is not installed (make test-browser installs it)"; fi; \
	  exit $$status
	@echo "Fuzzing each parser for $(TEST_FUZZTIME) executions (make fuzz runs them longer)"
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(TEST_FUZZTIME)

## test-browser: the sandbox end to end in headless Chromium, installed first if
## missing; screenshots of each step go to $(SCREENSHOTS)
CHROMIUM    ?= /usr/bin/chromium
SCREENSHOTS ?= $(CURDIR)/data/screenshots
test-browser: chromium postgres
	CHROMIUM=$(CHROMIUM) $(GO) test -count=1 -v -run '^TestBrowser' ./sandbox/ -args -screenshots=$(SCREENSHOTS)

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## bench: Go benchmarks, then the load, fan-out, large-coalition and footprint
## scenarios of cmd/bench against a throwaway PostgreSQL, then e2e against a
## durable one (fsync and synchronous_commit on, on disk; see BENCHMARKS.md)
bench: build postgres
	$(GO) run ./cmd/withpg -- $(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) build -o bin/bench ./cmd/bench
	$(GO) run ./cmd/withpg -- ./bin/bench -backbone ./$(BIN) all
	WITHPG_DURABLE=1 $(GO) run ./cmd/withpg -- ./bin/bench -backbone ./$(BIN) e2e

## test-faults: the fault tests (PostgreSQL restarts, dropped Socket Mode
## connections, a failing Slack, SIGKILL), too slow for every `make test`
test-faults: build postgres
	$(GO) run ./cmd/withpg -- $(GO) test -race -count=1 -tags faults -run 'Fault' -timeout 20m ./...

## fuzz: run each fuzz target for FUZZTIME (seed corpora live in testdata/fuzz)
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz=FuzzParse -fuzztime=$(FUZZTIME) ./args/
	$(GO) test -run '^$$' -fuzz=FuzzExtract -fuzztime=$(FUZZTIME) ./dates/
	$(GO) test -run '^$$' -fuzz=FuzzReport -fuzztime=$(FUZZTIME) ./measure/
	$(GO) test -run '^$$' -fuzz='^FuzzCommitText$$' -fuzztime=$(FUZZTIME) ./bot/commitment/
	$(GO) test -run '^$$' -fuzz='^FuzzDMReply$$' -fuzztime=$(FUZZTIME) ./bot/commitment/
	$(GO) test -run '^$$' -fuzz='^FuzzSignature$$' -fuzztime=$(FUZZTIME) ./bot/

## fuzz-short: every fuzz target for 50,000 inputs (make test runs 10,000)
fuzz-short:
	$(MAKE) fuzz FUZZTIME=50000x

## test-hostile: only the hostile corpus (make test sends all of it too)
## through both transports
test-hostile: postgres
	$(GO) run ./cmd/withpg -- $(GO) test -count=1 -run '^TestHostileInput$$' -timeout 20m ./bot/

## postgres: make sure PostgreSQL's server binaries are installed (Debian/Ubuntu)
postgres:
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    && ! { command -v pg_config >/dev/null 2>&1 && [ -x "$$(pg_config --bindir)/initdb" ]; }; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing PostgreSQL server binaries (apt-get install postgresql)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; \
	  else \
	    echo "PostgreSQL server binaries not found: install them (apt-get install postgresql, brew install postgresql@16) or set DATABASE_URL"; exit 1; \
	  fi; \
	fi

## chromium: make sure Debian's Chromium is installed (as root: apt-get install
## chromium, with a colour emoji font for the screenshots)
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Chromium (apt-get install chromium fonts-noto-color-emoji)"; \
	    export DEBIAN_FRONTEND=noninteractive; pkgs="chromium fonts-noto-color-emoji"; \
	    apt-get install -y -q $$pkgs >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q $$pkgs >/dev/null; }; \
	  else \
	    echo "Chromium not found at $(CHROMIUM): install it (apt-get install chromium) or set CHROMIUM"; exit 1; \
	  fi; \
	fi

clean:
	rm -rf bin
