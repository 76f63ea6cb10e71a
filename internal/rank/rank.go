package rank

import "fmt"

// pnsRanks and pppkGrades are the lists the rules read; the exported slices
// are copies, so changing those cannot change validation.
var (
	pnsRanks = [...]string{
		"I/a", "I/b", "I/c", "I/d",
		"II/a", "II/b", "II/c", "II/d",
		"III/a", "III/b", "III/c", "III/d",
		"IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
	}
	pppkGrades = [...]string{
		"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
		"X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
	}
)

// PNSRanks lists the PNS and CPNS ranks (golongan/ruang), lowest first.
// It is a copy for reading; the package's rules do not depend on it.
var PNSRanks = append([]string(nil), pnsRanks[:]...)

// PPPKGrades lists the PPPK grades (golongan PPPK), lowest first.
// It is a copy for reading; the package's rules do not depend on it.
var PPPKGrades = append([]string(nil), pppkGrades[:]...)

// titles are the pangkat names of the PNS ranks.
var titles = map[string]string{
	"I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
	"II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur", "II/d": "Pengatur Tingkat I",
	"III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I", "III/c": "Penata", "III/d": "Penata Tingkat I",
	"IV/a": "Pembina", "IV/b": "Pembina Tingkat I", "IV/c": "Pembina Utama Muda", "IV/d": "Pembina Utama Madya",
	"IV/e": "Pembina Utama",
}

// entryRanks are the ranks a new CPNS starts at, by education level.
var entryRanks = map[string]string{
	"SD": "I/a", "SMP": "I/c", "SLTA": "II/a",
	"D1": "II/a", "D2": "II/b", "D3": "II/c",
	"D4": "III/a", "S1": "III/a", "S2": "III/b", "S3": "III/c",
}

// scheme is the list of ranks an employment type uses and how to name it.
type scheme struct {
	ranks []string
	noun  string // "PNS rank" or "PPPK grade"
}

func (s scheme) order(rank string) (int, bool) {
	for i, r := range s.ranks {
		if r == rank {
			return i, true
		}
	}
	return 0, false
}

func (s scheme) check(rank string) error {
	if _, ok := s.order(rank); !ok {
		return fmt.Errorf("rank %q is not a %s (%s … %s)", rank, s.noun, s.ranks[0], s.ranks[len(s.ranks)-1])
	}
	return nil
}

func schemeFor(employmentType string) (scheme, error) {
	switch employmentType {
	case "PNS", "CPNS":
		return scheme{ranks: pnsRanks[:], noun: "PNS rank"}, nil
	case "PPPK":
		return scheme{ranks: pppkGrades[:], noun: "PPPK grade"}, nil
	}
	return scheme{}, fmt.Errorf("unknown employment type %q (want PNS, CPNS or PPPK)", employmentType)
}

// Validate reports whether rank is a rank of the employment type: a PNS
// rank (I/a … IV/e) for "PNS" and "CPNS", a PPPK grade (I … XVII) for
// "PPPK". It returns an error naming the allowed range when it is not, and
// an error for any other employment type.
func Validate(employmentType, rank string) error {
	s, err := schemeFor(employmentType)
	if err != nil {
		return err
	}
	return s.check(rank)
}

// Order returns the position of rank among the ranks of the employment type,
// counting from 0 for the lowest (I/a, or grade I). It reports false if the
// employment type is unknown or rank is not one of its ranks.
func Order(employmentType, rank string) (int, bool) {
	s, err := schemeFor(employmentType)
	if err != nil {
		return 0, false
	}
	return s.order(rank)
}

// Title returns the pangkat name of a PNS rank, such as "Penata Muda" for
// III/a, or "" if rank is not a PNS rank. PPPK grades have no title.
func Title(rank string) string {
	return titles[rank]
}

// EntryRank returns the PNS rank a CPNS is appointed at for an education
// level: SD, SMP, SLTA, D1, D2, D3, D4, S1, S2 or S3, written exactly so.
// It reports false for any other level.
func EntryRank(educationLevel string) (string, bool) {
	r, ok := entryRanks[educationLevel]
	return r, ok
}

// Promotion checks a promotion (kenaikan pangkat) from rank from to rank to
// for the employment type: both must be its ranks and to must be strictly
// above from. Skipping ranks is allowed; staying or going down is not.
func Promotion(employmentType, from, to string) error {
	s, err := schemeFor(employmentType)
	if err != nil {
		return fmt.Errorf("promotion: %w", err)
	}
	i, ok := s.order(from)
	if !ok {
		return fmt.Errorf("promotion: current %w", s.check(from))
	}
	j, ok := s.order(to)
	if !ok {
		return fmt.Errorf("promotion: new %w", s.check(to))
	}
	switch {
	case j == i:
		return fmt.Errorf("promotion: the new rank %s is the same as the current rank; a promotion must raise the rank", to)
	case j < i:
		return fmt.Errorf("promotion: the new rank %s is below the current rank %s; a promotion must raise the rank", to, from)
	}
	return nil
}
