-- atlas:delimiter \n\n

-- Change fingerprints of the tables the analytics read (hand-written; see
-- internal/resultcache). SQLite has one writer at a time and only
-- row-level triggers, so each written row adds one to the table's counter
-- in the writer's own transaction. The statements are separated by blank
-- lines (the delimiter above) because a trigger's body holds semicolons.
CREATE TABLE `change_base` (`tbl` text NOT NULL, `n` integer NOT NULL, PRIMARY KEY (`tbl`));

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('applicants', 0);

CREATE TRIGGER `change_insert_applicants` AFTER INSERT ON `applicants` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'applicants'; END;

CREATE TRIGGER `change_update_applicants` AFTER UPDATE ON `applicants` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'applicants'; END;

CREATE TRIGGER `change_delete_applicants` AFTER DELETE ON `applicants` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'applicants'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('appraisals', 0);

CREATE TRIGGER `change_insert_appraisals` AFTER INSERT ON `appraisals` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'appraisals'; END;

CREATE TRIGGER `change_update_appraisals` AFTER UPDATE ON `appraisals` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'appraisals'; END;

CREATE TRIGGER `change_delete_appraisals` AFTER DELETE ON `appraisals` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'appraisals'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('attendance_days', 0);

CREATE TRIGGER `change_insert_attendance_days` AFTER INSERT ON `attendance_days` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'attendance_days'; END;

CREATE TRIGGER `change_update_attendance_days` AFTER UPDATE ON `attendance_days` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'attendance_days'; END;

CREATE TRIGGER `change_delete_attendance_days` AFTER DELETE ON `attendance_days` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'attendance_days'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('calendar_exceptions', 0);

CREATE TRIGGER `change_insert_calendar_exceptions` AFTER INSERT ON `calendar_exceptions` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'calendar_exceptions'; END;

CREATE TRIGGER `change_update_calendar_exceptions` AFTER UPDATE ON `calendar_exceptions` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'calendar_exceptions'; END;

CREATE TRIGGER `change_delete_calendar_exceptions` AFTER DELETE ON `calendar_exceptions` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'calendar_exceptions'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('career_events', 0);

CREATE TRIGGER `change_insert_career_events` AFTER INSERT ON `career_events` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'career_events'; END;

CREATE TRIGGER `change_update_career_events` AFTER UPDATE ON `career_events` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'career_events'; END;

CREATE TRIGGER `change_delete_career_events` AFTER DELETE ON `career_events` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'career_events'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('competencies', 0);

CREATE TRIGGER `change_insert_competencies` AFTER INSERT ON `competencies` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competencies'; END;

CREATE TRIGGER `change_update_competencies` AFTER UPDATE ON `competencies` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competencies'; END;

CREATE TRIGGER `change_delete_competencies` AFTER DELETE ON `competencies` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competencies'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('competency_assessments', 0);

CREATE TRIGGER `change_insert_competency_assessments` AFTER INSERT ON `competency_assessments` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_assessments'; END;

CREATE TRIGGER `change_update_competency_assessments` AFTER UPDATE ON `competency_assessments` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_assessments'; END;

CREATE TRIGGER `change_delete_competency_assessments` AFTER DELETE ON `competency_assessments` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_assessments'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('competency_requirements', 0);

CREATE TRIGGER `change_insert_competency_requirements` AFTER INSERT ON `competency_requirements` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_requirements'; END;

CREATE TRIGGER `change_update_competency_requirements` AFTER UPDATE ON `competency_requirements` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_requirements'; END;

CREATE TRIGGER `change_delete_competency_requirements` AFTER DELETE ON `competency_requirements` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_requirements'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('competency_trainings', 0);

CREATE TRIGGER `change_insert_competency_trainings` AFTER INSERT ON `competency_trainings` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_trainings'; END;

CREATE TRIGGER `change_update_competency_trainings` AFTER UPDATE ON `competency_trainings` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_trainings'; END;

CREATE TRIGGER `change_delete_competency_trainings` AFTER DELETE ON `competency_trainings` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'competency_trainings'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('complaints', 0);

CREATE TRIGGER `change_insert_complaints` AFTER INSERT ON `complaints` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'complaints'; END;

CREATE TRIGGER `change_update_complaints` AFTER UPDATE ON `complaints` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'complaints'; END;

CREATE TRIGGER `change_delete_complaints` AFTER DELETE ON `complaints` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'complaints'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('complaint_responses', 0);

CREATE TRIGGER `change_insert_complaint_responses` AFTER INSERT ON `complaint_responses` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'complaint_responses'; END;

CREATE TRIGGER `change_update_complaint_responses` AFTER UPDATE ON `complaint_responses` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'complaint_responses'; END;

CREATE TRIGGER `change_delete_complaint_responses` AFTER DELETE ON `complaint_responses` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'complaint_responses'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('current_competencies', 0);

CREATE TRIGGER `change_insert_current_competencies` AFTER INSERT ON `current_competencies` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'current_competencies'; END;

CREATE TRIGGER `change_update_current_competencies` AFTER UPDATE ON `current_competencies` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'current_competencies'; END;

CREATE TRIGGER `change_delete_current_competencies` AFTER DELETE ON `current_competencies` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'current_competencies'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('disciplinary_penalties', 0);

CREATE TRIGGER `change_insert_disciplinary_penalties` AFTER INSERT ON `disciplinary_penalties` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'disciplinary_penalties'; END;

CREATE TRIGGER `change_update_disciplinary_penalties` AFTER UPDATE ON `disciplinary_penalties` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'disciplinary_penalties'; END;

CREATE TRIGGER `change_delete_disciplinary_penalties` AFTER DELETE ON `disciplinary_penalties` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'disciplinary_penalties'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('employees', 0);

CREATE TRIGGER `change_insert_employees` AFTER INSERT ON `employees` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'employees'; END;

CREATE TRIGGER `change_update_employees` AFTER UPDATE ON `employees` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'employees'; END;

CREATE TRIGGER `change_delete_employees` AFTER DELETE ON `employees` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'employees'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('enrollments', 0);

CREATE TRIGGER `change_insert_enrollments` AFTER INSERT ON `enrollments` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'enrollments'; END;

CREATE TRIGGER `change_update_enrollments` AFTER UPDATE ON `enrollments` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'enrollments'; END;

CREATE TRIGGER `change_delete_enrollments` AFTER DELETE ON `enrollments` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'enrollments'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('formations', 0);

CREATE TRIGGER `change_insert_formations` AFTER INSERT ON `formations` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'formations'; END;

CREATE TRIGGER `change_update_formations` AFTER UPDATE ON `formations` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'formations'; END;

CREATE TRIGGER `change_delete_formations` AFTER DELETE ON `formations` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'formations'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('leave_requests', 0);

CREATE TRIGGER `change_insert_leave_requests` AFTER INSERT ON `leave_requests` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'leave_requests'; END;

CREATE TRIGGER `change_update_leave_requests` AFTER UPDATE ON `leave_requests` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'leave_requests'; END;

CREATE TRIGGER `change_delete_leave_requests` AFTER DELETE ON `leave_requests` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'leave_requests'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('recruitment_formations', 0);

CREATE TRIGGER `change_insert_recruitment_formations` AFTER INSERT ON `recruitment_formations` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'recruitment_formations'; END;

CREATE TRIGGER `change_update_recruitment_formations` AFTER UPDATE ON `recruitment_formations` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'recruitment_formations'; END;

CREATE TRIGGER `change_delete_recruitment_formations` AFTER DELETE ON `recruitment_formations` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'recruitment_formations'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('recruitment_years', 0);

CREATE TRIGGER `change_insert_recruitment_years` AFTER INSERT ON `recruitment_years` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'recruitment_years'; END;

CREATE TRIGGER `change_update_recruitment_years` AFTER UPDATE ON `recruitment_years` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'recruitment_years'; END;

CREATE TRIGGER `change_delete_recruitment_years` AFTER DELETE ON `recruitment_years` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'recruitment_years'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('regions', 0);

CREATE TRIGGER `change_insert_regions` AFTER INSERT ON `regions` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'regions'; END;

CREATE TRIGGER `change_update_regions` AFTER UPDATE ON `regions` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'regions'; END;

CREATE TRIGGER `change_delete_regions` AFTER DELETE ON `regions` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'regions'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('survey_responses', 0);

CREATE TRIGGER `change_insert_survey_responses` AFTER INSERT ON `survey_responses` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'survey_responses'; END;

CREATE TRIGGER `change_update_survey_responses` AFTER UPDATE ON `survey_responses` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'survey_responses'; END;

CREATE TRIGGER `change_delete_survey_responses` AFTER DELETE ON `survey_responses` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'survey_responses'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('trainings', 0);

CREATE TRIGGER `change_insert_trainings` AFTER INSERT ON `trainings` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'trainings'; END;

CREATE TRIGGER `change_update_trainings` AFTER UPDATE ON `trainings` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'trainings'; END;

CREATE TRIGGER `change_delete_trainings` AFTER DELETE ON `trainings` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'trainings'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('units', 0);

CREATE TRIGGER `change_insert_units` AFTER INSERT ON `units` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'units'; END;

CREATE TRIGGER `change_update_units` AFTER UPDATE ON `units` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'units'; END;

CREATE TRIGGER `change_delete_units` AFTER DELETE ON `units` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'units'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('work_logs', 0);

CREATE TRIGGER `change_insert_work_logs` AFTER INSERT ON `work_logs` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'work_logs'; END;

CREATE TRIGGER `change_update_work_logs` AFTER UPDATE ON `work_logs` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'work_logs'; END;

CREATE TRIGGER `change_delete_work_logs` AFTER DELETE ON `work_logs` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'work_logs'; END;

INSERT INTO `change_base` (`tbl`, `n`) VALUES ('work_schedules', 0);

CREATE TRIGGER `change_insert_work_schedules` AFTER INSERT ON `work_schedules` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'work_schedules'; END;

CREATE TRIGGER `change_update_work_schedules` AFTER UPDATE ON `work_schedules` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'work_schedules'; END;

CREATE TRIGGER `change_delete_work_schedules` AFTER DELETE ON `work_schedules` BEGIN UPDATE `change_base` SET `n` = `n` + 1 WHERE `tbl` = 'work_schedules'; END;
