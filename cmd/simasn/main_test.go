package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"simasn/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

func noEnv(string) string { return "" }

// TestServeDemo is the README's first promise: serve --demo on an empty
// database answers the example query with data, and stops cleanly.
func TestServeDemo(t *testing.T) {
	testdb.Each(t, func(t *testing.T, _, dsn string) {
		if strings.HasPrefix(dsn, "file:") {
			// The command takes a plain path, as a user would type it.
			dsn = filepath.Join(t.TempDir(), "simasn.db")
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--database-url", dsn}, noEnv, nil, pw, io.Discard)
			pw.Close()
		}()
		line, err := bufio.NewReader(pr).ReadString('\n')
		if err != nil {
			t.Fatalf("no start-up line: %v (run: %v)", err, <-done)
		}
		go io.Copy(io.Discard, pr)
		base := strings.TrimSuffix(strings.Fields(line)[3], "/")

		body := `{"query":"{ employees(first: 5) { totalCount edges { node { nip name unit { name } } } } }"}`
		resp, err := http.Post(base+"/query", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var got struct {
			Data struct {
				Employees struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Nip, Name string
							Unit      struct{ Name string }
						}
					}
				}
			}
			Errors []any
		}
		if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if len(got.Errors) > 0 || got.Data.Employees.TotalCount < 1500 || len(got.Data.Employees.Edges) != 5 {
			t.Fatalf("example query = %+v", got)
		}
		if e := got.Data.Employees.Edges[0].Node; len(e.Nip) != 18 || e.Name == "" || e.Unit.Name == "" {
			t.Errorf("first employee = %+v", e)
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve after SIGINT: %v, want a clean stop", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop after cancellation")
		}
	})
}

func TestMigrate(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "m.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--dry-run", "--database-url", dsn}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "CREATE TABLE") || !strings.Contains(out.String(), "employees") {
		t.Errorf("dry run printed %q, want the CREATE TABLE statements", out.String())
	}
	for i := 0; i < 2; i++ { // safe to run twice
		out.Reset()
		if err := run(context.Background(), []string{"migrate", "--database-url", dsn}, noEnv, nil, &out, io.Discard); err != nil {
			t.Fatalf("migrate run %d: %v", i+1, err)
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "--dry-run", "--database-url", dsn}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "CREATE TABLE") {
		t.Errorf("dry run on a migrated database still plans %q", out.String())
	}
}

func TestSeedScale(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "s.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--employees", "500", "--database-url", dsn}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "100%") || !strings.Contains(out.String(), "500 employees") {
		t.Errorf("seed output %q lacks the progress bar or the summary", out.String())
	}
}

func TestBadInvocations(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown command":    {"frobnicate"},
		"unknown flag":       {"serve", "--colour"},
		"bad log level":      {"migrate", "--log-level", "loud"},
		"negative employees": {"seed", "--employees", "-5"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			env := func(k string) string {
				if k == "SIMASN_DATABASE_URL" {
					return filepath.Join(dir, "x.db")
				}
				return ""
			}
			if err := run(context.Background(), args, env, nil, io.Discard, io.Discard); err == nil {
				t.Errorf("run(%v) = nil, want an error", args)
			}
		})
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"help"}, noEnv, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "serve") {
		t.Errorf("help = %v, %q", err, out.String())
	}
}

func TestAccountCreate(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "a.db")
	var out bytes.Buffer
	err := run(context.Background(), []string{"account", "create", "--username", "Admin", "--role", "admin", "--database-url", dsn}, noEnv, nil, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `created ADMIN account "admin"`) || !strings.Contains(out.String(), "password (shown once") {
		t.Errorf("output = %q", out.String())
	}
	out.Reset()
	err = run(context.Background(), []string{"account", "create", "--username", "budi", "--role", "analyst", "--password-stdin", "--database-url", dsn},
		noEnv, strings.NewReader("a-long-enough-password\n"), &out, io.Discard)
	if err != nil || strings.Contains(out.String(), "password") {
		t.Errorf("stdin password: %v, output %q", err, out.String())
	}
	for name, args := range map[string][]string{
		"duplicate":       {"--username", "admin", "--role", "admin"},
		"hr without unit": {"--username", "hr", "--role", "hr_officer"},
		"bad role":        {"--username", "x", "--role", "root"},
		"short password":  {"--username", "y", "--role", "analyst", "--password-stdin"},
	} {
		args := append([]string{"account", "create", "--database-url", dsn}, args...)
		if err := run(context.Background(), args, noEnv, strings.NewReader("short\n"), io.Discard, io.Discard); err == nil {
			t.Errorf("%s: account create succeeded, want an error", name)
		}
	}
}
