//! Two board servers sharing one PostgreSQL database, as behind a load balancer: each has
//! its own store handle, state and tree; the database decides the order. Voters alternate
//! between the servers, some send their ballot to both at once (the second answer is the
//! first's acknowledgement), and the setup and the
//! count also go through both. The acknowledgements must form one gapless log without
//! duplicates, every checkpoint either server signed must be consistent with every other,
//! and both servers must export the same record.
//!
//! PostgreSQL is the server at `ZHIXUAN_TEST_POSTGRES_URL` ([`Schema`] says what happens
//! when it is unreachable).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::PostgresStore;
use zhixuan_record::client::BoardClient;
use zhixuan_record::{
    check_consistency, verify_inclusion, Ack, Consistency, Entry, Phase, RecordReader,
    SignedCheckpoint,
};
use zhixuan_testkit::{board_signer, small_election, Election, Schema};

/// Voters; every `BOTH`th sends its ballot to both servers at once.
const VOTERS: usize = 160;
const BOTH: usize = 8;

/// A server of the board whose store is `schema`, with its own store handle, state and tree.
async fn server(schema: &Schema) -> Local {
    let store = PostgresStore::connect_in_schema(&schema.url, &schema.name)
        .await
        .unwrap();
    let board = Board::open(store, board_signer(9)).await.unwrap();
    serve_local(board, Limits::default()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_keep_one_log() {
    let Some(schema) = Schema::new().await else {
        return;
    };
    // Two servers of one board: one key, one database, nothing else shared.
    let first = server(&schema).await;
    let second = server(&schema).await;
    let servers = [BoardClient::new(&first.url), BoardClient::new(&second.url)];
    let verifier = board_signer(9).verifier();

    let f = Election::new(small_election("shared-board", VOTERS as u64));
    let id = f.id().to_owned();
    servers[0]
        .create_election(&f.definition_entry())
        .await
        .unwrap();
    // The second server learns of the election from the database, and holds it in setup
    // while the first goes on: it must catch up on everything the first appends.
    assert_eq!(servers[1].election(&id).await.unwrap().phase, Phase::Setup);
    for list in f.credential_lists() {
        servers[0].append(&id, &list).await.unwrap();
    }
    for i in 1..=3 {
        servers[i % 2].append(&id, &f.dealing(i)).await.unwrap();
    }
    for (n, ack) in f.acknowledgements().iter().enumerate() {
        servers[n % 2].append(&id, ack).await.unwrap();
    }
    servers[0].append(&id, &f.open_voting()).await.unwrap();
    let opened = servers[0].election(&id).await.unwrap().size;

    let ballots: Vec<_> = (0..VOTERS).map(|n| f.ballot(n)).collect();
    let mut casting = tokio::task::JoinSet::new();
    for (n, ballot) in ballots.iter().enumerate() {
        let entry = Entry::Ballot(ballot.clone());
        let targets: Vec<BoardClient> = if n % BOTH == 0 {
            servers.to_vec()
        } else {
            vec![servers[n % 2].clone()]
        };
        for client in targets {
            let (entry, id) = (entry.clone(), id.clone());
            casting.spawn(async move { (n, client.append(&id, &entry).await) });
        }
    }
    let mut acks: Vec<(usize, Ack)> = Vec::new();
    let mut twice: Vec<(usize, Ack)> = Vec::new();
    while let Some(done) = casting.join_next().await {
        let (n, answer) = done.unwrap();
        let ack = answer.unwrap_or_else(|e| panic!("voter {n}: {e}"));
        // A ballot sent to both servers is stored once, and the second answer is the
        // first's acknowledgement (`spec/board.md` §5.7).
        if acks.iter().any(|(m, _)| *m == n) {
            twice.push((n, ack));
        } else {
            acks.push((n, ack));
        }
    }
    assert_eq!(
        twice.len(),
        VOTERS.div_ceil(BOTH),
        "one second answer per ballot sent twice"
    );
    for (n, again) in &twice {
        let (_, first) = acks.iter().find(|(m, _)| m == n).unwrap();
        assert_eq!(
            (again.index, again.leaf_hash, again.tracking_code),
            (first.index, first.leaf_hash, first.tracking_code),
            "voter {n}: both servers answer with the one entry"
        );
    }
    let voters: BTreeSet<usize> = acks.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        voters.len(),
        VOTERS,
        "every voter has exactly one acknowledgement"
    );
    let mut indices: Vec<u64> = acks.iter().map(|(_, a)| a.index).collect();
    indices.sort_unstable();
    assert_eq!(
        indices,
        (opened..opened + VOTERS as u64).collect::<Vec<_>>(),
        "gapless, none lost or duplicated"
    );
    let mut signed: Vec<SignedCheckpoint> = Vec::new();
    for (n, ack) in &acks {
        let checkpoint: SignedCheckpoint = ack.checkpoint.parse().unwrap();
        let verified = checkpoint.verify(&verifier).unwrap();
        verify_inclusion(
            &ack.leaf_hash,
            ack.index,
            verified.size(),
            &ack.inclusion_proof,
            verified.root(),
        )
        .unwrap();
        assert_eq!(ack.tracking_code, Some(ballots[*n].tracking_code()));
        signed.push(checkpoint);
    }

    // The count goes through both servers too: the tally is accepted only by a server
    // whose state holds every ballot, whichever server took it.
    servers[1].append(&id, &f.close_voting()).await.unwrap();
    let tally = f.tally(&ballots);
    servers[0]
        .append(&id, &Entry::Tally(f.signed(tally.clone())))
        .await
        .unwrap();
    for (i, d) in f.decryptions(&tally).into_iter().enumerate() {
        let entry = Entry::PartialDecryption(f.sign_as(&f.trustee_keys[i], d));
        servers[(i + 1) % 2].append(&id, &entry).await.unwrap();
    }
    let result = f.result(&tally, &ballots);
    servers[0]
        .append(&id, &Entry::Result(f.signed(result)))
        .await
        .unwrap();

    // Both servers now serve the whole log: the same size, the same signed checkpoint.
    let mut finals = Vec::new();
    for client in &servers {
        let info = client.election(&id).await.unwrap();
        assert_eq!(info.phase, Phase::Decided);
        assert_eq!(info.ballots, vec![("voters".to_owned(), VOTERS as u64)]);
        let checkpoint: SignedCheckpoint = client.checkpoint(&id).await.unwrap().parse().unwrap();
        assert_eq!(checkpoint.verify(&verifier).unwrap().size(), info.size);
        finals.push(checkpoint);
    }
    assert_eq!(finals[0].to_string(), finals[1].to_string());
    // Every checkpoint either server signed along the way is consistent with the final one.
    let last = finals[0].verify(&verifier).unwrap().size();
    for checkpoint in &signed {
        let size = checkpoint.verify(&verifier).unwrap().size();
        for (n, client) in servers.iter().enumerate() {
            let proof = client.consistency(&id, size, Some(last)).await.unwrap();
            assert_eq!(
                check_consistency(&verifier, checkpoint, &finals[n], &proof.proof).unwrap(),
                Consistency::Consistent
            );
        }
    }

    let records: Vec<String> = records(&servers, &id).await;
    assert_eq!(
        records[0], records[1],
        "the two servers export different records"
    );
    let mut reader = RecordReader::new(records[0].as_bytes()).unwrap();
    assert_eq!(reader.header().entries, last);
    let mut count = 0;
    while let Some(entry) = reader.next_entry() {
        entry.unwrap();
        count += 1;
    }
    assert_eq!(count, last);
    assert_eq!(reader.footer().unwrap().checkpoint, finals[0].to_string());
}

async fn records(servers: &[BoardClient], id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for client in servers {
        out.push(client.record(id).await.unwrap());
    }
    out
}
