//! `/e/{id}/vote`: the voting booth (`spec/booth.md`). The page is a shell around one
//! script, built from `booth/` at the repository root (JavaScript, with `@noble/curves` and
//! `@noble/hashes`) and committed as `booth/booth.js` beside this file, so that building
//! the board needs no npm; `.ci/run` checks the committed bundle equals a fresh build.
//!
//! The script does the voter's side of `spec/protocol.md` in the browser: it reads the
//! election from the board's JSON API and checks its signatures, derives the credential
//! from the slip code, encrypts and proves, and posts the ballot. The credential never
//! leaves the page. Both files are embedded in the binary, and the page's
//! Content-Security-Policy lets it load nothing from anywhere but this board.

use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, PreEscaped, DOCTYPE};

use super::{failed, Route, Shared, View};
use crate::store::Store;

/// The booth's script: `npm run build` in `booth/` writes it.
const SCRIPT: &str = include_str!("booth/booth.js");
/// The booth's stylesheet: large type, one column, usable at 360 px.
const STYLE: &str = include_str!("booth/booth.css");

/// Where the page loads its script from: one path for every election, so that it is cached.
const SCRIPT_PATH: &str = "/booth/booth.js";

/// Nothing from anywhere but this board: the script, the API, the camera's stream.
const POLICY: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; \
img-src 'self' blob: data:; media-src blob: mediastream:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The booth's two paths.
pub(super) fn pages<S: Store>() -> [Route<S>; 2] {
    [
        Route::get("/e/{id}/vote", page::<S>),
        Route::get(SCRIPT_PATH, script),
    ]
}

/// The page: the election is looked up first, so that a wrong link gets the board's
/// "no such election" page rather than a booth that cannot start.
async fn page<S: Store>(
    axum::extract::State(board): Shared<S>,
    Path(id): Path<String>,
    Query(view): Query<View>,
) -> Response {
    let lang = view.lang();
    if let Err(error) = board.find(&id).await {
        return failed(lang, &error);
    }
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (lang.pick("网上投票", "Voting booth")) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                div #booth data-election=(id) {
                    noscript {
                        p.notice { (lang.pick(
                            "网上投票需要启用 JavaScript：选票在本机加密，凭证不离开本机。",
                            "The voting booth needs JavaScript: the ballot is encrypted on this device, and the credential never leaves it.",
                        )) }
                    }
                }
                script src=(SCRIPT_PATH) {}
            }
        }
    };
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, POLICY),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        markup.into_string(),
    )
        .into_response()
}

async fn script() -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        SCRIPT,
    )
        .into_response()
}
