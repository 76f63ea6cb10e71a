package ikm

import (
	"fmt"
	"io"
	"math"
	"strconv"
)

// NumElements is the number of service elements (unsur pelayanan) a
// respondent rates.
const NumElements = 9

// Lowest and Highest bound an answer: 1 is poor (tidak baik), 4 very good
// (sangat baik).
const (
	Lowest  = 1
	Highest = 4
)

// Element is one of the nine service elements of PermenPANRB 14/2017.
type Element struct {
	// Code is U1 to U9.
	Code string
	// Name is the element in English.
	Name string
	// Term is the element as the regulation names it.
	Term string
}

// Elements lists the nine service elements in their official order.
var Elements = [NumElements]Element{
	{"U1", "requirements", "persyaratan"},
	{"U2", "procedure", "sistem, mekanisme dan prosedur"},
	{"U3", "service time", "waktu penyelesaian"},
	{"U4", "cost", "biaya/tarif"},
	{"U5", "service product", "produk spesifikasi jenis pelayanan"},
	{"U6", "staff competence", "kompetensi pelaksana"},
	{"U7", "staff behaviour", "perilaku pelaksana"},
	{"U8", "complaint handling", "penanganan pengaduan, saran dan masukan"},
	{"U9", "facilities", "sarana dan prasarana"},
}

// Answers are one respondent's ratings of the nine elements, in the order
// of Elements.
type Answers [NumElements]int

// Validate reports the first answer outside 1–4, naming its element.
func (a Answers) Validate() error {
	for i, v := range a {
		if v < Lowest || v > Highest {
			return fmt.Errorf("%s (%s) is rated %d; answer %d (poor) to %d (very good)", Elements[i].Code, Elements[i].Name, v, Lowest, Highest)
		}
	}
	return nil
}

// Index returns the satisfaction index for the given element means (each
// the average answer of one element, 1–4): the mean of the element means,
// times 25, so between 25 and 100. The regulation writes it as the sum of
// the element means weighted 1/9 each; that is the same number.
func Index(means [NumElements]float64) float64 {
	sum := 0.0
	for _, m := range means {
		sum += m
	}
	return sum / NumElements * 25
}

// Grade is the quality of service (mutu pelayanan) an index earns.
type Grade string

// The grades.
const (
	A Grade = "A"
	B Grade = "B"
	C Grade = "C"
	D Grade = "D"
)

// Lower bounds of the grades on the converted value, in hundredths.
const (
	minA = 8831
	minB = 7661
	minC = 6500
	minD = 2500
	max  = 10000
)

// GradeOf returns the grade of an index. The index is first rounded to two
// decimals, as the grade table is written (88.305 is 88.31, an A; 88.304 is
// 88.30, a B). An index outside 25–100 cannot come from valid answers and
// is an error.
func GradeOf(index float64) (Grade, error) {
	// Half a billionth absorbs the binary representation error of values
	// such as 88.305, which is stored as 88.30499….
	h := int(math.Floor(index*100 + 0.5 + 1e-9))
	switch {
	case math.IsNaN(index) || h < minD || h > max:
		return "", fmt.Errorf("ikm: index %.2f is outside 25–100", index)
	case h >= minA:
		return A, nil
	case h >= minB:
		return B, nil
	case h >= minC:
		return C, nil
	default:
		return D, nil
	}
}

// Performance is the grade's meaning (kinerja unit pelayanan).
func (g Grade) Performance() string {
	switch g {
	case A:
		return "Sangat Baik"
	case B:
		return "Baik"
	case C:
		return "Kurang Baik"
	case D:
		return "Tidak Baik"
	}
	return ""
}

// MarshalGQL writes the grade as a GraphQL enum value.
func (g Grade) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(g))) }

// UnmarshalGQL reads a GraphQL enum value.
func (g *Grade) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	switch Grade(s) {
	case A, B, C, D:
		*g = Grade(s)
		return nil
	}
	return fmt.Errorf("%v is not a grade (A, B, C or D)", v)
}
