// Package training holds the online-registration workflow for trainings
// (pelatihan): registering inside the window, deciding, completing and
// withdrawing enrollments. Seats are counted on the training row and taken
// with one conditional UPDATE (seats_taken < quota), which the database
// serialises per training, so the quota is never overbooked however many
// employees register at once.
package training
