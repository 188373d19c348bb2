//! A whole election through a real board on SQLite, over HTTP on a loopback port: the
//! Xinzhou evaluation (two voter groups rating five officials), a 3-of-5 key ceremony
//! through the board, hundreds of concurrent voters, a double vote refused, an audited
//! ballot, close, tally, three partial decryptions, the result; then the exported record's
//! checkpoint, and a restart that keeps everything.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use zhixuan_board::server::{router, Board, Limits};
use zhixuan_board::*;
use zhixuan_election::{
    decide, Counts, CredentialList, DefinitionDocument, ElectionDefinition, GroupCounts,
};
use zhixuan_record::client::BoardClient;
use zhixuan_record::*;
use zhixuan_tally::{
    combine, conclude, Acknowledgement, Ballot, CeremonyParams, CredentialSecret, Dealing,
    ElectionContext, Encryptor, TallyAccumulator, Trustee, TrusteeIndex,
};

fn demo_key(label: &str) -> zhixuan_tally::SigningKey {
    let mut bytes: [u8; 32] = Sha256::digest(format!("zhixuan-demo/{label}")).into();
    bytes[31] &= 0x0f;
    zhixuan_tally::SigningKey::from_bytes(bytes).unwrap()
}

async fn start(
    path: &std::path::Path,
    signer: CheckpointSigner,
) -> (String, tokio::task::JoinHandle<()>) {
    let store = SqliteStore::open(path).await.unwrap();
    let board = Board::open(store, signer).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        axum::serve(listener, router(board, Limits::default()))
            .await
            .unwrap();
    });
    (url, server)
}

fn signer(seed: u8) -> CheckpointSigner {
    CheckpointSigner::new(
        "test.board".parse().unwrap(),
        SigningKey::from_bytes(&[seed; 32]),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_election_through_the_board() {
    let dir = std::env::temp_dir().join(format!("zhixuan-lifecycle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("board.db");
    let _ = std::fs::remove_file(&db);
    let (url, server) = start(&db, signer(7)).await;
    let client = BoardClient::new(&url);
    let mut rng = rand::rng();

    // The definition, with a voting window around now.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/xinzhou-2023.json"
    ))
    .unwrap();
    let mut doc: DefinitionDocument = serde_json::from_str(&text).unwrap();
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    doc.voting.opens = now - Duration::hours(1);
    doc.voting.closes = now + Duration::hours(1);
    let definition = ElectionDefinition::from_document(doc).unwrap();
    let hash = definition.hash();
    let id = definition.election_id().to_owned();
    let organiser = demo_key("organiser");
    client
        .create_election(&Signed::sign(
            &organiser,
            &hash,
            definition.clone(),
            &mut rng,
        ))
        .await
        .unwrap();

    // Credentials for each group; only the public parts go to the board.
    let mut voters: Vec<(String, CredentialSecret)> = Vec::new();
    for group in &definition.document().groups {
        let secrets: Vec<CredentialSecret> = (0..group.eligible)
            .map(|_| CredentialSecret::generate(&mut rng))
            .collect();
        let list = CredentialList::new(
            &definition,
            &group.id,
            secrets.iter().map(|s| s.public()).collect(),
        )
        .unwrap();
        let entry = Entry::CredentialList(Signed::sign(&organiser, &hash, list, &mut rng));
        client.append(&id, &entry).await.unwrap();
        voters.extend(secrets.into_iter().map(|s| (group.id.clone(), s)));
    }

    // The key ceremony, every message through the board.
    let keys: Vec<_> = (1..=5).map(|i| demo_key(&format!("trustee-{i}"))).collect();
    let params = CeremonyParams::new(
        hash,
        3,
        keys.iter().map(|k| k.verifying_key().clone()).collect(),
    )
    .unwrap();
    let mut trustees: Vec<Trustee> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            Trustee::new(
                params.clone(),
                TrusteeIndex(i as u32 + 1),
                k.clone(),
                &mut rng,
            )
            .unwrap()
        })
        .collect();
    let dealings: Vec<Dealing> = trustees.iter().map(|t| t.dealing(&mut rng)).collect();
    for (d, key) in dealings.iter().zip(&keys) {
        let entry = Entry::Dealing(Signed::sign(key, &hash, d.clone(), &mut rng));
        client.append(&id, &entry).await.unwrap();
    }
    // A dealing signed by another trustee's key is refused.
    let forged = Entry::Dealing(Signed::sign(&keys[1], &hash, dealings[0].clone(), &mut rng));
    let err = client.append(&id, &forged).await.unwrap_err();
    assert_eq!(err.code(), Some("bad_signature"));
    for t in &mut trustees {
        for d in &dealings {
            assert!(t.receive(d, &mut rng).unwrap().is_none());
        }
    }
    let ceremony = conclude(&params, &dealings, &[]).unwrap();
    let open = Entry::OpenVoting(Signed::sign(
        &organiser,
        &hash,
        OpenVoting {
            election_key: ceremony.election_key.clone(),
        },
        &mut rng,
    ));
    // Every trustee acknowledges every other dealing; voting opens only after the last.
    for (i, d) in dealings.iter().enumerate() {
        for (j, key) in keys.iter().enumerate().filter(|(j, _)| *j != i) {
            let err = client.append(&id, &open).await.unwrap_err();
            assert_eq!(err.code(), Some("unanswered_dealing"));
            let ack = Acknowledgement::new(d, TrusteeIndex(j as u32 + 1));
            let entry = Entry::Acknowledgement(Signed::sign(key, &hash, ack, &mut rng));
            client.append(&id, &entry).await.unwrap();
        }
    }
    let shares: Vec<_> = trustees
        .iter()
        .map(|t| t.finish(&ceremony).unwrap())
        .collect();
    // A ballot before voting opens is refused, and changes nothing.
    let early = Encryptor::new(ElectionContext {
        election: hash,
        key: ceremony.election_key.clone(),
    });
    let (group, secret) = &voters[0];
    let style = definition.ballot_style(group).unwrap();
    let choices: Vec<Vec<u32>> = style
        .contests()
        .iter()
        .map(|c| {
            (0..c.spec.option_limits.len())
                .map(|o| u32::from(o == 0))
                .collect()
        })
        .collect();
    let ballot = early
        .encrypt_ballot(style, &choices, &secret.public(), &mut rng)
        .unwrap()
        .cast(secret, &mut rng)
        .unwrap();
    let before = client.checkpoint(&id).await.unwrap();
    let err = client
        .append(&id, &Entry::Ballot(ballot))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("wrong_phase"));
    assert_eq!(client.checkpoint(&id).await.unwrap(), before);
    client.append(&id, &open).await.unwrap();
    assert_ne!(client.checkpoint(&id).await.unwrap(), before);

    // Voters cast concurrently: 250 of 290 members, 35 of 40 representatives.
    let encryptor = Arc::new(Encryptor::new(ElectionContext {
        election: hash,
        key: ceremony.election_key.clone(),
    }));
    let definition = Arc::new(definition);
    let mut casting = tokio::task::JoinSet::new();
    let mut voting: Vec<(String, CredentialSecret)> = Vec::new();
    let (members, reps): (Vec<_>, Vec<_>) = voters.into_iter().partition(|(g, _)| g == "members");
    let mut members = members.into_iter();
    voting.extend(members.by_ref().take(250));
    let (spare_group, spare) = members.next().unwrap();
    voting.extend(reps.into_iter().take(35));
    for (n, (group, secret)) in voting.into_iter().enumerate() {
        let (client, encryptor, definition, id) = (
            client.clone(),
            Arc::clone(&encryptor),
            Arc::clone(&definition),
            id.clone(),
        );
        casting.spawn(async move {
            let style = definition.ballot_style(&group).unwrap().clone();
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
            let ballot = encryptor
                .encrypt_ballot(&style, &choices, &secret.public(), &mut rand::rng())
                .unwrap()
                .cast(&secret, &mut rand::rng())
                .unwrap();
            let ack = client
                .append(&id, &Entry::Ballot(ballot.clone()))
                .await
                .unwrap();
            (group, ballot, choices, ack, secret)
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
    let verifier = signer(7).verifier();
    for (_, ballot, _, ack, _) in &cast {
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
    let (group, _, choices, _, secret) = &cast[0];
    let style = definition.ballot_style(group).unwrap();
    let again = encryptor
        .encrypt_ballot(style, choices, &secret.public(), &mut rng)
        .unwrap()
        .cast(secret, &mut rng)
        .unwrap();
    let size_before = client.election(&id).await.unwrap().size;
    let err = client.append(&id, &Entry::Ballot(again)).await.unwrap_err();
    assert_eq!(err.code(), Some("already_voted"));
    // A replayed ballot is refused too.
    let err = client
        .append(&id, &Entry::Ballot(cast[1].1.clone()))
        .await
        .unwrap_err();
    assert!(matches!(
        err.code(),
        Some("already_voted" | "duplicate_ballot")
    ));
    assert_eq!(
        client.election(&id).await.unwrap().size,
        size_before,
        "nothing stored"
    );

    // A voter audits a ballot instead of casting it: it is published opened under the
    // group, with the tracking code shown before the choice, never counted, and can never
    // be cast afterwards, even signed by the voter's own credential.
    let style = definition.ballot_style(&spare_group).unwrap();
    let prepared = encryptor
        .encrypt_ballot(style, choices, &spare.public(), &mut rng)
        .unwrap();
    let shown = prepared.tracking_code();
    let contests = prepared.contests().to_vec();
    let audited = prepared.audit(&spare_group);
    let ack = client
        .append(&id, &Entry::AuditedBallot(audited.clone()))
        .await
        .unwrap();
    assert_eq!(ack.tracking_code, Some(shown));
    let signature = zhixuan_tally::SigningKey::from_bytes(*spare.to_bytes())
        .unwrap()
        .sign(b"ballot-signature", audited.hash().as_bytes(), &mut rng);
    let cast_after_all = Ballot {
        election: audited.election,
        credential: spare.public(),
        contests,
        signature,
    };
    let err = client
        .append(&id, &Entry::Ballot(cast_after_all))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("audited_ballot_cast"));

    // Close, tally, decrypt, result.
    client
        .append(
            &id,
            &Entry::CloseVoting(Signed::sign(&organiser, &hash, CloseVoting {}, &mut rng)),
        )
        .await
        .unwrap();
    let mut groups = Vec::new();
    let mut bounds = Vec::new();
    for group in &definition.document().groups {
        let style = definition.ballot_style(&group.id).unwrap();
        let mut acc = TallyAccumulator::new(style);
        for (g, ballot, ..) in &cast {
            if g == &group.id {
                acc.add(
                    &ballot.clone().verify(encryptor.context(), style).unwrap(),
                    1,
                )
                .unwrap();
            }
        }
        bounds.push(acc.bound());
        groups.push(GroupTally {
            group: group.id.clone(),
            tally: acc.finish(),
        });
    }
    let tally = PublishedTally { groups };
    client
        .append(
            &id,
            &Entry::Tally(Signed::sign(&organiser, &hash, tally.clone(), &mut rng)),
        )
        .await
        .unwrap();
    let mut partials: Vec<Vec<_>> = vec![Vec::new(); tally.groups.len()];
    for i in [1u32, 3, 5] {
        let share = &shares[i as usize - 1];
        let decryption = TrusteeDecryption {
            trustee: TrusteeIndex(i),
            groups: tally
                .groups
                .iter()
                .map(|g| share.decrypt(&hash, &g.tally.ciphertexts(), &mut rng))
                .collect(),
        };
        for (g, p) in decryption.groups.iter().enumerate() {
            let cts = tally.groups[g].tally.ciphertexts();
            partials[g].push(
                p.clone()
                    .verify(
                        &hash,
                        ceremony.verification_key(TrusteeIndex(i)).unwrap(),
                        &cts,
                    )
                    .unwrap(),
            );
        }
        let entry = Entry::PartialDecryption(Signed::sign(
            &keys[i as usize - 1],
            &hash,
            decryption,
            &mut rng,
        ));
        client.append(&id, &entry).await.unwrap();
    }
    let counts = Counts {
        groups: tally
            .groups
            .iter()
            .enumerate()
            .map(|(g, gt)| {
                let values = combine(3, &gt.tally.ciphertexts(), &partials[g], bounds[g]).unwrap();
                GroupCounts::from_tally(gt.group.clone(), &gt.tally, values)
            })
            .collect(),
    };
    // The counts are the sums of what the voters chose.
    for (g, group) in definition.document().groups.iter().enumerate() {
        let mut expected: Vec<Vec<u64>> = counts.groups[g]
            .questions
            .iter()
            .map(|q| vec![0; q.options.len()])
            .collect();
        for (cg, _, choices, ..) in &cast {
            if cg == &group.id {
                for (e, c) in expected.iter_mut().zip(choices) {
                    for (x, v) in e.iter_mut().zip(c) {
                        *x += u64::from(*v);
                    }
                }
            }
        }
        let got: Vec<Vec<u64>> = counts.groups[g]
            .questions
            .iter()
            .map(|q| q.options.clone())
            .collect();
        assert_eq!(got, expected, "group {}", group.id);
    }
    let outcome = decide(&definition, &counts, &[]).unwrap();
    // A result with a changed outcome is refused.
    let mut wrong = outcome.clone();
    wrong.contests[0].decided = !wrong.contests[0].decided;
    let bad = PublishedResult {
        counts: counts.clone(),
        outcome: wrong,
    };
    let err = client
        .append(
            &id,
            &Entry::Result(Signed::sign(&organiser, &hash, bad, &mut rng)),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("outcome_mismatch"));
    let result = PublishedResult { counts, outcome };
    client
        .append(
            &id,
            &Entry::Result(Signed::sign(&organiser, &hash, result, &mut rng)),
        )
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
    server.abort();
    let _ = server.await;
    let (url, server) = start(&db, signer(7)).await;
    let client = BoardClient::new(&url);
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
    server.abort();
    let _ = std::fs::remove_dir_all(&dir);
}
