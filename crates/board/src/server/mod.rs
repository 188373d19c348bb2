//! The board's HTTP server (axum): many elections, each an append-only log; writes are
//! checked by the admission rules of [`crate::record`] before they are stored, and
//! acknowledged only once durable, with a signed checkpoint that includes them.

pub mod api;
pub mod election;
pub mod error;
pub mod openapi;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;
use axum::Router;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use zhixuan_tally::{ElectionDefinition, Outcome};

use self::election::Election;
use self::error::ApiError;
use crate::log::checkpoint::CheckpointSigner;
use crate::record::earlier::named_elections;
use crate::store::Store;

/// Limits a board applies to requests.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest request body, in bytes (a credential list of 40,000 voters is ~3 MiB).
    pub body_bytes: usize,
    /// How long a request may take.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 8 * 1024 * 1024,
            timeout: Duration::from_secs(30),
        }
    }
}

/// The board: a store, a checkpoint key, and the elections loaded from the store.
pub struct Board<S> {
    store: S,
    signer: Arc<CheckpointSigner>,
    elections: RwLock<HashMap<String, Arc<Election>>>,
}

impl<S: Store> Board<S> {
    /// Opens a board on `store`, loading every election in it (earlier rounds first).
    pub async fn open(store: S, signer: CheckpointSigner) -> Result<Arc<Self>, ApiError> {
        let board = Arc::new(Self {
            store,
            signer: Arc::new(signer),
            elections: RwLock::new(HashMap::new()),
        });
        let mut waiting = Vec::new();
        for summary in board.store.elections().await? {
            let first = board.store.entries(&summary.id, 0, 1).await?;
            let definition = first
                .first()
                .and_then(|e| serde_json::from_str::<crate::LogEntry>(&e.entry.json).ok())
                .and_then(|e| match e.entry {
                    crate::Entry::Definition(d) => Some(d.body),
                    _ => None,
                })
                .ok_or_else(|| {
                    corrupt(format!(
                        "election `{}` has no readable definition",
                        summary.id
                    ))
                })?;
            waiting.push(definition);
        }
        // An election loads after the elections it names: repeat until nothing is left.
        while !waiting.is_empty() {
            let (ready, later): (Vec<_>, Vec<_>) = waiting.into_iter().partition(|d| {
                named_elections(d)
                    .iter()
                    .all(|(id, _)| board.election(id).is_ok())
            });
            if ready.is_empty() {
                let ids: Vec<&str> = later.iter().map(|d| d.election_id()).collect();
                return Err(corrupt(format!(
                    "elections {ids:?} name earlier elections that are not on this board"
                )));
            }
            for definition in ready {
                board.load(definition).await?;
            }
            waiting = later;
        }
        Ok(board)
    }

    async fn load(self: &Arc<Self>, definition: ElectionDefinition) -> Result<(), ApiError> {
        let id = definition.election_id().to_owned();
        let earlier = self.earlier(&definition)?;
        let election =
            Election::load(self.store.clone(), &id, Arc::clone(&self.signer), earlier).await?;
        self.insert(election);
        Ok(())
    }

    fn insert(&self, election: Arc<Election>) {
        if let Ok(mut map) = self.elections.write() {
            map.insert(election.id.clone(), election);
        }
    }

    /// An election by id.
    pub fn election(&self, id: &str) -> Result<Arc<Election>, ApiError> {
        self.elections
            .read()
            .ok()
            .and_then(|m| m.get(id).cloned())
            .ok_or_else(|| ApiError::unknown_election(id))
    }

    /// Every election, in id order.
    pub fn elections(&self) -> Vec<Arc<Election>> {
        let mut all: Vec<Arc<Election>> = self
            .elections
            .read()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default();
        all.sort_by(|a, b| a.id.cmp(&b.id));
        all
    }

    /// The definitions and published outcomes of the elections `definition` names.
    pub fn earlier(
        &self,
        definition: &ElectionDefinition,
    ) -> Result<Vec<(ElectionDefinition, Outcome)>, ApiError> {
        let mut out: Vec<(ElectionDefinition, Outcome)> = Vec::new();
        for (id, hash) in named_elections(definition) {
            let missing = || {
                ApiError::new(
                    axum::http::StatusCode::CONFLICT,
                    "earlier_election_missing",
                    format!("this election follows `{id}`, whose result is not published on this board; publish that election's result first"),
                )
            };
            let election = self.election(&id).map_err(|_| missing())?;
            let state = election.state.read().map_err(|_| missing())?;
            let outcome = state.outcome().ok_or_else(missing)?.clone();
            if state.definition().hash() != hash {
                return Err(missing());
            }
            // A chain check needs every round back to the first.
            for earlier in self.earlier(state.definition())? {
                if !out.iter().any(|(d, _)| d.hash() == earlier.0.hash()) {
                    out.push(earlier);
                }
            }
            if !out.iter().any(|(d, _)| d.hash() == hash) {
                out.push((state.definition().clone(), outcome));
            }
        }
        Ok(out)
    }

    /// The checkpoint signer's public key, in signed-note verifier form.
    pub fn board_key(&self) -> String {
        self.signer.verifier().to_string()
    }

    pub(crate) fn store(&self) -> &S {
        &self.store
    }

    pub(crate) fn signer(&self) -> &Arc<CheckpointSigner> {
        &self.signer
    }
}

fn corrupt(message: String) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "corrupt_store",
        message,
    )
}

/// One route of the board: a method, a path and its handler.
pub struct Route<S> {
    /// The HTTP method.
    pub method: Method,
    /// The path, with `{name}` for a path parameter, as `spec/openapi.json` writes it.
    pub path: &'static str,
    handler: MethodRouter<Arc<Board<S>>>,
}

impl<S: Store> Route<S> {
    fn get<H: Handler<T, Arc<Board<S>>>, T: 'static>(path: &'static str, handler: H) -> Self {
        Self {
            method: Method::GET,
            path,
            handler: axum::routing::get(handler),
        }
    }

    fn post<H: Handler<T, Arc<Board<S>>>, T: 'static>(path: &'static str, handler: H) -> Self {
        Self {
            method: Method::POST,
            path,
            handler: axum::routing::post(handler),
        }
    }
}

/// Every route the board serves. [`router`] is built from this table and nothing else, so
/// that the contract test can hold it to `spec/openapi.json`.
pub fn routes<S: Store>() -> Vec<Route<S>> {
    vec![
        Route::get("/health", api::health),
        Route::get("/board-key", api::board_key::<S>),
        Route::get("/openapi.json", openapi::document),
        Route::get("/elections", api::list::<S>),
        Route::post("/elections", api::create::<S>),
        Route::get("/elections/{id}", api::summary::<S>),
        Route::get("/elections/{id}/entries", api::entries::<S>),
        Route::post("/elections/{id}/entries", api::append::<S>),
        Route::get("/elections/{id}/checkpoint", api::checkpoint::<S>),
        Route::get("/elections/{id}/proof/inclusion", api::inclusion::<S>),
        Route::get("/elections/{id}/proof/tracking/{code}", api::tracking::<S>),
        Route::get("/elections/{id}/proof/consistency", api::consistency::<S>),
        Route::get("/elections/{id}/record", api::record::<S>),
    ]
}

/// The board's routes, with body limit, timeout, errors in one shape, and request tracing.
pub fn router<S: Store>(board: Arc<Board<S>>, limits: Limits) -> Router {
    routes::<S>()
        .into_iter()
        .fold(Router::new(), |router, route| {
            router.route(route.path, route.handler)
        })
        .with_state(board)
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.timeout,
        ))
        .layer(axum::middleware::map_response(error::framework_errors))
        .layer(TraceLayer::new_for_http())
}
