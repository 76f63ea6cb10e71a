package server_test

import (
	"os"
	"testing"

	"simasn/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
