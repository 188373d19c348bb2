//! A whole election through a real board on SQLite, over HTTP on a loopback port: the
//! Xinzhou evaluation (two voter groups rating five officials), a 3-of-5 key ceremony
//! through the board, hundreds of concurrent voters, a double vote refused, an audited
//! ballot, close, tally, three partial decryptions, the result; then the exported record's
//! checkpoint, and a restart that keeps everything.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::*;
use zhixuan_record::client::BoardClient;
use zhixuan_record::*;
use zhixuan_testkit::{
    audit_as_ballot, board_signer, example_open_now, fewest_marks, voter_signature, Election,
    TempDir,
};

/// The seed of the board's checkpoint key ([`board_signer`]).
const BOARD: u8 = 7;

async fn start(path: &std::path::Path) -> Local {
    let store = SqliteStore::open(path).await.unwrap();
    let board = Board::open(store, board_signer(BOARD)).await.unwrap();
    serve_local(board, Limits::default()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_election_through_the_board() {
    let dir = TempDir::new("zhixuan_lifecycle");
    let db = dir.path().join("board.db");
    let server = start(&db).await;
    let client = BoardClient::new(&server.url);

    // The definition, with a voting window around now.
    // Larger groups of members and representatives than the example's village, for 250
    // and 35 voters at once.
    let mut doc = example_open_now("xinzhou-2023");
    doc.groups[0].eligible = 288;
    doc.groups[1].eligible = 40;
    let f = Arc::new(Election::new(doc));
    let id = f.id().to_owned();
    client.create_election(&f.definition_entry()).await.unwrap();

    // Credentials for each group; only the public parts go to the board.
    for list in f.credential_lists() {
        client.append(&id, &list).await.unwrap();
    }

    // The key ceremony, every message through the board.
    for i in 1..=f.trustee_keys.len() {
        client.append(&id, &f.dealing(i)).await.unwrap();
    }
    // A dealing signed by another trustee's key is refused.
    let forged = f.dealing_signed_by(1, &f.trustee_keys[1]);
    let err = client.append(&id, &forged).await.unwrap_err();
    assert_eq!(err.code(), Some("bad_signature"));
    let open = f.open_voting();
    // Every trustee acknowledges every other dealing; voting opens only after the last.
    for ack in f.acknowledgements() {
        let err = client.append(&id, &open).await.unwrap_err();
        assert_eq!(err.code(), Some("unanswered_dealing"));
        client.append(&id, &ack).await.unwrap();
    }
    // A ballot before voting opens is refused, and changes nothing.
    let style = f.definition.ballot_style(&f.voters[0].0).unwrap();
    let ballot = f.ballot_with(0, &fewest_marks(style));
    let before = client.checkpoint(&id).await.unwrap();
    let err = client
        .append(&id, &Entry::Ballot(ballot))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("wrong_phase"));
    assert_eq!(client.checkpoint(&id).await.unwrap(), before);
    client.append(&id, &open).await.unwrap();
    assert_ne!(client.checkpoint(&id).await.unwrap(), before);

    // Voters cast concurrently: 250 of 288 members, 35 of 40 representatives.
    let mut casting = tokio::task::JoinSet::new();
    let voting: Vec<usize> = (0..250)
        .map(|k| f.voter(0, k))
        .chain((0..35).map(|k| f.voter(1, k)))
        .collect();
    let spare = f.voter(0, 250);
    for (n, voter) in voting.into_iter().enumerate() {
        let (client, f, id) = (client.clone(), Arc::clone(&f), id.clone());
        casting.spawn(async move {
            let style = f.definition.ballot_style(&f.voters[voter].0).unwrap();
            let choices: Vec<Vec<u32>> = style
                .contests()
                .iter()
                .enumerate()
                .map(|(q, c)| {
                    (0..c.spec.option_limits.len())
                        .map(|o| u32::from(o == (n + q) % 3))
                        .collect()
                })
                .collect();
            let ballot = f.ballot_with(voter, &choices);
            let ack = client
                .append(&id, &Entry::Ballot(ballot.clone()))
                .await
                .unwrap();
            (voter, ballot, choices, ack)
        });
    }
    let mut cast = Vec::new();
    while let Some(done) = casting.join_next().await {
        cast.push(done.unwrap());
    }
    let mut indices: Vec<u64> = cast.iter().map(|c| c.3.index).collect();
    indices.sort();
    let first = indices[0];
    assert_eq!(
        indices,
        (first..first + 285).collect::<Vec<_>>(),
        "gapless, none lost or duplicated"
    );
    // Every acknowledgement carries a checkpoint that includes it.
    let verifier = board_signer(BOARD).verifier();
    for (_, ballot, _, ack) in &cast {
        let cp: SignedCheckpoint = ack.checkpoint.parse().unwrap();
        let cp = cp.verify(&verifier).unwrap();
        verify_inclusion(
            &ack.leaf_hash,
            ack.index,
            cp.size(),
            &ack.inclusion_proof,
            cp.root(),
        )
        .unwrap();
        assert_eq!(ack.tracking_code, Some(ballot.tracking_code()));
    }

    // A second ballot from one credential is refused (one ballot per credential).
    let (voter, _, choices, _) = &cast[0];
    let again = f.ballot_with(*voter, choices);
    let size_before = client.election(&id).await.unwrap().size;
    let err = client.append(&id, &Entry::Ballot(again)).await.unwrap_err();
    assert_eq!(err.code(), Some("already_voted"));
    // A ballot sent again (its answer lost) is answered with its first acknowledgement,
    // under a checkpoint that includes it, and is not stored twice (`spec/board.md` §5.7).
    let again = client
        .append(&id, &Entry::Ballot(cast[1].1.clone()))
        .await
        .unwrap();
    assert_eq!(again.tracking_code, Some(cast[1].1.tracking_code()));
    assert_eq!(
        (again.index, again.leaf_hash, again.supersedes),
        (cast[1].3.index, cast[1].3.leaf_hash, cast[1].3.supersedes)
    );
    let cp: SignedCheckpoint = again.checkpoint.parse().unwrap();
    let cp = cp.verify(&verifier).unwrap();
    verify_inclusion(
        &again.leaf_hash,
        again.index,
        cp.size(),
        &again.inclusion_proof,
        cp.root(),
    )
    .unwrap();
    assert_eq!(
        client.election(&id).await.unwrap().size,
        size_before,
        "nothing stored"
    );

    // A voter audits a ballot instead of casting it: it is published opened under the
    // group, with the tracking code shown before the choice, never counted, and can never
    // be cast afterwards, even signed by the voter's own credential.
    let prepared = f.prepare(spare, choices);
    let shown = prepared.tracking_code();
    let contests = prepared.contests().to_vec();
    let (spare_group, spare_secret) = &f.voters[spare];
    let audited = prepared.audit(spare_group);
    let ack = client
        .append(&id, &Entry::AuditedBallot(audited.clone()))
        .await
        .unwrap();
    assert_eq!(ack.tracking_code, Some(shown));
    let signature = voter_signature(spare_secret, &audited.hash());
    let cast_after_all = audit_as_ballot(&audited, contests, spare_secret, signature);
    let err = client
        .append(&id, &Entry::Ballot(cast_after_all))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("audited_ballot_cast"));

    // Close, tally, decrypt, result.
    client.append(&id, &f.close_voting()).await.unwrap();
    let ballots: Vec<_> = cast.iter().map(|(_, ballot, ..)| ballot.clone()).collect();
    let tally = f.tally(&ballots);
    client
        .append(&id, &Entry::Tally(f.signed(tally.clone())))
        .await
        .unwrap();
    let decrypting = [1, 3, 5];
    for (&i, d) in decrypting.iter().zip(f.decryptions_by(&tally, &decrypting)) {
        let entry = Entry::PartialDecryption(f.trustee_signed(i, d));
        client.append(&id, &entry).await.unwrap();
    }
    let result = f.result_by(&tally, &ballots, &decrypting);
    // The counts are the sums of what the voters chose.
    for (g, group) in f.definition.document().groups.iter().enumerate() {
        let mut expected: Vec<Vec<u64>> = result.counts.groups[g]
            .questions
            .iter()
            .map(|q| vec![0; q.options.len()])
            .collect();
        for (voter, _, choices, _) in &cast {
            if f.voters[*voter].0 == group.id {
                for (e, c) in expected.iter_mut().zip(choices) {
                    for (x, v) in e.iter_mut().zip(c) {
                        *x += u64::from(*v);
                    }
                }
            }
        }
        let got: Vec<Vec<u64>> = result.counts.groups[g]
            .questions
            .iter()
            .map(|q| q.options.clone())
            .collect();
        assert_eq!(got, expected, "group {}", group.id);
    }
    // A result with a changed outcome is refused.
    let mut bad = result.clone();
    bad.outcome.contests[0].decided = !bad.outcome.contests[0].decided;
    let err = client
        .append(&id, &Entry::Result(f.signed(bad)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("outcome_mismatch"));
    client
        .append(&id, &Entry::Result(f.signed(result)))
        .await
        .unwrap();
    let info = client.election(&id).await.unwrap();
    assert_eq!(info.phase, Phase::Decided);

    // The exported record: its entries hash to the root of its signed checkpoint.
    let record = client.record(&id).await.unwrap();
    let mut reader = RecordReader::new(record.as_bytes()).unwrap();
    assert_eq!(reader.header().entries, info.size);
    let mut tree = MerkleTree::new();
    while let Some(entry) = reader.next_entry() {
        tree.push(entry.unwrap().leaf_hash());
    }
    let footer = reader.footer().unwrap();
    let signed: SignedCheckpoint = footer.checkpoint.parse().unwrap();
    let checkpoint = signed.verify(&verifier).unwrap();
    assert_eq!(
        (checkpoint.size(), *checkpoint.root()),
        (tree.len(), tree.root())
    );

    // A restart keeps everything; the checkpoint after is consistent with the one before.
    server.stop().await.unwrap();
    let server = start(&db).await;
    let client = BoardClient::new(&server.url);
    let after = client.election(&id).await.unwrap();
    assert_eq!((after.size, after.phase), (info.size, Phase::Decided));
    let code = cast[5].1.tracking_code();
    let proof = client.tracking(&id, &code).await.unwrap();
    assert_eq!(proof.inclusion.index, cast[5].3.index);
    let again: SignedCheckpoint = client.checkpoint(&id).await.unwrap().parse().unwrap();
    let cp = client.consistency(&id, 1, None).await.unwrap();
    assert_eq!(cp.to, after.size);
    assert_eq!(
        check_consistency(&verifier, &signed, &again, &[]).unwrap(),
        Consistency::Consistent
    );
}
