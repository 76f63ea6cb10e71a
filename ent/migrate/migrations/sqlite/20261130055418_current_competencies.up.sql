-- create "current_competencies" table
CREATE TABLE `current_competencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `employee_id` integer NOT NULL, `competency_id` integer NOT NULL, `level` integer NOT NULL, `assessment_id` integer NOT NULL, `assessed_key` integer NOT NULL);
-- set sequence for "current_competencies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("current_competencies", 120259084288);
-- create index "currentcompetency_employee_id_competency_id" to table: "current_competencies"
CREATE UNIQUE INDEX `currentcompetency_employee_id_competency_id` ON `current_competencies` (`employee_id`, `competency_id`);
-- create index "currentcompetency_competency_id" to table: "current_competencies"
CREATE INDEX `currentcompetency_competency_id` ON `current_competencies` (`competency_id`);
-- fill "current_competencies" from the assessments: the latest of each (employee, competency), times to the millisecond
INSERT INTO `current_competencies` (`employee_id`, `competency_id`, `level`, `assessment_id`, `assessed_key`) SELECT `employee_id`, `competency_id`, `level`, `id`, `k` FROM (SELECT `employee_id`, `competency_id`, `level`, `id`, `k`, ROW_NUMBER() OVER (PARTITION BY `employee_id`, `competency_id` ORDER BY `k` DESC, `id` DESC) AS `rn` FROM (SELECT `employee_id`, `competency_id`, `level`, `id`, CAST(ROUND((julianday(CASE WHEN substr(`assessed_at`, 11, 1) = 'T' OR instr(substr(`assessed_at`, 12), ' ') = 0 THEN `assessed_at` ELSE substr(`assessed_at`, 1, 10 + instr(substr(`assessed_at`, 12), ' ')) || substr(`assessed_at`, 12 + instr(substr(`assessed_at`, 12), ' '), 3) || ':' || substr(`assessed_at`, 15 + instr(substr(`assessed_at`, 12), ' '), 2) END) - 2440587.5) * 86400000.0) AS INTEGER) * 1000 AS `k` FROM `competency_assessments`)) WHERE `rn` = 1;
