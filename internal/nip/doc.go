// Package nip parses, validates and builds civil-servant identity numbers
// (NIP, Nomor Induk Pegawai).
//
// Every NIP is 18 digits and starts with the holder's birth date, but the
// rest differs by kind:
//
//	PNS/CPNS: YYYYMMDD YYYYMM G SSS  birth date, year and month of first
//	                                 appointment as CPNS, gender, serial
//	PPPK:     YYYYMMDD YYYY XX G SSS birth date, appointment year, two digits
//	                                 whose meaning varies by source, gender,
//	                                 serial
//
// The gender digit is 1 for male and 2 for female; serials start at 001.
// The two variable PPPK digits are accepted as they are and never read as a
// month.
//
// Parse also applies the rules a number alone can prove: a birth year from
// 1940 to 2100, a real birth date, and an appointment period (the TMT month
// for PNS, the year for PPPK) that does not end before the holder's 18th
// birthday (MinAge, PP 11/2017). With the full appointment date known,
// NIP.CheckAppointment compares full dates and, for PNS, requires the date
// to fall in the TMT month; NIP.CheckBirth refuses a birth date after today.
//
// The package is pure: it knows nothing of storage, so the schema, the API
// and the seeder can all apply the same rules.
package nip
