// Command simasn is the SIMASN server and its operator tools:
//
//	simasn [serve] [--addr :8080] [--database-url …] [--demo] [--migrate]
//	simasn migrate status|up [--dry-run]
//	simasn seed [--employees N]
//	simasn account create --username U --role admin [--unit CODE] [--employee NIP]
//
// Configuration comes from flags and SIMASN_* environment variables; see the
// README.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"

	"simasn/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "simasn:", err)
		os.Exit(1)
	}
}

// commands is the command list of the help text.
const commands = `usage: simasn <command> [flags]

commands:
  serve           serve the GraphQL API, the dashboard and the feed (the default);
                  refuses a database with pending migrations unless --migrate
  migrate status  say which migrations the database has and which are pending (writes nothing)
  migrate up      apply the pending migrations (--dry-run prints their SQL and writes nothing)
  seed            load the demo dataset into an empty database, or a scale dataset with --employees N
  account create  create an account: --username U --role ROLE [--unit CODE] [--employee NIP] [--password-stdin]
  help            show this text (also -h, --help)

Run "simasn <command> -h" for the flags of one command.
`

// usage writes the help text: the commands, then every setting with its
// flag, environment variable and default (flags win over the environment).
func usage(w io.Writer) error {
	var b strings.Builder
	b.WriteString(commands)
	b.WriteString("\nsettings (a flag wins over its environment variable):\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  flag\tenvironment variable\tdefault\twhat it does")
	for _, s := range config.Settings() {
		flag, env := s.Flag, s.Env
		if flag == "" {
			flag = "-"
		}
		if env == "" {
			env = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", flag, env, s.Default, s.Usage)
	}
	tw.Flush()
	_, err := io.WriteString(w, b.String())
	return err
}

// run executes one simasn command. It is main without the process: tests
// call it with their own arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		cmd = "help"
	}
	switch cmd {
	case "serve":
		return serveCmd(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, args, getenv, stdout, stderr)
	case "seed":
		return seedCmd(ctx, args, getenv, stdout, stderr)
	case "account":
		return accountCmd(ctx, args, getenv, stdin, stdout, stderr)
	case "help":
		return usage(stdout)
	default:
		usage(stderr)
		return fmt.Errorf("unknown command %q", cmd)
	}
}
