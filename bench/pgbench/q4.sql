-- Q4 (bench/workloads.py): a pilot case by slug, with its members' partners and its events.
-- The statements LODE sends for it, in order, as PostgreSQL logged them (log_statement = 'all'), with LODE's
-- values as pgbench variables: drawn with \set from the -D variables bench/run.py passes, or read from an
-- earlier statement's answer as LODE reads them: \gset for one row; for a list of ids, \aset after a window
-- array_agg over that statement's own rows, and = ANY (array) where LODE sends IN ($1, $2, ...), which
-- PostgreSQL plans alike. Run with -M prepared, as LODE's driver prepares every statement.
\set n random(1, :cases)
\set one 1
SELECT "pilot_case"."id", "pilot_case"."slug", "pilot_case"."title", "pilot_case"."summary", "pilot_case"."description", "pilot_case"."value_domain_id", "pilot_case"."cities", "pilot_case"."phase", "pilot_case"."goals", "pilot_case"."start_date", "pilot_case"."end_date", "pilot_case"."needed_capabilities", "pilot_case"."wanted_stakeholder_types", "pilot_case"."created_at", "pilot_case"."updated_at"
FROM "pilot_case"
WHERE "pilot_case"."slug" = 'case-' || :n LIMIT :one \gset c_
-- LODE reads the partners of the accepted places only (those the public may see), choosing them in Rust.
SELECT s.*, array_agg(s.partner_id) FILTER (WHERE s.status = :accepted) OVER () AS partner_ids FROM (
SELECT "pilot_case_member"."id", "pilot_case_member"."pilot_case_id", "pilot_case_member"."partner_id", "pilot_case_member"."role", "pilot_case_member"."status", "pilot_case_member"."created_at", "pilot_case_member"."updated_at"
FROM "pilot_case_member"
WHERE "pilot_case_member"."pilot_case_id" IN (:c_id)
ORDER BY "pilot_case_member"."created_at" ASC, "pilot_case_member"."id" ASC
) AS s \aset m_
SELECT "co_creation_event"."id", "co_creation_event"."slug", "co_creation_event"."title", "co_creation_event"."description", "co_creation_event"."format", "co_creation_event"."status", "co_creation_event"."starts_at", "co_creation_event"."ends_at", "co_creation_event"."venue", "co_creation_event"."address", "co_creation_event"."online_url", "co_creation_event"."capacity", "co_creation_event"."max_people_per_registration", "co_creation_event"."waitlist_policy", "co_creation_event"."registration_opens_at", "co_creation_event"."registration_closes_at", "co_creation_event"."pilot_case_id", "co_creation_event"."value_domain_id", "co_creation_event"."cities", "co_creation_event"."audience", "co_creation_event"."sequence", "co_creation_event"."created_at", "co_creation_event"."updated_at"
FROM "co_creation_event"
WHERE "co_creation_event"."pilot_case_id" IN (:c_id)
ORDER BY "co_creation_event"."starts_at" ASC, "co_creation_event"."id" ASC;
SELECT "partner"."id", "partner"."slug", "partner"."name", "partner"."stakeholder_type", "partner"."description", "partner"."website", "partner"."home_city", "partner"."capabilities", "partner"."data_offered", "partner"."data_needed", "partner"."status", "partner"."erased_at", "partner"."created_at", "partner"."updated_at"
FROM "partner"
WHERE "partner"."id" = ANY (:m_partner_ids::uuid[]);
