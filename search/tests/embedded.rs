//! The embedded engine on disk: an index that is missing, damaged or deleted makes the engine stale (never
//! stops it) until a rebuild heals it, and a rebuild by a second engine over the same folder (`lode
//! reindex` beside a running server) is taken up by the first.

use search::embedded::EmbeddedEngine;
use search::{IndexState, Kind, SearchDocument, SearchEngine, SearchError, SearchRequest, stale};
use std::path::{Path, PathBuf};
use uuid::Uuid;

fn doc(title: &str) -> SearchDocument {
    let record_id = Uuid::now_v7();
    SearchDocument {
        id: Kind::Dataset.document_id(record_id),
        kind: Kind::Dataset,
        record_id,
        slug: title.to_lowercase(),
        title: title.to_owned(),
        summary: String::new(),
        body: String::new(),
        tags: Vec::new(),
        cities: Vec::new(),
        stakeholder_types: Vec::new(),
        value_domain_ids: Vec::new(),
        status: "AVAILABLE".to_owned(),
        starts_at: None,
    }
}

/// The ids of what a query finds.
async fn found(engine: &EmbeddedEngine, query: &str) -> Result<Vec<String>, SearchError> {
    let request = SearchRequest {
        query: query.to_owned(),
        limit: 20,
        ..SearchRequest::default()
    };
    Ok(engine
        .search(&request)
        .await?
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect())
}

fn stale_because(reason: &str) -> IndexState {
    IndexState::Stale(reason.to_owned())
}

/// The generation directories under an engine's folder.
fn generations(folder: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("the folder")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// An index built with one document, then closed, as a stopped server leaves it.
async fn built(folder: &Path, document: &SearchDocument) {
    let engine = EmbeddedEngine::open(folder).expect("opens");
    engine
        .rebuild(vec![document.clone()], "database-a")
        .await
        .expect("built");
    engine
        .upsert(vec![doc("Later")])
        .await
        .expect("written, as a relay would");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_index_is_stale_until_it_is_built() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let engine = EmbeddedEngine::open(dir.path().join("search")).expect("opens");
    assert_eq!(engine.state(), stale_because(stale::MISSING));
    assert!(
        matches!(found(&engine, "").await, Err(SearchError::Stale(_))),
        "no empty answer from a missing index"
    );
    assert!(matches!(
        engine.upsert(vec![doc("Nergens")]).await,
        Err(SearchError::Stale(_))
    ));
    assert_eq!(engine.built_for().await.expect("answers"), None);
    let parking = doc("Parkeerplaatsen");
    engine
        .rebuild(vec![parking.clone()], "database-a")
        .await
        .expect("built");
    assert_eq!(engine.state(), IndexState::Ready);
    assert_eq!(
        found(&engine, "parkeerplaatsen").await.expect("answers"),
        [parking.id]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_index_opens_stale_and_a_rebuild_heals_it() {
    for damage in ["meta.json", "segments"] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let folder = dir.path().join("search");
        let parking = doc("Parkeerplaatsen");
        built(&folder, &parking).await;
        let generation = generations(&folder).pop().expect("a generation");
        for entry in std::fs::read_dir(&generation).expect("its files").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if damage == "meta.json" && name == "meta.json" {
                std::fs::write(&path, "{ not json").expect("damaged");
            } else if damage == "segments" && !name.ends_with(".json") && !name.starts_with('.') {
                let mut bytes = std::fs::read(&path).expect("readable");
                if bytes.is_empty() {
                    continue;
                }
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0xff;
                std::fs::write(&path, bytes).expect("damaged");
            }
        }

        let engine =
            EmbeddedEngine::open(&folder).expect("a damaged index does not stop the engine");
        assert_eq!(engine.state(), stale_because(stale::UNREADABLE), "{damage}");
        assert!(
            matches!(found(&engine, "").await, Err(SearchError::Stale(_))),
            "{damage}"
        );
        engine
            .rebuild(vec![parking.clone()], "database-a")
            .await
            .expect("rebuilt over the damage");
        assert_eq!(engine.state(), IndexState::Ready);
        assert_eq!(
            found(&engine, "parkeerplaatsen").await.expect("answers"),
            [parking.id.as_str()]
        );
        drop(engine);
        let reopened = EmbeddedEngine::open(&folder).expect("opens");
        assert_eq!(
            reopened.state(),
            IndexState::Ready,
            "the healed index is the one found at the next start"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_index_deleted_while_running_is_noticed() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let folder = dir.path().join("search");
    let engine = EmbeddedEngine::open(&folder).expect("opens");
    engine
        .rebuild(vec![doc("Parkeerplaatsen")], "database-a")
        .await
        .expect("built");
    std::fs::remove_dir_all(&folder).expect("deleted");
    assert!(matches!(
        found(&engine, "parkeerplaatsen").await,
        Err(SearchError::Stale(_))
    ));
    assert_eq!(engine.state(), stale_because(stale::MISSING));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_by_a_second_engine_over_the_folder_is_taken_up_by_the_first() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let folder = dir.path().join("search");
    let server = EmbeddedEngine::open(&folder).expect("opens");
    let old = doc("Oude telling");
    server
        .rebuild(vec![old.clone()], "database-a")
        .await
        .expect("built");
    server
        .upsert(vec![doc("Tussendoor")])
        .await
        .expect("the server writes, and holds the writer");

    // What `lode reindex` does beside the running server.
    let reindex = EmbeddedEngine::open(&folder).expect("opens beside the server");
    let new = doc("Nieuwe telling");
    reindex
        .rebuild(vec![new.clone()], "database-a")
        .await
        .expect("rebuilt beside the server");
    drop(reindex);

    assert_eq!(
        found(&server, "telling").await.expect("answers"),
        [new.id.as_str()],
        "the server answers from the new generation"
    );
    let after = doc("Daarna");
    server
        .upsert(vec![after.clone()])
        .await
        .expect("and writes to it");
    assert_eq!(found(&server, "daarna").await.expect("answers"), [after.id]);
    assert_eq!(
        server.built_for().await.expect("answers"),
        Some("database-a".to_owned())
    );
    assert!(
        generations(&folder).len() <= 2,
        "old generations are removed: {:?}",
        generations(&folder)
    );
}

/// A heal in the server and a `lode reindex` beside it, finishing in either order: the generation `CURRENT`
/// names is never removed, and both engines keep writing and finding.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rebuilds_finishing_in_either_order_never_remove_the_live_generation() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let folder = dir.path().join("search");
    let server = EmbeddedEngine::open(&folder).expect("opens");
    server
        .rebuild(vec![doc("Eerste telling")], "database-a")
        .await
        .expect("built");
    let reindex = EmbeddedEngine::open(&folder).expect("opens beside the server");
    // The server's heal starts first and has far more to write, so it tends to finish last.
    let many: Vec<SearchDocument> = (0..3000).map(|i| doc(&format!("Telling {i}"))).collect();
    let (healed, reindexed) = tokio::join!(
        server.rebuild(many, "database-a"),
        reindex.rebuild(vec![doc("Nieuwe telling")], "database-a"),
    );
    healed.expect("healed");
    reindexed.expect("reindexed");
    // Each takes up what the other left in `CURRENT` (and cleans up behind it).
    assert!(found(&reindex, "telling").await.is_ok());
    assert_eq!(reindex.state(), IndexState::Ready);
    assert!(found(&server, "telling").await.is_ok());
    let current = std::fs::read_to_string(folder.join("CURRENT")).expect("CURRENT");
    assert!(
        folder.join(current.trim()).is_dir(),
        "CURRENT names a removed generation: {:?}",
        generations(&folder)
    );
    let later = doc("Later");
    server
        .upsert(vec![later.clone()])
        .await
        .expect("the server writes");
    assert_eq!(found(&server, "later").await.expect("answers"), [later.id]);
    assert_eq!(server.state(), IndexState::Ready);
}

/// A live generation whose directory was removed (while `CURRENT` still names it) makes the index stale, so
/// the relay rebuilds it, rather than every write failing as if the trouble would pass.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generation_removed_from_under_the_engine_makes_it_stale() {
    for writer_open in [false, true] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let folder = dir.path().join("search");
        let engine = EmbeddedEngine::open(&folder).expect("opens");
        engine
            .rebuild(vec![doc("Parkeerplaatsen")], "database-a")
            .await
            .expect("built");
        if writer_open {
            engine.upsert(vec![doc("Eerder")]).await.expect("written");
        }
        for generation in generations(&folder) {
            std::fs::remove_dir_all(generation).expect("removed");
        }
        let written = engine.upsert(vec![doc("Daarna")]).await;
        assert!(
            matches!(written, Err(SearchError::Stale(_))),
            "writer open: {writer_open}: {written:?}"
        );
        assert_eq!(
            engine.state(),
            stale_because(stale::UNREADABLE),
            "writer open: {writer_open}"
        );
    }
}

/// Taking up a generation built elsewhere reads all of it; searches meanwhile answer from the generation in
/// use instead of waiting. The new generation's `meta.json` is a pipe here, so its opening waits until the
/// test lets it go.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_answer_while_the_engine_takes_up_a_new_generation() {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    const O_NONBLOCK: i32 = 0o4000;

    let dir = tempfile::tempdir().expect("a temporary directory");
    let folder = dir.path().join("search");
    let server = Arc::new(EmbeddedEngine::open(&folder).expect("opens"));
    let old = doc("Oude telling");
    server
        .rebuild(vec![old.clone()], "database-a")
        .await
        .expect("built");
    let reindex = EmbeddedEngine::open(&folder).expect("opens beside the server");
    let new = doc("Nieuwe telling");
    reindex
        .rebuild(vec![new.clone()], "database-a")
        .await
        .expect("rebuilt beside the server");
    drop(reindex);
    let current = std::fs::read_to_string(folder.join("CURRENT")).expect("CURRENT");
    let meta = folder.join(current.trim()).join("meta.json");
    let saved = dir.path().join("meta.json");
    std::fs::rename(&meta, &saved).expect("moved aside");
    let made = std::process::Command::new("mkfifo")
        .arg(&meta)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());

    let switching = tokio::spawn({
        let server = server.clone();
        async move { found(&server, "nieuwe").await }
    });
    // The pipe opens for writing only once the switch has it open for reading, and is then stuck on it.
    let start = Instant::now();
    let mut pipe = loop {
        match std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(O_NONBLOCK)
            .open(&meta)
        {
            Ok(pipe) => break pipe,
            Err(_) => {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "the switch never began"
                );
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    };
    let searching = tokio::spawn({
        let server = server.clone();
        async move { found(&server, "oude").await }
    });
    let start = Instant::now();
    while !searching.is_finished() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let answered_meanwhile = searching.is_finished();
    // Let the switch go on: the pipe's later readers find the real file.
    std::fs::rename(&saved, &meta).expect("put back");
    pipe.write_all(&std::fs::read(&meta).expect("meta.json"))
        .expect("written to the pipe");
    drop(pipe);
    assert!(answered_meanwhile, "a search waited for the switch");
    assert_eq!(
        searching.await.expect("ran").expect("answers"),
        [old.id.as_str()],
        "from the generation in use"
    );
    assert_eq!(
        switching.await.expect("ran").expect("answers"),
        [new.id.as_str()],
        "the switch completes"
    );
}

/// A rebuild cut short (its process killed) leaves its build directory; the next start removes it once it
/// is a day old, never a build that may still be under way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_build_left_by_a_killed_rebuild_is_removed_at_a_later_start() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let folder = dir.path().join("search");
    built(&folder, &doc("Parkeerplaatsen")).await;
    let two_days_ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
        - 2 * 24 * 60 * 60;
    let old = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, two_days_ago, 0));
    let abandoned = folder.join(format!("building-{}", old.simple()));
    let under_way = folder.join(format!("building-{}", Uuid::now_v7().simple()));
    for build in [&abandoned, &under_way] {
        std::fs::create_dir_all(build).expect("made");
        std::fs::write(build.join("meta.json"), "{}").expect("written");
    }
    let engine = EmbeddedEngine::open(&folder).expect("opens");
    assert_eq!(engine.state(), IndexState::Ready);
    assert!(!abandoned.exists(), "the abandoned build is removed");
    assert!(under_way.exists(), "a build that may be under way stays");
}
