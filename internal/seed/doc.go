// Package seed loads data into a SIMASN database: [Demo] a deterministic,
// realistic dataset for the Province of Lampung, [Scale] a large synthetic
// one of the same shape for load tests and benchmarks.
//
// The demo holds the province's 15 regencies and cities, ten provincial
// agencies with their divisions and sections, the provincial hospital, and
// the health centres (puskesmas) and senior high and vocational schools of
// every region — staffed at about half strength in the five remote regions,
// the shortage the system exists to make visible. About 2,000 civil
// servants (PNS, CPNS and PPPK) have valid NIPs, ranks that follow from
// their education and service years, titles, positions and superiors, and
// a complete career history: appointment, every rank promotion, the moves
// up the functional levels, appointments as head of unit, transfers and
// status changes, so that an employee's rank, unit and position are always
// those of the latest event. Around the seed's clock there is a training
// calendar with enrollments, a year of performance appraisals (SKP) and two
// months of daily work logs (e-kinerja).
//
// Everything is written through the ent client, so the schema's hooks check
// the seeded data exactly as they check the API's writes. Pass the client of
// internal/store's Open: its unit hook computes the paths of the unit tree. The data depends
// only on the clock passed in (and, for Scale, on n): the same call on an
// empty database writes the same rows.
package seed
