// Package performance holds the performance workflows: appraisals (SKP)
// from draft through submission to approval or return, with the predicate
// computed from the PermenPANRB 6/2022 matrix (internal/appraisal), and the
// daily work logs (e-kinerja) that employees file and superiors verify.
package performance
