# Archway: `make run` serves the editor, `make test` runs every check and test.
GO      ?= go
BIN     ?= bin/archway
ADDR    ?= :8080
DB      ?= ./data/archway.db
PKGS    := ./...

.PHONY: run build test generate check-generated lint fmt bench

run:
	mkdir -p $(dir $(DB))
	$(GO) run ./cmd/archway serve --addr $(ADDR) --db $(DB)

build:
	$(GO) build -o $(BIN) ./cmd/archway

generate:
	$(GO) tool templ generate

# The generated templ files are committed; regenerating must change nothing.
check-generated:
	$(GO) tool templ generate
	@test -z "$$(git status --porcelain -- '*_templ.go')" || \
		{ echo "generated files are out of date: run 'make generate' and commit"; git status --porcelain -- '*_templ.go'; exit 1; }

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet $(PKGS)
	$(GO) tool staticcheck $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')
	$(GO) tool templ fmt .

test: lint check-generated
	$(GO) test -race -count=1 $(PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)
