// Package ikm computes the community satisfaction index (IKM, indeks
// kepuasan masyarakat) of PermenPANRB 14/2017 from survey answers (survei
// kepuasan masyarakat, SKM): nine service elements, each answered on a
// scale of 1 (poor) to 4 (very good).
//
// The index is the mean of the nine element means, converted to a 25–100
// scale (× 25); its grade (mutu pelayanan) follows from the converted value:
//
//	A  88.31–100.00  Sangat Baik (very good)
//	B  76.61–88.30   Baik (good)
//	C  65.00–76.60   Kurang Baik (poor)
//	D  25.00–64.99   Tidak Baik (very poor)
//
// The package is pure arithmetic; reading answers from the database is
// internal/analytics' work.
package ikm
