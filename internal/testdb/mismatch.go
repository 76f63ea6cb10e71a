package testdb

import (
	"database/sql"
	"fmt"
)

// Recomputed names a table kept by triggers (Name), the rows it should
// hold as recomputed from its sources (Want) and the rows it holds (Got):
// two queries of the same columns.
type Recomputed struct {
	Name, Want, Got string
}

// Mismatches returns the rows in which each check's Got differs from its
// Want, either way and counting repeats (EXCEPT ALL), as "name: missing
// (row)" or "name: extra (row)"; none when every table is exact.
// PostgreSQL only (a row is printed with ::text).
func Mismatches(db *sql.DB, checks ...Recomputed) ([]string, error) {
	var out []string
	for _, c := range checks {
		rows, err := db.Query(`SELECT 'missing', w::text FROM ((` + c.Want + `) EXCEPT ALL (` + c.Got + `)) AS w
UNION ALL SELECT 'extra', g::text FROM ((` + c.Got + `) EXCEPT ALL (` + c.Want + `)) AS g`)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
		for rows.Next() {
			var kind, row string
			if err := rows.Scan(&kind, &row); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, c.Name+": "+kind+" "+row)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
