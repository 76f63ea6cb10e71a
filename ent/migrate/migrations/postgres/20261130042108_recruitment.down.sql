-- reverse: create index "applicants_registration_number_key" to table: "applicants"
DROP INDEX "applicants_registration_number_key";
-- reverse: create index "applicant_recruitment_year_id_nik" to table: "applicants"
DROP INDEX "applicant_recruitment_year_id_nik";
-- reverse: create index "applicant_formation_id" to table: "applicants"
DROP INDEX "applicant_formation_id";
-- reverse: create "applicants" table
DROP TABLE "applicants";
-- reverse: create index "recruitmentformation_unit_id" to table: "recruitment_formations"
DROP INDEX "recruitmentformation_unit_id";
-- reverse: create index "recruitmentformation_recruitment_year_id_plan_id_kind" to table: "recruitment_formations"
DROP INDEX "recruitmentformation_recruitment_year_id_plan_id_kind";
-- reverse: create index "recruitmentformation_plan_id" to table: "recruitment_formations"
DROP INDEX "recruitmentformation_plan_id";
-- reverse: create "recruitment_formations" table
DROP TABLE "recruitment_formations";
-- reverse: create index "recruitment_years_year_key" to table: "recruitment_years"
DROP INDEX "recruitment_years_year_key";
-- reverse: create "recruitment_years" table
DROP TABLE "recruitment_years";
