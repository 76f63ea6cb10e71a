// Package rank holds the civil-service ranks and the rules between them.
//
// PNS and CPNS hold a golongan/ruang (I/a to IV/e), each with a pangkat
// title such as "Penata Muda" for III/a; the entry rank follows the
// education the person was appointed with. PPPK hold a grade from I to
// XVII instead. A promotion (kenaikan pangkat) must raise the rank within
// the same list.
//
// Rank strings are matched exactly as written here: "III/a", not "iii/A"
// or "III a".
package rank
