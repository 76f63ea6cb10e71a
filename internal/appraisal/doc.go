// Package appraisal holds the rules of the civil-servant performance
// appraisal (SKP, Sasaran Kinerja Pegawai) set by PermenPANRB 6/2022.
//
// The direct superior rates work results (hasil kerja) and work behaviour
// (perilaku kerja) each as below, meeting or above expectation; the
// performance predicate follows from the pair (PredicateOf). Appraisals are
// annual or periodic (quarterly or monthly), with dates from PeriodBounds,
// and move from draft to submitted to approved, or back for revision when
// returned (CanTransition).
package appraisal
