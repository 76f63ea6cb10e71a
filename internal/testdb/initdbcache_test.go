package testdb

import (
	"os"
	"path/filepath"
	"testing"
)

// TestInitdbCache starts three clusters with an empty cache directory: the
// first runs initdb and leaves its copy, the second starts from that copy,
// the third from a damaged copy, which it drops and replaces by initdb.
func TestInitdbCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // os.UserCacheDir on Linux
	start := func(what string) *cluster {
		t.Helper()
		c, err := startCluster()
		if err != nil {
			unavailable(t, "%s: %v", what, err)
		}
		t.Cleanup(func() {
			if err := c.stop(); err != nil {
				t.Errorf("stop %s: %v", what, err)
			}
		})
		if !c.up {
			t.Fatalf("%s: not up", what)
		}
		return c
	}
	exists := func(path string) bool { _, err := os.Stat(path); return err == nil }

	first := start("first cluster")
	_, owner, err := unprivileged()
	if err != nil {
		t.Fatal(err)
	}
	cache := initdbCache(first.bin, owner)
	if cache == "" || !exists(filepath.Join(cache, "PG_VERSION")) {
		t.Fatalf("no copy of the fresh data directory at %q after the first cluster", cache)
	}
	if exists(filepath.Join(cache, "postmaster.pid")) {
		t.Fatal("the copy was taken from a started server (postmaster.pid)")
	}

	marker := filepath.Join(cache, "simasn-marker")
	if err := os.WriteFile(marker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	second := start("second cluster")
	if !exists(filepath.Join(second.data(), "simasn-marker")) {
		t.Error("the second cluster did not start from the copy")
	}

	if err := os.Remove(filepath.Join(cache, "global", "pg_control")); err != nil {
		t.Fatal(err)
	}
	third := start("cluster from a damaged copy")
	if exists(filepath.Join(third.data(), "simasn-marker")) {
		t.Error("the third cluster kept the damaged copy instead of running initdb")
	}
	if exists(cache) {
		t.Error("the damaged copy is still in the cache")
	}
}
