-- Q1 (bench/workloads.py): a page of 20 published events from a moment on, by start, with their cases and domains.
-- The statements LODE sends for it, in order, as PostgreSQL logged them (log_statement = 'all'), with LODE's
-- values as pgbench variables: drawn with \set from the -D variables bench/run.py passes, or read from an
-- earlier statement's answer as LODE reads them: \gset for one row; for a list of ids, \aset after a window
-- array_agg over that statement's own rows, and = ANY (array) where LODE sends IN ($1, $2, ...), which
-- PostgreSQL plans alike. Run with -M prepared, as LODE's driver prepares every statement.
\set from random(:first, :last)
\set page 21
SELECT s.*, array_agg(s.pilot_case_id) OVER () AS case_ids, array_agg(s.value_domain_id) OVER () AS domain_ids FROM (
SELECT "co_creation_event"."id", "co_creation_event"."slug", "co_creation_event"."title", "co_creation_event"."description", "co_creation_event"."format", "co_creation_event"."status", "co_creation_event"."starts_at", "co_creation_event"."ends_at", "co_creation_event"."venue", "co_creation_event"."address", "co_creation_event"."online_url", "co_creation_event"."capacity", "co_creation_event"."max_people_per_registration", "co_creation_event"."waitlist_policy", "co_creation_event"."registration_opens_at", "co_creation_event"."registration_closes_at", "co_creation_event"."pilot_case_id", "co_creation_event"."value_domain_id", "co_creation_event"."cities", "co_creation_event"."audience", "co_creation_event"."sequence", "co_creation_event"."created_at", "co_creation_event"."updated_at"
FROM "co_creation_event"
WHERE "co_creation_event"."status" IN (:published) AND "co_creation_event"."starts_at" >= to_timestamp(:from) AND "co_creation_event"."status" IN (:published, :cancelled, :completed)
ORDER BY "co_creation_event"."starts_at" ASC NULLS LAST, "co_creation_event"."id" ASC LIMIT :page
) AS s \aset e_
SELECT "pilot_case"."id", "pilot_case"."slug", "pilot_case"."title", "pilot_case"."summary", "pilot_case"."description", "pilot_case"."value_domain_id", "pilot_case"."cities", "pilot_case"."phase", "pilot_case"."goals", "pilot_case"."start_date", "pilot_case"."end_date", "pilot_case"."needed_capabilities", "pilot_case"."wanted_stakeholder_types", "pilot_case"."created_at", "pilot_case"."updated_at"
FROM "pilot_case"
WHERE "pilot_case"."id" = ANY (:e_case_ids::uuid[]);
SELECT "value_domain"."id", "value_domain"."slug", "value_domain"."name", "value_domain"."description", "value_domain"."themes", "value_domain"."status", "value_domain"."economic_value", "value_domain"."societal_value", "value_domain"."data_readiness", "value_domain"."priority_score", "value_domain"."scores_survey_id", "value_domain"."scores_set_at", "value_domain"."scores_answer_count", "value_domain"."created_at", "value_domain"."updated_at"
FROM "value_domain"
WHERE "value_domain"."id" = ANY (:e_domain_ids::uuid[]);
