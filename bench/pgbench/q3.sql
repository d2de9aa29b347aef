-- Q3 (bench/workloads.py): 50 approved partners of one stakeholder type, by name.
-- The statements LODE sends for it, in order, as PostgreSQL logged them (log_statement = 'all'), with LODE's
-- values as pgbench variables: drawn with \set from the -D variables bench/run.py passes, or read from an
-- earlier statement's answer as LODE reads them: \gset for one row; for a list of ids, \aset after a window
-- array_agg over that statement's own rows, and = ANY (array) where LODE sends IN ($1, $2, ...), which
-- PostgreSQL plans alike. Run with -M prepared, as LODE's driver prepares every statement.
\set t random(1, 5)
\set page 51
SELECT "partner"."id", "partner"."slug", "partner"."name", "partner"."stakeholder_type", "partner"."description", "partner"."website", "partner"."home_city", "partner"."capabilities", "partner"."data_offered", "partner"."data_needed", "partner"."status", "partner"."erased_at", "partner"."created_at", "partner"."updated_at"
FROM "partner"
WHERE "partner"."stakeholder_type" IN ((ARRAY['CITIZEN', 'CIVIC_ORGANISATION', 'GOVERNMENT', 'COMPANY', 'EDUCATION_RESEARCH'])[:t]) AND "partner"."status" IN (:approved_status)
ORDER BY "partner"."name" ASC NULLS LAST, "partner"."id" ASC LIMIT :page;
