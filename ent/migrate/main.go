//go:build ignore

// Command main writes the versioned migrations of SIMASN from the ent schema,
// one directory per dialect under ent/migrate/migrations (sqlite, postgres),
// in the golang-migrate format (<version>_<name>.up.sql and .down.sql, plus
// Atlas's atlas.sum). Run it from the repository root:
//
//	go run -mod=mod ./ent/migrate/main.go add_leave_requests   # make migration NAME=add_leave_requests
//	go run -mod=mod ./ent/migrate/main.go -check               # make check-migrations
//
// For each dialect it replays the committed migrations on a scratch database
// (SQLite in memory; PostgreSQL on SIMASN_TEST_DATABASE_URL or a throwaway
// cluster from the local binaries, as the tests do) and asks Atlas for the
// difference to the ent schema. With a name, a difference becomes a new
// migration file; with -check, a difference is an error that says what to
// run, and nothing is written.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"

	entmigrate "simasn/ent/migrate"
	"simasn/internal/testdb"
)

// dialects maps each migration directory to its ent dialect.
var dialects = []struct{ dir, dialect string }{
	{"sqlite", dialect.SQLite},
	{"postgres", dialect.Postgres},
}

var validName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func main() {
	check := flag.Bool("check", false, "fail, writing nothing, when the ent schema differs from the committed migrations")
	root := flag.String("dir", "ent/migrate/migrations", "the migrations directory (one subdirectory per dialect)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run -mod=mod ./ent/migrate/main.go [-dir DIR] NAME   (write a new migration named NAME, e.g. add_leave_requests)")
		fmt.Fprintln(os.Stderr, "       go run -mod=mod ./ent/migrate/main.go [-dir DIR] -check  (fail when the schema changed without a migration)")
		flag.PrintDefaults()
	}
	flag.Parse()
	name := flag.Arg(0)
	switch {
	case *check && name != "":
		fail("-check takes no migration name")
	case !*check && !validName.MatchString(name):
		flag.Usage()
		fail("name the migration in lower_snake_case after what changed, e.g. add_leave_requests (got %q)", name)
	case *check:
		name = "check"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var stale []string
	for _, d := range dialects {
		dir := filepath.Join(*root, d.dir)
		written, err := diff(ctx, d.dialect, dir, name, *check)
		if err != nil {
			fail("%s: %v", d.dir, err)
		}
		for _, f := range written {
			if *check {
				stale = append(stale, d.dir)
			} else {
				fmt.Println("wrote", filepath.Join(dir, f))
			}
		}
		if len(written) == 0 && !*check {
			fmt.Printf("%s: the migrations already match the ent schema; nothing written\n", d.dir)
		}
	}
	if len(stale) > 0 {
		fail("the ent schema (ent/schema) changed without a migration (%s). Run\n\n\tmake migration NAME=<what_changed>   # e.g. NAME=add_leave_requests\n\nand commit the new files under %s.",
			strings.Join(unique(stale), ", "), *root)
	}
}

// diff replays dir on a scratch database of the dialect and writes the
// difference to the ent schema as a migration named name, returning the
// names of the files written. With check it works on a copy of dir, so the
// repository is left as it was.
func diff(ctx context.Context, dia, dir, name string, check bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	work := dir
	if check {
		tmp, err := os.MkdirTemp("", "simasn-migrations-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
			return nil, err
		}
		work = tmp
	}
	before, err := listFiles(work)
	if err != nil {
		return nil, err
	}
	drv, release, err := scratch(ctx, dia)
	if err != nil {
		return nil, err
	}
	defer release()
	mdir, err := sqltool.NewGolangMigrateDir(work)
	if err != nil {
		return nil, err
	}
	err = entmigrate.NewSchema(drv).NamedDiff(ctx, name,
		schema.WithDir(mdir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dia),
		schema.WithFormatter(sqltool.GolangMigrateFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithErrNoPlan(true),
	)
	if errors.Is(err, migrate.ErrNoPlan) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	after, err := listFiles(work)
	if err != nil {
		return nil, err
	}
	var written []string
	for f := range after {
		if !before[f] && strings.HasSuffix(f, ".sql") {
			written = append(written, f)
		}
	}
	return written, nil
}

// scratch opens an empty database of the dialect to replay migrations on.
func scratch(ctx context.Context, dia string) (dialect.Driver, func(), error) {
	if dia == dialect.SQLite {
		db, err := sql.Open("sqlite", "file:scratch?mode=memory&_pragma=foreign_keys(1)")
		if err != nil {
			return nil, nil, err
		}
		db.SetMaxOpenConns(1) // an in-memory database lives in its one connection
		return entsql.OpenDB(dialect.SQLite, db), func() { db.Close() }, nil
	}
	dsn, drop, err := testdb.Scratch(ctx)
	if err != nil {
		return nil, nil, err
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := sql.Open("postgres", dsn+sep+"search_path=public")
	if err != nil {
		return nil, nil, errors.Join(err, drop())
	}
	return entsql.OpenDB(dialect.Postgres, db), func() {
		db.Close()
		if err := drop(); err != nil {
			fmt.Fprintln(os.Stderr, "warning:", err)
		}
	}, nil
}

func listFiles(dir string) (map[string]bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	m := map[string]bool{}
	for _, e := range entries {
		m[e.Name()] = true
	}
	return m, nil
}

func unique(s []string) []string {
	var out []string
	for _, v := range s {
		if len(out) == 0 || out[len(out)-1] != v {
			out = append(out, v)
		}
	}
	return out
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "migrations: "+format+"\n", args...)
	os.Exit(1)
}
