//! The board's HTTP server (axum): many elections, each an append-only log; writes are
//! checked by the admission rules of [`crate::record`] before they are stored, and
//! acknowledged only once durable, with a signed checkpoint that includes them.

pub mod api;
pub mod error;
pub mod http;
pub mod openapi;
pub mod procedure;
pub mod rate;
pub mod web;
pub mod writer;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;
use axum::Router;
use futures_util::StreamExt;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use zhixuan_election::{ElectionDefinition, Outcome};

use self::error::ApiError;
use self::writer::Election;
use crate::store::{GroupCommit, Store};
use zhixuan_record::named_elections;
use zhixuan_record::CheckpointSigner;

/// Limits a board applies to requests.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest request body, in bytes (a credential list of 40,000 voters is ~3 MiB).
    pub body_bytes: usize,
    /// How long a request may take.
    pub timeout: Duration,
    /// How long a request head may take to arrive once the board waits for one, and how
    /// long a connection may sit idle between requests (`spec/board.md` §7.1). Applied by
    /// [`http::serve`].
    pub header_timeout: Duration,
    /// How many writes one client address may make; `None` for no limit.
    pub writes: Option<rate::WriteRate>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 8 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            // Off in the library, so that tests and benchmarks driving a board from one
            // address are not limited; `zhixuan-board` turns it on (`--rate-limit`).
            writes: None,
        }
    }
}

/// The board: a store, a checkpoint key, and the elections loaded from the store.
///
/// Elections are loaded when the board opens and, should other servers share the store,
/// whenever a request names one this server has not seen yet.
pub struct Board<S> {
    store: S,
    /// The store as the elections' writers reach it: their appends and checkpoints are
    /// committed together, whatever election they are for (`store::group_commit`).
    committer: GroupCommit<S>,
    signer: Arc<CheckpointSigner>,
    elections: RwLock<HashMap<String, Arc<Election>>>,
    /// One lock per election id, held while that election is loaded, so that two requests
    /// never load one twice while different elections load at once.
    loading: tokio::sync::Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// The procedures loaded, each a log of its own (`spec/procedure.md` §6).
    procedures: procedure::Procedures,
}

/// How many elections the board loads at once when it opens.
const LOADING_AT_ONCE: usize = 4;

/// How deep a chain of earlier elections may go (rounds, years of evaluations); past it the
/// store is taken to name elections in a circle.
const MAX_CHAIN: usize = 64;

impl<S: Store> Board<S> {
    /// Opens a board on `store`, loading every election in it (earlier rounds first).
    pub async fn open(store: S, signer: CheckpointSigner) -> Result<Arc<Self>, ApiError> {
        let board = Arc::new(Self {
            committer: GroupCommit::new(store.clone()),
            store,
            signer: Arc::new(signer),
            elections: RwLock::new(HashMap::new()),
            loading: tokio::sync::Mutex::new(HashMap::new()),
            procedures: procedure::Procedures::default(),
        });
        // A procedure's log (entry 0 a plan) is loaded as a procedure, once its elections
        // are: its vote stages refer to them.
        let (procedures, elections): (Vec<_>, Vec<_>) = board
            .store
            .elections()
            .await?
            .into_iter()
            .partition(|summary| summary.first_kind == procedure::PLAN_KIND);
        // Several at once, so that one election's reading from the store overlaps another's
        // replay, and a season of small elections keeps every core busy.
        let mut loads = futures_util::stream::iter(elections)
            .map(|summary| {
                let board = Arc::clone(&board);
                async move {
                    board.find(&summary.id).await.map_err(|e| {
                        if e.status.is_server_error() {
                            e
                        } else {
                            ApiError::corrupt_store(format!(
                                "election `{}` cannot be loaded: {}",
                                summary.id, e.body.message
                            ))
                        }
                    })
                }
            })
            .buffer_unordered(LOADING_AT_ONCE);
        while let Some(loaded) = loads.next().await {
            loaded?;
        }
        drop(loads);
        for summary in procedures {
            board.procedure(&summary.id).await?;
        }
        Ok(board)
    }

    /// An election by id, loaded from the store if this server has not loaded it yet
    /// (another server sharing the store created it).
    pub async fn find(&self, id: &str) -> Result<Arc<Election>, ApiError> {
        self.find_within(id, MAX_CHAIN).await
    }

    /// [`Self::find`], with the number of earlier elections still allowed in the chain.
    fn find_within<'a>(
        &'a self,
        id: &'a str,
        depth: usize,
    ) -> Pin<Box<dyn Future<Output = Result<Arc<Election>, ApiError>> + Send + 'a>> {
        Box::pin(async move {
            if let Ok(election) = self.election(id) {
                return Ok(election);
            }
            // An id no definition can have names no election: no need to ask the store.
            if !zhixuan_election::is_valid_id(id) {
                return Err(ApiError::unknown_election(id));
            }
            let definition = self.stored_definition(id).await?;
            let earlier = self.earlier_within(&definition, depth).await?;
            let this = Arc::clone(self.loading.lock().await.entry(id.to_owned()).or_default());
            let _loading = this.lock().await;
            if let Ok(election) = self.election(id) {
                return Ok(election);
            }
            let election = Election::load(
                self.committer.clone(),
                id,
                Arc::clone(&self.signer),
                earlier,
            )
            .await?;
            if let Ok(mut map) = self.elections.write() {
                map.insert(id.to_owned(), Arc::clone(&election));
            }
            Ok(election)
        })
    }

    /// Entry 0 of an election in the store.
    async fn stored_definition(&self, id: &str) -> Result<ElectionDefinition, ApiError> {
        let first = self.store.entries(id, 0, 1).await?;
        if first
            .first()
            .is_some_and(|e| e.entry.kind == procedure::PLAN_KIND)
        {
            return Err(ApiError::unknown_election(id));
        }
        first
            .first()
            .and_then(|e| serde_json::from_str::<zhixuan_record::LogEntry>(&e.entry.json).ok())
            .and_then(|e| match e.entry {
                zhixuan_record::Entry::Definition(d) => Some(d.body),
                _ => None,
            })
            .ok_or_else(|| {
                ApiError::corrupt_store(format!(
                    "entry 0 of election `{id}` in the store is not a readable definition"
                ))
            })
    }

    /// An election this server has loaded.
    pub fn election(&self, id: &str) -> Result<Arc<Election>, ApiError> {
        self.elections
            .read()
            .ok()
            .and_then(|m| m.get(id).cloned())
            .ok_or_else(|| ApiError::unknown_election(id))
    }

    /// Every election in the store, in id order.
    pub async fn elections(&self) -> Result<Vec<Arc<Election>>, ApiError> {
        let mut all = Vec::new();
        for summary in self.store.elections().await? {
            if summary.first_kind == procedure::PLAN_KIND {
                continue;
            }
            all.push(self.find(&summary.id).await?);
        }
        Ok(all)
    }

    /// The definitions and published outcomes of the elections `definition` names, and of
    /// the elections those name, back to the first round.
    pub async fn earlier(
        &self,
        definition: &ElectionDefinition,
    ) -> Result<Vec<(ElectionDefinition, Outcome)>, ApiError> {
        self.earlier_within(definition, MAX_CHAIN).await
    }

    async fn earlier_within(
        &self,
        definition: &ElectionDefinition,
        depth: usize,
    ) -> Result<Vec<(ElectionDefinition, Outcome)>, ApiError> {
        let mut out: Vec<(ElectionDefinition, Outcome)> = Vec::new();
        for (id, hash) in named_elections(definition) {
            let missing = || {
                ApiError::new(
                    zhixuan_record::ErrorCode::EarlierElectionMissing,
                    format!("this election follows `{id}`, whose result is not published on this board; publish that election's result first"),
                )
            };
            let Some(depth) = depth.checked_sub(1) else {
                return Err(ApiError::corrupt_store(format!(
                    "the chain of earlier elections through `{id}` is longer than {MAX_CHAIN}"
                )));
            };
            let election = match self.find_within(&id, depth).await {
                Ok(election) => election,
                Err(e) if e.status.is_server_error() => return Err(e),
                Err(_) => return Err(missing()),
            };
            // Another server may have published the result since this one last looked.
            if election.outcome().is_none() {
                election.refresh().await?;
            }
            let outcome = election.outcome().ok_or_else(missing)?;
            let earlier_definition = election
                .state
                .read()
                .map_err(|_| missing())?
                .definition()
                .clone();
            if earlier_definition.hash() != hash {
                return Err(missing());
            }
            for earlier in Box::pin(self.earlier_within(&earlier_definition, depth)).await? {
                if !out.iter().any(|(d, _)| d.hash() == earlier.0.hash()) {
                    out.push(earlier);
                }
            }
            if !out.iter().any(|(d, _)| d.hash() == hash) {
                out.push((earlier_definition, outcome));
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

/// Every route of the board's API. [`router`] is built from this table and the web pages of
/// [`web::pages`] and nothing else, so that the contract test can hold this table to
/// `spec/openapi.json` and the pages apart from it.
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
        Route::get("/procedures", procedure::list::<S>),
        Route::post("/procedures", procedure::create::<S>),
        Route::get("/procedures/{id}", procedure::summary::<S>),
        Route::get("/procedures/{id}/entries", procedure::page::<S>),
        Route::post("/procedures/{id}/entries", procedure::append::<S>),
        Route::get("/procedures/{id}/checkpoint", procedure::checkpoint::<S>),
        Route::get("/procedures/{id}/record", procedure::record::<S>),
    ]
}

/// The board's routes, with body limit, timeout, errors in one shape, request tracing, and
/// the write rate per client address when `limits` sets one (it needs the peer address:
/// serve with `into_make_service_with_connect_info::<SocketAddr>()`). [`http::serve`]
/// serves it so, and answers the heads hyper would refuse itself as the routes answer.
pub fn router<S: Store>(board: Arc<Board<S>>, limits: Limits) -> Router {
    let router = routes::<S>()
        .into_iter()
        .chain(web::pages::<S>())
        .fold(Router::new(), |router, route| {
            router.route(route.path, route.handler)
        })
        .with_state(board)
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        // A declared Content-Length over the limit is refused at once, before any of the
        // body is waited for (`spec/board.md` §7).
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            limits.timeout,
        ))
        .layer(axum::middleware::map_response(error::framework_errors));
    let router = match limits.writes {
        Some(rate) => router.layer(axum::middleware::from_fn_with_state(
            Arc::new(rate::RateLimiter::new(rate)),
            rate::limit_writes,
        )),
        None => router,
    };
    router.layer(TraceLayer::new_for_http())
}
