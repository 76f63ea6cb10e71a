package auth

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLength is the shortest password an account may have.
const MinPasswordLength = 10

// HashPassword returns the bcrypt hash of a password that is long enough.
func HashPassword(password string) (string, error) {
	if len(password) < MinPasswordLength {
		return "", fmt.Errorf("a password needs at least %d characters", MinPasswordLength)
	}
	if len(password) > 72 {
		return "", errors.New("a password has at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), hashCost())
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword reports whether password matches hash.
func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// testCost, when not zero, is the bcrypt cost of new hashes instead of
// bcrypt.DefaultCost; set by UseMinCostForTests.
var testCost atomic.Int64

// UseMinCostForTests makes new password hashes use bcrypt's minimum cost
// (4, about a hundredth of the work of the default 10), for test binaries
// that create hundreds of accounts: their tests check what a password
// opens, not how slowly. Never call it outside tests; the cost of stored
// hashes is checked by TestHashCost.
func UseMinCostForTests() { testCost.Store(int64(bcrypt.MinCost)) }

// hashCost is the bcrypt cost of new hashes.
func hashCost() int {
	if c := testCost.Load(); c != 0 {
		return int(c)
	}
	return bcrypt.DefaultCost
}

// dummies holds, per cost, the hash compared against when the username
// does not exist, so that a login takes as long for an unknown user as for
// a wrong password.
var dummies sync.Map

// dummyHash returns the timing equaliser's hash at the current cost.
func dummyHash() []byte {
	c := hashCost()
	if h, ok := dummies.Load(c); ok {
		return h.([]byte)
	}
	h, _ := bcrypt.GenerateFromPassword([]byte("simasn-timing-equaliser"), c)
	dummies.Store(c, h)
	return h
}
