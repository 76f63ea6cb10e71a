package rank_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"simasn/internal/rank"
)

func TestLists(t *testing.T) {
	wantPNS := []string{
		"I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d",
		"III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
	}
	if !slices.Equal(rank.PNSRanks, wantPNS) {
		t.Errorf("PNSRanks = %v, want %v", rank.PNSRanks, wantPNS)
	}
	wantPPPK := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
		"X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"}
	if !slices.Equal(rank.PPPKGrades, wantPPPK) {
		t.Errorf("PPPKGrades = %v, want %v", rank.PPPKGrades, wantPPPK)
	}
}

func TestExportedListsDoNotChangeRules(t *testing.T) {
	saved := rank.PNSRanks[0]
	rank.PNSRanks[0] = "X/z"
	defer func() { rank.PNSRanks[0] = saved }()
	if err := rank.Validate("PNS", "I/a"); err != nil {
		t.Errorf("Validate(PNS, I/a) after editing PNSRanks: %v, want nil", err)
	}
	if err := rank.Validate("PNS", "X/z"); err == nil {
		t.Error("Validate(PNS, X/z) after editing PNSRanks = nil, want error")
	}
}

func TestValidateAndOrderEveryRank(t *testing.T) {
	for _, typ := range []string{"PNS", "CPNS"} {
		for i, r := range rank.PNSRanks {
			t.Run(typ+" "+r, func(t *testing.T) {
				if err := rank.Validate(typ, r); err != nil {
					t.Errorf("Validate(%s, %s) = %v, want nil", typ, r, err)
				}
				got, ok := rank.Order(typ, r)
				if !ok || got != i {
					t.Errorf("Order(%s, %s) = %d, %v; want %d, true", typ, r, got, ok, i)
				}
			})
		}
	}
	for i, g := range rank.PPPKGrades {
		t.Run("PPPK "+g, func(t *testing.T) {
			if err := rank.Validate("PPPK", g); err != nil {
				t.Errorf("Validate(PPPK, %s) = %v, want nil", g, err)
			}
			got, ok := rank.Order("PPPK", g)
			if !ok || got != i {
				t.Errorf("Order(PPPK, %s) = %d, %v; want %d, true", g, got, ok, i)
			}
		})
	}
}

func TestValidateRejects(t *testing.T) {
	tests := []struct {
		name           string
		employmentType string
		rank           string
		want           string
	}{
		{"III/e does not exist", "PNS", "III/e", `rank "III/e" is not a PNS rank (I/a … IV/e)`},
		{"IV/f does not exist", "CPNS", "IV/f", `rank "IV/f" is not a PNS rank (I/a … IV/e)`},
		{"V/a does not exist", "PNS", "V/a", `rank "V/a" is not a PNS rank (I/a … IV/e)`},
		{"lower-case roman numeral", "PNS", "iii/a", `rank "iii/a" is not a PNS rank (I/a … IV/e)`},
		{"upper-case letter", "PNS", "III/A", `rank "III/A" is not a PNS rank (I/a … IV/e)`},
		{"space instead of slash", "PNS", "III a", `rank "III a" is not a PNS rank (I/a … IV/e)`},
		{"surrounding space", "PNS", " III/a", `rank " III/a" is not a PNS rank (I/a … IV/e)`},
		{"empty PNS rank", "PNS", "", `rank "" is not a PNS rank (I/a … IV/e)`},
		{"PPPK grade for PNS", "PNS", "IX", `rank "IX" is not a PNS rank (I/a … IV/e)`},
		{"PNS rank for PPPK", "PPPK", "III/a", `rank "III/a" is not a PPPK grade (I … XVII)`},
		{"grade XVIII", "PPPK", "XVIII", `rank "XVIII" is not a PPPK grade (I … XVII)`},
		{"arabic grade", "PPPK", "9", `rank "9" is not a PPPK grade (I … XVII)`},
		{"empty PPPK grade", "PPPK", "", `rank "" is not a PPPK grade (I … XVII)`},
		{"unknown employment type", "HONORER", "III/a", `unknown employment type "HONORER" (want PNS, CPNS or PPPK)`},
		{"lower-case employment type", "pns", "III/a", `unknown employment type "pns" (want PNS, CPNS or PPPK)`},
		{"empty employment type", "", "III/a", `unknown employment type "" (want PNS, CPNS or PPPK)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := rank.Validate(tc.employmentType, tc.rank)
			if err == nil {
				t.Fatalf("Validate(%q, %q) = nil, want %q", tc.employmentType, tc.rank, tc.want)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("Validate(%q, %q) = %q, want %q", tc.employmentType, tc.rank, got, tc.want)
			}
			if got, ok := rank.Order(tc.employmentType, tc.rank); ok {
				t.Errorf("Order(%q, %q) = %d, true; want false", tc.employmentType, tc.rank, got)
			}
		})
	}
}

func TestOrdering(t *testing.T) {
	tests := []struct {
		name           string
		employmentType string
		lower, higher  string
	}{
		{"within a golongan", "PNS", "III/a", "III/b"},
		{"across golongan", "PNS", "II/d", "III/a"},
		{"lowest below highest", "CPNS", "I/a", "IV/e"},
		{"IV/d below IV/e", "PNS", "IV/d", "IV/e"},
		{"PPPK IX below X", "PPPK", "IX", "X"},
		{"PPPK IV below V", "PPPK", "IV", "V"},
		{"PPPK XVI below XVII", "PPPK", "XVI", "XVII"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lo, ok1 := rank.Order(tc.employmentType, tc.lower)
			hi, ok2 := rank.Order(tc.employmentType, tc.higher)
			if !ok1 || !ok2 {
				t.Fatalf("Order: %s ok=%v, %s ok=%v; want both true", tc.lower, ok1, tc.higher, ok2)
			}
			if lo >= hi {
				t.Errorf("Order(%s) = %d, Order(%s) = %d; want the first lower", tc.lower, lo, tc.higher, hi)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	want := map[string]string{
		"I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
		"II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur", "II/d": "Pengatur Tingkat I",
		"III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I", "III/c": "Penata", "III/d": "Penata Tingkat I",
		"IV/a": "Pembina", "IV/b": "Pembina Tingkat I", "IV/c": "Pembina Utama Muda", "IV/d": "Pembina Utama Madya",
		"IV/e": "Pembina Utama",
	}
	for _, r := range rank.PNSRanks {
		t.Run(r, func(t *testing.T) {
			if got := rank.Title(r); got != want[r] {
				t.Errorf("Title(%q) = %q, want %q", r, got, want[r])
			}
		})
	}
	for _, r := range []string{"III/e", "IX", "XVII", "iii/a", ""} {
		t.Run(fmt.Sprintf("no title for %q", r), func(t *testing.T) {
			if got := rank.Title(r); got != "" {
				t.Errorf("Title(%q) = %q, want \"\"", r, got)
			}
		})
	}
}

func TestEntryRank(t *testing.T) {
	tests := []struct {
		education string
		want      string
		wantOK    bool
	}{
		{"SD", "I/a", true},
		{"SMP", "I/c", true},
		{"SLTA", "II/a", true},
		{"D1", "II/a", true},
		{"D2", "II/b", true},
		{"D3", "II/c", true},
		{"D4", "III/a", true},
		{"S1", "III/a", true},
		{"S2", "III/b", true},
		{"S3", "III/c", true},
		{"SMA", "", false},
		{"s1", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.education, func(t *testing.T) {
			got, ok := rank.EntryRank(tc.education)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("EntryRank(%q) = %q, %v; want %q, %v", tc.education, got, ok, tc.want, tc.wantOK)
			}
			if ok {
				if err := rank.Validate("CPNS", got); err != nil {
					t.Errorf("entry rank %q is not a valid CPNS rank: %v", got, err)
				}
			}
		})
	}
}

func TestPromotion(t *testing.T) {
	tests := []struct {
		name           string
		employmentType string
		from, to       string
		wantErr        string // "" means allowed
	}{
		{"next rank", "PNS", "III/a", "III/b", ""},
		{"across golongan", "PNS", "II/d", "III/a", ""},
		{"skipping ranks", "PNS", "III/a", "III/d", ""},
		{"CPNS ranks", "CPNS", "II/a", "II/b", ""},
		{"to the top", "PNS", "IV/d", "IV/e", ""},
		{"PPPK grade up", "PPPK", "IX", "X", ""},
		{"PPPK to the top", "PPPK", "XVI", "XVII", ""},
		{"same rank", "PNS", "III/a", "III/a",
			"promotion: the new rank III/a is the same as the current rank; a promotion must raise the rank"},
		{"down", "PNS", "III/a", "II/d",
			"promotion: the new rank II/d is below the current rank III/a; a promotion must raise the rank"},
		{"PPPK same grade", "PPPK", "V", "V",
			"promotion: the new rank V is the same as the current rank; a promotion must raise the rank"},
		{"PPPK down", "PPPK", "X", "IX",
			"promotion: the new rank IX is below the current rank X; a promotion must raise the rank"},
		{"invalid current rank", "PNS", "III/e", "IV/a",
			`promotion: current rank "III/e" is not a PNS rank (I/a … IV/e)`},
		{"invalid new rank", "PNS", "IV/e", "IV/f",
			`promotion: new rank "IV/f" is not a PNS rank (I/a … IV/e)`},
		{"PNS rank for PPPK", "PPPK", "IX", "III/a",
			`promotion: new rank "III/a" is not a PPPK grade (I … XVII)`},
		{"unknown employment type", "HONORER", "I", "II",
			`promotion: unknown employment type "HONORER" (want PNS, CPNS or PPPK)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := rank.Promotion(tc.employmentType, tc.from, tc.to)
			if tc.wantErr == "" {
				if err != nil {
					t.Errorf("Promotion(%s, %s, %s) = %v, want nil", tc.employmentType, tc.from, tc.to, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Promotion(%s, %s, %s) = nil, want %q", tc.employmentType, tc.from, tc.to, tc.wantErr)
			}
			if got := err.Error(); got != tc.wantErr {
				t.Errorf("Promotion(%s, %s, %s) = %q, want %q", tc.employmentType, tc.from, tc.to, got, tc.wantErr)
			}
		})
	}
}

// TestPromotionEveryPair checks Promotion against Order for every pair of ranks.
func TestPromotionEveryPair(t *testing.T) {
	for typ, ranks := range map[string][]string{"PNS": rank.PNSRanks, "PPPK": rank.PPPKGrades} {
		for i, from := range ranks {
			for j, to := range ranks {
				err := rank.Promotion(typ, from, to)
				if got, want := err == nil, j > i; got != want {
					t.Errorf("Promotion(%s, %s, %s) allowed = %v, want %v (err %v)", typ, from, to, got, want, err)
				}
				if err != nil && !strings.Contains(err.Error(), "a promotion must raise the rank") {
					t.Errorf("Promotion(%s, %s, %s) = %q, want it to say the rank must rise", typ, from, to, err)
				}
			}
		}
	}
}
