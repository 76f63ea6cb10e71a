package server_test

import (
	"os"
	"testing"

	"simasn/internal/testdb"
)

func TestMain(m *testing.M) {
	if os.Getenv("SIMASN_FEEDLOAD") != "" {
		os.Exit(feedLoad()) // a load process of BenchmarkFeedFanout
	}
	os.Exit(testdb.Main(m))
}
