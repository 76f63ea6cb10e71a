// Package attendance keeps the working calendar of every unit and the
// daily attendance (presensi) of employees.
//
// The calendar: a unit works the week of its own work schedule, or of the
// nearest unit above it that has one — five days (the default) or six —
// 37.5 hours a week (Perpres 21/2023), 32.5 during Ramadan (built-in
// ranges, more as REDUCED_HOURS calendar exceptions); national holidays and
// collective leave come from the complaint calendar (internal/complaint,
// the same one complaint deadlines use, SIMASN_HOLIDAYS included), local
// non-working days from NON_WORKING calendar exceptions.
//
// Attendance: an employee checks in and out by the server's clock (WIB),
// once a day, with idempotent retries (a request key); the minutes after
// the scheduled start are late minutes, those before the scheduled end
// early minutes. Leave (internal/leave) and official duty mark whole days.
// CloseDay completes a past day: absent without reason for those with no
// record, the rest of the day as early minutes for those who never
// checked out. HR officers in scope correct a day with a reason, which the
// record and the audit trail keep.
package attendance
