package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"simasn/ent"
	"simasn/ent/account"
	"simasn/internal/apperr"
	"simasn/internal/request"
	"simasn/internal/viewer"
)

// Authenticator turns a bearer token into the viewer of a request. The
// built-in Service checks SIMASN's own tokens; an OpenID Connect verifier
// mapping its claims to an account would be another implementation.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*viewer.Viewer, error)
}

// Service signs callers in and out.
type Service struct {
	client  *ent.Client
	tokens  *Tokens
	limiter *Limiter
	now     func() time.Time
	demo    bool
	watch   *watcher
	viewers *viewerCache
}

// NewService returns the sign-in service over client.
func NewService(client *ent.Client, tokens *Tokens, limiter *Limiter, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{client: client, tokens: tokens, limiter: limiter, now: now, watch: newWatcher(client, time.Second),
		viewers: newViewerCache(time.Second)}
	s.viewers.hooks(client)
	return s
}

// AllowDemoAccounts lets the demo accounts, whose passwords are published,
// sign in: only a server started with --demo calls it.
func (s *Service) AllowDemoAccounts() { s.demo = true }

// DemoAccountNames lists the demo accounts in the database, for the
// warning a server without --demo logs at start-up: they exist, and are
// refused.
func (s *Service) DemoAccountNames(ctx context.Context) ([]string, error) {
	names, err := s.client.Account.Query().Where(account.Demo(true)).Select(account.FieldUsername).Strings(viewer.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("list demo accounts: %w", err)
	}
	return names, nil
}

var errDemoAccount = &apperr.Error{Code: apperr.Unauthenticated,
	Message: "this is a demo account, whose password is public; it signs in only on a server started with --demo"}

// Session is a successful sign-in.
type Session struct {
	Token     string
	ExpiresAt time.Time
	Account   *ent.Account
}

var errWrongCredentials = &apperr.Error{Code: apperr.Unauthenticated, Message: "wrong username or password"}

// Login checks a username and password and issues a token. Wrong
// credentials are UNAUTHENTICATED (never saying which part was wrong);
// repeated attempts are RATE_LIMITED, with the time to wait, by the
// Limiter's per-address, per-(username, address) and per-username limits.
//
// c is the client to write with: the transaction of the calling mutation.
func (s *Service) Login(ctx context.Context, c *ent.Client, username, password string) (*Session, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	client := clientAddr(ctx)
	if ok, wait := s.limiter.Allow(client, username); !ok {
		return nil, &apperr.Error{Code: apperr.RateLimited, RetryAfter: wait,
			Message: fmt.Sprintf("too many sign-in attempts; try again in %d seconds", int(wait.Seconds())+1)}
	}
	sys := viewer.System(ctx)
	acc, err := c.Account.Query().Where(account.Username(username)).Only(sys)
	switch {
	case ent.IsNotFound(err):
		CheckPassword(string(dummyHash()), password) // take as long as a real check
		s.limiter.Failure(client, username)
		return nil, errWrongCredentials
	case err != nil:
		return nil, fmt.Errorf("login: %w", err)
	}
	if !CheckPassword(acc.PasswordHash, password) || !acc.Active {
		s.limiter.Failure(client, username)
		return nil, errWrongCredentials
	}
	if acc.Demo && !s.demo {
		return nil, errDemoAccount
	}
	s.limiter.Success(client, username)
	token, exp, err := s.tokens.Issue(acc.ID, acc.TokenVersion)
	if err != nil {
		return nil, err
	}
	acc, err = c.Account.UpdateOne(acc).SetLastLoginAt(s.now()).Save(sys)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	return &Session{Token: token, ExpiresAt: exp, Account: acc}, nil
}

// Authenticate implements Authenticator for SIMASN's own tokens. A
// deactivated account or a changed role, password or scope takes effect at
// once on this instance (the account's cached viewer is dropped by the
// change) and within a second on the others (see viewerCache).
func (s *Service) Authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	id, version, err := s.tokens.Verify(token)
	if err != nil {
		return nil, err
	}
	v, gen := s.viewers.get(id, version)
	if v != nil {
		return v, nil
	}
	acc, err := s.client.Account.Query().Where(account.ID(id)).WithUnit().Only(viewer.System(ctx))
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("%w (the account no longer exists)", ErrBadToken)
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	if !acc.Active {
		return nil, fmt.Errorf("%w (the account is deactivated)", ErrBadToken)
	}
	if version != acc.TokenVersion {
		return nil, fmt.Errorf("%w (revoked: the account's password, role or scope changed since it was issued)", ErrBadToken)
	}
	if acc.Demo && !s.demo {
		return nil, fmt.Errorf("%w (a demo account, and this server does not run the demo)", ErrBadToken)
	}
	v = ViewerOf(acc)
	s.viewers.put(v, gen)
	return v, nil
}

// ViewerOf builds the viewer of an account loaded with its unit.
func ViewerOf(acc *ent.Account) *viewer.Viewer {
	v := &viewer.Viewer{AccountID: acc.ID, Username: acc.Username, Role: viewer.Role(acc.Role), TokenVersion: acc.TokenVersion}
	if acc.EmployeeID != nil {
		v.EmployeeID = *acc.EmployeeID
	}
	if u := acc.Edges.Unit; u != nil {
		v.UnitID, v.UnitPath = u.ID, u.Path
	}
	return v
}

// CreateAccount creates an account with a password. HR officers and
// leaders need a unit scope; employees need their employee record.
func CreateAccount(ctx context.Context, c *ent.Client, in ent.CreateAccountInput, password string) (*ent.Account, error) {
	return createAccount(ctx, c, in, password, false)
}

func createAccount(ctx context.Context, c *ent.Client, in ent.CreateAccountInput, password string, demo bool) (*ent.Account, error) {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	if err := checkRole(in.Role, in.UnitID, in.EmployeeID); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, apperr.Invalid("password", "%s", err)
	}
	exists, err := c.Account.Query().Where(account.Username(in.Username)).Exist(viewer.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("create account: %w", err)
	}
	if exists {
		return nil, apperr.Conflictf("username", "the username %q is taken", in.Username)
	}
	acc, err := c.Account.Create().SetInput(in).SetPasswordHash(hash).SetDemo(demo).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create account %s: %w", in.Username, err)
	}
	return acc, nil
}

// UpdateAccount changes an account's role, scope, link or active flag.
func UpdateAccount(ctx context.Context, c *ent.Client, id int, in ent.UpdateAccountInput) (*ent.Account, error) {
	acc, err := c.Account.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("account %d does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("update account %d: %w", id, err)
	}
	role, unitID, employeeID := acc.Role, acc.UnitID, acc.EmployeeID
	if in.Role != nil {
		role = *in.Role
	}
	if in.ClearUnit {
		unitID = nil
	}
	if in.UnitID != nil {
		unitID = in.UnitID
	}
	if in.ClearEmployee {
		employeeID = nil
	}
	if in.EmployeeID != nil {
		employeeID = in.EmployeeID
	}
	if err := checkRole(role, unitID, employeeID); err != nil {
		return nil, err
	}
	return c.Account.UpdateOneID(id).SetInput(in).Save(ctx)
}

// ResetPassword sets a new password for an account.
func ResetPassword(ctx context.Context, c *ent.Client, id int, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return apperr.Invalid("newPassword", "%s", err)
	}
	err = c.Account.UpdateOneID(id).SetPasswordHash(hash).Exec(ctx)
	if ent.IsNotFound(err) {
		return apperr.NotFoundf("account %d does not exist", id)
	}
	return err
}

// ChangePassword changes the signed-in account's own password.
func ChangePassword(ctx context.Context, c *ent.Client, current, next string) error {
	v := viewer.FromContext(ctx)
	if v.AccountID == 0 {
		return &apperr.Error{Code: apperr.Unauthenticated, Message: "sign in to change your password"}
	}
	sys := viewer.System(ctx)
	acc, err := c.Account.Get(sys, v.AccountID)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if !CheckPassword(acc.PasswordHash, current) {
		return apperr.Invalid("currentPassword", "the current password is wrong")
	}
	hash, err := HashPassword(next)
	if err != nil {
		return apperr.Invalid("newPassword", "%s", err)
	}
	// The caller proved who they are; the write itself is the system's.
	return c.Account.UpdateOneID(acc.ID).SetPasswordHash(hash).Exec(sys)
}

func checkRole(role account.Role, unitID, employeeID *int) error {
	switch {
	case (role == account.RoleHR_OFFICER || role == account.RoleLEADER) && unitID == nil:
		return apperr.Invalid("unitID", "an %s account needs the unit it is scoped to", role)
	case role == account.RoleEMPLOYEE && employeeID == nil:
		return apperr.Invalid("employeeID", "an EMPLOYEE account needs the employee it belongs to")
	}
	return nil
}

func clientAddr(ctx context.Context) string {
	if a := request.ClientAddr(ctx); a != "" {
		return a
	}
	return "local"
}
