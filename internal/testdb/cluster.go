package testdb

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cluster is a throwaway PostgreSQL cluster owned by this test process.
type cluster struct {
	bin    string   // directory holding initdb, pg_ctl and postgres
	dir    string   // temporary root holding data/, sock/ and postgres.log
	asUser []string // command prefix that drops root, or nil
	port   int
	up     bool // the server was started and not yet stopped

	// watcher stops the cluster and removes dir once watchW is closed —
	// by stop, or by the kernel when this process dies without running
	// Main (a test timeout, a panic, a signal).
	watcher *exec.Cmd
	watchW  *os.File
}

// startCluster initialises and starts a cluster in a new temporary directory
// on a free port. On failure it leaves nothing behind.
func startCluster() (*cluster, error) {
	bin, err := findBinaries()
	if err != nil {
		return nil, err
	}
	asUser, owner, err := unprivileged()
	if err != nil {
		return nil, err
	}
	dir, err := mkdirTemp("simasn-pg-")
	if err != nil {
		return nil, fmt.Errorf("throwaway cluster: %w", err)
	}
	c := &cluster{bin: bin, dir: dir, asUser: asUser}
	if err := c.init(owner); err != nil {
		err = fmt.Errorf("throwaway cluster from %s in %s: %w%s", bin, dir, err, c.logTail())
		return nil, errors.Join(err, c.stop())
	}
	return c, nil
}

func (c *cluster) init(owner *user.User) error {
	if err := c.watch(); err != nil {
		return fmt.Errorf("start watcher: %w", err)
	}
	sock := filepath.Join(c.dir, "sock")
	if err := os.Mkdir(sock, 0o700); err != nil {
		return err
	}
	if owner != nil {
		uid, _ := strconv.Atoi(owner.Uid)
		gid, _ := strconv.Atoi(owner.Gid)
		for _, p := range []string{c.dir, sock} {
			if err := os.Chown(p, uid, gid); err != nil {
				return fmt.Errorf("hand %s to the postgres user: %w", p, err)
			}
		}
	}

	cache := initdbCache(c.bin, owner)
	copied := cache != "" && copyDir(cache, c.data()) == nil
	if !copied {
		if err := c.initdb(); err != nil {
			return err
		}
		if cache != "" {
			saveInitdbCache(c.data(), cache)
		}
	}
	err := c.startRetrying()
	if err != nil && copied {
		// A cached directory that does not start (damaged, say, by a
		// clean-up of the temporary directory) is dropped: initdb afresh.
		os.RemoveAll(cache)
		os.RemoveAll(c.data())
		if err := c.initdb(); err != nil {
			return err
		}
		err = c.startRetrying()
	}
	return err
}

// initdb creates the cluster's data directory.
func (c *cluster) initdb() error {
	// C.UTF-8 sorts like C but keeps UTF-8 character classes; not every
	// system has it, so fall back to plain C.
	args := []string{"-D", c.data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"}
	if err := c.run("initdb", slices.Concat(args, []string{"--locale=C.UTF-8"})...); err != nil {
		os.RemoveAll(c.data())
		if err := c.run("initdb", slices.Concat(args, []string{"--locale=C"})...); err != nil {
			return err
		}
	}
	return nil
}

// startRetrying starts the server. Another process may take the free port
// before the server binds it; it tries again on a new port when that
// happens.
func (c *cluster) startRetrying() error {
	for attempt := 1; ; attempt++ {
		err := c.start()
		if err == nil {
			return nil
		}
		if attempt == 3 || !strings.Contains(c.logTail(), "could not bind") {
			return err
		}
	}
}

// start starts the server on a free port. Durability is switched off: the
// data dies with the test process anyway.
func (c *cluster) start() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	os.Remove(c.logPath()) // so a retry judges only its own log
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s"+
		" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
		port, shellQuote(filepath.Join(c.dir, "sock")))
	if err := c.run("pg_ctl", "-w", "-t", "60", "-D", c.data(), "-o", opts, "-l", c.logPath(), "start"); err != nil {
		return err
	}
	c.port, c.up = port, true
	return nil
}

// stop stops the server, removes the directory and ends the watcher.
func (c *cluster) stop() error {
	var errs []error
	if c.up {
		if err := c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "stop"); err != nil {
			errs = append(errs, err)
		}
		c.up = false
	}
	if err := os.RemoveAll(c.dir); err != nil {
		errs = append(errs, err)
	}
	if c.watcher != nil {
		c.watchW.Close()
		c.watcher.Wait()
		c.watcher = nil
	}
	return errors.Join(errs...)
}

// watch starts a shell, in its own process group so that a ^C aimed at the
// tests does not reach it, that waits for end of file on a pipe only this
// process holds open and then stops the cluster and removes its directory.
// pg_ctl detaches the server, so without the watcher a test binary that dies
// before Main returns would leave a running server behind.
func (c *cluster) watch() error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	stop := append(slices.Clone(c.asUser), filepath.Join(c.bin, "pg_ctl"), "-D", c.data(), "-m", "immediate", "stop")
	for i, s := range stop {
		stop[i] = shellQuote(s)
	}
	script := "cat >/dev/null; " + strings.Join(stop, " ") + " >/dev/null 2>&1; rm -rf " + shellQuote(c.dir)
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Stdin = r
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.Close()
		return err
	}
	c.watcher, c.watchW = cmd, w
	return nil
}

// run runs one of the PostgreSQL binaries, as the postgres user when this
// process is root; a failure's error includes the command and its output.
func (c *cluster) run(name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	argv := slices.Concat(c.asUser, []string{filepath.Join(c.bin, name)}, args)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = c.dir // readable by the postgres user, unlike root's home
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

func (c *cluster) data() string    { return filepath.Join(c.dir, "data") }
func (c *cluster) logPath() string { return filepath.Join(c.dir, "postgres.log") }

// logTail returns the last lines of the server log, prefixed by a newline,
// or "" when there is no log.
func (c *cluster) logTail() string {
	b, err := os.ReadFile(c.logPath())
	if err != nil || len(bytes.TrimSpace(b)) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	lines = lines[max(0, len(lines)-30):]
	return "\nserver log (" + c.logPath() + ") ends:\n" + strings.Join(lines, "\n")
}

// findBinaries returns the first directory holding initdb, pg_ctl and
// postgres: the one of initdb on PATH (after following symlinks, then
// before), else the newest /usr/lib/postgresql/<version>/bin, which is where
// Debian installs them without putting them on PATH.
func findBinaries() (string, error) {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(r))
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(dir string) float64 {
		v, err := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		if err != nil {
			return -1
		}
		return v
	}
	slices.SortFunc(versioned, func(a, b string) int { return cmp.Compare(version(b), version(a)) })
	for _, dir := range append(dirs, versioned...) {
		if isExecutable(dir, "initdb") && isExecutable(dir, "pg_ctl") && isExecutable(dir, "postgres") {
			return dir, nil
		}
	}
	return "", errors.New("no initdb, pg_ctl and postgres in one directory on PATH or under /usr/lib/postgresql/*/bin")
}

func isExecutable(dir, name string) bool {
	fi, err := os.Stat(filepath.Join(dir, name))
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// unprivileged returns, when this process is root, the command prefix that
// runs a PostgreSQL binary as the postgres system user and that user: initdb
// and postgres refuse to run as root. It returns nils otherwise.
func unprivileged() ([]string, *user.User, error) {
	if os.Geteuid() != 0 {
		return nil, nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, nil, fmt.Errorf("running as root, which initdb and postgres refuse, and no postgres system user to run them as (%w); create it with `useradd --system postgres` or run the tests as another user", err)
	}
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		for _, p := range []string{"/usr/sbin/runuser", "/sbin/runuser"} {
			if _, err2 := os.Stat(p); err2 == nil {
				runuser, err = p, nil
				break
			}
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("running as root, which initdb and postgres refuse, and no runuser (util-linux) to drop to the postgres user: %w", err)
	}
	return []string{runuser, "-u", u.Username, "--"}, u, nil
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// shellQuote quotes s for /bin/sh, which pg_ctl hands the -o options to.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
