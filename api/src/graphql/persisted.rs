//! Apollo's automatic persisted queries: a client sends a query's SHA-256 (`extensions.persistedQuery`:
//! `{ "version": 1, "sha256Hash": "…" }`) instead of its text, and the text only when the server does not
//! know the hash yet. A GET of a hash is a short URL that caches well.
//!
//! Only the text is kept, in a cache bounded in entries and bytes: every request, a remembered one too,
//! is parsed and measured by [`super::shape::QueryShape`] as if its text had been sent. A text is
//! remembered once it has passed parsing and validation, so nothing refused is kept.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextValidation,
};
use async_graphql::{
    ErrorExtensionValues, Request, ServerError, ServerResult, ValidationResult, Value,
};
use lru::LruCache;
use sha2::{Digest, Sha256};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

/// The most query texts remembered; far above the operations of any one client (the front end has a few
/// dozen), so a cache that turns over means many clients, or one sending texts on purpose.
pub const MAX_ENTRIES: usize = 2000;
/// The most bytes of query text remembered, all entries together.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// The longest text remembered: many times the longest operation of the front end, and small enough that
/// it takes over a hundred of the longest to push the others out. A longer text still runs when sent,
/// it is just not remembered.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// The message of an unknown hash: the text Apollo Client looks for before it sends the query again with
/// its text.
pub const NOT_FOUND_MESSAGE: &str = "PersistedQueryNotFound";
/// The code of an unknown hash (Apollo's).
pub const NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
/// The code of a text whose SHA-256 is not the hash sent with it.
pub const HASH_MISMATCH: &str = "PERSISTED_QUERY_HASH_MISMATCH";
/// The code of a `persistedQuery` of another version than 1.
pub const VERSION_NOT_SUPPORTED: &str = "PERSISTED_QUERY_VERSION_NOT_SUPPORTED";

/// Query texts by their SHA-256 (lower-case hex), least recently used first out, within a number of
/// entries and a number of bytes.
pub struct PersistedCache {
    entries: LruCache<String, Arc<str>>,
    bytes: usize,
    max_bytes: usize,
}

impl PersistedCache {
    /// A cache of at most `max_entries` texts and `max_bytes` bytes of text (hashes included).
    pub fn new(max_entries: NonZeroUsize, max_bytes: usize) -> Self {
        Self {
            entries: LruCache::new(max_entries),
            bytes: 0,
            max_bytes,
        }
    }

    /// The text of a hash, if it is remembered (it then counts as just used).
    pub fn get(&mut self, hash: &str) -> Option<Arc<str>> {
        self.entries.get(hash).cloned()
    }

    /// Remembers a text under its hash, letting go of the least recently used ones to stay within the
    /// bounds. A text over [`MAX_TEXT_BYTES`] (or the whole byte bound) is not kept.
    pub fn insert(&mut self, hash: String, text: Arc<str>) {
        let size = hash.len() + text.len();
        if size > self.max_bytes || text.len() > MAX_TEXT_BYTES {
            return;
        }
        // `push` hands back what it let go: the least recently used entry when full, or the old value of
        // the same key.
        if let Some((key, value)) = self.entries.push(hash, text) {
            self.bytes -= key.len() + value.len();
        }
        self.bytes += size;
        while self.bytes > self.max_bytes {
            match self.entries.pop_lru() {
                Some((key, value)) => self.bytes -= key.len() + value.len(),
                None => break,
            }
        }
    }

    /// How many texts are remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no text is remembered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The bytes remembered (hashes and texts).
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// The schema extension that answers persisted queries from one [`PersistedCache`].
pub struct PersistedQueries {
    cache: Arc<Mutex<PersistedCache>>,
}

impl Default for PersistedQueries {
    /// A cache within [`MAX_ENTRIES`] and [`MAX_BYTES`].
    fn default() -> Self {
        let entries = NonZeroUsize::new(MAX_ENTRIES).unwrap_or(NonZeroUsize::MIN);
        Self {
            cache: Arc::new(Mutex::new(PersistedCache::new(entries, MAX_BYTES))),
        }
    }
}

impl ExtensionFactory for PersistedQueries {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(PersistedQuery {
            cache: self.cache.clone(),
            to_remember: Mutex::new(None),
        })
    }
}

/// One operation's part (async-graphql creates the extension anew for every operation).
struct PersistedQuery {
    cache: Arc<Mutex<PersistedCache>>,
    /// The hash and text the request registers, remembered once the text has passed validation.
    to_remember: Mutex<Option<(String, Arc<str>)>>,
}

impl PersistedQuery {
    fn cache(&self) -> std::sync::MutexGuard<'_, PersistedCache> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The lower-case hex SHA-256 of a text.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// An error with its code already set.
fn refusal(message: &str, code: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    error
}

/// The refusal of a malformed `persistedQuery`, on the field it names.
fn malformed(field: &str, message: &str) -> ServerError {
    let mut error = refusal(message, "VALIDATION");
    if let Some(extensions) = error.extensions.as_mut() {
        extensions.set("field", field);
    }
    error
}

/// The hash a `persistedQuery` extension asks for, in lower case; a refusal for anything but version 1
/// with a SHA-256 in hex.
fn requested_hash(persisted: &Value) -> ServerResult<String> {
    let Value::Object(fields) = persisted else {
        return Err(malformed(
            "extensions.persistedQuery",
            "extensions.persistedQuery must be an object with version and sha256Hash",
        ));
    };
    match fields.get("version") {
        Some(Value::Number(version)) if version.as_i64() == Some(1) => {}
        _ => {
            return Err(refusal(
                "only version 1 of persisted queries is supported",
                VERSION_NOT_SUPPORTED,
            ));
        }
    }
    match fields.get("sha256Hash") {
        Some(Value::String(hash))
            if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(hash.to_ascii_lowercase())
        }
        _ => Err(malformed(
            "extensions.persistedQuery.sha256Hash",
            "extensions.persistedQuery.sha256Hash must be the query's SHA-256 in hex (64 characters)",
        )),
    }
}

#[async_trait::async_trait]
impl Extension for PersistedQuery {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Some(persisted) = request.extensions.0.get("persistedQuery") {
            let hash = requested_hash(persisted)?;
            if request.query.is_empty() {
                let text = self.cache().get(&hash);
                match text {
                    Some(text) => request.query = text.to_string(),
                    None => return Err(refusal(NOT_FOUND_MESSAGE, NOT_FOUND)),
                }
            } else if sha256_hex(&request.query) == hash {
                *self.to_remember.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((hash, request.query.as_str().into()));
            } else {
                return Err(refusal(
                    "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it",
                    HASH_MISMATCH,
                ));
            }
        }
        next.run(ctx, request).await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await;
        if result.is_ok() {
            let registered = self
                .to_remember
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take();
            if let Some((hash, text)) = registered {
                self.cache().insert(hash, text);
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(entries: usize, bytes: usize) -> PersistedCache {
        PersistedCache::new(NonZeroUsize::new(entries).expect("not zero"), bytes)
    }

    fn text(n: usize, len: usize) -> (String, Arc<str>) {
        let text = format!("{n:0len$}");
        (sha256_hex(&text), text.into())
    }

    #[test]
    fn the_hash_is_the_lower_case_hex_sha256() {
        assert_eq!(
            sha256_hex("{ __typename }"),
            "7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b"
        );
    }

    #[test]
    fn the_cache_keeps_at_most_its_number_of_entries_least_recently_used_out_first() {
        let mut cache = cache(3, 1 << 20);
        let texts: Vec<_> = (0..4).map(|n| text(n, 10)).collect();
        for (hash, text) in &texts[..3] {
            cache.insert(hash.clone(), text.clone());
        }
        // The first is used again, so the second is the least recently used.
        assert!(cache.get(&texts[0].0).is_some());
        cache.insert(texts[3].0.clone(), texts[3].1.clone());
        assert_eq!(cache.len(), 3);
        assert!(
            cache.get(&texts[1].0).is_none(),
            "the least recently used goes"
        );
        for n in [0, 2, 3] {
            assert_eq!(cache.get(&texts[n].0).as_deref(), Some(&*texts[n].1));
        }
        assert_eq!(cache.bytes(), 3 * (64 + 10));
    }

    #[test]
    fn a_text_over_the_longest_remembered_is_not_kept_and_pushes_nothing_out() {
        let mut cache = cache(100, MAX_BYTES);
        let (small_hash, small) = text(1, 100);
        cache.insert(small_hash.clone(), small);
        let long = |len: usize| -> (String, Arc<str>) {
            let text = "#".repeat(len);
            (sha256_hex(&text), text.into())
        };
        let (hash, text) = long(MAX_TEXT_BYTES + 1);
        cache.insert(hash.clone(), text);
        assert!(cache.get(&hash).is_none());
        assert!(cache.get(&small_hash).is_some());
        let (hash, longest) = long(MAX_TEXT_BYTES);
        cache.insert(hash.clone(), longest);
        assert!(
            cache.get(&hash).is_some(),
            "one of the longest length is kept"
        );
    }

    #[test]
    fn the_cache_keeps_at_most_its_number_of_bytes() {
        let entry = 64 + 100;
        let mut cache = cache(100, 3 * entry);
        let texts: Vec<_> = (0..5).map(|n| text(n, 100)).collect();
        for (hash, text) in &texts {
            cache.insert(hash.clone(), text.clone());
            assert!(cache.bytes() <= 3 * entry, "{} bytes", cache.bytes());
        }
        assert_eq!(cache.len(), 3);
        assert!(cache.get(&texts[0].0).is_none() && cache.get(&texts[1].0).is_none());
        assert!(cache.get(&texts[4].0).is_some());
        // One text larger than the whole cache is not kept, and lets go of nothing.
        let (hash, huge) = text(9, 3 * entry);
        cache.insert(hash.clone(), huge);
        assert!(cache.get(&hash).is_none());
        assert_eq!(cache.len(), 3);
        // The same text again counts once.
        cache.insert(texts[4].0.clone(), texts[4].1.clone());
        assert_eq!(cache.bytes(), 3 * entry);
        assert!(!cache.is_empty());
    }

    #[test]
    fn only_version_1_with_a_sha256_is_asked_for() {
        let ask =
            |value: serde_json::Value| requested_hash(&Value::from_json(value).expect("a value"));
        let hash = "7F56E67DD21AB3F30D1FF8B7BED08893F0A0DB86449836189B361DD1E56DDB4B";
        assert_eq!(
            ask(serde_json::json!({ "version": 1, "sha256Hash": hash })).ok(),
            Some(hash.to_ascii_lowercase())
        );
        let code = |value| {
            ask(value)
                .err()
                .and_then(|e| e.extensions)
                .and_then(|e| e.get("code").cloned())
        };
        let code_of = |name: &str| Some(Value::from(name));
        assert_eq!(
            code(serde_json::json!({ "version": 2, "sha256Hash": hash })),
            code_of(VERSION_NOT_SUPPORTED)
        );
        assert_eq!(
            code(serde_json::json!({ "sha256Hash": hash })),
            code_of(VERSION_NOT_SUPPORTED)
        );
        for bad in [
            serde_json::json!({ "version": 1, "sha256Hash": "abc" }),
            serde_json::json!({ "version": 1 }),
            serde_json::json!("x"),
        ] {
            assert_eq!(code(bad), code_of("VALIDATION"));
        }
    }
}
