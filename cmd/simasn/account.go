package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/ent/employee"
	"simasn/ent/unit"
	"simasn/internal/auth"
	"simasn/internal/config"
	"simasn/internal/viewer"
)

// accountCmd creates accounts from the shell, e.g. the first admin:
//
//	simasn account create --username admin --role admin
//
// The password comes from SIMASN_ACCOUNT_PASSWORD, or from the first line of
// standard input with --password-stdin; otherwise a random one is made and
// printed once.
func accountCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(`account: the only subcommand is "create", e.g. simasn account create --username admin --role admin`)
	}
	var username, role, unitCode, nip string
	var fromStdin bool
	cfg, logger, err := setup("account create", args[1:], getenv, stderr, func(fs *flag.FlagSet, _ *config.Config) {
		fs.StringVar(&username, "username", "", "sign-in name (lower case)")
		fs.StringVar(&role, "role", "", "admin, hr_officer, leader, analyst or employee")
		fs.StringVar(&unitCode, "unit", "", "code of the unit an HR officer or leader is scoped to")
		fs.StringVar(&nip, "employee", "", "NIP of the employee the account belongs to")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input")
	})
	if err != nil {
		return err
	}
	if username == "" || role == "" {
		return errors.New("account create: --username and --role are required")
	}
	password := getenv("SIMASN_ACCOUNT_PASSWORD")
	generated := false
	switch {
	case fromStdin:
		if stdin == nil {
			return errors.New("account create: no standard input to read the password from")
		}
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	case password == "":
		b := make([]byte, 15)
		_, _ = rand.Read(b)
		password, generated = base64.RawURLEncoding.EncodeToString(b), true
	}
	db, err := open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	sys := viewer.System(ctx)
	in := ent.CreateAccountInput{Username: username, Role: account.Role(strings.ToUpper(role))}
	if err := account.RoleValidator(in.Role); err != nil {
		return fmt.Errorf("account create: --role %q: want admin, hr_officer, leader, analyst or employee", role)
	}
	if unitCode != "" {
		u, err := db.Client.Unit.Query().Where(unit.Code(unitCode)).Only(sys)
		if err != nil {
			return fmt.Errorf("account create: unit %s: %w", unitCode, err)
		}
		in.UnitID = &u.ID
	}
	if nip != "" {
		e, err := db.Client.Employee.Query().Where(employee.Nip(nip)).Only(sys)
		if err != nil {
			return fmt.Errorf("account create: employee %s: %w", nip, err)
		}
		in.EmployeeID = &e.ID
	}
	acc, err := auth.CreateAccount(sys, db.Client, in, password)
	if err != nil {
		return fmt.Errorf("account create: %w", err)
	}
	logger.Info("account created", "username", acc.Username, "role", acc.Role)
	fmt.Fprintf(stdout, "created %s account %q\n", acc.Role, acc.Username)
	if generated {
		fmt.Fprintf(stdout, "password (shown once, store it safely): %s\n", password)
	}
	return nil
}
