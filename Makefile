GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/backbone

.PHONY: all build run test vet bench fuzz postgres clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/backbone

## run: build and serve with the embedded database (or DATABASE_URL from .env)
run: build postgres
	./$(BIN) serve

## test: vet, then every test against a throwaway PostgreSQL (or TEST_DATABASE_URL)
test: vet postgres
	$(GO) run ./cmd/withpg -- $(GO) test -race -count=1 ./...

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## bench: benchmarks (see BENCHMARKS.md)
bench: postgres
	$(GO) run ./cmd/withpg -- $(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: run each fuzz target for FUZZTIME (seed corpora live in testdata/fuzz)
FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz=FuzzParse -fuzztime=$(FUZZTIME) ./bot/args/
	$(GO) test -run '^$$' -fuzz=FuzzExtract -fuzztime=$(FUZZTIME) ./bot/dates/

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

clean:
	rm -rf bin
