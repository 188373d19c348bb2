//! A catalogue of bad requests, each sent over real HTTP to a board on SQLite, each
//! answered with the expected status and a stable error code in a JSON `ErrorBody` — and
//! each leaving every election's signed checkpoint, size and stored log exactly as they
//! were.
//!
//! Requests go through a raw TCP client rather than an HTTP library, so that paths are sent
//! as written (no `..` normalisation) and a body can be cut off half way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_election::DefinitionDocument;
use zhixuan_record::client::BoardClient;
use zhixuan_record::{Entry, ErrorBody, OpenVoting, PublishedTally, TrusteeDecryption};
use zhixuan_tally::TrusteeIndex;
use zhixuan_testkit::{
    audit_as_ballot, board_signer, demo_key, small_choices, small_election, voter_signature,
    Election, TempDir,
};

/// The body limit of the test board: small, so that going over it is cheap.
const BODY_LIMIT: usize = 256 * 1024;

/// An HTTP response, as read off the socket.
struct Reply {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Sends one request on a fresh connection and reads the whole response.
async fn send(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> Reply {
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: board.test\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    parse_reply(&exchange(addr, &request).await)
}

/// Sends `request`, exactly as given, on a fresh connection and reads everything the board
/// answers until it closes the connection.
async fn exchange(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.split();
    // The board may answer (413, 414, 431) before it has read everything: write and read
    // together.
    let writing = async {
        let _ = write.write_all(request).await;
    };
    let mut raw = Vec::new();
    let reading = tokio::time::timeout(Duration::from_secs(20), read.read_to_end(&mut raw));
    let (_, read) = tokio::join!(writing, reading);
    // A board that answers before reading the whole request may reset the connection once
    // it closes it; what it answered before that is what counts.
    match read {
        Err(_) => panic!("the board never closed the connection"),
        Ok(Err(e)) => assert!(!raw.is_empty(), "no answer: {e}"),
        Ok(Ok(_)) => {}
    }
    raw
}

/// A POST of `body` with the given `Content-Type` field, if any.
fn post_as(target: &str, content_type: Option<&str>, body: &[u8]) -> Vec<u8> {
    let field = content_type.map_or(String::new(), |t| format!("Content-Type: {t}\r\n"));
    let mut request = format!(
        "POST {target} HTTP/1.1\r\nHost: board.test\r\n{field}Content-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

fn parse_reply(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut content_type = None;
    let mut chunked = false;
    let mut length = None;
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        match name.to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.trim().to_owned()),
            "transfer-encoding" => chunked = value.trim().eq_ignore_ascii_case("chunked"),
            "content-length" => length = Some(value.trim().parse::<usize>().unwrap()),
            _ => {}
        }
    }
    // The body ends where its length says; whatever follows is the next answer.
    let rest = &raw[end + 4..];
    let mut body = rest[..length.unwrap_or(rest.len()).min(rest.len())].to_vec();
    if chunked {
        let mut decoded = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).unwrap(), 16).unwrap();
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(&rest[line_end + 2..line_end + 2 + size]);
            rest = &rest[line_end + 4 + size..];
        }
        body = decoded;
    }
    Reply {
        status,
        content_type,
        body,
    }
}

/// One bad request and what the board must answer.
struct Case {
    what: String,
    method: &'static str,
    target: String,
    body: Vec<u8>,
    /// The whole request as sent, instead of `method`, `target` and `body` in a head the
    /// test writes (for a request no HTTP library would send).
    raw: Option<Vec<u8>>,
    status: u16,
    code: &'static str,
}

/// A request sent exactly as `request` is.
fn raw(what: &str, request: impl Into<Vec<u8>>, status: u16, code: &'static str) -> Case {
    Case {
        what: what.to_owned(),
        method: "",
        target: String::new(),
        body: Vec::new(),
        raw: Some(request.into()),
        status,
        code,
    }
}

fn get(what: &str, target: impl Into<String>, status: u16, code: &'static str) -> Case {
    Case {
        what: what.to_owned(),
        method: "GET",
        target: target.into(),
        body: Vec::new(),
        raw: None,
        status,
        code,
    }
}

fn post(
    what: &str,
    target: impl Into<String>,
    body: impl Into<Vec<u8>>,
    status: u16,
    code: &'static str,
) -> Case {
    Case {
        what: what.to_owned(),
        method: "POST",
        target: target.into(),
        body: body.into(),
        raw: None,
        status,
        code,
    }
}

/// `entry` posted to `election`'s log.
fn append(what: &str, election: &str, entry: &Entry, status: u16, code: &'static str) -> Case {
    let body = serde_json::to_vec(entry).unwrap();
    post(what, entries(election), body, status, code)
}

/// `entry` as JSON, changed by `change`, posted to `election`'s log.
fn append_changed(
    what: &str,
    election: &str,
    entry: &Entry,
    change: impl FnOnce(&mut serde_json::Value),
    status: u16,
    code: &'static str,
) -> Case {
    let mut json = serde_json::to_value(entry).unwrap();
    change(&mut json);
    post(
        what,
        entries(election),
        serde_json::to_vec(&json).unwrap(),
        status,
        code,
    )
}

fn entries(election: &str) -> String {
    format!("/elections/{election}/entries")
}

/// What a bad request must leave as it was: per election, the signed checkpoint, the size
/// the board reports and the first page of the stored log past that size (empty).
#[derive(Debug, PartialEq, Eq)]
struct Snapshot(Vec<(String, u64, String)>);

struct Harness {
    addr: SocketAddr,
    client: BoardClient,
    watched: Vec<String>,
}

impl Harness {
    async fn snapshot(&self) -> Snapshot {
        let mut out = Vec::new();
        for id in &self.watched {
            let checkpoint = self.client.checkpoint(id).await.unwrap();
            let size = self.client.election(id).await.unwrap().size;
            let beyond = self.client.entries(id, size, 10).await.unwrap();
            assert!(beyond.entries.is_empty(), "{id}: entries past its size");
            out.push((checkpoint, size, id.clone()));
        }
        Snapshot(out)
    }

    async fn run(&self, cases: Vec<Case>) {
        for case in cases {
            let before = self.snapshot().await;
            let reply = match &case.raw {
                Some(request) => parse_reply(&exchange(self.addr, request).await),
                None => send(self.addr, case.method, &case.target, &case.body).await,
            };
            let text = String::from_utf8_lossy(&reply.body).into_owned();
            assert_eq!(
                reply.status, case.status,
                "{}: status (body {text:?})",
                case.what
            );
            assert_eq!(
                reply.content_type.as_deref(),
                Some("application/json"),
                "{}: content type (body {text:?})",
                case.what
            );
            let error: ErrorBody = serde_json::from_slice(&reply.body)
                .unwrap_or_else(|e| panic!("{}: not an ErrorBody ({e}): {text:?}", case.what));
            assert_eq!(
                error.code, case.code,
                "{}: code ({})",
                case.what, error.message
            );
            assert!(
                error.message.len() >= 10 && !error.message.starts_with('{'),
                "{}: the message is not a sentence: {:?}",
                case.what,
                error.message
            );
            assert_eq!(
                self.snapshot().await,
                before,
                "{}: the board changed",
                case.what
            );
        }
    }
}

/// Replaces the JSON string at `pointer` with `value`.
fn set(json: &mut serde_json::Value, pointer: &str, value: &str) {
    *json
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}")) = value.into();
}

/// The field element p = 2^255 - 19, little-endian: a non-canonical encoding (of 0).
const FIELD_P: &str = "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";
/// A point encoding with bit 255 set, which no canonical encoding has.
const HIGH_BIT: &str = "0100000000000000000000000000000000000000000000000000000000000080";
/// The identity point.
const IDENTITY: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Edwards25519 points of small order (2, 4 and 8), as 32-byte encodings: Ristretto255 has
/// no such points, so none of these may be taken for a key or a ciphertext.
const TORSION: [&str; 3] = [
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
];

/// Flips the lowest bit of the first byte of a hex string (a scalar stays canonical).
fn flip_low_bit(hex: &str) -> String {
    let mut bytes = hex::decode(hex).unwrap();
    bytes[0] ^= 1;
    hex::encode(bytes)
}

/// A definition with a voting window that does not contain now.
fn shifted(id: &str, voters: u64, hours: i64) -> DefinitionDocument {
    let mut doc = small_election(id, voters);
    doc.voting.opens += time::Duration::hours(hours);
    doc.voting.closes += time::Duration::hours(hours);
    doc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_and_change_nothing() {
    let dir = TempDir::new("zhixuan_hostile");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(3)).await.unwrap();
    let limits = Limits {
        body_bytes: BODY_LIMIT,
        ..Limits::default()
    };
    let server = serve_local(board.clone(), limits).await.unwrap();
    // The same board behind a short timeout, for the client that stalls.
    let impatient = serve_local(
        board,
        Limits {
            body_bytes: BODY_LIMIT,
            timeout: Duration::from_secs(1),
            ..Limits::default()
        },
    )
    .await
    .unwrap();
    let client = BoardClient::new(&server.url);

    let a = Election::new(small_election("hostile-a", 6));
    let b = Election::with_voters(
        zhixuan_election::ElectionDefinition::from_document(small_election("hostile-b", 6))
            .unwrap(),
        a.voters.clone(),
    );
    let early = Election::new(shifted("hostile-early", 2, 3));
    let late = Election::new(shifted("hostile-late", 2, -3));
    let stranger = Election::new(small_election("hostile-stranger", 1));
    for f in [&b, &early] {
        f.setup(&client).await;
    }
    late.setup_until_open(&client).await;
    client.create_election(&a.definition_entry()).await.unwrap();
    let (ida, idb) = (a.id().to_owned(), b.id().to_owned());
    let h = Harness {
        addr: server.addr,
        client: client.clone(),
        watched: vec![
            ida.clone(),
            idb.clone(),
            early.id().to_owned(),
            late.id().to_owned(),
        ],
    };
    let intruder = demo_key("intruder");
    let tally = a.tally(&[]);
    let ballot = Entry::Ballot(a.ballot(0));

    // Election A is set up: only its definition is published.
    let mut deep = String::new();
    for _ in 0..10_000 {
        deep.push('[');
    }
    let long_id = "a".repeat(4000);
    h.run(vec![
        post("malformed JSON", entries(&ida), "{\"kind\": \"ballot\", ", 400, "malformed_json"),
        post("not JSON at all", entries(&ida), "kind=ballot", 400, "malformed_json"),
        post("an empty body", entries(&ida), "", 400, "malformed_json"),
        post("invalid UTF-8", entries(&ida), vec![b'"', 0xff, 0xfe, b'"'], 400, "malformed_json"),
        post("a definition that is malformed", "/elections", "[]", 400, "malformed_json"),
        append_changed(
            "the body is a string, not an object",
            &ida,
            &ballot,
            |j| j["body"] = "ballot".into(),
            400,
            "malformed_json",
        ),
        append_changed(
            "a contest index as a string",
            &ida,
            &ballot,
            |j| j["body"]["contests"][0]["contest"] = "0".into(),
            400,
            "malformed_json",
        ),
        append_changed(
            "a negative contest index",
            &ida,
            &ballot,
            |j| j["body"]["contests"][0]["contest"] = (-1).into(),
            400,
            "malformed_json",
        ),
        append_changed(
            "an unknown field next to the kind",
            &ida,
            &ballot,
            |j| j["extra"] = true.into(),
            400,
            "malformed_json",
        ),
        append_changed(
            "an unknown field in the ballot",
            &ida,
            &ballot,
            |j| j["body"]["note"] = "hello".into(),
            400,
            "malformed_json",
        ),
        append_changed(
            "an unknown field in a signed body",
            &ida,
            &a.credential_lists()[0],
            |j| j["body"]["body"]["comment"] = "x".into(),
            400,
            "malformed_json",
        ),
        post(
            "a huge trustee index",
            entries(&ida),
            r#"{"kind":"dealing","body":{"body":{"dealer":123456789012345678901234567890},"signature":{}}}"#,
            400,
            "malformed_json",
        ),
        post(
            "a huge float for an index",
            entries(&ida),
            r#"{"kind":"partial_decryption","body":{"body":{"trustee":1e400,"groups":[]}}}"#,
            400,
            "malformed_json",
        ),
        post("deeply nested JSON", entries(&ida), deep, 400, "malformed_json"),
        post("the kind given twice", entries(&ida), format!("{{\"kind\":\"close_voting\",{}", &String::from_utf8(serde_json::to_vec(&ballot).unwrap()).unwrap()[1..]), 400, "malformed_json"),
        post("an unknown entry kind", entries(&ida), r#"{"kind":"vote","body":{}}"#, 400, "malformed_json"),
        post("a second definition as an entry", entries(&ida), serde_json::to_vec(&Entry::Definition(a.definition_entry())).unwrap(), 409, "definition_exists"),
        post("the same definition again", "/elections", serde_json::to_vec(&a.definition_entry()).unwrap(), 409, "election_exists"),
        post("a body over the limit", entries(&ida), vec![b' '; BODY_LIMIT + 1], 413, "body_too_large"),
        append("an unknown election", "no-such-election", &ballot, 404, "unknown_election"),
        get("an unknown election's checkpoint", "/elections/nope/checkpoint", 404, "unknown_election"),
        get("a path that climbs", "/elections/../x", 404, "not_found"),
        get("a path that climbs, percent-encoded", "/elections/%2e%2e/checkpoint", 404, "unknown_election"),
        post("a path that climbs to a write", "/elections/%2e%2e%2fhostile-a/entries", serde_json::to_vec(&ballot).unwrap(), 404, "unknown_election"),
        get("a NUL in the id", "/elections/a%00b", 404, "unknown_election"),
        get("an id that is not UTF-8", "/elections/%ff%fe/checkpoint", 400, "bad_request"),
        get("a very long id", format!("/elections/{long_id}/record"), 404, "unknown_election"),
        get("an unknown route", "/admin", 404, "not_found"),
        post("a write to a read-only route", format!("/elections/{ida}/checkpoint"), "{}", 405, "method_not_allowed"),
        get("a malformed tracking code", format!("/elections/{ida}/proof/tracking/not-a-code"), 400, "bad_tracking_code"),
        get("an unknown tracking code", format!("/elections/{ida}/proof/tracking/{}", a.ballot(1).tracking_code()), 404, "tracking_code_not_found"),
        get("an inclusion proof past the end", format!("/elections/{ida}/proof/inclusion?index=5"), 400, "bad_proof_request"),
        get("an inclusion proof in a larger tree", format!("/elections/{ida}/proof/inclusion?index=0&size=9"), 400, "bad_proof_request"),
        get("an inclusion index that is not a number", format!("/elections/{ida}/proof/inclusion?index=first"), 400, "bad_request"),
        get("an inclusion index past u64", format!("/elections/{ida}/proof/inclusion?index=18446744073709551616"), 400, "bad_request"),
        get("an inclusion proof without an index", format!("/elections/{ida}/proof/inclusion"), 400, "bad_request"),
        get("a consistency proof from a larger size", format!("/elections/{ida}/proof/consistency?from=2&to=1"), 400, "bad_proof_request"),
        get("a consistency proof past the end", format!("/elections/{ida}/proof/consistency?from=1&to=7"), 400, "bad_proof_request"),
        get("entries from a negative index", format!("/elections/{ida}/entries?from=-1"), 400, "bad_request"),
        append("a credential list signed by a stranger", &ida, &a.credential_list_signed_by("voters", &intruder), 403, "bad_signature"),
        append("a credential list signed by a trustee", &ida, &a.credential_list_signed_by("voters", &a.trustee_keys[0]), 403, "bad_signature"),
        append("a dealing signed by another trustee", &ida, &a.dealing_signed_by(1, &a.trustee_keys[1]), 403, "bad_signature"),
        append("a dealing from another election", &ida, &b.dealing(1), 403, "bad_signature"),
        append("voting opened before the credential lists", &ida, &a.open_voting(), 409, "missing_credential_list"),
        append("a ballot before voting opens", &ida, &ballot, 409, "wrong_phase"),
        append("closing before voting opened", &ida, &a.close_voting(), 409, "wrong_phase"),
        append("a tally before voting closed", &ida, &Entry::Tally(a.signed(tally.clone())), 409, "wrong_phase"),
        append("a partial decryption before the tally", &ida, &Entry::PartialDecryption(a.sign_as(&a.trustee_keys[0], TrusteeDecryption { trustee: TrusteeIndex(1), groups: Vec::new() })), 409, "wrong_phase"),
        append("a result before the tally", &ida, &Entry::Result(a.signed(a.result(&tally, &[]))), 409, "wrong_phase"),
    ])
    .await;

    // HTTP edges (`spec/board.md` §7, §7.1): heads refused before any route runs, and
    // writes that are not JSON. The credential list would be accepted, were it sent as JSON.
    let list = serde_json::to_vec(&a.credential_lists()[0]).unwrap();
    let list_target = entries(&ida);
    let many_fields: String = (0..=100).map(|n| format!("X-Field-{n}: {n}\r\n")).collect();
    h.run(vec![
        raw("a target over 8 KiB", format!("GET /elections/{} HTTP/1.1\r\nHost: b\r\n\r\n", "a".repeat(9000)), 414, "uri_too_long"),
        raw("a request line that never ends within the head limit", format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(70_000)), 414, "uri_too_long"),
        raw("a header field of 70 KiB", format!("GET /health HTTP/1.1\r\nX-Big: {}\r\n\r\n", "b".repeat(70_000)), 431, "headers_too_large"),
        raw("101 header fields", format!("GET /health HTTP/1.1\r\n{many_fields}\r\n"), 431, "headers_too_large"),
        raw("a header field without a colon", "GET /health HTTP/1.1\r\nHost board.test\r\n\r\n", 400, "bad_request"),
        raw("not HTTP at all", "HELLO BOARD\r\n\r\n", 400, "bad_request"),
        raw("HTTP/2 without negotiation", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400, "bad_request"),
        raw("a Content-Length that is not a number", format!("POST {list_target} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 12abc\r\n\r\n"), 400, "bad_request"),
        raw("two different Content-Lengths", format!("POST {list_target} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{{}}"), 400, "bad_request"),
        raw("a chunked body", format!("POST {list_target} HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n"), 411, "length_required"),
        raw("a declared body over the limit", format!("POST {list_target} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{{}}", BODY_LIMIT * 64), 413, "body_too_large"),
        raw("a write as text/plain", post_as(&list_target, Some("text/plain"), &list), 415, "unsupported_media_type"),
        raw("a write as a form", post_as(&list_target, Some("application/x-www-form-urlencoded"), &list), 415, "unsupported_media_type"),
        raw("a write without a Content-Type", post_as(&list_target, None, &list), 415, "unsupported_media_type"),
        raw("a definition as text/plain", post_as("/elections", Some("text/plain"), &serde_json::to_vec(&stranger.definition_entry()).unwrap()), 415, "unsupported_media_type"),
        // A media type with parameters is JSON: the body is read, and found wanting.
        raw("JSON with a charset, malformed", post_as(&list_target, Some("application/json; charset=utf-8"), b"{"), 400, "malformed_json"),
    ])
    .await;

    for entry in a.credential_lists() {
        client.append(&ida, &entry).await.unwrap();
    }
    for i in 1..=3 {
        client.append(&ida, &a.dealing(i)).await.unwrap();
    }

    // Every trustee has dealt; none has answered yet.
    let wrong_key = Entry::OpenVoting(a.signed(OpenVoting {
        election_key: b.ceremony.election_key.clone(),
    }));
    // A complaint by trustee 2 against trustee 1's dealing, with a proof that proves nothing.
    let complaint =
        <zhixuan_tally::Complaint as serde::Deserialize>::deserialize(&serde_json::json!({
            "dealer": 1,
            "recipient": 2,
            "shared_secret": a.ceremony.election_key,
            "proof": {"c": "00".repeat(32), "z": "00".repeat(32)},
        }))
        .unwrap();
    let complaint_by =
        |key: &zhixuan_tally::SigningKey| Entry::Complaint(a.sign_as(key, complaint.clone()));
    // The outside review's attack (issue 14): trustee 3's dealing with its share for
    // trustee 1 carrying the ephemeral point (and proof) of trustee 2's share to 1, so that
    // trustee 1's complaint would unmask trustee 2's share. The proof check refuses it
    // before the board looks for a duplicate.
    let copied = {
        let mut d = a.dealings[2].clone();
        let victim = &a.dealings[1].shares[0];
        assert_eq!(
            (d.shares[0].recipient, victim.recipient),
            (TrusteeIndex(1), TrusteeIndex(1))
        );
        d.shares[0].ephemeral = victim.ephemeral;
        d.shares[0].proof = victim.proof.clone();
        Entry::Dealing(a.sign_as(&a.trustee_keys[2], d))
    };
    let ack_of_other_dealing = {
        let mut ack = zhixuan_tally::Acknowledgement::new(&a.dealings[0], TrusteeIndex(2));
        ack.dealing = a.dealings[2].hash();
        Entry::Acknowledgement(a.sign_as(&a.trustee_keys[1], ack))
    };
    let own_ack = Entry::Acknowledgement(a.sign_as(
        &a.trustee_keys[0],
        zhixuan_tally::Acknowledgement::new(&a.dealings[0], TrusteeIndex(1)),
    ));
    let forged_ack = {
        let ack = zhixuan_tally::Acknowledgement::new(&a.dealings[0], TrusteeIndex(2));
        Entry::Acknowledgement(a.sign_as(&a.trustee_keys[2], ack))
    };
    h.run(vec![
        append(
            "a dealing with a copied ephemeral point",
            &ida,
            &copied,
            422,
            "invalid_ceremony_message",
        ),
        append(
            "voting opened before every dealing is answered",
            &ida,
            &a.open_voting(),
            409,
            "unanswered_dealing",
        ),
        append(
            "an acknowledgement naming another dealing",
            &ida,
            &ack_of_other_dealing,
            422,
            "acknowledgement_mismatch",
        ),
        append(
            "a trustee acknowledging its own dealing",
            &ida,
            &own_ack,
            422,
            "malformed",
        ),
        append(
            "an acknowledgement signed by another trustee",
            &ida,
            &forged_ack,
            403,
            "bad_signature",
        ),
        append(
            "a complaint signed by another trustee",
            &ida,
            &complaint_by(&a.trustee_keys[0]),
            403,
            "bad_signature",
        ),
        append(
            "a complaint with a forged proof",
            &ida,
            &complaint_by(&a.trustee_keys[1]),
            422,
            "invalid_ceremony_message",
        ),
    ])
    .await;
    let acks = a.acknowledgements();
    let (last, first) = acks.split_last().unwrap();
    for ack in first {
        client.append(&ida, ack).await.unwrap();
    }
    h.run(vec![
        append(
            "voting opened with one answer missing",
            &ida,
            &a.open_voting(),
            409,
            "unanswered_dealing",
        ),
        append(
            "an acknowledgement sent twice",
            &ida,
            &first[0],
            409,
            "dealing_already_answered",
        ),
    ])
    .await;
    client.append(&ida, last).await.unwrap();

    // Everything is ready for voting to open.
    let mut cases = vec![
        append(
            "a complaint after the share was acknowledged",
            &ida,
            &complaint_by(&a.trustee_keys[1]),
            409,
            "dealing_already_answered",
        ),
        append(
            "a dealing signed by another trustee",
            &ida,
            &a.dealing_signed_by(2, &a.trustee_keys[0]),
            403,
            "bad_signature",
        ),
        append(
            "a duplicate credential list",
            &ida,
            &a.credential_lists()[0],
            409,
            "duplicate_credential_list",
        ),
        append(
            "a duplicate dealing",
            &ida,
            &a.dealing(2),
            409,
            "duplicate_dealing",
        ),
        append(
            "a dealing by an unknown trustee",
            &ida,
            &a.dealing_signed_by(1, &intruder),
            403,
            "bad_signature",
        ),
        append(
            "voting opened by a stranger",
            &ida,
            &Entry::OpenVoting(a.sign_as(
                &intruder,
                OpenVoting {
                    election_key: a.ceremony.election_key.clone(),
                },
            )),
            403,
            "bad_signature",
        ),
        append(
            "voting opened under another election's key",
            &ida,
            &wrong_key,
            422,
            "wrong_election_key",
        ),
        append_changed(
            "voting opened under the identity",
            &ida,
            &a.open_voting(),
            |j| set(j, "/body/body/election_key", IDENTITY),
            400,
            "malformed_json",
        ),
        append_changed(
            "voting opened under a non-canonical key",
            &ida,
            &a.open_voting(),
            |j| set(j, "/body/body/election_key", FIELD_P),
            400,
            "malformed_json",
        ),
    ];
    for (n, torsion) in TORSION.iter().enumerate() {
        cases.push(append_changed(
            &format!("voting opened under small-order point {n}"),
            &ida,
            &a.open_voting(),
            |j| set(j, "/body/body/election_key", torsion),
            400,
            "malformed_json",
        ));
    }
    h.run(cases).await;
    client.append(&ida, &a.open_voting()).await.unwrap();

    // Voting is open.
    let selection = "/body/contests/0/selections/0";
    let mut cases = vec![
        append(
            "voting opened twice",
            &ida,
            &a.open_voting(),
            409,
            "wrong_phase",
        ),
        append(
            "a credential list after voting opened",
            &ida,
            &a.credential_lists()[0],
            409,
            "wrong_phase",
        ),
        append(
            "a dealing after voting opened",
            &ida,
            &a.dealing(1),
            409,
            "wrong_phase",
        ),
        append_changed(
            "a ciphertext encoded as p",
            &ida,
            &ballot,
            |j| set(j, &format!("{selection}/ciphertext/a"), FIELD_P),
            400,
            "malformed_json",
        ),
        append_changed(
            "a ciphertext with bit 255 set",
            &ida,
            &ballot,
            |j| set(j, &format!("{selection}/ciphertext/b"), HIGH_BIT),
            400,
            "malformed_json",
        ),
        // spec/protocol.md §2.2: a proof's commitment is decoded when the proof is checked,
        // so the ballot parses and its proof fails.
        append_changed(
            "a proof commitment encoded as p",
            &ida,
            &ballot,
            |j| set(j, &format!("{selection}/proof/0/a"), FIELD_P),
            422,
            "invalid_ballot",
        ),
        append_changed(
            "a signature's commitment encoded as p",
            &ida,
            &ballot,
            |j| set(j, "/body/signature/commitment", FIELD_P),
            422,
            "invalid_ballot",
        ),
        append_changed(
            "a credential encoded as p",
            &ida,
            &ballot,
            |j| set(j, "/body/credential", FIELD_P),
            400,
            "malformed_json",
        ),
        append_changed(
            "a non-canonical scalar",
            &ida,
            &ballot,
            |j| {
                set(
                    j,
                    &format!("{selection}/proof/0/z"),
                    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                )
            },
            400,
            "malformed_json",
        ),
        append_changed(
            "the identity as a ciphertext",
            &ida,
            &ballot,
            |j| {
                set(j, &format!("{selection}/ciphertext/a"), IDENTITY);
                set(j, &format!("{selection}/ciphertext/b"), IDENTITY)
            },
            422,
            "invalid_ballot",
        ),
        append_changed(
            "the identity as a credential",
            &ida,
            &ballot,
            |j| set(j, "/body/credential", IDENTITY),
            400,
            "malformed_json",
        ),
        append_changed(
            "a forged range proof",
            &ida,
            &ballot,
            |j| {
                let z = j
                    .pointer(&format!("{selection}/proof/1/z"))
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned();
                set(j, &format!("{selection}/proof/1/z"), &flip_low_bit(&z));
            },
            422,
            "invalid_ballot",
        ),
        append_changed(
            "a forged ballot signature",
            &ida,
            &ballot,
            |j| {
                let r = j
                    .pointer("/body/signature/response")
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned();
                set(j, "/body/signature/response", &flip_low_bit(&r));
            },
            422,
            "invalid_ballot",
        ),
        append_changed(
            "a selection missing",
            &ida,
            &ballot,
            |j| {
                j["body"]["contests"][0]["selections"]
                    .as_array_mut()
                    .unwrap()
                    .pop();
            },
            422,
            "invalid_ballot",
        ),
        append(
            "a ballot made for another election",
            &ida,
            &Entry::Ballot(b.ballot(1)),
            422,
            "invalid_ballot",
        ),
        append(
            "a ballot from an unlisted credential",
            &ida,
            &Entry::Ballot(stranger.ballot_with(0, &small_choices(1))),
            403,
            "unknown_credential",
        ),
        append(
            "voting closed by a stranger",
            &ida,
            &Entry::CloseVoting(a.sign_as(&intruder, zhixuan_record::CloseVoting {})),
            403,
            "bad_signature",
        ),
        append(
            "a tally while voting is open",
            &ida,
            &Entry::Tally(a.signed(tally.clone())),
            409,
            "wrong_phase",
        ),
        append(
            "a ballot before the voting window opens",
            early.id(),
            &Entry::Ballot(early.ballot(0)),
            409,
            "outside_voting_window",
        ),
        append(
            "opening voting after the voting window closed",
            late.id(),
            &late.open_voting(),
            409,
            "voting_window_passed",
        ),
    ];
    for (n, torsion) in TORSION.iter().enumerate() {
        cases.push(append_changed(
            &format!("small-order point {n} as a credential"),
            &ida,
            &ballot,
            |j| set(j, "/body/credential", torsion),
            400,
            "malformed_json",
        ));
        cases.push(append_changed(
            &format!("small-order point {n} in a ciphertext"),
            &ida,
            &ballot,
            |j| set(j, &format!("{selection}/ciphertext/b"), torsion),
            400,
            "malformed_json",
        ));
    }
    h.run(cases).await;

    // A client that sends half a ballot and stalls is cut off, and nothing is stored: the
    // whole ballot is accepted afterwards.
    let before = h.snapshot().await;
    let third_ballot = a.ballot(3);
    let third = Entry::Ballot(third_ballot.clone());
    let json = serde_json::to_vec(&third).unwrap();
    let started = Instant::now();
    let reply = stall(impatient.addr, &entries(&ida), &json).await;
    let error: ErrorBody = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!((reply.status, error.code.as_str()), (408, "timeout"));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "cut off in time"
    );
    assert_eq!(
        h.snapshot().await,
        before,
        "a cut-off request stored something"
    );
    client.append(&ida, &third).await.unwrap();

    let acknowledged = client.append(&ida, &ballot).await.unwrap();
    let Entry::Ballot(first) = &ballot else {
        unreachable!()
    };
    // Sent again byte for byte, it is answered as the first time and nothing is stored
    // (`spec/board.md` §5.7); with another signature it is a second ballot, refused.
    let before = h.snapshot().await;
    let again = client.append(&ida, &ballot).await.unwrap();
    assert_eq!(
        (again.index, again.leaf_hash, again.tracking_code),
        (
            acknowledged.index,
            acknowledged.leaf_hash,
            acknowledged.tracking_code
        )
    );
    assert_eq!(h.snapshot().await, before, "a resend stored something");
    let resigned = Entry::Ballot(zhixuan_tally::Ballot {
        signature: voter_signature(&a.voters[0].1, &first.hash()),
        ..first.clone()
    });
    h.run(vec![
        append(
            "a replayed ballot with another signature",
            &ida,
            &resigned,
            409,
            "duplicate_ballot",
        ),
        append(
            "a second ballot from one credential",
            &ida,
            &Entry::Ballot(a.ballot_with(0, &[vec![0, 0, 0, 1, 1]])),
            409,
            "already_voted",
        ),
        get(
            "a tracking code of another election",
            format!("/elections/{idb}/proof/tracking/{}", first.tracking_code()),
            404,
            "tracking_code_not_found",
        ),
    ])
    .await;
    client.append(&ida, &a.close_voting()).await.unwrap();

    // Voting is closed.
    let cast = vec![first.clone(), third_ballot];
    let real = a.tally(&cast);
    h.run(vec![
        append(
            "a ballot after voting closed",
            &ida,
            &Entry::Ballot(a.ballot(4)),
            409,
            "wrong_phase",
        ),
        append(
            "voting closed twice",
            &ida,
            &a.close_voting(),
            409,
            "wrong_phase",
        ),
        append(
            "a result before the tally",
            &ida,
            &Entry::Result(a.signed(a.result(&real, &cast))),
            409,
            "wrong_phase",
        ),
        append(
            "a partial decryption before the tally",
            &ida,
            &Entry::PartialDecryption(
                a.sign_as(&a.trustee_keys[0], a.decryptions(&real).remove(0)),
            ),
            409,
            "wrong_phase",
        ),
        append(
            "a tally signed by a stranger",
            &ida,
            &Entry::Tally(a.sign_as(&intruder, real.clone())),
            403,
            "bad_signature",
        ),
        append(
            "a tally that is not the sum of the ballots",
            &ida,
            &Entry::Tally(a.signed(tally.clone())),
            422,
            "tally_mismatch",
        ),
        append(
            "a tally without its groups",
            &ida,
            &Entry::Tally(a.signed(PublishedTally { groups: Vec::new() })),
            422,
            "tally_groups",
        ),
    ])
    .await;
    client
        .append(&ida, &Entry::Tally(a.signed(real.clone())))
        .await
        .unwrap();

    // Tallied.
    let decryptions = a.decryptions(&real);
    let partial = |n: usize, key: &zhixuan_tally::SigningKey| {
        Entry::PartialDecryption(a.sign_as(key, decryptions[n].clone()))
    };
    h.run(vec![
        append(
            "a partial decryption signed by another trustee",
            &ida,
            &partial(0, &a.trustee_keys[1]),
            403,
            "bad_signature",
        ),
        append(
            "a result before the decryptions",
            &ida,
            &Entry::Result(a.signed(a.result(&real, &cast))),
            422,
            "invalid_decryption",
        ),
        append(
            "a result signed by a stranger",
            &ida,
            &Entry::Result(a.sign_as(&intruder, a.result(&real, &cast))),
            403,
            "bad_signature",
        ),
    ])
    .await;
    client
        .append(&ida, &partial(0, &a.trustee_keys[0]))
        .await
        .unwrap();
    h.run(vec![append(
        "a duplicate partial decryption",
        &ida,
        &partial(0, &a.trustee_keys[0]),
        409,
        "duplicate_decryption",
    )])
    .await;
}

/// Issue 14, part 2: a board that swallows a voter's audit tries to post it as a cast
/// ballot under the voter's credential, with a signature the voter made over another ballot
/// (the voter's real ballot, or one they prepared and cast elsewhere): before the voter's
/// real ballot (under `single` that would lock the voter out) and after it (under
/// `last_counts` that would replace it). Every attempt is refused, under both policies; the
/// voter's real ballot stays the one counted; and the audit, once published, can never be
/// cast, even signed by the voter.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_swallowed_audit_cannot_be_counted_under_either_revote_policy() {
    for (id, revote) in [
        ("conversion-single", zhixuan_election::RevotePolicy::Single),
        (
            "conversion-last",
            zhixuan_election::RevotePolicy::LastCounts,
        ),
    ] {
        let dir = TempDir::new("zhixuan_conversion");
        let store = SqliteStore::open(dir.path().join("board.db"))
            .await
            .unwrap();
        let board = Board::open(store, board_signer(3)).await.unwrap();
        let server = serve_local(board, Limits::default()).await.unwrap();
        let client = BoardClient::new(&server.url);
        let mut doc = small_election(id, 3);
        doc.revote = revote;
        let f = Election::new(doc);
        f.setup(&client).await;
        let h = Harness {
            addr: server.addr,
            client: client.clone(),
            watched: vec![id.to_owned()],
        };
        let voter = &f.voters[0].1;
        // The audit the board swallowed, with the proofs a board colluding with the device
        // would also hold; the voter's real ballot; and another ballot the voter signed.
        let (audit, contests) = f.audit_with(0, &[vec![1, 0, 0, 0, 0]]);
        let real = f.ballot_with(0, &[vec![0, 1, 0, 0, 0]]);
        let elsewhere = f.ballot_with(0, &[vec![0, 0, 1, 0, 0]]);
        let attempts = |when: &str| {
            [("the real ballot", &real), ("another ballot", &elsewhere)].map(|(whose, signed)| {
                let forged =
                    audit_as_ballot(&audit, contests.clone(), voter, signed.signature.clone());
                assert_eq!(forged.hash(), audit.hash());
                append(
                    &format!("{id}: the audit cast {when}, with the signature of {whose}"),
                    id,
                    &Entry::Ballot(forged),
                    422,
                    "invalid_ballot",
                )
            })
        };
        h.run(attempts("before the voter votes").into()).await;
        let cast = client
            .append(id, &Entry::Ballot(real.clone()))
            .await
            .unwrap();
        h.run(attempts("after the voter voted").into()).await;
        let counted = client.tracking(id, &real.tracking_code()).await.unwrap();
        assert_eq!(counted.inclusion.index, cast.index, "{id}");
        assert_eq!(
            counted.superseded_by, None,
            "{id}: the real ballot still counts"
        );

        // Published honestly, the audit can never be cast: not with another signature, and
        // not even signed over its hash by the voter (defence in depth).
        client
            .append(id, &Entry::AuditedBallot(audit.clone()))
            .await
            .unwrap();
        let mut cases: Vec<Case> = attempts("after it was published").into();
        let signed = voter_signature(voter, &audit.hash());
        cases.push(append(
            &format!("{id}: the audit cast with the voter's signature over its hash"),
            id,
            &Entry::Ballot(audit_as_ballot(&audit, contests.clone(), voter, signed)),
            409,
            "audited_ballot_cast",
        ));
        h.run(cases).await;
        let counted = client.tracking(id, &real.tracking_code()).await.unwrap();
        assert_eq!(
            counted.superseded_by, None,
            "{id}: the real ballot still counts"
        );
    }
}

/// Sends the head and half of `body`, then waits for the board's answer.
async fn stall(addr: SocketAddr, target: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {target} HTTP/1.1\r\nHost: board.test\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..body.len() / 2]).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw))
        .await
        .expect("the board never cut the stalled request off")
        .unwrap();
    parse_reply(&raw)
}

/// A board on a fresh SQLite file, with the test's body limit and `header_timeout`.
async fn edge_board(header_timeout: Duration) -> (TempDir, Local) {
    let dir = TempDir::new("zhixuan_edges");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(3)).await.unwrap();
    let limits = Limits {
        body_bytes: BODY_LIMIT,
        header_timeout,
        ..Limits::default()
    };
    (dir, serve_local(board, limits).await.unwrap())
}

/// Asserts that `reply` is the board's JSON refusal with `status` and `code`.
#[track_caller]
fn assert_refusal(reply: &Reply, status: u16, code: &str) {
    let text = String::from_utf8_lossy(&reply.body);
    assert_eq!(reply.status, status, "{text}");
    assert_eq!(reply.content_type.as_deref(), Some("application/json"));
    let error: ErrorBody = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(error.code, code, "{}", error.message);
}

/// A Content-Length over the limit is answered 413 as soon as the head is read, while the
/// body never comes: not after the request timeout (30 s here).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_body_over_the_limit_is_refused_at_once() {
    let (_dir, server) = edge_board(Duration::from_secs(10)).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /elections HTTP/1.1\r\nHost: board.test\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{{",
        BODY_LIMIT + 1
    );
    let started = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    // The client keeps its side open, as one still sending would.
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut raw))
        .await
        .expect("the board waited for a body it was going to refuse")
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_refusal(&parse_reply(&raw), 413, "body_too_large");
}

/// Request heads must arrive within the header timeout: one begun and never finished is
/// answered 408 and its connection closed; a connection that sends nothing, at first or
/// between requests, is closed; a head that arrives slowly but in time is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heads_that_never_finish_do_not_hold_a_connection() {
    let timeout = Duration::from_secs(2);
    let (_dir, server) = edge_board(timeout).await;
    // Long enough for the board to have cut the connection off, and far short of forever.
    let bound = Duration::from_secs(15);

    let mut stalled = TcpStream::connect(server.addr).await.unwrap();
    stalled
        .write_all(b"GET /health HTTP/1.1\r\nHost: board.test\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut raw = Vec::new();
    tokio::time::timeout(bound, stalled.read_to_end(&mut raw))
        .await
        .expect("a head that never finished held its connection")
        .unwrap();
    assert!(started.elapsed() >= timeout - Duration::from_millis(100));
    assert_refusal(&parse_reply(&raw), 408, "header_timeout");

    let mut silent = TcpStream::connect(server.addr).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(bound, silent.read_to_end(&mut raw))
        .await
        .expect("a connection that sent nothing was held")
        .unwrap();
    assert!(raw.is_empty(), "{:?}", String::from_utf8_lossy(&raw));

    // One request answered on a kept-alive connection, then silence: closed, unanswered.
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: board.test\r\n\r\n")
        .await
        .unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(bound, idle.read_to_end(&mut raw))
        .await
        .expect("an idle kept-alive connection was held")
        .unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert_eq!(text.matches("HTTP/1.1 ").count(), 1, "{text}");

    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    for part in [
        &b"GET /health HT"[..],
        b"TP/1.1\r\nHost: board",
        b".test\r\nConnection: close\r\n\r\n",
    ] {
        slow.write_all(part).await.unwrap();
        tokio::time::sleep(timeout / 4).await;
    }
    let mut raw = Vec::new();
    tokio::time::timeout(bound, slow.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    let reply = parse_reply(&raw);
    assert_eq!(
        reply.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&reply.body)
    );
}

/// Requests pipelined on one connection are each answered in turn, the board reading each
/// head only after the body before it; a bad head among them is answered, in JSON, after
/// the answers to those before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_requests_are_answered_in_turn() {
    let (_dir, server) = edge_board(Duration::from_secs(10)).await;
    // The body of the first request holds what would be a bad head: it is a body.
    let body = b"\r\nHELLO\r\n\r\n";
    let mut request = format!(
        "POST /elections HTTP/1.1\r\nHost: board.test\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request.extend_from_slice(b"GET /health HTTP/1.1\r\nHost: board.test\r\n\r\n");
    request.extend_from_slice(b"GET /health HTTP/1.1\r\nHost board.test\r\n\r\n");
    let raw = exchange(server.addr, &request).await;
    let mut replies = Vec::new();
    let mut rest = &raw[..];
    while !rest.is_empty() {
        let reply = parse_reply(rest);
        let head_end = rest.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        rest = &rest[head_end + reply.body.len()..];
        replies.push(reply);
    }
    assert_eq!(replies.len(), 3, "{:?}", String::from_utf8_lossy(&raw));
    assert_refusal(&replies[0], 400, "malformed_json");
    assert_eq!(replies[1].status, 200);
    assert_eq!(replies[1].body, br#"{"status":"ok"}"#);
    assert_refusal(&replies[2], 400, "bad_request");
}
