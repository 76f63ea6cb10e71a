package analytics

import (
	"database/sql"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

func TestExp(t *testing.T) {
	db, err := sql.Open("sqlite", "file:/tmp/exp/x.db")
	if err != nil {
		t.Fatal(err)
	}
	db.Exec("DROP TABLE IF EXISTS t")
	db.Exec("CREATE TABLE t (c DATETIME)")
	wib := time.FixedZone("WIB", 7*3600)
	for _, v := range []time.Time{time.Now(), time.Date(2026, 1, 2, 3, 4, 5, 123456789, wib), time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)} {
		if _, err := db.Exec("INSERT INTO t VALUES (?)", v); err != nil {
			t.Fatal(err)
		}
	}
	const sp = `instr(substr(c, 12), ' ')`
	norm := `CASE WHEN substr(c, 11, 1) = 'T' THEN c ELSE substr(c, 1, 10 + ` + sp + `) || substr(c, 12 + ` + sp + `, 3) || ':' || substr(c, 15 + ` + sp + `, 2) END`
	rows, err := db.Query("SELECT c, " + norm + ", julianday(" + norm + "), datetime(" + norm + "), sqlite_version() FROM t")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, b, d, v string
		var j float64
		rows.Scan(&a, &b, &j, &d, &v)
		t.Logf("%q | %q | %f | %q | %s", a, b, j, d, v)
	}
}
