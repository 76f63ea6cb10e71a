package nip_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"simasn/internal/nip"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parseCases are shared by TestParse and the seed corpus of FuzzParse.
var parseCases = []struct {
	name   string
	number string
	kind   nip.Kind
	want   nip.NIP // compared when wantErr is ""
	// wantErr is a fragment of the expected error reason; "" means valid.
	wantErr string
}{
	{
		name:   "PNS male",
		number: "198503152010011002",
		kind:   nip.PNS,
		want: nip.NIP{Number: "198503152010011002", Kind: nip.PNS, BirthDate: date(1985, time.March, 15),
			AppointedYear: 2010, AppointedMonth: 1, Gender: nip.Male, Serial: 2},
	},
	{
		name:   "PNS female leap day",
		number: "199202292019122001",
		kind:   nip.PNS,
		want: nip.NIP{Number: "199202292019122001", Kind: nip.PNS, BirthDate: date(1992, time.February, 29),
			AppointedYear: 2019, AppointedMonth: 12, Gender: nip.Female, Serial: 1},
	},
	{
		name:   "CPNS-format number appointed this decade",
		number: "200001012024061999",
		kind:   nip.PNS,
		want: nip.NIP{Number: "200001012024061999", Kind: nip.PNS, BirthDate: date(2000, time.January, 1),
			AppointedYear: 2024, AppointedMonth: 6, Gender: nip.Male, Serial: 999},
	},
	{
		name:   "PNS appointed in the month of the 18th birthday, on its last day",
		number: "196012311978122123",
		kind:   nip.PNS,
		want: nip.NIP{Number: "196012311978122123", Kind: nip.PNS, BirthDate: date(1960, time.December, 31),
			AppointedYear: 1978, AppointedMonth: 12, Gender: nip.Female, Serial: 123},
	},
	{
		name:   "PPPK appointed in the year of the 18th birthday, on its last day",
		number: "199012312008012005",
		kind:   nip.PPPK,
		want: nip.NIP{Number: "199012312008012005", Kind: nip.PPPK, BirthDate: date(1990, time.December, 31),
			AppointedYear: 2008, AppointedMonth: 0, Gender: nip.Female, Serial: 5},
	},
	{
		name:   "PPPK with 01 middle digits",
		number: "199004172021012005",
		kind:   nip.PPPK,
		want: nip.NIP{Number: "199004172021012005", Kind: nip.PPPK, BirthDate: date(1990, time.April, 17),
			AppointedYear: 2021, AppointedMonth: 0, Gender: nip.Female, Serial: 5},
	},
	{
		name:   "PPPK with 77 middle digits",
		number: "198807072022771010",
		kind:   nip.PPPK,
		want: nip.NIP{Number: "198807072022771010", Kind: nip.PPPK, BirthDate: date(1988, time.July, 7),
			AppointedYear: 2022, AppointedMonth: 0, Gender: nip.Male, Serial: 10},
	},
	{
		name:   "PPPK with 00 middle digits",
		number: "197511302023002042",
		kind:   nip.PPPK,
		want: nip.NIP{Number: "197511302023002042", Kind: nip.PPPK, BirthDate: date(1975, time.November, 30),
			AppointedYear: 2023, AppointedMonth: 0, Gender: nip.Female, Serial: 42},
	},
	{name: "77 middle digits are not a PNS month", number: "198807072022771010", kind: nip.PNS,
		wantErr: "the appointment month 77 is not a month (01–12)"},
	{name: "PNS month 00", number: "198503152010001002", kind: nip.PNS,
		wantErr: "the appointment month 00 is not a month"},
	{name: "PNS month 13", number: "198503152010131002", kind: nip.PNS,
		wantErr: "the appointment month 13 is not a month"},
	{name: "February 30", number: "198502302010011002", kind: nip.PNS,
		wantErr: "the birth date 1985-02-30 does not exist"},
	{name: "February 29 in a common year", number: "199102292015011002", kind: nip.PNS,
		wantErr: "the birth date 1991-02-29 does not exist"},
	{name: "birth month 13", number: "198513012010011002", kind: nip.PNS,
		wantErr: "the birth date 1985-13-01 does not exist"},
	{name: "birth day 00", number: "198501002010011002", kind: nip.PPPK,
		wantErr: "the birth date 1985-01-00 does not exist"},
	{name: "April 31", number: "198504312010011002", kind: nip.PNS,
		wantErr: "the birth date 1985-04-31 does not exist"},
	{name: "birth year before 1940", number: "193912311960011001", kind: nip.PNS,
		wantErr: "the birth year 1939 is out of range (1940–2100)"},
	{name: "birth year after 2100", number: "210101012120011001", kind: nip.PNS,
		wantErr: "the birth year 2101 is out of range (1940–2100)"},
	{name: "appointed the month before turning 18", number: "198503152003021002", kind: nip.PNS,
		wantErr: "the appointment (TMT) 2003-02 is entirely before the holder's 18th birthday, 2003-03-15; no one is appointed younger (PP 11/2017)"},
	{name: "PPPK appointed the year before turning 18", number: "199012312007012005", kind: nip.PPPK,
		wantErr: "the appointment (TMT) 2007 is entirely before the holder's 18th birthday, 2008-12-31"},
	{name: "appointed before birth", number: "198503151980011002", kind: nip.PPPK,
		wantErr: "no one is appointed younger"},
	{name: "appointed after 2100", number: "208001012101011001", kind: nip.PNS,
		wantErr: "the appointment year 2101 is after 2100"},
	{name: "gender digit 3", number: "198503152010013002", kind: nip.PNS,
		wantErr: "the gender digit is 3; want 1 (male) or 2 (female)"},
	{name: "gender digit 0 in PPPK", number: "199004172021010005", kind: nip.PPPK,
		wantErr: "the gender digit is 0"},
	{name: "serial 000", number: "198503152010011000", kind: nip.PNS,
		wantErr: "the serial number 000 is out of range; serials run from 001 to 999"},
	{name: "serial 000 in PPPK", number: "199004172021012000", kind: nip.PPPK,
		wantErr: "the serial number 000 is out of range"},
	{name: "17 digits", number: "19850315201001100", kind: nip.PNS,
		wantErr: "must be 18 digits, got 17 characters"},
	{name: "19 digits", number: "1985031520100110021", kind: nip.PNS,
		wantErr: "must be 18 digits, got 19 characters"},
	{name: "empty", number: "", kind: nip.PNS,
		wantErr: "must be 18 digits, got 0 characters"},
	{name: "trailing space", number: "198503152010011002 ", kind: nip.PNS,
		wantErr: "must be 18 digits, got 19 characters"},
	{name: "display grouping", number: "19850315 201001 1 002", kind: nip.PNS,
		wantErr: "must be 18 digits, got 21 characters"},
	{name: "letter", number: "19850315201001100X", kind: nip.PNS,
		wantErr: `must contain only digits, found 'X' at position 18`},
	{name: "inner space", number: "19850315 010011002", kind: nip.PNS,
		wantErr: `must contain only digits, found ' ' at position 9`},
	{name: "non-ASCII digit counted as one character", number: "19850315201001100٢", kind: nip.PNS,
		wantErr: `must contain only digits, found '٢' at position 18`},
	{name: "CPNS is not a kind", number: "198503152010011002", kind: "CPNS",
		wantErr: `unknown kind "CPNS" (want PNS or PPPK)`},
	{name: "empty kind", number: "198503152010011002", kind: "",
		wantErr: `unknown kind "" (want PNS or PPPK)`},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := nip.Parse(tc.number, tc.kind)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("Parse(%q, %s) = %+v, nil; want error containing %q", tc.number, tc.kind, got, tc.wantErr)
				}
				var e *nip.Error
				if !errors.As(err, &e) {
					t.Fatalf("Parse(%q, %s) error %T; want *nip.Error", tc.number, tc.kind, err)
				}
				if e.Number != tc.number {
					t.Errorf("Error.Number = %q, want %q", e.Number, tc.number)
				}
				if !strings.Contains(e.Reason, tc.wantErr) {
					t.Errorf("Error.Reason = %q, want it to contain %q", e.Reason, tc.wantErr)
				}
				if got != (nip.NIP{}) {
					t.Errorf("Parse returned %+v with an error, want the zero NIP", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q, %s) error: %v", tc.number, tc.kind, err)
			}
			if got.Number != tc.want.Number {
				t.Errorf("Number = %q, want %q", got.Number, tc.want.Number)
			}
			if got.Kind != tc.want.Kind {
				t.Errorf("Kind = %q, want %q", got.Kind, tc.want.Kind)
			}
			if !got.BirthDate.Equal(tc.want.BirthDate) || got.BirthDate.Location() != time.UTC {
				t.Errorf("BirthDate = %v, want %v", got.BirthDate, tc.want.BirthDate)
			}
			if got.AppointedYear != tc.want.AppointedYear {
				t.Errorf("AppointedYear = %d, want %d", got.AppointedYear, tc.want.AppointedYear)
			}
			if got.AppointedMonth != tc.want.AppointedMonth {
				t.Errorf("AppointedMonth = %d, want %d", got.AppointedMonth, tc.want.AppointedMonth)
			}
			if got.Gender != tc.want.Gender {
				t.Errorf("Gender = %q, want %q", got.Gender, tc.want.Gender)
			}
			if got.Serial != tc.want.Serial {
				t.Errorf("Serial = %d, want %d", got.Serial, tc.want.Serial)
			}
			if got.String() != tc.number {
				t.Errorf("String() = %q, want %q", got.String(), tc.number)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := nip.Parse("198502302010011002", nip.PNS)
	if err == nil {
		t.Fatal("Parse accepted February 30")
	}
	got := err.Error()
	want := `NIP "198502302010011002" is invalid: the birth date 1985-02-30 does not exist`
	if got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestBuild(t *testing.T) {
	tests := []struct {
		name           string
		kind           nip.Kind
		birth          time.Time
		appointedYear  int
		appointedMonth int
		gender         nip.Gender
		serial         int
		want           string
		wantErr        string
	}{
		{name: "PNS male", kind: nip.PNS, birth: date(1985, time.March, 15), appointedYear: 2010, appointedMonth: 1,
			gender: nip.Male, serial: 2, want: "198503152010011002"},
		{name: "PNS female serial 999", kind: nip.PNS, birth: date(2000, time.January, 1), appointedYear: 2024, appointedMonth: 12,
			gender: nip.Female, serial: 999, want: "200001012024122999"},
		{name: "PPPK ignores month", kind: nip.PPPK, birth: date(1988, time.July, 7), appointedYear: 2022, appointedMonth: 9,
			gender: nip.Male, serial: 10, want: "198807072022011010"},
		{name: "PPPK month 0", kind: nip.PPPK, birth: date(1990, time.April, 17), appointedYear: 2021,
			gender: nip.Female, serial: 5, want: "199004172021012005"},
		{name: "birth date taken in its own location", kind: nip.PNS,
			birth:         time.Date(1985, time.March, 15, 23, 30, 0, 0, time.FixedZone("WIT", 9*3600)),
			appointedYear: 2010, appointedMonth: 1, gender: nip.Male, serial: 2, want: "198503152010011002"},
		{name: "unknown kind", kind: "CPNS", birth: date(1985, time.March, 15), appointedYear: 2010, appointedMonth: 1,
			gender: nip.Male, serial: 2, wantErr: `build NIP: unknown kind "CPNS" (want PNS or PPPK)`},
		{name: "unknown gender", kind: nip.PNS, birth: date(1985, time.March, 15), appointedYear: 2010, appointedMonth: 1,
			gender: "X", serial: 2, wantErr: `build NIP: unknown gender "X" (want MALE or FEMALE)`},
		{name: "PNS month 0", kind: nip.PNS, birth: date(1985, time.March, 15), appointedYear: 2010,
			gender: nip.Male, serial: 2, wantErr: "build NIP: the appointment month 00 is not a month (01–12)"},
		{name: "PNS month 100", kind: nip.PNS, birth: date(1985, time.March, 15), appointedYear: 2010, appointedMonth: 100,
			gender: nip.Male, serial: 2, wantErr: "build NIP: the appointment month 100 is not a month (01–12)"},
		{name: "serial 0", kind: nip.PNS, birth: date(1985, time.March, 15), appointedYear: 2010, appointedMonth: 1,
			gender: nip.Male, serial: 0, wantErr: "build NIP: the serial number 000 is out of range; serials run from 001 to 999"},
		{name: "serial 1000", kind: nip.PPPK, birth: date(1985, time.March, 15), appointedYear: 2010,
			gender: nip.Male, serial: 1000, wantErr: "build NIP: the serial number 1000 is out of range"},
		{name: "negative serial", kind: nip.PNS, birth: date(1985, time.March, 15), appointedYear: 2010, appointedMonth: 1,
			gender: nip.Male, serial: -1, wantErr: "build NIP: the serial number -1 is out of range"},
		{name: "appointed too young", kind: nip.PNS, birth: date(1985, time.March, 15), appointedYear: 1999, appointedMonth: 1,
			gender: nip.Male, serial: 1, wantErr: "no one is appointed younger"},
		{name: "appointment year 12345", kind: nip.PNS, birth: date(1985, time.March, 15), appointedYear: 12345, appointedMonth: 1,
			gender: nip.Male, serial: 1, wantErr: "build NIP: the appointment year 12345 is after 2100"},
		{name: "birth year 1850", kind: nip.PPPK, birth: date(1850, time.March, 15), appointedYear: 1880,
			gender: nip.Male, serial: 1, wantErr: "build NIP: the birth year 1850 is out of range (1940–2100)"},
		{name: "zero time", kind: nip.PNS, birth: time.Time{}, appointedYear: 2010, appointedMonth: 1,
			gender: nip.Male, serial: 1, wantErr: "build NIP: the birth year 1 is out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := nip.Build(tc.kind, tc.birth, tc.appointedYear, tc.appointedMonth, tc.gender, tc.serial)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("Build = %q, nil; want error containing %q", got, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("Build error = %q, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Build error: %v", err)
			}
			if got != tc.want {
				t.Errorf("Build = %q, want %q", got, tc.want)
			}
			if _, err := nip.Parse(got, tc.kind); err != nil {
				t.Errorf("Parse(Build(...)) error: %v", err)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "PNS", in: "198503152010011002", want: "19850315 201001 1 002"},
		{name: "PPPK uses the same grouping", in: "198807072022771010", want: "19880707 202277 1 010"},
		{name: "too short is unchanged", in: "1985031520100110", want: "1985031520100110"},
		{name: "non-digits are unchanged", in: "19850315201001100X", want: "19850315201001100X"},
		{name: "already grouped is unchanged", in: "19850315 201001 1 002", want: "19850315 201001 1 002"},
		{name: "empty", in: "", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := nip.Format(tc.in); got != tc.want {
				t.Errorf("Format(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestKindFor(t *testing.T) {
	tests := []struct {
		employmentType string
		want           nip.Kind
		wantOK         bool
	}{
		{"PNS", nip.PNS, true},
		{"CPNS", nip.PNS, true},
		{"PPPK", nip.PPPK, true},
		{"pns", "", false},
		{"HONORER", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.employmentType, func(t *testing.T) {
			got, ok := nip.KindFor(tc.employmentType)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("KindFor(%q) = %q, %v; want %q, %v", tc.employmentType, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.number, string(tc.kind))
	}
	f.Fuzz(func(t *testing.T, number, kind string) {
		n, err := nip.Parse(number, nip.Kind(kind))
		if err != nil {
			var e *nip.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse error %T, want *nip.Error", err)
			}
			return
		}
		if got, want := n.BirthDate.Format("20060102"), number[:8]; got != want {
			t.Errorf("BirthDate formats as %q, want %q", got, want)
		}
		if n.BirthDate.Location() != time.UTC || n.BirthDate.Hour() != 0 || n.BirthDate.Minute() != 0 ||
			n.BirthDate.Second() != 0 || n.BirthDate.Nanosecond() != 0 {
			t.Errorf("BirthDate = %v, want midnight UTC", n.BirthDate)
		}
		if n.Kind == nip.PPPK && n.AppointedMonth != 0 {
			t.Errorf("PPPK AppointedMonth = %d, want 0", n.AppointedMonth)
		}
		built, err := nip.Build(n.Kind, n.BirthDate, n.AppointedYear, n.AppointedMonth, n.Gender, n.Serial)
		if err != nil {
			t.Fatalf("Build from %+v: %v", n, err)
		}
		if n.Kind == nip.PNS && built != number {
			t.Errorf("Build from %+v = %q, want %q", n, built, number)
		}
		again, err := nip.Parse(built, n.Kind)
		if err != nil {
			t.Fatalf("Parse(Build(...)) = %q: %v", built, err)
		}
		again.Number = n.Number
		if !again.BirthDate.Equal(n.BirthDate) {
			t.Errorf("round-trip BirthDate = %v, want %v", again.BirthDate, n.BirthDate)
		}
		again.BirthDate = n.BirthDate
		if again != n {
			t.Errorf("round trip: got %+v, want %+v", again, n)
		}
	})
}

func TestCheckAppointment(t *testing.T) {
	pns, err := nip.Parse("199003152008031001", nip.PNS) // born 1990-03-15, TMT 2008-03
	if err != nil {
		t.Fatal(err)
	}
	leap, err := nip.Parse("199002282008031001", nip.PNS) // born 1990-02-28
	if err != nil {
		t.Fatal(err)
	}
	pppk, err := nip.Parse("199003152008011001", nip.PPPK) // born 1990-03-15, TMT 2008
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		n       nip.NIP
		tmt     time.Time
		wantErr string
	}{
		{"on the 18th birthday", pns, date(2008, time.March, 15), ""},
		{"18 years minus a day", pns, date(2008, time.March, 14), "the appointment date 2008-03-14 is before the holder's 18th birthday, 2008-03-15"},
		{"last day of the TMT month", pns, date(2008, time.March, 31), ""},
		{"first day of the next month", pns, date(2008, time.April, 1), "the CPNS appointment date 2008-04-01 is not in 2008-03, the appointment month the NIP 199003152008031001 encodes"},
		{"first day of the TMT month, after the birthday", leap, date(2008, time.March, 1), ""},
		{"last day of the month before", leap, date(2008, time.February, 29), "is not in 2008-03"},
		{"PPPK any month of the year", pppk, date(2008, time.December, 1), ""},
		{"PPPK before 18", pppk, date(2008, time.March, 14), "before the holder's 18th birthday"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.n.CheckAppointment(tc.tmt)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("CheckAppointment(%s) = %v, want nil", tc.tmt.Format(time.DateOnly), err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("CheckAppointment(%s) = %v, want an error containing %q", tc.tmt.Format(time.DateOnly), err, tc.wantErr)
			}
		})
	}
}

func TestAdultOnLeapDay(t *testing.T) {
	n, err := nip.Parse("199202292010031001", nip.PNS)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n.AdultOn(), date(2010, time.March, 1); !got.Equal(want) {
		t.Errorf("AdultOn = %s, want %s", got.Format(time.DateOnly), want.Format(time.DateOnly))
	}
}

func TestCheckBirth(t *testing.T) {
	n, err := nip.Parse("200001012024061999", nip.PNS)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.CheckBirth(date(2000, time.January, 1)); err != nil {
		t.Errorf("born today: %v", err)
	}
	if err := n.CheckBirth(date(1999, time.December, 31)); err == nil || !strings.Contains(err.Error(), "in the future") {
		t.Errorf("born tomorrow: %v, want an error", err)
	}
}

// TestBuildRangeBoundaries checks the edges of the accepted years, each
// with the values just inside and just outside: the birth year 1940–2100,
// the appointment year at most 2100, and a PPPK appointment year that must
// hold the 18th birthday by 31 December (its number carries no month).
func TestBuildRangeBoundaries(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name      string
		kind      nip.Kind
		birth     time.Time
		year, mon int
		wantErr   string // "" when valid
	}{
		{"born in 1940, the first year", nip.PNS, day(1940, time.May, 5), 1965, 3, ""},
		{"born in 1939", nip.PNS, day(1939, time.December, 31), 1965, 3, "the birth year 1939 is out of range"},
		{"appointed in 2100, the last year", nip.PNS, day(2080, time.January, 1), 2100, 1, ""},
		{"appointed in 2101", nip.PNS, day(2080, time.January, 1), 2101, 1, "the appointment year 2101 is after 2100"},
		// Born in 2100: a valid birth year, refused for the appointment it
		// needs, not for the birth year.
		{"born in 2100, the last year", nip.PNS, day(2100, time.January, 1), 2100, 1, "18th birthday"},
		{"PPPK turning 18 on 31 December of the appointment year", nip.PPPK, day(1990, time.December, 31), 2008, 0, ""},
		{"PPPK turning 18 on 1 January after the appointment year", nip.PPPK, day(1991, time.January, 1), 2008, 0, "18th birthday"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := nip.Build(tc.kind, tc.birth, tc.year, tc.mon, nip.Male, 1)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("Build = %v, want a NIP", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Build = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestMask: the year of birth, the gender digit and the serial stay; a
// string that is not 18 characters is masked whole, never longer than a NIP.
func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"198503122010011001":   "1985**********1001",
		"199007212015022003":   "1990**********2003",
		"12345":                "*****",
		"":                     "",
		"19850312201001100199": "******************",
	} {
		if got := nip.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
