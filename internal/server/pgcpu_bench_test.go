package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pgBackends measures the CPU time PostgreSQL spends serving one database:
// the backends of its client connections and their parallel workers, read
// from /proc (the scheduler's run time in /proc/<pid>/schedstat, in
// nanoseconds; user and system ticks of /proc/<pid>/stat where schedstat
// is missing). Other databases of the same cluster (other engineers'
// copies), the checkpointer, the WAL writer and autovacuum are not
// counted.
//
// It works only when the database runs on this machine and its processes
// are visible in /proc (same host, same PID namespace); otherwise
// newPGBackends returns nil and the benchmarks report no PostgreSQL
// figures.
type pgBackends struct {
	postmaster int
	database   string
}

// newPGBackends finds the postmaster serving db's database (the parent of
// the backend that answers select pg_backend_pid()), or returns nil with a
// log line when it is not a process of this machine.
func newPGBackends(tb testing.TB, db *sql.DB) *pgBackends {
	tb.Helper()
	var pid int
	var name string
	if err := db.QueryRowContext(context.Background(), "select pg_backend_pid(), current_database()").Scan(&pid, &name); err != nil {
		tb.Logf("no PostgreSQL CPU figures: %v", err)
		return nil
	}
	p := &pgBackends{database: name}
	st, err := readProcStat(pid)
	if err == nil {
		var title string
		title, err = processTitle(pid)
		if err == nil && !p.ours(title, nil) {
			err = fmt.Errorf("process %d is %q, not a backend of %s", pid, title, name)
		}
	}
	if err != nil {
		tb.Logf("no PostgreSQL CPU figures (the database is not on this machine?): %v", err)
		return nil
	}
	p.postmaster = st.ppid
	return p
}

// ours reports whether a postmaster child's process title is a backend
// of the database ("postgres: user database host(port) state") or a
// parallel worker of one of the backends in leaders ("postgres: parallel
// worker for PID n").
func (p *pgBackends) ours(title string, leaders map[int]bool) bool {
	rest, ok := strings.CutPrefix(title, "postgres: ")
	if !ok {
		return false
	}
	if n, ok := strings.CutPrefix(rest, "parallel worker for PID "); ok {
		pid, _ := strconv.Atoi(strings.Fields(n + " ")[0])
		return leaders[pid]
	}
	f := strings.Fields(rest)
	return len(f) >= 3 && f[1] == p.database && strings.Contains(f[2], "(")
}

// pgProc identifies a process across PID reuse: its PID and start time.
type pgProc struct {
	pid   int
	start int64
}

// pgWindow is one measurement: the CPU time each backend of the database
// had when first seen in the window and when last seen.
type pgWindow struct {
	p           *pgBackends
	first, last map[pgProc]time.Duration
	titles      map[pgProc]bool // whether a process is ours, decided once
	stop        chan struct{}
	done        chan struct{}
	sampler     time.Duration // the sampling goroutine's own CPU time
	sampled     bool          // after the first sample
}

// pgSampleEvery is how often a window looks at the backends: a backend
// that exits in the window (a pool closing an idle connection) is counted
// up to its last sample.
const pgSampleEvery = 100 * time.Millisecond

// begin starts a window. Its sampling runs on a goroutine locked to an OS
// thread of its own, whose CPU time window.end returns apart, so that the
// server's CPU per request can leave it out. A nil p (no figures) gives a
// nil window.
func (p *pgBackends) begin() *pgWindow {
	if p == nil {
		return nil
	}
	w := &pgWindow{p: p, first: map[pgProc]time.Duration{}, last: map[pgProc]time.Duration{},
		titles: map[pgProc]bool{}, stop: make(chan struct{}), done: make(chan struct{})}
	ready := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer close(w.done)
		start := threadCPU()
		w.sample()
		close(ready)
		t := time.NewTicker(pgSampleEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				w.sample()
			case <-w.stop:
				w.sample()
				w.sampler = threadCPU() - start
				return
			}
		}
	}()
	<-ready
	return w
}

// end closes the window and returns the CPU time the database's backends
// used in it, and the sampler's own; ok is false for a nil window (no
// figures).
func (w *pgWindow) end() (backends, sampler time.Duration, ok bool) {
	if w == nil {
		return 0, 0, false
	}
	close(w.stop)
	<-w.done
	for k, last := range w.last {
		backends += last - w.first[k]
	}
	return backends, w.sampler, true
}

// sample reads the CPU time of every backend of the database. A backend
// first seen after the window's first sample started in the window: all
// its time counts.
func (w *pgWindow) sample() {
	initial := !w.sampled
	w.sampled = true
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", w.p.postmaster, w.p.postmaster))
	if err != nil {
		return
	}
	leaders := map[int]bool{}
	var workers []pgProc
	for _, f := range strings.Fields(string(raw)) {
		pid, _ := strconv.Atoi(f)
		st, err := readProcStat(pid)
		if err != nil {
			continue // exited
		}
		k := pgProc{pid: pid, start: st.start}
		ours, known := w.titles[k]
		if !known {
			title, err := processTitle(pid)
			if err != nil {
				continue
			}
			if strings.HasPrefix(title, "postgres: parallel worker for PID ") {
				workers = append(workers, k) // decided once the leaders are known
				continue
			}
			ours = w.p.ours(title, nil)
			w.titles[k] = ours
		}
		if !ours {
			continue
		}
		leaders[pid] = true
		w.record(k, st.cpu, initial)
	}
	for _, k := range workers {
		title, err := processTitle(k.pid)
		if err != nil || !w.p.ours(title, leaders) {
			continue // not ours, or gone: asked again next time while it lives
		}
		w.titles[k] = true
		if st, err := readProcStat(k.pid); err == nil && st.start == k.start {
			w.record(k, st.cpu, initial)
		}
	}
}

func (w *pgWindow) record(k pgProc, cpu time.Duration, initial bool) {
	if _, seen := w.first[k]; !seen {
		if initial {
			w.first[k] = cpu
		} else {
			w.first[k] = 0 // started within the window
		}
	}
	w.last[k] = cpu
}

// procStat is what the benchmarks read of /proc/<pid>/stat.
type procStat struct {
	ppid  int
	start int64         // start time after boot, in clock ticks
	cpu   time.Duration // schedstat's run time, or utime+stime
}

func readProcStat(pid int) (procStat, error) {
	f, err := procStatFields(pid)
	if err != nil {
		return procStat{}, err
	}
	var st procStat
	st.ppid, _ = strconv.Atoi(f[1])
	st.start, _ = strconv.ParseInt(f[19], 10, 64)
	if sched, err := os.ReadFile(fmt.Sprintf("/proc/%d/schedstat", pid)); err == nil {
		if ns, err := strconv.ParseInt(strings.Fields(string(sched) + " ")[0], 10, 64); err == nil {
			st.cpu = time.Duration(ns)
			return st, nil
		}
	}
	st.cpu = time.Duration(cpuTicks(f)) * time.Second / clockTicks
	return st, nil
}

// procStatFields returns the fields of /proc/<pid>/stat after the command
// name, which is in parentheses: state, ppid, …; utime and stime are the
// 14th and 15th fields of the line (f[11], f[12]), starttime the 22nd
// (f[19]).
func procStatFields(pid int) ([]string, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, err
	}
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 20 {
		return nil, fmt.Errorf("/proc/%d/stat: %q", pid, data)
	}
	return f, nil
}

// cpuTicks is utime + stime of procStatFields' fields, in clock ticks.
func cpuTicks(f []string) int64 {
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return utime + stime
}

// processTitle is a process's command line as ps shows it (PostgreSQL
// writes its backends' state there).
func processTitle(pid int) (string, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(strings.ReplaceAll(string(raw), "\x00", " ")), nil
}

// threadCPU is the CPU time of the calling OS thread (schedstat's run
// time of /proc/thread-self).
func threadCPU() time.Duration {
	raw, err := os.ReadFile("/proc/thread-self/schedstat")
	if err != nil {
		return 0
	}
	ns, _ := strconv.ParseInt(strings.Fields(string(raw) + " ")[0], 10, 64)
	return time.Duration(ns)
}
