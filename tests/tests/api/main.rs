//! The API through the real HTTP server, on SQLite and on PostgreSQL.

mod access;
mod assets;
mod attendees;
mod calendars;
mod concurrency;
mod errors;
mod event_quotas;
mod field_errors;
mod graphiql;
mod hardening;
mod hostile;
mod http_standards;
mod lists;
mod live;
mod markdown;
mod matching;
mod possible_types;
mod privacy;
mod readme;
mod records;
mod search;
mod search_health;
mod service;
mod signups;
mod validation;
mod writes;
