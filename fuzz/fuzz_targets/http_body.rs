//! HTTP bodies, through the board's whole router on SQLite: the first byte picks the write
//! (a new election, or an entry of the reference election, set up on the board from the
//! reference record as far as its opening), the rest is the body. Whatever the body, the
//! board answers a client error or an acknowledgement — a server error (5xx) is a finding.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use zhixuan_board::server::{router, Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_record::CheckpointSigner;
use zhixuan_fuzz::reference;

struct Served {
    runtime: tokio::runtime::Runtime,
    app: Router,
    entries: String,
}

fn post(path: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap()
}

/// A board holding the reference election up to its opening, in a fresh temporary file.
fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = std::env::temp_dir().join(format!("zhixuan-fuzz-http-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let r = reference();
        let id = r.definition.election_id().to_owned();
        let app = runtime.block_on(async {
            let store = SqliteStore::open(dir.join("board.db")).await.unwrap();
            let signer = CheckpointSigner::new(
                "fuzz.board".parse().unwrap(),
                zhixuan_record::SigningKey::from_bytes(&[7; 32]),
            );
            let board: Arc<Board<SqliteStore>> = Board::open(store, signer).await.unwrap();
            let app = router(board, Limits::default());
            for line in &r.lines[1..] {
                let entry: serde_json::Value = serde_json::from_str(line).unwrap();
                let Some(kind) = entry["kind"].as_str() else {
                    break;
                };
                let (path, body) = if kind == "definition" {
                    ("/elections".to_owned(), entry["body"].to_string())
                } else {
                    let body = serde_json::json!({"kind": kind, "body": entry["body"]});
                    (format!("/elections/{id}/entries"), body.to_string())
                };
                let answer = app
                    .clone()
                    .oneshot(post(&path, body.into_bytes()))
                    .await
                    .unwrap();
                assert_eq!(answer.status(), StatusCode::OK, "setting up {kind}");
                if kind == "open_voting" {
                    break;
                }
            }
            app
        });
        Served {
            runtime,
            app,
            entries: format!("/elections/{id}/entries"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let s = served();
    let path = if which % 2 == 0 {
        "/elections"
    } else {
        s.entries.as_str()
    };
    let status = s
        .runtime
        .block_on(s.app.clone().oneshot(post(path, body.to_vec())))
        .unwrap()
        .status();
    assert!(
        !status.is_server_error(),
        "POST {path} answered {status} to a client's body"
    );
});
