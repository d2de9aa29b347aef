-- Q2 (bench/workloads.py): one approved partner by slug, with its interests.
-- The statements LODE sends for it, in order, as PostgreSQL logged them (log_statement = 'all'), with LODE's
-- values as pgbench variables: drawn with \set from the -D variables bench/run.py passes, or read from an
-- earlier statement's answer as LODE reads them: \gset for one row; for a list of ids, \aset after a window
-- array_agg over that statement's own rows, and = ANY (array) where LODE sends IN ($1, $2, ...), which
-- PostgreSQL plans alike. Run with -M prepared, as LODE's driver prepares every statement.
-- Partner N is approved unless N is a multiple of 12 (tests/src/bin/bench_data.rs): k-th approved is N.
\set k random(0, :approved - 1)
\set n 12 * (:k / 11) + :k % 11 + 1
\set one 1
SELECT "partner"."id", "partner"."slug", "partner"."name", "partner"."stakeholder_type", "partner"."description", "partner"."website", "partner"."home_city", "partner"."capabilities", "partner"."data_offered", "partner"."data_needed", "partner"."status", "partner"."erased_at", "partner"."created_at", "partner"."updated_at"
FROM "partner"
WHERE "partner"."slug" = 'partner-' || :n LIMIT :one \gset p_
SELECT s.*, array_agg(s.value_domain_id) OVER () AS domain_ids FROM (
SELECT "partner_interest"."partner_id", "partner_interest"."value_domain_id"
FROM "partner_interest"
WHERE "partner_interest"."partner_id" IN (:p_id)
) AS s \aset i_
SELECT "value_domain"."id", "value_domain"."slug", "value_domain"."name", "value_domain"."description", "value_domain"."themes", "value_domain"."status", "value_domain"."economic_value", "value_domain"."societal_value", "value_domain"."data_readiness", "value_domain"."priority_score", "value_domain"."scores_survey_id", "value_domain"."scores_set_at", "value_domain"."scores_answer_count", "value_domain"."created_at", "value_domain"."updated_at"
FROM "value_domain"
WHERE "value_domain"."id" = ANY (:i_domain_ids::uuid[])
ORDER BY "value_domain"."name" ASC, "value_domain"."id" ASC;
