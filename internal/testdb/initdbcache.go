package testdb

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
)

// initdb costs about 1.3 CPU-seconds, and every test process that uses
// PostgreSQL starts a cluster of its own (13 of them in `make test`). The
// first one to run initdb leaves a copy of the fresh, never started data
// directory in the user's cache directory (~/.cache); later clusters start from a copy of
// that copy (about 0.1 CPU-seconds). The copy is named after everything
// that shapes it — the binaries' directory, initdb's size and modification
// time (a new PostgreSQL version is a new copy) and the owner — and is put
// in place by a rename, so a reader never sees a half-written one.

// initdbCacheVersion changes when the initdb options in cluster.initdb do.
const initdbCacheVersion = "1"

// initdbCache returns where the copy of a fresh data directory made by
// the initdb in bin for owner (nil: this user) lives, or "" when initdb
// cannot be examined.
func initdbCache(bin string, owner *user.User) string {
	fi, err := os.Stat(filepath.Join(bin, "initdb"))
	if err != nil {
		return ""
	}
	uid := os.Geteuid()
	if owner != nil {
		uid = -1
		fmt.Sscan(owner.Uid, &uid)
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d\x00%d\x00%d",
		initdbCacheVersion, bin, fi.Size(), fi.ModTime().UnixNano(), uid))
	// The user's cache directory (where Go keeps its build cache) rather
	// than the temporary one, whose clean-up of old files could leave a
	// directory that is there but incomplete.
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "simasn-initdb-"+hex.EncodeToString(h[:8]))
}

// saveInitdbCache copies the fresh data directory data to cache, unless
// another process did so first. A failure only costs the next cluster an
// initdb, so it is ignored.
func saveInitdbCache(data, cache string) {
	if _, err := os.Stat(cache); err == nil {
		return
	}
	b := make([]byte, 8)
	rand.Read(b)
	tmp := cache + ".tmp-" + hex.EncodeToString(b)
	if err := copyDir(data, tmp); err != nil {
		os.RemoveAll(tmp)
		return
	}
	if err := os.Rename(tmp, cache); err != nil { // another process won
		os.RemoveAll(tmp)
	}
}

// copyDir copies the directory from to the new path to with cp -a, which
// keeps modes and, run by root, owners (the postgres user's data directory
// must stay its own, mode 0700).
func copyDir(from, to string) error {
	if _, err := os.Stat(filepath.Join(from, "PG_VERSION")); err != nil {
		return err
	}
	if out, err := exec.Command("cp", "-a", from, to).CombinedOutput(); err != nil {
		os.RemoveAll(to)
		return fmt.Errorf("cp -a %s %s: %w: %s", from, to, err, out)
	}
	return nil
}
