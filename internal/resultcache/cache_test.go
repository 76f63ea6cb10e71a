package resultcache

import (
	"context"
	"database/sql/driver"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"entgo.io/ent/dialect"
)

func resultOf(n int) *result {
	return &result{cols: []column{{name: "n"}}, rows: [][]driver.Value{{int64(n)}}, bytes: 1000}
}

// TestCacheBound keeps the estimated bytes within the bound, the least
// recently used out first.
func TestCacheBound(t *testing.T) {
	c := New(10_000)
	for i := range 20 {
		c.put(fmt.Sprint("k", i), resultOf(i))
		if c.get("k0") == nil && i < 5 {
			t.Fatalf("k0, used at each step, was evicted after %d entries", i)
		}
		if st := c.Stats(); st.Bytes > 10_000 {
			t.Fatalf("after %d entries the cache holds %d bytes, over its bound of 10000", i+1, st.Bytes)
		}
	}
	if c.get("k0") == nil {
		t.Errorf("k0, the most recently used, was evicted")
	}
	if c.get("k1") != nil {
		t.Errorf("k1, the least recently used, is still kept")
	}
	big := &result{bytes: 3000} // over a quarter of the bound
	c.put("big", big)
	if c.get("big") != nil {
		t.Errorf("a result over a quarter of the bound was kept")
	}
	c.SetLimit(0)
	if st := c.Stats(); st.Entries != 0 || st.Bytes != 0 {
		t.Errorf("SetLimit(0) left %v", st)
	}
}

// TestCacheSingleFlight runs concurrent identical misses once.
func TestCacheSingleFlight(t *testing.T) {
	c := New(1 << 20)
	release := make(chan struct{})
	started := make(chan struct{})
	var runs atomic.Int64
	run := func() (*result, error) {
		if runs.Add(1) == 1 {
			close(started)
		}
		<-release
		return resultOf(7), nil
	}
	const callers = 8
	var wg sync.WaitGroup
	got := make([]*result, callers)
	errs := make([]error, callers)
	wg.Add(1)
	go func() { defer wg.Done(); got[0], errs[0] = c.do(context.Background(), "k", run) }()
	<-started // the first caller runs; the others find its flight
	for i := 1; i < callers; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], errs[i] = c.do(context.Background(), "k", run) }()
	}
	for c.waiting("k") < callers-1 && runs.Load() == 1 {
		// Each waiter registers before it blocks (a second run ends the
		// wait too: the test then fails on the count).
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Errorf("the statement ran %d times for %d concurrent identical misses, want once", n, callers)
	}
	for i := range callers {
		if errs[i] != nil || got[i] != got[0] {
			t.Errorf("caller %d got %v, %v: want the first one's result", i, got[i], errs[i])
		}
	}
}

// TestAnalyze finds the tables a statement reads and refuses what must not
// be cached.
func TestAnalyze(t *testing.T) {
	cat := &catalog{tracked: true, tables: map[string]bool{"employees": true, "units": true, "accounts": false}}
	for _, tc := range []struct {
		query  string
		tables []string
		reason string
	}{
		{`SELECT "employees"."id" FROM "employees" JOIN "units" ON "units"."id" = "employees"."unit_id"`, []string{"employees", "units"}, ""},
		{"WITH e AS (SELECT `employees`.`id` FROM `employees`) SELECT count(*) FROM e", []string{"employees"}, ""},
		{`SELECT 1 FROM "employees" JOIN "accounts" ON true`, nil, "reads accounts, which has no change fingerprint"},
		{`SELECT 1 FROM "employees" WHERE "birth_date" < now()`, nil, "calls now"},
		{`SELECT 1 FROM "employees" WHERE "birth_date" < CURRENT_DATE`, nil, "calls current_date"},
		{`SELECT date('now') FROM "employees"`, nil, "calls now"},
		{`SELECT 1 FROM "employees" FOR UPDATE`, nil, "calls update"},
		{`UPDATE "employees" SET "name" = 'x'`, nil, "not a read"},
	} {
		sh := analyze(tc.query, cat, dialect.Postgres)
		if sh.reason != tc.reason || (tc.reason == "" && strings.Join(sh.tables, ",") != strings.Join(tc.tables, ",")) {
			t.Errorf("%s: tables %v, reason %q; want %v, %q", tc.query, sh.tables, sh.reason, tc.tables, tc.reason)
		}
	}
}

// TestArgsKey keys arguments exactly: equal arguments give equal keys,
// different ones (the zone of a time, a named string kind) different ones.
func TestArgsKey(t *testing.T) {
	type status string
	key := func(args ...any) string {
		var b strings.Builder
		if !appendArgs(&b, args) {
			return "uncacheable"
		}
		return b.String()
	}
	if key("a", 1) == key("a", 2) || key("ab", "c") == key("a", "bc") || key(status("x")) != key("x") {
		t.Errorf("argument keys do not tell values apart")
	}
	if key(struct{}{}) != "uncacheable" {
		t.Errorf("an unknown argument kind was keyed")
	}
}

// waiting is how many callers wait for the flight of key.
func (c *Cache) waiting(key string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.flights[key]; ok {
		return f.waiters.Load()
	}
	return 0
}
