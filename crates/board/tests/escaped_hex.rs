//! `spec/protocol.md` §2.5: version 1 refuses a hexadecimal value with a digit written as a
//! JSON escape sequence (`"\u0037…"`). The escape changes no value and no leaf (leaves hash
//! the canonical encoding, not the text), so only the reader can refuse it: the board
//! answers 400 `malformed_json` to a dealing or a ballot so written, stores nothing, and
//! then accepts the same entry written plainly.
#![allow(clippy::unwrap_used)]

use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_record::client::BoardClient;
use zhixuan_record::Entry;
use zhixuan_testkit::{board_signer, small_election, Election, TempDir};

/// `text` with the first digit of the hex string `value` written as `\u00XX`.
fn escape_first_digit(text: &str, value: &str) -> String {
    let quoted = format!("\"{value}\"");
    assert_eq!(value.len(), 64);
    assert!(text.contains(&quoted), "{value} is not in the entry");
    let escaped = format!("\"\\u{:04x}{}\"", value.as_bytes()[0], &value[1..]);
    let tampered = text.replacen(&quoted, &escaped, 1);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&tampered).unwrap(),
        serde_json::from_str::<serde_json::Value>(text).unwrap(),
        "the escape spells the same JSON value"
    );
    tampered
}

/// Posts `text` to the election's log; the status and the error code, if any.
async fn post(url: &str, election: &str, text: String) -> (u16, Option<String>) {
    let reply = reqwest::Client::new()
        .post(format!("{url}/elections/{election}/entries"))
        .header("content-type", "application/json")
        .body(text)
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    let body: serde_json::Value = reply.json().await.unwrap();
    (status, body["code"].as_str().map(str::to_owned))
}

/// The escaped spelling is refused and changes nothing; the plain one is then accepted.
async fn refused_escaped_then_accepted(served: &Local, election: &str, entry: &Entry, value: &str) {
    let text = serde_json::to_string(entry).unwrap();
    let client = BoardClient::new(&served.url);
    let size = client.election(election).await.unwrap().size;
    let (status, code) = post(&served.url, election, escape_first_digit(&text, value)).await;
    assert_eq!(
        (status, code.as_deref()),
        (400, Some("malformed_json")),
        "{} with an escaped digit",
        entry.kind()
    );
    assert_eq!(client.election(election).await.unwrap().size, size);
    let (status, code) = post(&served.url, election, text).await;
    assert_eq!(
        (status, code),
        (200, None),
        "{} written plainly",
        entry.kind()
    );
    assert_eq!(client.election(election).await.unwrap().size, size + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dealing_or_ballot_with_an_escaped_hex_digit_is_refused() {
    let dir = TempDir::new("zhixuan_escaped_hex");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let board = Board::open(store, board_signer(5)).await.unwrap();
    let served = serve_local(board, Limits::default()).await.unwrap();
    let client = BoardClient::new(&served.url);
    let f = Election::new(small_election("escaped-hex", 3));
    client.create_election(&f.definition_entry()).await.unwrap();
    for list in f.credential_lists() {
        client.append(f.id(), &list).await.unwrap();
    }

    // A dealing's Feldman commitment, and another's encrypted share.
    let commitment = f.dealings[0].commitments[0].to_string();
    refused_escaped_then_accepted(&served, f.id(), &f.dealing(1), &commitment).await;
    let ephemeral = f.dealings[1].shares[0].ephemeral.to_string();
    refused_escaped_then_accepted(&served, f.id(), &f.dealing(2), &ephemeral).await;
    for i in 3..=f.trustee_keys.len() {
        client.append(f.id(), &f.dealing(i)).await.unwrap();
    }
    for ack in f.acknowledgements() {
        client.append(f.id(), &ack).await.unwrap();
    }
    client.append(f.id(), &f.open_voting()).await.unwrap();

    // A ballot's credential, a ciphertext point, and its signature's scalar.
    let ballot = f.ballot(0);
    let credential = ballot.credential.to_string();
    refused_escaped_then_accepted(&served, f.id(), &Entry::Ballot(ballot), &credential).await;
    let ballot = f.ballot(1);
    let point = ballot.contests[0].selections[0].ciphertext.b.to_string();
    refused_escaped_then_accepted(&served, f.id(), &Entry::Ballot(ballot), &point).await;
    let ballot = f.ballot(2);
    let scalar = hex::encode(ballot.signature.response.as_bytes());
    refused_escaped_then_accepted(&served, f.id(), &Entry::Ballot(ballot), &scalar).await;
}
