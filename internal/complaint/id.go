package complaint

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// TrackingIDPrefix starts every tracking ID; it names the province
// (Lampung).
const TrackingIDPrefix = "LPG"

// crockford is Crockford's base32 alphabet: digits and capital letters
// without I, L, O and U, which are easily confused or misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Shape of a tracking ID: three groups of four base32 characters.
const (
	trackingGroups    = 3
	trackingGroupSize = 4
	trackingChars     = trackingGroups * trackingGroupSize // 12 × 5 = 60 random bits
)

// NewTrackingID returns a new tracking ID such as LPG-7KQ9-M2XD-4HT8: the
// prefix and three groups of four characters of Crockford's base32, carrying
// 60 bits from crypto/rand. That is short enough to read over the phone and
// too many to guess: a billion complaints would leave a guess a chance of
// about one in a billion. Uniqueness in storage is still the database's job.
func NewTrackingID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("new tracking ID: %w", err)
	}
	v := binary.BigEndian.Uint64(b[:]) >> (64 - 5*trackingChars)
	var body [trackingChars]byte
	for i := trackingChars - 1; i >= 0; i-- {
		body[i] = crockford[v&31]
		v >>= 5
	}
	return format(body[:]), nil
}

// format writes a 12-character body as a tracking ID.
func format(body []byte) string {
	var sb strings.Builder
	sb.WriteString(TrackingIDPrefix)
	for g := range trackingGroups {
		sb.WriteByte('-')
		sb.Write(body[g*trackingGroupSize : (g+1)*trackingGroupSize])
	}
	return sb.String()
}

// NormalizeTrackingID returns the canonical form of a tracking ID as typed
// by a person, and whether it is well formed. It ignores case, spaces and
// dashes, accepts the ID without its prefix, and reads O as 0 and I and L as
// 1, as Crockford's base32 does: " lpg 7kq9m2xd-4ht8 " and "7KQ9-M2XD-4HT8"
// both give "LPG-7KQ9-M2XD-4HT8". A well-formed ID may still be unknown.
func NormalizeTrackingID(s string) (string, bool) {
	var clean []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r':
			continue
		case r >= 0x80:
			return "", false
		}
		clean = append(clean, byte(r))
	}
	// Decide by length before stripping the prefix: a bare body may itself
	// begin with "LPG" (read as "1PG").
	switch len(clean) {
	case len(TrackingIDPrefix) + trackingChars:
		if string(clean[:len(TrackingIDPrefix)]) != TrackingIDPrefix {
			return "", false
		}
		clean = clean[len(TrackingIDPrefix):]
	case trackingChars:
	default:
		return "", false
	}
	for i, c := range clean {
		switch c {
		case 'O':
			c = '0'
		case 'I', 'L':
			c = '1'
		}
		if strings.IndexByte(crockford, c) < 0 {
			return "", false
		}
		clean[i] = c
	}
	return format(clean), true
}

// accessKeyBytes is the length of an access key before encoding: 192 bits.
const accessKeyBytes = 24

// NewAccessKey returns a new access key for the reporter to follow a
// complaint, and the hash to store in its place. The key is 24 random bytes
// in unpadded base64url (32 characters), shown to the reporter once; the
// hash is the hex SHA-256 of the key. A password needs a slow hash (bcrypt,
// argon2) because people choose guessable ones; a 192-bit random key cannot
// be guessed or looked up however fast the hash, so SHA-256 is enough and
// keeps every check cheap.
func NewAccessKey() (key, hash string, err error) {
	b := make([]byte, accessKeyBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("new access key: %w", err)
	}
	key = base64.RawURLEncoding.EncodeToString(b)
	return key, hashAccessKey(key), nil
}

// AccessKeyHash returns the hash to store for an access key that was not
// made by NewAccessKey: the demo dataset publishes one (internal/seed).
func AccessKeyHash(key string) string { return hashAccessKey(key) }

// hashAccessKey returns the hex SHA-256 of key.
func hashAccessKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// CheckAccessKey reports whether key matches hash, a hash from NewAccessKey.
// The comparison takes the same time wherever the two differ, so timing
// reveals nothing of the stored hash. An empty key or a malformed hash never
// matches.
func CheckAccessKey(key, hash string) bool {
	if key == "" {
		return false
	}
	want, err := hex.DecodeString(hash)
	if err != nil || len(want) != sha256.Size {
		return false
	}
	got := sha256.Sum256([]byte(key))
	return subtle.ConstantTimeCompare(got[:], want) == 1
}
