//! The board's public contract, `spec/openapi.json`, held to the code. Each test fails when
//! the two disagree:
//!
//! - the routes the router is built from are exactly the document's paths and methods;
//! - the messages the server answers, described by their types (`schemars`), are the
//!   document's component schemas;
//! - every error code the server can answer (`ErrorCode::ALL`) is in the document's
//!   `x-error-codes` and in `spec/board.md`, with the status the code's table gives it, and
//!   each operation's error responses carry only listed codes;
//! - the entry kinds serde accepts are the document's;
//! - a board on a loopback port, driven through a whole election, answers every request
//!   with a status, a media type and a body (validated against the JSON Schema) that the
//!   document lists for that operation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use schemars::generate::SchemaSettings;
use serde_json::{json, Value};
use tower::ServiceExt;
use zhixuan_board::server::error::ApiError;
use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::openapi::DOCUMENT;
use zhixuan_board::server::{router, routes, Board, Limits};
use zhixuan_board::*;
use zhixuan_election::{ChainError, CredentialListError, DecideError, RevotePolicy};
use zhixuan_record::*;
use zhixuan_tally::{BallotError, CeremonyError, CredentialSecret, DecryptionError, TrusteeIndex};
use zhixuan_testkit::{
    audit_as_ballot, board_signer, example_open_now, fewest_marks, voter_signature, Election,
    TempDir,
};

const BOARD_MD: &str = include_str!("../../../spec/board.md");

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("spec/openapi.json is JSON")
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if METHODS.contains(&method.as_str()) {
                out.push((method.to_uppercase(), path.clone(), op));
            }
        }
    }
    out
}

#[test]
fn the_routes_are_the_documented_operations() {
    let doc = document();
    let served: BTreeSet<(String, String)> = routes::<SqliteStore>()
        .iter()
        .map(|r| (r.method.as_str().to_owned(), r.path.to_owned()))
        .collect();
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(m, p, _)| (m, p))
        .collect();
    assert_eq!(
        served.difference(&documented).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "served but not in spec/openapi.json"
    );
    assert_eq!(
        documented.difference(&served).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "in spec/openapi.json but not served"
    );
    // Every path parameter is documented, and only those.
    for (method, path, op) in operations(&doc) {
        let in_path: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        let documented: BTreeSet<&str> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "path")
                    .map(|p| p["name"].as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(in_path, documented, "{method} {path}: path parameters");
    }
}

/// The web pages (`spec/board.md` §12) are served beside the API, not in it: none is a
/// documented path or shares one, and each is a GET.
#[test]
fn the_web_pages_are_apart_from_the_api() {
    let doc = document();
    let pages = zhixuan_board::server::web::pages::<SqliteStore>();
    assert!(pages.len() >= 4);
    for page in &pages {
        assert_eq!(page.method, axum::http::Method::GET, "{}", page.path);
        assert!(
            doc["paths"].get(page.path).is_none(),
            "{} is a page, not an API path",
            page.path
        );
        let documented = ["` |", "?"]
            .iter()
            .any(|end| BOARD_MD.contains(&format!("| `GET {}{end}", page.path)));
        assert!(documented, "spec/board.md §12 has no row for {}", page.path);
    }
    for route in routes::<SqliteStore>() {
        assert!(
            !pages.iter().any(|p| p.path == route.path),
            "{} is both",
            route.path
        );
    }
}

#[test]
fn the_document_is_of_this_version() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
}

/// A schema without its annotations (`description`, `title`, `examples`), which the
/// document may word better than the code's doc comments.
fn without_annotations(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "description" | "title" | "examples"))
                .map(|(k, v)| {
                    let v = if k == "properties" {
                        Value::Object(
                            v.as_object()
                                .unwrap()
                                .iter()
                                .map(|(name, s)| (name.clone(), without_annotations(s)))
                                .collect(),
                        )
                    } else {
                        without_annotations(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_annotations).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_messages_are_the_documented_schemas() {
    let doc = document();
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .for_serialize()
        .into_generator();
    generator.subschema_for::<ElectionInfo>();
    generator.subschema_for::<InclusionProof>();
    generator.subschema_for::<TrackingProof>();
    generator.subschema_for::<ConsistencyProof>();
    generator.subschema_for::<Ack>();
    generator.subschema_for::<ErrorBody>();
    generator.subschema_for::<ProcedureInfo>();
    let generated = generator.take_definitions(true);
    assert!(generated.len() >= 8, "the messages and what they refer to");
    for (name, schema) in &generated {
        let documented = &doc["components"]["schemas"][name];
        assert!(
            !documented.is_null(),
            "components.schemas.{name} is missing; the code describes it as {}",
            serde_json::to_string_pretty(schema).unwrap()
        );
        assert_eq!(
            without_annotations(documented),
            without_annotations(schema),
            "components.schemas.{name} differs from the code's {}",
            serde_json::to_string_pretty(schema).unwrap()
        );
    }
}

/// The entry kinds serde accepts, in declaration order, as its error for an unknown kind
/// lists them.
fn entry_kinds() -> Vec<String> {
    let err = serde_json::from_value::<Entry>(json!({"kind": "?", "body": {}})).unwrap_err();
    let text = err.to_string();
    let list = text
        .split("expected one of ")
        .nth(1)
        .unwrap_or_else(|| panic!("serde's error no longer lists the variants: {text}"));
    list.split(", ")
        .map(|k| k.trim().trim_matches('`').to_owned())
        .collect()
}

#[test]
fn the_entry_kinds_are_the_documented_kinds() {
    let doc = document();
    let kinds = entry_kinds();
    assert_eq!(kinds.len(), 14, "{kinds:?}");
    let documented: Vec<String> =
        serde_json::from_value(doc["components"]["schemas"]["EntryKind"]["enum"].clone()).unwrap();
    assert_eq!(documented, kinds, "components.schemas.EntryKind");
    let variants: Vec<String> = doc["components"]["schemas"]["Entry"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let name = r["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
            doc["components"]["schemas"][name]["properties"]["kind"]["const"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(variants, kinds, "components.schemas.Entry.oneOf");
    let mapping: BTreeSet<&String> = doc["components"]["schemas"]["Entry"]["discriminator"]
        ["mapping"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        mapping,
        kinds.iter().collect(),
        "the discriminator's mapping"
    );
    for kind in &kinds {
        assert!(
            BOARD_MD.contains(&format!("| `{kind}` |")),
            "spec/board.md has no row for kind `{kind}`"
        );
    }
}

/// One of each refusal.
fn every_rejection() -> Vec<Rejection> {
    let t = TrusteeIndex(1);
    vec![
        Rejection::NotADefinition,
        Rejection::DefinitionExists,
        Rejection::StampOrder {
            at: "2026-05-01T09:30:12Z".into(),
            previous: "2026-05-01T09:30:13Z".into(),
        },
        Rejection::WrongPhase {
            kind: EntryKind::Ballot,
            phase: Phase::Setup,
        },
        Rejection::BadSignature {
            what: EntryKind::Dealing,
            signer: "trustee 1".into(),
        },
        Rejection::CredentialList(CredentialListError::UnknownGroup("g".into())),
        Rejection::DuplicateCredentialList { group: "g".into() },
        Rejection::CredentialInTwoGroups {
            credential: "c".into(),
        },
        Rejection::Ceremony(CeremonyError::UnknownTrustee(t)),
        Rejection::DuplicateDealing(t),
        Rejection::DuplicateComplaint {
            dealer: t,
            recipient: TrusteeIndex(2),
        },
        Rejection::DealingAlreadyAnswered {
            dealer: t,
            recipient: TrusteeIndex(2),
        },
        Rejection::AcknowledgementMismatch { dealer: t },
        Rejection::UnansweredDealing {
            dealer: t,
            recipient: TrusteeIndex(2),
        },
        Rejection::MissingCredentialList { group: "g".into() },
        Rejection::TooFewDealers {
            qualified: 1,
            threshold: 2,
        },
        Rejection::WrongElectionKey,
        Rejection::UnknownCredential,
        Rejection::UnknownGroup { group: "g".into() },
        Rejection::OutsideWindow {
            at: "a".into(),
            opens: "o".into(),
            closes: "c".into(),
        },
        Rejection::VotingWindowPassed {
            at: "a".into(),
            closes: "c".into(),
        },
        Rejection::AlreadyVoted,
        Rejection::DuplicateBallot {
            tracking_code: "t".into(),
        },
        Rejection::AuditedBallotCast,
        Rejection::Ballot(BallotError::LenMismatch {
            collection: "contests",
            expected: 1,
            actual: 2,
        }),
        Rejection::TallyMismatch { group: "g".into() },
        Rejection::TallyGroups {
            expected: Vec::new(),
            found: Vec::new(),
        },
        Rejection::DuplicateDecryption(t),
        Rejection::Decryption(DecryptionError::UnknownTrustee(t)),
        Rejection::CountsMismatch,
        Rejection::OutcomeMismatch,
        Rejection::Decide(DecideError::GroupCount {
            expected: 1,
            found: 2,
        }),
        Rejection::RoundChain(ChainError::NotARound {
            election_id: "e".into(),
        }),
        Rejection::DuplicateAttendance { group: "g".into() },
        Rejection::AttendanceAboveEligible {
            group: "g".into(),
            present: 2,
            eligible: 1,
        },
        Rejection::AttendanceBelowBallots {
            group: "g".into(),
            present: 1,
            cast: 2,
        },
        Rejection::AttendanceMissing {
            group: "g".into(),
            contest: "c".into(),
        },
        Rejection::WithdrawalAfterOpening {
            phase: Phase::Voting,
        },
        Rejection::ElectionWithdrawn {
            kind: EntryKind::Ballot,
        },
        Rejection::Malformed("m".into()),
    ]
}

/// One of each way a procedure's entry is refused (`spec/procedure.md` §4).
fn every_procedure_rejection() -> Vec<ProcedureRejection> {
    use ProcedureRejection as R;
    let stage = || "s".to_owned();
    vec![
        R::NotAPlan,
        R::Plan(zhixuan_election::PlanError::Json {
            path: ".".into(),
            message: "m".into(),
        }),
        R::UnknownStage(stage()),
        R::WrongStageKind {
            stage: stage(),
            rule: "lot",
            kind: EntryKind::Decision,
        },
        R::OutOfOrder {
            stage: stage(),
            current: stage(),
        },
        R::PublicityRunning {
            stage: stage(),
            previous: stage(),
            ends: "t".into(),
        },
        R::ObjectionPending {
            stage: stage(),
            objection: 1,
            state: "upheld",
        },
        R::OutsidePublicity { stage: stage() },
        R::NoticeTooShort {
            stage: stage(),
            days: 3,
        },
        R::OutsideRegistrationWindow {
            stage: stage(),
            opens: "a".into(),
            closes: "b".into(),
        },
        R::InvalidRegistration {
            stage: stage(),
            problem: "p".into(),
        },
        R::AlreadyRegistered {
            stage: stage(),
            registrant: "r".into(),
        },
        R::NotOnList {
            stage: stage(),
            person: "p".into(),
        },
        R::AlreadyDecided {
            stage: stage(),
            what: "w".into(),
        },
        R::WrongPick {
            stage: stage(),
            expected: 2,
            found: 1,
        },
        R::LotMismatch {
            stage: stage(),
            registrant: "r".into(),
        },
        R::CandidatesDiffer {
            stage: stage(),
            problem: "p".into(),
        },
        R::ElectionUndecided {
            stage: stage(),
            election: "e".into(),
        },
        R::PetitionShort {
            stage: stage(),
            signers: 1,
            needed: 2,
        },
        R::Incomplete {
            stage: stage(),
            missing: "m".into(),
        },
        R::ListMismatch {
            stage: stage(),
            post: "p".into(),
            expected: "a".into(),
            found: "b".into(),
        },
        R::StampOrder {
            found: "a".into(),
            previous: "b".into(),
        },
        R::BadSignature {
            stage: stage(),
            signer: "the organiser".into(),
        },
    ]
}

/// The code → status catalogue of the document.
fn catalogue(doc: &Value) -> BTreeMap<String, u16> {
    doc["x-error-codes"]
        .as_object()
        .expect("spec/openapi.json has x-error-codes")
        .iter()
        .map(|(code, entry)| {
            assert!(
                entry["description"].as_str().is_some_and(|d| !d.is_empty()),
                "x-error-codes.{code} has no description"
            );
            (code.clone(), entry["status"].as_u64().unwrap() as u16)
        })
        .collect()
}

#[test]
fn every_error_code_is_documented_with_its_status() {
    let doc = document();
    let catalogue = catalogue(&doc);

    // Admission refusals: one of each, answered with its code's status; they are exactly
    // the codes that can be findings in a record.
    let examples = every_rejection();
    let procedure_examples = every_procedure_rejection();
    let example_codes: BTreeSet<ErrorCode> = examples
        .iter()
        .map(Rejection::code)
        .chain(procedure_examples.iter().map(ProcedureRejection::code))
        .collect();
    let entry_codes: BTreeSet<ErrorCode> = ErrorCode::ALL
        .iter()
        .copied()
        .filter(|c| c.meaning().finding.is_some())
        .collect();
    assert_eq!(
        example_codes, entry_codes,
        "every_rejection() must hold one of each Rejection variant"
    );
    for r in examples {
        let code = r.code();
        let error = ApiError::from(r);
        assert_eq!(error.status.as_u16(), code.status(), "{code}");
        assert_eq!(error.body.code, code.as_str());
    }
    for r in procedure_examples {
        let code = r.code();
        let error = ApiError::from(r);
        assert_eq!(error.status.as_u16(), code.status(), "{code}");
        assert_eq!(error.body.code, code.as_str());
    }
    // Every code the server can answer, with its status, is the document's.
    let expected: BTreeMap<String, u16> = ErrorCode::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.status()))
        .collect();
    for (code, status) in &expected {
        assert_eq!(
            catalogue.get(code),
            Some(status),
            "x-error-codes.{code} must say status {status}"
        );
    }
    assert_eq!(
        catalogue.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "x-error-codes lists exactly the codes the server can answer"
    );

    // Each operation's error responses carry listed codes of their own status.
    for (method, path, op) in operations(&doc) {
        for (status, response) in op["responses"].as_object().unwrap() {
            let status: u16 = status.parse().unwrap();
            if status < 400 {
                continue;
            }
            assert_eq!(
                response["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/ErrorBody",
                "{method} {path} {status}"
            );
            let codes = response["x-error-codes"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {path} {status} lists no x-error-codes"));
            assert!(!codes.is_empty());
            for code in codes {
                let code = code.as_str().unwrap();
                assert_eq!(
                    catalogue.get(code),
                    Some(&status),
                    "{method} {path} {status}: `{code}`"
                );
            }
        }
    }
    // Every refusal can answer one of the writes, but two: an election's entry 0 is built
    // by the board itself, and the board stamps a procedure's entries in order itself.
    let on_writes: BTreeSet<&str> = [
        "/elections",
        "/elections/{id}/entries",
        "/procedures",
        "/procedures/{id}/entries",
    ]
    .iter()
    .flat_map(|path| {
        doc["paths"][*path]["post"]["responses"]
            .as_object()
            .unwrap()
            .values()
    })
    .filter_map(|r| r["x-error-codes"].as_array())
    .flatten()
    .map(|c| c.as_str().unwrap())
    .collect();
    for code in entry_codes
        .iter()
        .filter(|c| !matches!(c, ErrorCode::NotADefinition | ErrorCode::StampOrder))
    {
        assert!(
            on_writes.contains(code.as_str()),
            "a POST of an election's or a procedure's entry must list `{code}`"
        );
    }

    // spec/board.md gives each code's status and meaning.
    for (code, status) in &catalogue {
        assert!(
            BOARD_MD.contains(&format!("| `{code}` | {status} |")),
            "spec/board.md has no row `| `{code}` | {status} | … |`"
        );
    }
}

// ---------------------------------------------------------------------------------------
// A live board.

struct Answer {
    status: u16,
    media_type: String,
    allow: Option<String>,
    text: String,
}

impl Answer {
    async fn from_response(response: axum::response::Response) -> Answer {
        let status = response.status().as_u16();
        let media_type = media_type(response.headers().get("content-type"));
        let allow = allow(response.headers().get("allow"));
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Answer {
            status,
            media_type,
            allow,
            text: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }
}

/// A content type without its parameters.
fn media_type(value: Option<&axum::http::HeaderValue>) -> String {
    value
        .map(|v| {
            v.to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .trim()
                .to_owned()
        })
        .unwrap_or_default()
}

fn allow(value: Option<&axum::http::HeaderValue>) -> Option<String> {
    value.map(|v| v.to_str().unwrap().to_owned())
}

struct Live {
    doc: Value,
    base: String,
    http: reqwest::Client,
}

impl Live {
    async fn send(&self, method: &str, path: &str, body: Option<Vec<u8>>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let media_type = media_type(response.headers().get("content-type"));
        let allow = allow(response.headers().get("allow"));
        let text = response.text().await.unwrap();
        Answer {
            status,
            media_type,
            allow,
            text,
        }
    }

    /// Validates `instance` against `schema`, resolving references into the document.
    fn validate(&self, schema: &Value, instance: &Value, what: &str) {
        let mut root = schema.clone();
        root["components"] = self.doc["components"].clone();
        let validator = jsonschema::draft202012::new(&root)
            .unwrap_or_else(|e| panic!("{what}: the document's schema does not compile: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what}: the answer does not match the document:\n{}\n{}",
            errors.join("\n"),
            serde_json::to_string(instance).unwrap()
        );
    }

    /// Sends a request to the operation `method template` and checks the answer against
    /// the document; returns it.
    async fn call(
        &self,
        method: &str,
        template: &str,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Answer {
        let answer = self.send(method, path, body).await;
        self.check(method, template, &format!("{method} {path}"), &answer);
        answer
    }

    /// Checks an answer of the operation `method template` against the document.
    fn check(&self, method: &str, template: &str, request: &str, answer: &Answer) {
        let what = format!("{request} → {}", answer.status);
        let op = &self.doc["paths"][template][method.to_lowercase()];
        assert!(
            !op.is_null(),
            "{what}: {method} {template} is not documented"
        );
        let response = &op["responses"][answer.status.to_string()];
        assert!(
            !response.is_null(),
            "{what}: the document lists no {} answer ({})",
            answer.status,
            answer.text
        );
        let media = &response["content"][&answer.media_type];
        assert!(
            !media.is_null(),
            "{what}: media type `{}` is not documented",
            answer.media_type
        );
        if answer.media_type == "application/json" {
            let json: Value = serde_json::from_str(&answer.text).unwrap();
            self.validate(&media["schema"], &json, &what);
            if answer.status >= 400 {
                let code = json["code"].as_str().unwrap();
                let listed = response["x-error-codes"].as_array().unwrap();
                assert!(
                    listed.iter().any(|c| c == code),
                    "{what}: code `{code}` is not listed for this answer"
                );
            }
        }
    }

    async fn expect(
        &self,
        method: &str,
        template: &str,
        path: &str,
        body: Option<Vec<u8>>,
        status: u16,
    ) -> Answer {
        let answer = self.call(method, template, path, body).await;
        assert_eq!(answer.status, status, "{method} {path}: {}", answer.text);
        answer
    }

    async fn refused(
        &self,
        method: &str,
        template: &str,
        path: &str,
        body: Option<Vec<u8>>,
        code: &str,
    ) {
        let answer = self.call(method, template, path, body).await;
        let json: Value = serde_json::from_str(&answer.text).unwrap();
        assert_eq!(json["code"], code, "{method} {path}: {}", answer.text);
    }

    async fn append(&self, id: &str, entry: &Entry) -> Ack {
        let answer = self
            .expect(
                "POST",
                "/elections/{id}/entries",
                &format!("/elections/{id}/entries"),
                Some(serde_json::to_vec(entry).unwrap()),
                200,
            )
            .await;
        serde_json::from_str(&answer.text).unwrap()
    }

    async fn refuse(&self, id: &str, entry: &Entry, code: &str) {
        self.refused(
            "POST",
            "/elections/{id}/entries",
            &format!("/elections/{id}/entries"),
            Some(serde_json::to_vec(entry).unwrap()),
            code,
        )
        .await;
    }

    /// The error code an answer to a request outside every operation carries, checked
    /// against the catalogue.
    async fn outside(&self, method: &str, path: &str, status: u16, code: &str) -> Answer {
        let answer = self.send(method, path, None).await;
        assert_eq!(answer.status, status, "{method} {path}: {}", answer.text);
        assert_eq!(answer.media_type, "application/json");
        let json: Value = serde_json::from_str(&answer.text).unwrap();
        self.validate(
            &json!({"$ref": "#/components/schemas/ErrorBody"}),
            &json,
            path,
        );
        assert_eq!(json["code"], code);
        assert_eq!(
            self.doc["x-error-codes"][code]["status"], status,
            "x-error-codes.{code}"
        );
        answer
    }
}

/// The line of `spec/board.md`'s kind table for `kind` states `tag`.
fn documented_tag(kind: &str) -> u64 {
    BOARD_MD
        .lines()
        .find_map(|line| {
            let mut cells = line.split('|').map(str::trim).skip(1);
            let tag = cells.next()?.parse().ok()?;
            (cells.next()? == format!("`{kind}`")).then_some(tag)
        })
        .unwrap_or_else(|| panic!("spec/board.md gives no number for kind `{kind}`"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_board_answers_as_documented() {
    let dir = TempDir::new("zhixuan_openapi");
    let store = SqliteStore::open(&dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(9)).await.unwrap();
    let limits = Limits {
        body_bytes: 1 << 20,
        ..Limits::default()
    };
    let server = serve_local(std::sync::Arc::clone(&board), limits)
        .await
        .unwrap();
    let live = Live {
        doc: document(),
        base: server.url.clone(),
        http: reqwest::Client::new(),
    };
    let mut rng = rand::rng();

    // The board itself.
    live.expect("GET", "/health", "/health", None, 200).await;
    let board_key = live
        .expect("GET", "/board-key", "/board-key", None, 200)
        .await;
    board_key.text.parse::<CheckpointVerifier>().unwrap();
    let served = live
        .expect("GET", "/openapi.json", "/openapi.json", None, 200)
        .await;
    assert_eq!(served.text, DOCUMENT);
    live.expect("GET", "/elections", "/elections", None, 200)
        .await;
    live.outside("GET", "/nothing-here", 404, "not_found").await;
    let refused = live
        .outside("DELETE", "/elections", 405, "method_not_allowed")
        .await;
    assert_eq!(refused.allow.as_deref(), Some("GET,HEAD,POST"));

    // An election: one trustee, last ballot counts, voting open now.
    let mut doc = example_open_now("xinzhou-2023");
    doc.election_id = "openapi-contract".into();
    doc.trustees.truncate(1);
    doc.threshold = 1;
    doc.revote = RevotePolicy::LastCounts;
    let f = Election::new(doc);
    let id = f.id().to_owned();

    live.refused(
        "POST",
        "/elections",
        "/elections",
        Some(b"{\"body\": 1}".to_vec()),
        "malformed_json",
    )
    .await;
    // Over a socket, a board that refuses a body before reading it all may reset the
    // connection under a client still sending; the router answers the same in process.
    let oversized = router(std::sync::Arc::clone(&board), limits)
        .oneshot(
            axum::http::Request::post("/elections")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(vec![b' '; limits.body_bytes + 1]))
                .unwrap(),
        )
        .await
        .unwrap();
    let answer = Answer::from_response(oversized).await;
    live.check("POST", "/elections", "POST /elections (oversized)", &answer);
    assert!(
        answer.text.contains("\"body_too_large\""),
        "{}",
        answer.text
    );
    // A write that is not JSON, by its media type, is refused as documented.
    let untyped = router(std::sync::Arc::clone(&board), limits)
        .oneshot(
            axum::http::Request::post("/elections")
                .header("content-type", "text/plain")
                .body(axum::body::Body::from("{}"))
                .unwrap(),
        )
        .await
        .unwrap();
    let answer = Answer::from_response(untyped).await;
    live.check(
        "POST",
        "/elections",
        "POST /elections (text/plain)",
        &answer,
    );
    assert!(
        answer.text.contains("\"unsupported_media_type\""),
        "{}",
        answer.text
    );
    let forged = f.sign_as(&f.trustee_keys[0], f.definition.clone());
    live.refused(
        "POST",
        "/elections",
        "/elections",
        Some(serde_json::to_vec(&forged).unwrap()),
        "bad_signature",
    )
    .await;
    let create = serde_json::to_vec(&f.definition_entry()).unwrap();
    live.expect(
        "POST",
        "/elections",
        "/elections",
        Some(create.clone()),
        200,
    )
    .await;
    live.refused(
        "POST",
        "/elections",
        "/elections",
        Some(create),
        "election_exists",
    )
    .await;
    let one = format!("/elections/{id}");
    live.expect("GET", "/elections/{id}", &one, None, 200).await;
    live.refused(
        "GET",
        "/elections/{id}",
        "/elections/no-such-election",
        None,
        "unknown_election",
    )
    .await;

    // Setup: credential lists and the key ceremony.
    for entry in f.credential_lists() {
        live.append(&id, &entry).await;
        live.refuse(&id, &entry, "duplicate_credential_list").await;
    }
    live.refuse(&id, &f.dealing_signed_by(1, &f.organiser), "bad_signature")
        .await;
    live.append(&id, &f.dealing(1)).await;
    let style = f.definition.ballot_style(&f.voters[0].0).unwrap();
    let choices = fewest_marks(style);
    live.refuse(
        &id,
        &Entry::Ballot(f.ballot_with(0, &choices)),
        "wrong_phase",
    )
    .await;
    live.append(&id, &f.open_voting()).await;

    // Voting: a ballot, a second that replaces it, an audited one, and refusals.
    let first = f.ballot_with(0, &choices);
    let ack = live.append(&id, &Entry::Ballot(first.clone())).await;
    assert_eq!(ack.tracking_code, Some(first.tracking_code()));
    let second = f.ballot_with(0, &choices);
    let replaced = live.append(&id, &Entry::Ballot(second.clone())).await;
    assert_eq!(replaced.supersedes, Some(ack.index));
    // Sent again, it is answered with its first acknowledgement (`spec/board.md` §5.7).
    let resent = live.append(&id, &Entry::Ballot(second.clone())).await;
    assert_eq!(
        (resent.index, resent.supersedes),
        (replaced.index, Some(ack.index))
    );
    let (opened, contests) = f.audit_with(0, &choices);
    let mut elsewhere = opened.clone();
    elsewhere.group = "nobody".into();
    live.refuse(&id, &Entry::AuditedBallot(elsewhere), "unknown_group")
        .await;
    live.append(&id, &Entry::AuditedBallot(opened.clone()))
        .await;
    // Signed by the voter after all: still never counted.
    let voter = &f.voters[0].1;
    let signature = voter_signature(voter, &opened.hash());
    let cast_after_all = audit_as_ballot(&opened, contests, voter, signature);
    live.refuse(&id, &Entry::Ballot(cast_after_all), "audited_ballot_cast")
        .await;
    let stranger = CredentialSecret::generate(&mut rng);
    let unlisted = f
        .encryptor
        .encrypt_ballot(style, &choices, &stranger.public(), &mut rng)
        .unwrap()
        .cast(&stranger, &mut rng)
        .unwrap();
    live.refuse(&id, &Entry::Ballot(unlisted.clone()), "unknown_credential")
        .await;
    live.refuse(
        &id,
        &Entry::Definition(f.definition_entry()),
        "definition_exists",
    )
    .await;
    live.refused(
        "POST",
        "/elections/{id}/entries",
        &format!("{one}/entries"),
        Some(b"{\"kind\": \"ballot\", \"body\": {}}".to_vec()),
        "malformed_json",
    )
    .await;
    live.refused(
        "POST",
        "/elections/{id}/entries",
        "/elections/no-such-election/entries",
        Some(serde_json::to_vec(&Entry::Ballot(second.clone())).unwrap()),
        "unknown_election",
    )
    .await;

    // Close, tally, decrypt, result.
    live.append(&id, &f.close_voting()).await;
    let counted = [second.clone()];
    let tally = f.tally(&counted);
    let mut wrong = tally.clone();
    wrong.groups.reverse();
    live.refuse(&id, &Entry::Tally(f.signed(wrong)), "tally_groups")
        .await;
    live.append(&id, &Entry::Tally(f.signed(tally.clone())))
        .await;
    let decryption = f.decryption(&tally, 1);
    live.append(
        &id,
        &Entry::PartialDecryption(f.trustee_signed(1, decryption)),
    )
    .await;
    let result = f.result_by(&tally, &counted, &[1]);
    live.append(&id, &Entry::Result(f.signed(result))).await;

    // Reading: the log, proofs, the checkpoint and the record.
    let page = live
        .expect(
            "GET",
            "/elections/{id}/entries",
            &format!("{one}/entries?from=0&limit=1000"),
            None,
            200,
        )
        .await;
    let page: EntriesPage = serde_json::from_str(&page.text).unwrap();
    let kinds: BTreeSet<&str> = page
        .entries
        .iter()
        .map(|e| e.entry.kind().as_str())
        .collect();
    assert_eq!(kinds.len(), 10, "every kind but complaint: {kinds:?}");
    for entry in &page.entries {
        let tag = u64::from_le_bytes(entry.leaf_data()[8..16].try_into().unwrap());
        assert_eq!(
            documented_tag(entry.entry.kind().as_str()),
            tag,
            "spec/board.md's number for kind `{}`",
            entry.entry.kind()
        );
    }
    let size = page.entries.len() as u64;
    live.expect(
        "GET",
        "/elections/{id}/entries",
        &format!("{one}/entries?from={size}"),
        None,
        200,
    )
    .await;
    live.refused(
        "GET",
        "/elections/{id}/entries",
        &format!("{one}/entries?from=first"),
        None,
        "bad_request",
    )
    .await;
    let checkpoint = live
        .expect(
            "GET",
            "/elections/{id}/checkpoint",
            &format!("{one}/checkpoint"),
            None,
            200,
        )
        .await;
    checkpoint.text.parse::<SignedCheckpoint>().unwrap();
    live.expect(
        "GET",
        "/elections/{id}/proof/inclusion",
        &format!("{one}/proof/inclusion?index=3"),
        None,
        200,
    )
    .await;
    live.expect(
        "GET",
        "/elections/{id}/proof/inclusion",
        &format!("{one}/proof/inclusion?index=1&size=4"),
        None,
        200,
    )
    .await;
    live.refused(
        "GET",
        "/elections/{id}/proof/inclusion",
        &format!("{one}/proof/inclusion?index={size}"),
        None,
        "bad_proof_request",
    )
    .await;
    live.refused(
        "GET",
        "/elections/{id}/proof/inclusion",
        &format!("{one}/proof/inclusion"),
        None,
        "bad_request",
    )
    .await;
    let tracked = live
        .expect(
            "GET",
            "/elections/{id}/proof/tracking/{code}",
            &format!("{one}/proof/tracking/{}", second.tracking_code()),
            None,
            200,
        )
        .await;
    let tracked: TrackingProof = serde_json::from_str(&tracked.text).unwrap();
    assert_eq!(tracked.inclusion.index, replaced.index);
    assert_eq!(tracked.superseded_by, None);
    let tracked = live
        .expect(
            "GET",
            "/elections/{id}/proof/tracking/{code}",
            &format!("{one}/proof/tracking/{}", first.tracking_code()),
            None,
            200,
        )
        .await;
    let tracked: TrackingProof = serde_json::from_str(&tracked.text).unwrap();
    assert_eq!(tracked.inclusion.index, ack.index);
    assert_eq!(tracked.superseded_by, Some(replaced.index));
    live.refused(
        "GET",
        "/elections/{id}/proof/tracking/{code}",
        &format!("{one}/proof/tracking/not-a-code"),
        None,
        "bad_tracking_code",
    )
    .await;
    live.refused(
        "GET",
        "/elections/{id}/proof/tracking/{code}",
        &format!("{one}/proof/tracking/{}", unlisted.tracking_code()),
        None,
        "tracking_code_not_found",
    )
    .await;
    live.expect(
        "GET",
        "/elections/{id}/proof/consistency",
        &format!("{one}/proof/consistency?from=2"),
        None,
        200,
    )
    .await;
    live.refused(
        "GET",
        "/elections/{id}/proof/consistency",
        &format!("{one}/proof/consistency?from={}", size + 1),
        None,
        "bad_proof_request",
    )
    .await;
    let record = live
        .expect(
            "GET",
            "/elections/{id}/record",
            &format!("{one}/record"),
            None,
            200,
        )
        .await;
    let lines: Vec<Value> = record
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len() as u64, size + 2);
    let schema = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    live.validate(&schema("RecordHeader"), &lines[0], "record header");
    for line in &lines[1..lines.len() - 1] {
        live.validate(&schema("LogEntry"), line, "record entry");
    }
    live.validate(
        &schema("RecordFooter"),
        &lines[lines.len() - 1],
        "record footer",
    );
    live.refused(
        "GET",
        "/elections/{id}/record",
        "/elections/no-such-election/record",
        None,
        "unknown_election",
    )
    .await;

    server.stop().await.unwrap();
}
