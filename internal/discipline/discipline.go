package discipline

import (
	"time"

	"simasn/internal/apperr"
	"simasn/internal/dates"
)

// Kind is a kind of penalty (jenis hukuman disiplin).
type Kind string

// The kinds of PP 94/2021 art. 8.
const (
	VerbalReprimand           Kind = "VERBAL_REPRIMAND"              // teguran lisan
	WrittenReprimand          Kind = "WRITTEN_REPRIMAND"             // teguran tertulis
	WrittenDissatisfaction    Kind = "WRITTEN_DISSATISFACTION"       // pernyataan tidak puas secara tertulis
	AllowanceCut6Months       Kind = "ALLOWANCE_CUT_6_MONTHS"        // pemotongan tunjangan kinerja 25% selama 6 bulan
	AllowanceCut9Months       Kind = "ALLOWANCE_CUT_9_MONTHS"        // … selama 9 bulan
	AllowanceCut12Months      Kind = "ALLOWANCE_CUT_12_MONTHS"       // … selama 12 bulan
	Demotion12Months          Kind = "DEMOTION_12_MONTHS"            // penurunan jabatan setingkat lebih rendah selama 12 bulan
	ReleaseToExecutor12Months Kind = "RELEASE_TO_EXECUTOR_12_MONTHS" // pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan
	Dismissal                 Kind = "DISMISSAL"                     // pemberhentian dengan hormat tidak atas permintaan sendiri
)

// Level is the level of a penalty (tingkat hukuman disiplin).
type Level string

// The levels.
const (
	Light  Level = "LIGHT"
	Medium Level = "MEDIUM"
	Heavy  Level = "HEAVY"
)

// rule is what the regulation says of a kind: its level and, when timed,
// its months of effect; permanent for a dismissal.
type rule struct {
	level     Level
	months    int
	permanent bool
}

var rules = map[Kind]rule{
	VerbalReprimand:           {level: Light},
	WrittenReprimand:          {level: Light},
	WrittenDissatisfaction:    {level: Light},
	AllowanceCut6Months:       {level: Medium, months: 6},
	AllowanceCut9Months:       {level: Medium, months: 9},
	AllowanceCut12Months:      {level: Medium, months: 12},
	Demotion12Months:          {level: Heavy, months: 12},
	ReleaseToExecutor12Months: {level: Heavy, months: 12},
	Dismissal:                 {level: Heavy, permanent: true},
}

// Kinds lists the kinds, lightest first.
func Kinds() []string {
	return []string{string(VerbalReprimand), string(WrittenReprimand), string(WrittenDissatisfaction),
		string(AllowanceCut6Months), string(AllowanceCut9Months), string(AllowanceCut12Months),
		string(Demotion12Months), string(ReleaseToExecutor12Months), string(Dismissal)}
}

// Levels lists the levels, lightest first.
func Levels() []string { return []string{string(Light), string(Medium), string(Heavy)} }

// LevelOf returns the level of a kind, and false for an unknown kind.
func LevelOf(k Kind) (Level, bool) {
	r, ok := rules[k]
	return r.level, ok
}

// Until returns the last day of effect of a penalty of kind k taking
// effect on from: from plus the regulation's months less a day for the
// timed kinds, nil (no end) for a dismissal, and for the light kinds the
// decree's last day stated, or from itself. stated must agree with the
// regulation for the timed kinds and be absent for a dismissal. Errors name
// the input field effectiveUntil.
func Until(k Kind, from time.Time, stated *time.Time) (*time.Time, error) {
	r, ok := rules[k]
	if !ok {
		return nil, apperr.Invalid("kind", "%q is not a kind of disciplinary penalty (PP 94/2021 art. 8)", k)
	}
	switch {
	case r.permanent:
		if stated != nil {
			return nil, apperr.Invalid("effectiveUntil", "a dismissal has no end of effect")
		}
		return nil, nil
	case r.months > 0:
		end := from.AddDate(0, r.months, -1)
		if stated != nil && !dates.Day(stated.UTC()).Equal(end) {
			return nil, apperr.Invalid("effectiveUntil", "a penalty of kind %s lasts %d months: from %s until %s, not %s",
				k, r.months, from.Format(time.DateOnly), end.Format(time.DateOnly), stated.UTC().Format(time.DateOnly))
		}
		return &end, nil
	}
	if stated == nil {
		f := from
		return &f, nil
	}
	end := dates.Day(stated.UTC())
	if end.Before(from) {
		return nil, apperr.Invalid("effectiveUntil", "the end of effect %s is before the effective date %s", end.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	return &end, nil
}

// Penalty is a penalty's period of effect as the career rules read it:
// from From to Until inclusive; a nil Until never ends.
type Penalty struct {
	Kind   string
	Level  string
	Decree string
	From   time.Time
	Until  *time.Time
}

// InEffect reports whether the penalty is in effect on day d.
func (p Penalty) InEffect(d time.Time) bool {
	return !d.Before(p.From) && (p.Until == nil || !d.After(*p.Until))
}
