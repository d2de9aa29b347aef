//! Logs: the one subscriber setup, for `lode` and the tests alike. Lines are text, or JSON (one object a
//! line) with `LODE_LOG_FORMAT=json`; `RUST_LOG` picks what is logged. Every line logged while a request
//! is handled carries the request's span ([`request_span`]: its id, also sent back as `x-request-id`,
//! method and path), and every line logged while a GraphQL operation runs carries that operation's own
//! span too, with its name ([`OperationName`]): each operation of a batch and each subscription on a
//! WebSocket has its own. Whatever level `RUST_LOG` asks for, these spans are kept, so a warning or an
//! error never loses them. No personal data goes into a span: ids, paths and operation names only.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest, NextRequest,
    NextSubscribe,
};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationDefinition};
use async_graphql::{Name, Positioned, Request, Response, ServerResult, Variables};
use futures_util::Stream;
use futures_util::stream::BoxStream;
use std::borrow::Cow;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tracing::{Instrument, Span};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::{SubscriberInitExt, TryInitError};

/// The name of the span field that holds a GraphQL operation's name.
pub const OPERATION_FIELD: &str = "operation";

/// The longest operation name recorded, in characters: GraphQL sets no limit, and a document may be as
/// large as a request body. A longer name is cut, and ends in `…`.
pub const MAX_OPERATION_NAME: usize = 100;

/// The target of the request and operation spans. The filter always lets it through at `error`, the
/// level the spans have, so they are kept whatever `RUST_LOG` says (a line of any level keeps them).
const SPAN_TARGET: &str = "lode::span";

/// What logs are logged as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Lines for people (the default).
    #[default]
    Text,
    /// One JSON object a line, for log collectors, with the spans it was written in (`spans`: the
    /// request's, then the operation's) and the innermost of them (`span`).
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

/// What is logged: the directives `RUST_LOG` holds (`rust_log`), else (when it is not set or not valid)
/// `info`, with the database driver's own lines from `warn` up; and the request and operation spans
/// always.
fn filter(rust_log: Option<&str>) -> EnvFilter {
    rust_log
        .and_then(|directives| EnvFilter::try_new(directives).ok())
        .unwrap_or_else(|| EnvFilter::new("info,sqlx=warn"))
        .add_directive(
            format!("{SPAN_TARGET}=error")
                .parse()
                .expect("the span target makes a valid directive"),
        )
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
    let rust_log = std::env::var("RUST_LOG").ok();
    subscriber_with(filter(rust_log.as_deref()), format, writer, terminal)
}

/// [`subscriber`], logging what `filter` lets through.
fn subscriber_with<W>(
    filter: EnvFilter,
    format: LogFormat,
    writer: W,
    terminal: bool,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let lines = tracing_subscriber::fmt()
        .with_env_filter(filter)
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

/// The span of a request: its id, method and path (never its query string). The GraphQL operations it
/// runs have spans of their own beneath it.
pub fn request_span(request_id: &str, method: &str, path: &str) -> Span {
    tracing::error_span!(
        target: SPAN_TARGET,
        "request",
        request_id = %request_id,
        method = %method,
        path = %path,
    )
}

/// The span of one GraphQL operation, beneath the current span (its request's); its name is recorded
/// once the document is parsed.
fn operation_span() -> Span {
    tracing::error_span!(
        target: SPAN_TARGET,
        "operation",
        { OPERATION_FIELD } = tracing::field::Empty,
    )
}

/// A schema extension that runs every operation (a query or mutation, each operation of a batch, each
/// subscription on a WebSocket) in a span of its own beneath the request's, and records the operation's
/// name in that span's [`OPERATION_FIELD`] once the document is parsed: the name asked for, or the
/// document's only named operation, or `anonymous`, cut to [`MAX_OPERATION_NAME`] characters. Only a
/// name the document defines is recorded, never other text from the request. It comes first among the
/// schema's extensions, so that what the others log carries the operation too.
pub struct OperationName;

impl ExtensionFactory for OperationName {
    fn create(&self) -> Arc<dyn Extension> {
        // async-graphql creates the extensions anew for every operation, as the operation starts: under
        // its request's span.
        Arc::new(OperationNameRecorder {
            span: operation_span(),
            asked: Mutex::default(),
        })
    }
}

/// One operation's span and name.
struct OperationNameRecorder {
    /// The operation's span.
    span: Span,
    /// The `operationName` the request asked for.
    asked: Mutex<Option<String>>,
}

#[async_trait::async_trait]
impl Extension for OperationNameRecorder {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        async move {
            let response = next.run(ctx).await;
            tracing::debug!(errors = response.errors.len(), "finished operation");
            response
        }
        .instrument(self.span.clone())
        .await
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        Box::pin(InOperation {
            span: self.span.clone(),
            stream: next.run(ctx, stream),
        })
    }

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
            self.span
                .record(OPERATION_FIELD, recorded_name(name).as_ref());
        }
        Ok(document)
    }
}

/// A subscription's responses, worked out (each poll) in the subscription's own span.
struct InOperation<'s> {
    span: Span,
    stream: BoxStream<'s, Response>,
}

impl Stream for InOperation<'_> {
    type Item = Response;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Response>> {
        let this = &mut *self;
        let _entered = this.span.enter();
        this.stream.as_mut().poll_next(cx)
    }
}

impl Drop for InOperation<'_> {
    fn drop(&mut self) {
        let _entered = self.span.enter();
        tracing::debug!("finished operation");
    }
}

/// An operation name as recorded: at most [`MAX_OPERATION_NAME`] characters; a longer name is cut on a
/// character boundary and ends in `…`.
fn recorded_name(name: &str) -> Cow<'_, str> {
    match name.char_indices().nth(MAX_OPERATION_NAME) {
        None => Cow::Borrowed(name),
        Some(_) => {
            let kept: String = name.chars().take(MAX_OPERATION_NAME - 1).collect();
            Cow::Owned(format!("{kept}…"))
        }
    }
}

/// The operation a document runs, with its name, as async-graphql selects it: the one asked for if the
/// document defines it, else its only operation; none when the document does not say which.
pub fn selected_operation<'a>(
    document: &'a ExecutableDocument,
    asked: Option<&str>,
) -> Option<(Option<&'a Name>, &'a Positioned<OperationDefinition>)> {
    match (&document.operations, asked) {
        (DocumentOperations::Single(operation), None) => Some((None, operation)),
        (DocumentOperations::Multiple(operations), Some(asked)) => operations
            .iter()
            .find(|(name, _)| name.as_str() == asked)
            .map(|(name, operation)| (Some(name), operation)),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => operations
            .iter()
            .next()
            .map(|(name, operation)| (Some(name), operation)),
        _ => None,
    }
}

/// The name of the operation a document runs ([`selected_operation`]; `anonymous` when it has none).
fn operation_name<'a>(document: &'a ExecutableDocument, asked: Option<&str>) -> Option<&'a str> {
    selected_operation(document, asked)
        .map(|(name, _)| name.map_or("anonymous", |name| name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;
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

    /// The JSON lines a writer kept.
    fn json_lines(kept: &Kept) -> Vec<serde_json::Value> {
        let text = String::from_utf8(kept.0.lock().unwrap().clone()).unwrap();
        text.lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect()
    }

    /// A query that logs an error, labelled as asked.
    struct Probe;

    #[async_graphql::Object]
    impl Probe {
        async fn logged(&self, label: String) -> bool {
            tracing::error!(label, "logged");
            true
        }
    }

    /// A subscription that logs each of its three ticks, labelled as asked.
    struct Ticks;

    #[async_graphql::Subscription]
    impl Ticks {
        async fn ticks(&self, label: String) -> impl Stream<Item = i32> {
            futures_util::stream::iter(0..3).map(move |tick| {
                tracing::error!(label = %label, tick, "tick");
                tick
            })
        }
    }

    fn probe_schema() -> async_graphql::Schema<Probe, async_graphql::EmptyMutation, Ticks> {
        async_graphql::Schema::build(Probe, async_graphql::EmptyMutation, Ticks)
            .extension(OperationName)
            .finish()
    }

    #[test]
    fn json_lines_parse_and_carry_the_request_span() {
        let kept = Kept::default();
        tracing::subscriber::with_default(subscriber(LogFormat::Json, kept.clone(), true), || {
            let _entered = request_span("0190-abc", "POST", "/graphql").entered();
            tracing::warn!(answer = 42, "a line \"quoted\"\nover two lines");
        });
        let lines = json_lines(&kept);
        assert_eq!(lines.len(), 1, "{lines:?}");
        let line = &lines[0];
        assert_eq!(line["level"], "WARN");
        assert_eq!(
            line["fields"]["message"],
            "a line \"quoted\"\nover two lines"
        );
        assert_eq!(line["fields"]["answer"], 42);
        assert_eq!(line["span"]["request_id"], "0190-abc", "{line}");
        assert_eq!(line["span"]["path"], "/graphql", "{line}");
    }

    #[tokio::test]
    async fn each_operation_on_one_connection_logs_under_its_own_name_and_no_other() {
        let long_name = format!("Long{}", "o".repeat(10_000));
        for format in [LogFormat::Json, LogFormat::Text] {
            let kept = Kept::default();
            let _default = tracing::subscriber::set_default(subscriber_with(
                filter(None),
                format,
                kept.clone(),
                false,
            ));
            let schema = probe_schema();
            async {
                // Two subscriptions on one connection, taking turns.
                let mut first = schema.execute_stream(r#"subscription First { ticks(label: "First") }"#);
                let mut second = schema.execute_stream(
                    Request::new(
                        r#"subscription Other { ticks(label: "Other") } subscription Second { ticks(label: "Second") }"#,
                    )
                    .operation_name("Second"),
                );
                for _ in 0..3 {
                    assert!(first.next().await.is_some());
                    assert!(second.next().await.is_some());
                }
                let long = format!(r#"query {long_name} {{ logged(label: "long") }}"#);
                assert!(schema.execute(long).await.errors.is_empty());
                // A batch's operations, side by side.
                let batch = [
                    r#"query Third { logged(label: "Third") }"#,
                    r#"{ logged(label: "anonymous") }"#,
                ];
                let answers =
                    futures_util::future::join_all(batch.map(|one| schema.execute(one))).await;
                assert!(answers.iter().all(|answer| answer.errors.is_empty()));
            }
            .instrument(request_span("0190-ws", "GET", "/graphql/ws"))
            .await;
            let cut = format!("{}…", &long_name[..MAX_OPERATION_NAME - 1]);
            match format {
                LogFormat::Json => {
                    let lines = json_lines(&kept);
                    assert_eq!(lines.len(), 9, "{lines:#?}");
                    for line in &lines {
                        let spans = line["spans"].as_array().expect("the spans");
                        assert_eq!(spans.len(), 2, "{line}");
                        assert_eq!(spans[0]["name"], "request", "{line}");
                        assert_eq!(spans[0]["request_id"], "0190-ws", "{line}");
                        assert!(spans[0].get(OPERATION_FIELD).is_none(), "{line}");
                        assert_eq!(spans[1]["name"], "operation", "{line}");
                        let label = line["fields"]["label"].as_str().expect("a label");
                        let expected = if label == "long" { cut.as_str() } else { label };
                        assert_eq!(spans[1][OPERATION_FIELD], expected, "{line}");
                    }
                }
                LogFormat::Text => {
                    let text = String::from_utf8(kept.0.lock().unwrap().clone()).unwrap();
                    assert_eq!(text.lines().count(), 9, "{text}");
                    for line in text.lines() {
                        assert_eq!(line.matches("operation=").count(), 1, "{line}");
                        assert!(line.len() < 300, "{line}");
                    }
                    assert!(text.contains(&format!("operation=\"{cut}\"")), "{text}");
                }
            }
        }
    }

    #[tokio::test]
    async fn under_any_level_a_line_keeps_its_request_and_operation() {
        for directives in ["warn", "error", "lode_api=error"] {
            let kept = Kept::default();
            let _default = tracing::subscriber::set_default(subscriber_with(
                filter(Some(directives)),
                LogFormat::Json,
                kept.clone(),
                false,
            ));
            let schema = probe_schema();
            schema
                .execute(r#"query Probe { logged(label: "Probe") }"#)
                .instrument(request_span("0190-lvl", "POST", "/graphql"))
                .await;
            tracing::error!(label = "outside", "logged");
            let lines = json_lines(&kept);
            assert_eq!(lines.len(), 2, "{directives}: {lines:#?}");
            let line = &lines[0];
            assert_eq!(
                line["spans"][0]["request_id"], "0190-lvl",
                "{directives}: {line}"
            );
            assert_eq!(
                line["span"][OPERATION_FIELD], "Probe",
                "{directives}: {line}"
            );
            assert!(
                lines[1].get("spans").is_none(),
                "{directives}: {}",
                lines[1]
            );
        }
    }

    #[test]
    fn a_long_operation_name_is_cut_on_a_character_boundary() {
        assert_eq!(recorded_name("Ping"), "Ping");
        let exact = "a".repeat(MAX_OPERATION_NAME);
        assert_eq!(recorded_name(&exact), exact.as_str());
        let long = "é".repeat(MAX_OPERATION_NAME + 1);
        let cut = recorded_name(&long);
        assert_eq!(cut.chars().count(), MAX_OPERATION_NAME);
        assert!(cut.ends_with("é…"), "{cut}");
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
