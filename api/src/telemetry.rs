//! Logs: the one subscriber setup, for `lode` and the tests alike. Lines are text, or JSON (one object a
//! line) with `LODE_LOG_FORMAT=json`; `RUST_LOG` picks what is logged. Every line logged while a request
//! is handled carries the request's span: its id (also sent back as `x-request-id`), method, path and
//! GraphQL operation name (recorded by [`OperationName`] once the document is parsed). No personal data
//! goes into a span: ids, paths and operation names only.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest,
};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument};
use async_graphql::{Request, ServerResult, Variables};
use std::sync::{Arc, Mutex};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::{SubscriberInitExt, TryInitError};

/// The name of the span field that holds a request's GraphQL operation name.
pub const OPERATION_FIELD: &str = "operation";

/// What logs are logged as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Lines for people (the default).
    #[default]
    Text,
    /// One JSON object a line, with the span of the request it belongs to, for log collectors.
    Json,
}

impl LogFormat {
    /// The format `LODE_LOG_FORMAT` names (`text` or `json`, in any case); text when it is not set.
    pub fn from_env() -> Result<Self, String> {
        match std::env::var("LODE_LOG_FORMAT") {
            Err(_) => Ok(Self::Text),
            Ok(value) => match value.trim().to_ascii_lowercase().as_str() {
                "" | "text" => Ok(Self::Text),
                "json" => Ok(Self::Json),
                _ => Err(format!(
                    "LODE_LOG_FORMAT must be `text` or `json`, not `{value}`"
                )),
            },
        }
    }
}

/// What is logged: `RUST_LOG`, else `info` (with the database driver's own lines from `warn` up).
fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"))
}

/// The subscriber that writes every log line, in `format`, to `writer`; text lines are coloured only
/// for a terminal, and not where `NO_COLOR` is set.
pub fn subscriber<W>(
    format: LogFormat,
    writer: W,
    terminal: bool,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_ansi(terminal && format == LogFormat::Text && std::env::var_os("NO_COLOR").is_none())
        .with_writer(writer);
    match format {
        LogFormat::Text => Box::new(lines.finish()),
        LogFormat::Json => Box::new(
            lines
                .json()
                .with_current_span(true)
                .with_span_list(true)
                .finish(),
        ),
    }
}

/// Sends the process's logs (those of libraries that use the `log` crate too), in `format`, to `writer`
/// (`lode` writes to standard output; `terminal` says whether that is a terminal, where text lines are
/// coloured). Fails when the process has a subscriber already.
pub fn init<W>(format: LogFormat, writer: W, terminal: bool) -> Result<(), TryInitError>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    subscriber(format, writer, terminal).try_init()
}

/// A schema extension that records the GraphQL operation's name in the current span's
/// [`OPERATION_FIELD`] (the request's span, or the operation's own in a batch), once the document is
/// parsed: the name asked for, or the document's only named operation, or `anonymous`. Only a name the
/// document defines is recorded, never other text from the request.
pub struct OperationName;

impl ExtensionFactory for OperationName {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OperationNameRecorder::default())
    }
}

/// One operation's recorder (async-graphql creates the extension anew for every operation).
#[derive(Default)]
struct OperationNameRecorder {
    /// The `operationName` the request asked for.
    asked: Mutex<Option<String>>,
}

#[async_trait::async_trait]
impl Extension for OperationNameRecorder {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        *self.asked.lock().unwrap_or_else(|p| p.into_inner()) = request.operation_name.clone();
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        let asked = self.asked.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(name) = operation_name(&document, asked.as_deref()) {
            tracing::Span::current().record(OPERATION_FIELD, name);
        }
        Ok(document)
    }
}

/// The name of the operation a document runs: the one asked for if the document defines it, else its only
/// operation's (`anonymous` when that has none); none when the document does not say which.
fn operation_name<'a>(document: &'a ExecutableDocument, asked: Option<&str>) -> Option<&'a str> {
    match (&document.operations, asked) {
        (DocumentOperations::Single(_), None) => Some("anonymous"),
        (DocumentOperations::Multiple(operations), Some(asked)) => operations
            .keys()
            .find(|name| name.as_str() == asked)
            .map(|name| name.as_str()),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.keys().next().map(|name| name.as_str())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A writer that keeps what is written, for the test to read.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl Write for Kept {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Kept {
        type Writer = Kept;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    #[test]
    fn json_lines_parse_and_carry_the_request_span() {
        let kept = Kept::default();
        tracing::subscriber::with_default(subscriber(LogFormat::Json, kept.clone(), true), || {
            let span = tracing::info_span!(
                "request",
                request_id = "0190-abc",
                operation = tracing::field::Empty
            );
            let _entered = span.enter();
            tracing::Span::current().record(OPERATION_FIELD, "Ping");
            tracing::warn!(answer = 42, "a line \"quoted\"\nover two lines");
        });
        let text = String::from_utf8(kept.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect();
        assert_eq!(lines.len(), 1, "{text}");
        let line = &lines[0];
        assert_eq!(line["level"], "WARN");
        assert_eq!(
            line["fields"]["message"],
            "a line \"quoted\"\nover two lines"
        );
        assert_eq!(line["fields"]["answer"], 42);
        assert_eq!(line["span"]["request_id"], "0190-abc", "{line}");
        assert_eq!(line["span"]["operation"], "Ping", "{line}");
    }

    #[test]
    fn the_operation_name_is_one_the_document_defines() {
        let parse = |query| async_graphql::parser::parse_query(query).unwrap();
        let named = parse("query Ping { __typename }");
        assert_eq!(operation_name(&named, None), Some("Ping"));
        assert_eq!(operation_name(&named, Some("Ping")), Some("Ping"));
        assert_eq!(operation_name(&named, Some("Made\nUp")), None);
        let two = parse("query A { __typename } query B { __typename }");
        assert_eq!(operation_name(&two, Some("B")), Some("B"));
        assert_eq!(operation_name(&two, None), None);
        assert_eq!(
            operation_name(&parse("{ __typename }"), None),
            Some("anonymous")
        );
    }
}
