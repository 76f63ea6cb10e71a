# SIMASN — the two commands a newcomer needs are `make run` and `make test`.
GO      ?= go
BIN     := bin/simasn
PKGS    := ./...

.PHONY: all generate check-generated check-migrations migration build run test bench bench-api bench-compare lint mutate

all: build

## generate: regenerate ent and gqlgen code from ent/schema and graph/*.graphqls
generate:
	$(GO) generate $(PKGS)

## check-generated: fail when the committed generated code is stale, or the
## ent schema changed without a migration
check-generated: generate check-migrations
	@git diff --exit-code --stat -- ent graph go.mod go.sum || \
		(echo "generated code is stale: run 'make generate' and commit the result" >&2; exit 1)

## check-migrations: fail, writing nothing, when the ent schema differs from
## the migrations under ent/migrate/migrations (replayed on a scratch SQLite
## in memory and a scratch PostgreSQL)
check-migrations:
	$(GO) run -mod=mod ./ent/migrate/main.go -check

## migration: write the migration files for a schema change, e.g.
## make migration NAME=add_leave_requests
migration:
	@test -n "$(NAME)" || (echo "usage: make migration NAME=<what_changed>, e.g. NAME=add_leave_requests" >&2; exit 1)
	$(GO) run -mod=mod ./ent/migrate/main.go $(NAME)

## build: build the simasn binary into bin/
build:
	$(GO) build -o $(BIN) ./cmd/simasn

## run: serve the API on SQLite (simasn.db) with the demo data (--demo
## applies the migrations too)
run: build
	./$(BIN) serve --demo

## test: the whole suite, on SQLite and on PostgreSQL (a throwaway cluster
## from the local binaries, or SIMASN_TEST_DATABASE_URL). The test binaries
## are kept in bin/test/ (-o): go test links a binary again only when its
## code changed, where without -o it links all of them on every run (about
## 75 CPU-seconds). -o needs one binary name per package, and ent/appraisal
## and internal/appraisal would both be appraisal.test, so the packages
## with tests go to the first go test, the others (which it only compiles)
## to the second. -ldflags='-s -w' is what go test links with when it
## keeps no binary. The longest test binaries are listed first: go test
## starts them in the order given, -p (the number of cores) at a time, so
## internal/server runs beside all the others instead of after most of them.
FIRST    = simasn/internal/server simasn/internal/seed simasn/internal/web
TESTED   = $(FIRST) $(filter-out $(FIRST),$(shell $(GO) list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' $(PKGS)))
UNTESTED = $(shell $(GO) list -f '{{if not (or .TestGoFiles .XTestGoFiles)}}{{.ImportPath}}{{end}}' $(PKGS))
test:
	CI=$(CI) $(GO) test -count=1 -timeout 40m -ldflags='-s -w' -o bin/test/ $(TESTED)
	$(GO) test -count=1 $(UNTESTED)

## bench: benchmarks (the API benchmark seeds 100k employees on PostgreSQL;
## set SIMASN_BENCH_DATABASE_URL to an empty database to seed it once and
## reuse it in later runs)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m $(PKGS)

## bench-api: the API benchmarks only — reads per role (server CPU per
## request), W1 throughput against pgbench, the nested list, analytics
bench-api:
	$(GO) test -run '^$$' -bench 'Reads|ListThroughput|EmployeeList|Analytics' -benchmem -timeout 60m ./internal/server

## bench-compare: SIMASN against PostGraphile 5 on the same database and
## data (issue 11): W1–W4 from 16 clients, ROUNDS alternating rounds of
## SIMASN_VERSUS_SECONDS (default 3) per server; requests/s, their ratio,
## server CPU and SQL statements per request. Installs the pinned Node
## project (npm ci) first; set SIMASN_BENCH_DATABASE_URL as for bench-api
PGL_DIR := internal/server/testdata/postgraphile
ROUNDS  ?= 3
bench-compare: $(PGL_DIR)/node_modules/.package-lock.json
	$(GO) test -run '^$$' -bench VersusPostGraphile -benchtime $(ROUNDS)x -timeout 60m ./internal/server

$(PGL_DIR)/node_modules/.package-lock.json: $(PGL_DIR)/package-lock.json $(PGL_DIR)/package.json
	cd $(PGL_DIR) && npm ci --no-audit --no-fund

## lint: formatting and vet
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet $(PKGS)

## mutate: mutation testing (gremlins) of the rule and access packages, one
## package at a time against its own tests; see "Mutation testing" in the README
MUTATE_PKGS := access appraisal nip complaint ikm feed training audit
GREMLINS    := $(GO) run github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
mutate:
	@for p in $(MUTATE_PKGS); do \
		echo "== internal/$$p"; \
		GOFLAGS="$$GOFLAGS -count=1" $(GREMLINS) unleash --workers 1 --timeout-coefficient 10 ./internal/$$p || exit 1; \
	done
