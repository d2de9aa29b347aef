//! LODE's API: the GraphQL schema over the programme's records, the HTTP server that serves it with the
//! front end, and the rules (in `domain`) that keep the records right.

pub mod app;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod http;
pub mod ics;
pub mod indexing;
pub mod limits;
pub mod live;
pub mod mail;
pub mod markdown;
pub mod telemetry;
