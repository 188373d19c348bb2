//! The exported record (`GET /elections/{id}/record`): streamed page by page from the store,
//! and carrying in its header the earlier elections a multi-round election depends on,
//! each provable offline against a checkpoint the board signed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use zhixuan_board::server::http::serve_local;
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_election::{check_round_chain, ElectionDefinition, Outcome};
use zhixuan_record::client::BoardClient;
use zhixuan_record::{
    check_consistency, verify_inclusion, CheckpointVerifier, Consistency, Entry, MerkleTree,
    Origin, RecordHeader, RecordReader, SignedCheckpoint,
};
use zhixuan_tally::Ballot;
use zhixuan_testkit::{board_signer, pingchang_round, small_election, Election, TempDir};

/// Runs a round on the board: every voter chooses candidate `choice`, who is elected.
async fn run_round(client: &BoardClient, f: &Election, choice: usize) -> Outcome {
    f.setup(client).await;
    let candidates = f.definition.ballot_style("members").unwrap().contests()[0]
        .spec
        .option_limits
        .len();
    let mut choices = vec![0; candidates];
    choices[choice] = 1;
    let mut ballots = Vec::new();
    for n in 0..5 {
        let ballot = f.ballot_with(n, &[choices.clone()]);
        client
            .append(f.id(), &Entry::Ballot(ballot.clone()))
            .await
            .unwrap();
        ballots.push(ballot);
    }
    f.finish(client, &ballots).await
}

/// Checks every appendix item of `header` as a verifier would, offline, and returns the
/// earlier definitions with their outcomes.
fn verify_appendix(header: &RecordHeader) -> Vec<(ElectionDefinition, Outcome)> {
    let verifier: CheckpointVerifier = header.board_key.parse().unwrap();
    header
        .earlier
        .iter()
        .map(|e| {
            let signed: SignedCheckpoint = e.checkpoint.parse().unwrap();
            let checkpoint = signed.verify(&verifier).unwrap();
            let Entry::Definition(definition) = &e.definition.entry else {
                panic!("an appendix definition that is not a definition");
            };
            let Entry::Result(result) = &e.result.entry else {
                panic!("an appendix result that is not a result");
            };
            let definition = definition.body.clone();
            assert_eq!(
                checkpoint.origin(),
                &Origin::for_election(definition.election_id()).unwrap()
            );
            assert_eq!(e.definition.index, 0);
            for (entry, proof) in [
                (&e.definition, &e.definition_proof),
                (&e.result, &e.result_proof),
            ] {
                verify_inclusion(
                    &entry.leaf_hash(),
                    entry.index,
                    checkpoint.size(),
                    proof,
                    checkpoint.root(),
                )
                .unwrap();
            }
            assert_eq!(result.body.outcome.definition_hash, definition.hash());
            (definition, result.body.outcome.clone())
        })
        .collect()
}

fn header_of(record: &str) -> RecordHeader {
    RecordReader::new(record.as_bytes())
        .unwrap()
        .header()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_round_carries_every_earlier_round() {
    let dir = TempDir::new("zhixuan_rounds");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let served = serve_local(
        Board::open(store, board_signer(4)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let client = BoardClient::new(&served.url);

    let first = Election::new(pingchang_round(1, None));
    let first_outcome = run_round(&client, &first, 0).await;
    let second = Election::new(pingchang_round(2, Some(first.hash)));
    let second_outcome = run_round(&client, &second, 0).await;
    let third = Election::new(pingchang_round(3, Some(second.hash)));
    client
        .create_election(&third.definition_entry())
        .await
        .unwrap();

    // Round 1 depends on nothing.
    assert!(header_of(&client.record(first.id()).await.unwrap())
        .earlier
        .is_empty());
    // Round 2 carries round 1.
    let header = header_of(&client.record(second.id()).await.unwrap());
    let earlier = verify_appendix(&header);
    assert_eq!(
        earlier,
        vec![(first.definition.clone(), first_outcome.clone())]
    );
    check_round_chain(&second.definition, &earlier).unwrap();
    // Round 3 carries rounds 1 and 2: the chain check walks back to the first round.
    let header = header_of(&client.record(third.id()).await.unwrap());
    let earlier = verify_appendix(&header);
    assert_eq!(earlier.len(), 2);
    check_round_chain(&third.definition, &earlier).unwrap();
    check_round_chain(&third.definition, &earlier[1..]).unwrap_err();
    assert!(earlier.contains(&(second.definition.clone(), second_outcome)));

    // Each appendix checkpoint is one the board serves for that election (or consistent
    // with it): the board cannot show a verifier one history and the world another.
    let verifier = board_signer(4).verifier();
    for item in &header.earlier {
        let Entry::Definition(d) = &item.definition.entry else {
            unreachable!()
        };
        let id = d.body.election_id();
        let given: SignedCheckpoint = item.checkpoint.parse().unwrap();
        let served: SignedCheckpoint = client.checkpoint(id).await.unwrap().parse().unwrap();
        let size = given.verify(&verifier).unwrap().size();
        let proof = client.consistency(id, size, None).await.unwrap();
        assert_eq!(
            check_consistency(&verifier, &given, &served, &proof.proof).unwrap(),
            Consistency::Consistent
        );
    }

    // The appendix survives a restart: it is rebuilt from the store.
    drop(served);
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let served = serve_local(
        Board::open(store, board_signer(4)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let again = header_of(
        &BoardClient::new(&served.url)
            .record(third.id())
            .await
            .unwrap(),
    );
    assert_eq!(again, header);
}

/// More entries than one page of the store: the record arrives as a stream (chunked, no
/// length known in advance) and holds every entry once, in order, under its checkpoint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_longer_than_a_page_streams_whole() {
    const VOTERS: usize = 1_050;
    let dir = TempDir::new("zhixuan_stream");
    let store = SqliteStore::open(dir.path().join("board.db"))
        .await
        .unwrap();
    let served = serve_local(
        Board::open(store, board_signer(4)).await.unwrap(),
        Limits::default(),
    )
    .await
    .unwrap();
    let client = BoardClient::new(&served.url);
    let f = Arc::new(Election::new(small_election("long-record", VOTERS as u64)));
    f.setup(&client).await;
    let ballots: Vec<Ballot> = (0..VOTERS).map(|n| f.ballot(n)).collect();
    let mut casting = tokio::task::JoinSet::new();
    for ballot in ballots {
        let (client, id) = (client.clone(), f.id().to_owned());
        casting.spawn(async move { client.append(&id, &Entry::Ballot(ballot)).await });
    }
    while let Some(done) = casting.join_next().await {
        done.unwrap().unwrap();
    }

    let response = reqwest::get(format!("{}/elections/{}/record", served.url, f.id()))
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(
        response
            .headers()
            .get(reqwest::header::TRANSFER_ENCODING)
            .map(|v| v.to_str().unwrap()),
        Some("chunked"),
        "the record is not streamed"
    );
    assert!(response
        .headers()
        .get(reqwest::header::CONTENT_LENGTH)
        .is_none());
    let record = response.text().await.unwrap();

    let size = client.election(f.id()).await.unwrap().size;
    let mut reader = RecordReader::new(record.as_bytes()).unwrap();
    assert_eq!(reader.header().entries, size);
    let mut tree = MerkleTree::new();
    let mut from = 0;
    while from < size {
        let page = client.entries(f.id(), from, 1000).await.unwrap();
        for expected in page.entries {
            let entry = reader.next_entry().unwrap().unwrap();
            assert_eq!(entry, expected);
            tree.push(entry.leaf_hash());
            from += 1;
        }
    }
    assert!(reader.next_entry().is_none());
    let footer = reader.footer().unwrap();
    let signed: SignedCheckpoint = footer.checkpoint.parse().unwrap();
    let checkpoint = signed.verify(&board_signer(4).verifier()).unwrap();
    assert_eq!((checkpoint.size(), *checkpoint.root()), (size, tree.root()));
}
