-- reverse: create index "currentcompetency_competency_id" to table: "current_competencies"
DROP INDEX `currentcompetency_competency_id`;
-- reverse: create index "currentcompetency_employee_id_competency_id" to table: "current_competencies"
DROP INDEX `currentcompetency_employee_id_competency_id`;
-- reverse: set sequence for "current_competencies" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "current_competencies";
-- reverse: create "current_competencies" table
DROP TABLE `current_competencies`;
