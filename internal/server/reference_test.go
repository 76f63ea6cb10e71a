package server_test

import (
	"testing"

	"simasn/internal/apitest"
)

// TestReferenceMutations covers the plain record mutations: regions, unit
// details and training changes, each with its success and its failures.
func TestReferenceMutations(t *testing.T) {
	t.Parallel()
	apitest.Each(t, func(t *testing.T, _, dsn string) {
		s := apitest.Start(t, dsn)
		const createRegion = `mutation($input: CreateRegionInput!) { createRegion(input: $input) { id code name kind remote } }`
		var reg struct {
			CreateRegion struct{ ID, Code, Name string }
		}
		s.MustDo(&reg, createRegion, map[string]any{"input": map[string]any{"code": "18.13", "name": "Kabupaten Pesisir Barat", "kind": "REGENCY", "remote": true}})
		s.MustFail("CONFLICT", "code", createRegion, map[string]any{"input": map[string]any{"code": "18.13", "name": "Duplikat", "kind": "REGENCY"}})
		e := s.MustFail("BAD_USER_INPUT", "code", createRegion, map[string]any{"input": map[string]any{"code": "1813", "name": "X", "kind": "REGENCY"}})
		if e.Message != "code: a region code is two digits, a dot and two digits, e.g. 18.71" {
			t.Errorf("bad region code message = %q", e.Message)
		}

		const updateRegion = `mutation($id: ID!, $input: UpdateRegionInput!) { updateRegion(id: $id, input: $input) { name remote } }`
		var ur struct {
			UpdateRegion struct {
				Name   string
				Remote bool
			}
		}
		s.MustDo(&ur, updateRegion, map[string]any{"id": reg.CreateRegion.ID, "input": map[string]any{"remote": false}})
		if ur.UpdateRegion.Remote || ur.UpdateRegion.Name != "Kabupaten Pesisir Barat" {
			t.Errorf("updateRegion = %+v", ur.UpdateRegion)
		}
		s.MustFail("BAD_USER_INPUT", "name", updateRegion, map[string]any{"id": reg.CreateRegion.ID, "input": map[string]any{"name": ""}})
		s.MustFail("NOT_FOUND", "", updateRegion, map[string]any{"id": "4294967999", "input": map[string]any{"remote": true}})

		r := s.MustRegion("18.71", false)
		u := s.MustUnit("1.02", nil, r)
		const updateUnit = `mutation($id: ID!, $input: UpdateUnitInput!) { updateUnit(id: $id, input: $input) { name address region { code } } }`
		var uu struct {
			UpdateUnit struct {
				Name, Address string
				Region        struct{ Code string }
			}
		}
		s.MustDo(&uu, updateUnit, map[string]any{"id": apitest.GID(u.ID), "input": map[string]any{"name": "Dinas Kesehatan Provinsi Lampung", "address": "Jl. Dr. Susilo No. 46", "regionID": reg.CreateRegion.ID}})
		if uu.UpdateUnit.Region.Code != "18.13" || uu.UpdateUnit.Address == "" {
			t.Errorf("updateUnit = %+v", uu.UpdateUnit)
		}
		s.MustFail("BAD_USER_INPUT", "name", updateUnit, map[string]any{"id": apitest.GID(u.ID), "input": map[string]any{"name": ""}})
		s.MustFail("NOT_FOUND", "", updateUnit, map[string]any{"id": "17179869999", "input": map[string]any{"name": "X"}})

		tr := s.MustTraining("T-UPD", u, 3)
		for i := 0; i < 2; i++ {
			s.MustDo(nil, register, map[string]any{"t": apitest.GID(tr.ID), "e": apitest.GID(s.MustEmployee(u).ID)})
		}
		const updateTraining = `mutation($id: ID!, $input: UpdateTrainingInput!) { updateTraining(id: $id, input: $input) { quota title } }`
		var ut struct{ UpdateTraining struct{ Quota int } }
		s.MustDo(&ut, updateTraining, map[string]any{"id": apitest.GID(tr.ID), "input": map[string]any{"quota": 2, "title": "Pelatihan Teknis Imunisasi"}})
		if ut.UpdateTraining.Quota != 2 {
			t.Errorf("quota = %d, want 2", ut.UpdateTraining.Quota)
		}
		s.MustFail("BAD_USER_INPUT", "quota", updateTraining, map[string]any{"id": apitest.GID(tr.ID), "input": map[string]any{"quota": 1}})
		s.MustFail("BAD_USER_INPUT", "endsOn", updateTraining, map[string]any{"id": apitest.GID(tr.ID), "input": map[string]any{"endsOn": "2000-01-01T00:00:00Z"}})
		s.MustFail("NOT_FOUND", "", updateTraining, map[string]any{"id": "21474836999", "input": map[string]any{"quota": 9}})
		if got := apitest.Must(s.DB.Client.Training.Get(apitest.Sys(), tr.ID))(t).Quota; got != 2 {
			t.Errorf("quota = %d after refused updates, want 2", got)
		}
	})
}
