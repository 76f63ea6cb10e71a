// Command simasn is the SIMASN server and its operator tools:
//
//	simasn [serve] [--addr :8080] [--database-url …] [--demo]
//	simasn migrate [--dry-run]
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
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "simasn:", err)
		os.Exit(1)
	}
}

// usage is printed for -h and unknown commands.
const usage = `usage: simasn <command> [flags]

commands:
  serve     serve the GraphQL API (the default)
  migrate   apply the database schema (--dry-run prints the SQL)
  seed      load the demo dataset, or a scale dataset with --employees N
  account   create an account: account create --username U --role ROLE [--unit CODE] [--employee NIP]

Run "simasn <command> -h" for the flags of a command.
`

// run executes one simasn command. It is main without the process: tests
// call it with their own arguments, environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
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
	case "help", "-h", "--help":
		_, err := io.WriteString(stdout, usage)
		return err
	default:
		io.WriteString(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}
