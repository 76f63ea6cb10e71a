package testdb

import (
	"os"
	"testing"
)

// memRoot is where the throwaway cluster and the SQLite files live: /dev/shm,
// a file system in memory on Linux, when this process can write there, else
// the system's temporary directory. On the disk (ext4 under /tmp on the
// test machines) the hundreds of databases a test binary creates and drops
// cost the cluster a third of its CPU in the kernel — inode allocation,
// page-cache copies, discards — and SQLite an fsync per commit; in memory
// none of it. Nothing is lost: the data dies with the test process anyway.
const memRoot = "/dev/shm"

// mkdirTemp is os.MkdirTemp under memRoot, falling back to the system's
// temporary directory when memRoot is missing or not writable.
func mkdirTemp(pattern string) (string, error) {
	if dir, err := os.MkdirTemp(memRoot, pattern); err == nil {
		return dir, nil
	}
	return os.MkdirTemp("", pattern)
}

// tempDir is tb.TempDir under memRoot when it is writable: a new directory,
// removed when the test ends.
func tempDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.MkdirTemp(memRoot, "simasn-test-")
	if err != nil {
		return tb.TempDir()
	}
	tb.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			tb.Errorf("testdb: remove %s: %v", dir, err)
		}
	})
	return dir
}
