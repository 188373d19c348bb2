//! `zhixuan demo`: a whole election in one command. It starts a board on SQLite in a fresh
//! data folder on a loopback port and runs an example election through it over HTTP with
//! the same library functions the real commands call, in the order people would run them:
//!
//! 1. the organiser and the five supervision committee members create their keys;
//! 2. the organiser publishes the definition and issues each group's credentials;
//! 3. the committee's 3-of-5 key ceremony: each trustee deals, then checks the shares the
//!    others dealt to it, through the board; the organiser opens voting;
//! 4. the voters cast their ballots concurrently (a few audit one first; where the last
//!    ballot counts, a few vote twice);
//! 5. the organiser closes voting and publishes the encrypted tally;
//! 6. three trustees decrypt it (two stay away); the organiser publishes the result;
//! 7. the record is exported to a file;
//! 8. the verifier (`zhixuan-verify`) checks the record, against the board's key as the
//!    demo knows it and a checkpoint saved when voting closed, and its summary is shown.
//!
//! Everything stays in the data folder: the board's database and key, the participants'
//! keys and the trustees' states, the definitions, the slips, the saved checkpoints and
//! the records.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use time::OffsetDateTime;
use zhixuan_board::server::http::{serve_local, Local};
use zhixuan_board::server::{Board, Limits};
use zhixuan_board::SqliteStore;
use zhixuan_election::{outcome_text, ElectionDefinition, Outcome, RevotePolicy};
use zhixuan_record::CheckpointSigner;
use zhixuan_tally::{ElectionHash, SigningKey};

use crate::demo_procedure::{DemoProcedure, Ran};
use crate::error::{io_error as io, CliError};
use crate::examples::{self, ExampleName, LiveSettings};
use crate::keys::{self, Role};
use crate::messages::Lang;
use crate::organiser;
use crate::output::Ui;
use crate::remote::Remote;
use crate::simulate::{self, PlannedVoter};
use crate::trustee;

/// The name of the demo board's checkpoint key: a restarted board must sign under it too.
const BOARD_NAME: &str = "zhixuan.demo";

/// The trustees who decrypt; the other two stay away, to show that any three suffice.
const DECRYPTING: [usize; 3] = [1, 3, 5];

/// What `zhixuan demo` is asked to do.
#[derive(Clone, Debug)]
pub struct DemoRequest {
    /// Which example election to run.
    pub example: ExampleName,
    /// The number of eligible voters of the first election (the example's own sizes when
    /// absent); every group is scaled by the same factor.
    pub voters: Option<u64>,
    /// Where the data folder is made.
    pub parent: PathBuf,
    /// Clients casting at once.
    pub concurrency: usize,
    /// Voters who audit a ballot before casting one, per election.
    pub audits: usize,
}

/// One election of the demo, as it went.
#[derive(Clone, Debug, Serialize)]
pub struct DemoElection {
    /// The election's id.
    pub election: String,
    /// The election's title, in Chinese and English.
    pub title: zhixuan_election::Bilingual,
    /// Per group: eligible, ballots counted.
    pub groups: Vec<(String, u64, u64)>,
    /// How many ballots were audited (opened, never counted).
    pub audited: usize,
    /// How many ballots were replaced by the same voter's later ballot.
    pub replaced: usize,
    /// How long casting took, in seconds of wall-clock time.
    pub cast_seconds: f64,
    /// Counted ballots per second of that time.
    pub ballots_per_second: f64,
    /// The numbers of the trustees who decrypted (from 1).
    pub decrypted_by: Vec<u32>,
    /// The published outcome: each group's turnout and each contest's counts and result.
    pub outcome: Outcome,
    /// The exported record (JSON Lines), for `zhixuan-verify record`.
    pub record: PathBuf,
    /// The definition file the election was created from.
    pub definition_file: PathBuf,
    /// The checkpoint saved when voting closed, which the verifier held the record to.
    pub checkpoint: PathBuf,
    /// The verifier's report on the record.
    pub verification: zhixuan_verify::Report,
    /// The election's definition, to name contests and candidates when printing (not in
    /// the JSON).
    #[serde(skip)]
    pub definition: ElectionDefinition,
}

/// The demo's procedure, as it went.
#[derive(Clone, Debug, Serialize)]
pub struct DemoProcedureReport {
    /// The procedure's id.
    pub procedure: String,
    /// The procedure's exported record (JSON Lines), for `zhixuan-verify procedure`.
    pub record: PathBuf,
    /// The verifier's report on the procedure's record, with the elections' records.
    pub verification: zhixuan_verify::ProcedureReport,
}

/// The demo's report.
#[derive(Clone, Debug, Serialize)]
pub struct DemoReport {
    /// The example that was run.
    pub example: ExampleName,
    /// The data folder made for this run (keys, definitions, slips, records).
    pub data: PathBuf,
    /// The demo board's SQLite database, to restart the board on.
    pub database: PathBuf,
    /// The demo board's checkpoint key file, to restart the board with.
    pub board_key: PathBuf,
    /// Each election of the example, in the order they ran.
    pub elections: Vec<DemoElection>,
    /// The procedure around the elections, where the example has one (Nanjing, Pingchang,
    /// Xinzhou).
    pub procedure: Option<DemoProcedureReport>,
    /// How long the whole demo took, in seconds.
    pub seconds: f64,
}

impl DemoReport {
    /// What the command prints, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for e in &self.elections {
            let counted: u64 = e.groups.iter().map(|g| g.2).sum();
            out.push_str(&format!("══ {} ══\n", lang.name(&e.title)));
            out.push_str(&match lang {
                Lang::Zh => format!(
                    "选举 `{}`：{} 张选票（{:.1} 秒，每秒 {:.0} 张），{} 张核验选票未计票{}；由监督委员 {} 解密\n\n",
                    e.election, counted, e.cast_seconds, e.ballots_per_second, e.audited,
                    if e.replaced > 0 { format!("，{} 张被重投取代", e.replaced) } else { String::new() },
                    e.decrypted_by.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                ),
                Lang::En => format!(
                    "`{}`: {} ballots ({:.1} s, {:.0} ballots/s), {} audited and not counted{}; decrypted by trustees {}\n\n",
                    e.election, counted, e.cast_seconds, e.ballots_per_second, e.audited,
                    if e.replaced > 0 { format!(", {} replaced by a later ballot", e.replaced) } else { String::new() },
                    e.decrypted_by.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                ),
            });
            out.push_str(&outcome_text(lang, &e.definition, &e.outcome));
            out.push('\n');
            out.push_str(&verification_summary(lang, &e.verification));
            out.push_str(&match lang {
                Lang::Zh => format!("\n选举记录：{}\n\n", e.record.display()),
                Lang::En => format!("\nrecord: {}\n\n", e.record.display()),
            });
        }
        let records: Vec<String> = self
            .elections
            .iter()
            .map(|e| e.record.display().to_string())
            .collect();
        if let Some(p) = &self.procedure {
            out.push_str(&p.verification.render(lang));
            out.push_str(&match lang {
                Lang::Zh => format!("选举程序记录：{}\n核查选举程序（连同各次选举的记录）：\nzhixuan-verify procedure {} --election {}\n\n", p.record.display(), p.record.display(), records.join(" --election ")),
                Lang::En => format!("procedure record: {}\nverify the procedure (with its elections' records):\nzhixuan-verify procedure {} --election {}\n\n", p.record.display(), p.record.display(), records.join(" --election ")),
            });
        }
        out.push_str(&match lang {
            Lang::Zh => format!(
                "全部完成，用时 {:.1} 秒。\n数据目录：{}\n公告栏数据库：{}（重新启动，再用浏览器打开公告栏网页：zhixuan-board --database sqlite:{} --key {} --name {BOARD_NAME}）\n再次核查记录（每份记录一条命令）：\n{}",
                self.seconds,
                self.data.display(),
                self.database.display(),
                self.database.display(),
                self.board_key.display(),
                verify_commands(&records)
            ),
            Lang::En => format!(
                "Done in {:.1} s.\ndata folder: {}\nboard database: {} (restart the board, then open its web page in a browser: zhixuan-board --database sqlite:{} --key {} --name {BOARD_NAME})\nverify the records again, one command each:\n{}",
                self.seconds,
                self.data.display(),
                self.database.display(),
                self.database.display(),
                self.board_key.display(),
                verify_commands(&records)
            ),
        });
        out
    }
}

/// One `zhixuan-verify record` command per record file: the verifier takes one record (a
/// later round's record carries the earlier rounds it follows in its header).
fn verify_commands(records: &[String]) -> String {
    records
        .iter()
        .map(|r| format!("  zhixuan-verify record {r}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn verify_lang(lang: Lang) -> zhixuan_verify::Lang {
    match lang {
        Lang::Zh => zhixuan_verify::Lang::Zh,
        Lang::En => zhixuan_verify::Lang::En,
    }
}

/// The verifier's steps in a few lines (its full report repeats the outcome shown above).
fn verification_summary(lang: Lang, report: &zhixuan_verify::Report) -> String {
    let mut out = lang
        .pick(
            "验证（zhixuan-verify，对照投票结束时保存的检查点）：\n",
            "Verification (zhixuan-verify, against the checkpoint saved when voting closed):\n",
        )
        .to_owned();
    for s in &report.steps {
        let mark = match s.status {
            zhixuan_verify::Status::Passed => "✓",
            zhixuan_verify::Status::Failed => "✗",
            zhixuan_verify::Status::NotReached => "–",
        };
        let title = s.step.title(verify_lang(lang));
        out.push_str(&match lang {
            // Chinese titles are not padded: terminals draw CJK characters two columns wide.
            Lang::Zh => format!(" {mark} {}. {title}（{} 项）\n", s.number, s.checked),
            Lang::En => format!(
                " {mark} {}. {title:<36} {:>6} checked\n",
                s.number, s.checked
            ),
        });
    }
    out.push_str(lang.pick(
        "结论：记录通过验证，公布的结果与加密选票一致。\n",
        "The record verifies: the published result follows from the encrypted ballots.\n",
    ));
    out
}

/// A new folder `PARENT/EXAMPLE-YYYYMMDD-HHMMSS` (with a suffix if that exists).
fn data_folder(parent: &Path, example: ExampleName) -> Result<PathBuf, CliError> {
    std::fs::create_dir_all(parent).map_err(io(parent, "creating the folder"))?;
    let t = OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    for n in 1.. {
        let name = if n == 1 {
            format!("{}-{stamp}", example.as_str())
        } else {
            format!("{}-{stamp}-{n}", example.as_str())
        };
        let dir = parent.join(name);
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io(&dir, "creating the folder")(e)),
        }
    }
    Err(CliError::Internal("no free folder name".into()))
}

/// A board on SQLite in the data folder, serving on a loopback port until it is stopped.
struct DemoBoard {
    local: Local,
    /// The board's checkpoint key, as the demo knows it (not as the board says it).
    key: String,
    store: SqliteStore,
}

async fn start_board(data: &Path) -> Result<(DemoBoard, PathBuf, PathBuf), CliError> {
    let key_path = data.join("board.key");
    let key = zhixuan_record::SigningKey::generate(&mut rand::rng());
    // The format zhixuan-board reads, so the board can be restarted on this data.
    let mut hex = zeroize::Zeroizing::new(hex::encode(key.to_bytes()));
    hex.push('\n');
    keys::write_new(&key_path, hex.as_bytes())?;
    let name = BOARD_NAME
        .parse()
        .map_err(|e| CliError::Internal(format!("board key name: {e}")))?;
    let signer = CheckpointSigner::new(name, key);
    let verifier_key = signer.verifier().to_string();
    let database = data.join("board.db");
    let store = SqliteStore::open(&database)
        .await
        .map_err(|e| CliError::Internal(format!("opening {}: {e}", database.display())))?;
    let board = Board::open(store.clone(), signer)
        .await
        .map_err(|e| CliError::Internal(e.body.message))?;
    let local = serve_local(board, Limits::default())
        .await
        .map_err(|e| CliError::Internal(format!("cannot listen on a loopback port: {e}")))?;
    Ok((
        DemoBoard {
            local,
            key: verifier_key,
            store,
        },
        database,
        key_path,
    ))
}

/// Runs the demo.
pub async fn run(request: &DemoRequest, ui: &Ui) -> Result<DemoReport, CliError> {
    let started = Instant::now();
    let data = data_folder(&request.parent, request.example)?;
    ui.step(
        &format!("数据目录：{}", data.display()),
        &format!("data folder: {}", data.display()),
    );
    let (board, database, board_key) = start_board(&data).await?;
    ui.step(
        &format!("公告栏已启动：{}", board.local.url),
        &format!("board listening on {}", board.local.url),
    );
    let outcome = elections(request, &data, &board.local.url, &board.key, ui).await;
    let _ = board.local.stop().await;
    board.store.close().await;
    let (elections, procedure) = outcome?;
    Ok(DemoReport {
        example: request.example,
        data,
        database,
        board_key,
        elections,
        procedure,
        seconds: started.elapsed().as_secs_f64(),
    })
}

struct Participants {
    organiser: SigningKey,
    trustees: Vec<SigningKey>,
}

/// Step 1: every participant creates a key file and loads it back, as the `keygen`
/// commands and every later command do.
fn participants(data: &Path) -> Result<Participants, CliError> {
    let dir = data.join("keys");
    let organiser_path = dir.join("organiser.key");
    keys::generate(&organiser_path, Role::Organiser)?;
    let mut trustees = Vec::new();
    for i in 1..=5 {
        let path = dir.join(format!("trustee-{i}.key"));
        keys::generate(&path, Role::Trustee)?;
        trustees.push(keys::load(&path, Role::Trustee)?);
    }
    Ok(Participants {
        organiser: keys::load(&organiser_path, Role::Organiser)?,
        trustees,
    })
}

async fn elections(
    request: &DemoRequest,
    data: &Path,
    url: &str,
    board_key: &str,
    ui: &Ui,
) -> Result<(Vec<DemoElection>, Option<DemoProcedureReport>), CliError> {
    let remote = Remote::new(url);
    let people = participants(data)?;
    let list = request.example.elections();
    let scale = match (request.voters, list.first()) {
        (Some(n), Some(first)) => Some((n.max(1), examples::electorate(first)?.max(1))),
        _ => None,
    };
    let mut published: Vec<(String, ElectionHash)> = Vec::new();
    let mut done: Vec<DemoElection> = Vec::new();
    // Nanjing, Pingchang and Xinzhou run their whole procedure around their elections
    // (`spec/procedure.md`): the stages before each election it covers, each vote stage
    // once its election is decided.
    let (plan, first) = match request.example.procedure() {
        Some((plan, first)) => (Some(plan), first),
        None => (None, 0),
    };
    let mut procedure = None;
    let upcoming: Vec<ElectionDefinition> = list
        .iter()
        .map(|e| ElectionDefinition::from_json(e.definition))
        .collect::<Result<_, _>>()
        .map_err(|e| CliError::Internal(e.to_string()))?;
    for (i, example) in list.iter().enumerate() {
        if let (Some(plan), true) = (plan, i == first) {
            procedure = Some(DemoProcedure::start(url, &people.organiser, plan, ui).await?);
        }
        if let Some(p) = procedure.as_mut() {
            p.advance(&upcoming[first..], &ran(&done[first..]), ui)
                .await?;
        }
        let settings = LiveSettings {
            now: OffsetDateTime::now_utc(),
            organiser: people.organiser.verifying_key().clone(),
            trustees: people
                .trustees
                .iter()
                .map(|k| k.verifying_key().clone())
                .collect(),
            scale,
            published: &published,
        };
        let definition = examples::live_definition(example, &settings)?;
        let result = Box::pin(election(
            request, data, &remote, board_key, &people, example, definition, ui,
        ))
        .await?;
        published.push((result.election.clone(), result.definition.hash()));
        done.push(result);
    }
    let procedure = match procedure {
        Some(mut p) => {
            p.advance(&upcoming[first..], &ran(&done[first..]), ui)
                .await?;
            Some(procedure_report(&p, data, &done[first..]).await?)
        }
        None => None,
    };
    Ok((done, procedure))
}

fn ran(done: &[DemoElection]) -> Vec<Ran> {
    done.iter()
        .map(|e| Ran {
            definition: e.definition.clone(),
            outcome: e.outcome.clone(),
        })
        .collect()
}

/// Exports the procedure's record and verifies it with the elections' reports.
async fn procedure_report(
    procedure: &DemoProcedure,
    data: &Path,
    done: &[DemoElection],
) -> Result<DemoProcedureReport, CliError> {
    let text = procedure.record().await?;
    let record = data
        .join("records")
        .join(format!("{}.procedure.jsonl", procedure.id()));
    if let Some(dir) = record.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir, "creating the folder"))?;
    }
    std::fs::write(&record, &text).map_err(io(&record, "writing"))?;
    let reports: Vec<zhixuan_verify::Report> =
        done.iter().map(|e| e.verification.clone()).collect();
    let verification = zhixuan_verify::verify_procedure(
        text.as_bytes(),
        &reports,
        &zhixuan_verify::Options::default(),
    )
    .map_err(|e| CliError::Internal(e.to_string()))?;
    Ok(DemoProcedureReport {
        procedure: procedure.id().to_owned(),
        record,
        verification,
    })
}

// The demo's steps share these; a struct for them would only be unpacked again.
#[allow(clippy::too_many_arguments)]
async fn election(
    request: &DemoRequest,
    data: &Path,
    remote: &Remote,
    board_key: &str,
    people: &Participants,
    example: &examples::ExampleElection,
    definition: ElectionDefinition,
    ui: &Ui,
) -> Result<DemoElection, CliError> {
    let id = definition.election_id().to_owned();
    ui.step(
        &format!("── {} ──", definition.document().title.zh),
        &format!("── {} ──", definition.document().title.en),
    );

    // Step 2: the definition, written to a file and read back as `organiser create` does,
    // then published; then each group's credentials.
    let definition_file = data.join("definitions").join(format!("{id}.json"));
    let json = definition
        .to_json()
        .map_err(|e| CliError::Internal(e.to_string()))?;
    if let Some(dir) = definition_file.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir, "creating the folder"))?;
    }
    std::fs::write(&definition_file, json).map_err(io(&definition_file, "writing"))?;
    let definition = organiser::load_definition(&definition_file)?;
    organiser::create(remote, &people.organiser, &definition).await?;
    let slip_dir = data.join("slips");
    let mut codes = Vec::new();
    for group in &definition.document().groups {
        let (issued, group_codes) = organiser::issue_credentials(
            remote,
            &people.organiser,
            &id,
            &group.id,
            &slip_dir,
            None,
        )
        .await?;
        ui.step(
            &format!("已为 {} 发放 {} 份凭证", group.id, issued.credentials),
            &format!("issued {} credentials to {}", issued.credentials, group.id),
        );
        codes.push((group.id.clone(), group_codes));
    }

    // Step 3: the key ceremony through the board, then the opening of the vote.
    let states = data.join("trustees").join(&id);
    let state_of = |i: usize| states.join(format!("trustee-{i}.state"));
    for (i, key) in people.trustees.iter().enumerate() {
        trustee::deal(remote, key, &id, &state_of(i + 1)).await?;
    }
    for (i, key) in people.trustees.iter().enumerate() {
        let checked = trustee::check(remote, key, &id, &state_of(i + 1)).await?;
        if checked
            .dealers
            .iter()
            .any(|(_, s)| *s == trustee::ShareStatus::Complained)
        {
            ui.step(
                &format!("监督委员 {} 发现错误份额并已投诉", i + 1),
                &format!("trustee {} found a wrong share and complained", i + 1),
            );
        }
    }
    let opened = organiser::open(remote, &people.organiser, &id).await?;
    ui.step(
        &format!(
            "密钥生成完成（{} 位合格），开始投票",
            opened.qualified.len()
        ),
        &format!(
            "key ceremony done ({} qualified); voting open",
            opened.qualified.len()
        ),
    );

    // Step 4: the voters.
    let voting = crate::voter::Voting::fetch(remote, &id).await?;
    let hash = definition.hash();
    let revote = definition.document().revote == RevotePolicy::LastCounts;
    let mut planned = Vec::new();
    for (group, ballots) in examples::planned_ballots(example, &definition)? {
        let Some((_, group_codes)) = codes.iter().find(|(g, _)| g == &group) else {
            continue;
        };
        for (choices, code) in ballots.into_iter().zip(group_codes) {
            planned.push(PlannedVoter {
                credential: code.credential(&hash)?,
                choices,
                audit_first: false,
                revote_from: None,
            });
        }
    }
    for voter in planned.iter_mut().take(request.audits) {
        voter.audit_first = true;
    }
    if revote {
        // A voter pressured into one ballot votes again later; only the last one counts.
        let styles: Vec<_> = planned
            .iter()
            .rev()
            .take(request.audits.max(1))
            .map(|v| {
                voting
                    .ballot_of(&v.credential)
                    .map(|(_, style)| simulate::random_choices(style))
            })
            .collect::<Result<_, _>>()?;
        for (voter, first) in planned.iter_mut().rev().zip(styles) {
            voter.revote_from = Some(first);
        }
    }
    ui.step(
        &format!("{} 位选民投票……", planned.len()),
        &format!("{} voters casting…", planned.len()),
    );
    let cast = simulate::cast_all(remote, &voting, planned, request.concurrency, ui).await;
    let counted = cast.results.iter().filter(|r| r.is_ok()).count();
    if let Some(Err(e)) = cast.results.into_iter().find(|r| r.is_err()) {
        return Err(e);
    }

    // The meeting's attendance, where a majority is of those present.
    for (group, present) in examples::planned_attendance(example, &definition)? {
        organiser::attendance(remote, &people.organiser, &id, &group, present).await?;
        ui.step(
            &format!("已公布 {group} 的到会人数：{present} 人"),
            &format!("attendance of {group} published: {present} present"),
        );
    }

    // Step 5: close and tally. A committee member saves the checkpoint of the closed log,
    // to hold the published record to it later.
    organiser::close(remote, &people.organiser, &id).await?;
    let checkpoint = data.join("checkpoints").join(format!("{id}.closed.txt"));
    let checkpoint_text = remote
        .client()
        .checkpoint(&id)
        .await
        .map_err(|e| CliError::Internal(format!("reading the checkpoint: {e}")))?;
    if let Some(dir) = checkpoint.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir, "creating the folder"))?;
    }
    std::fs::write(&checkpoint, &checkpoint_text).map_err(io(&checkpoint, "writing"))?;
    organiser::tally(remote, &people.organiser, &id, ui).await?;
    ui.step("已公布加密计票结果", "encrypted tally published");

    // Step 6: three trustees decrypt, each on their own (at once, as people would); the
    // result.
    let election = id.as_str();
    let [a, b, c] = DECRYPTING.map(|i| {
        let state = state_of(i);
        async move {
            trustee::decrypt(remote, &people.trustees[i - 1], election, &state, ui).await?;
            ui.step(
                &format!("监督委员 {i} 已解密"),
                &format!("trustee {i} decrypted"),
            );
            Ok::<(), CliError>(())
        }
    });
    let (a, b, c) = tokio::join!(a, b, c);
    a.and(b).and(c)?;
    let decided = organiser::result(remote, &people.organiser, &id, ui).await?;

    // Step 7: the record.
    let record = data.join("records").join(format!("{id}.jsonl"));
    remote.export(&id, &record, ui).await?;
    ui.step(
        &format!("记录已导出：{}", record.display()),
        &format!("record exported: {}", record.display()),
    );

    // Step 8: the verifier checks the record.
    let options = zhixuan_verify::Options {
        checkpoints: vec![zhixuan_verify::SavedCheckpoint {
            source: checkpoint.display().to_string(),
            text: checkpoint_text,
        }],
        board_key: Some(board_key.to_owned()),
        progress: false,
    };
    let reading = record.clone();
    let verification = tokio::task::spawn_blocking(move || {
        let file = std::fs::File::open(&reading).map_err(io(&reading, "reading"))?;
        zhixuan_verify::verify_record(std::io::BufReader::new(file), &options)
            .map_err(|e| CliError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| CliError::Internal(e.to_string()))??;
    if !verification.complete() {
        return Err(CliError::NotVerified {
            election: id,
            report: verification.render(verify_lang(ui.lang)),
        });
    }
    ui.step("记录已通过验证", "the record verifies");

    let groups = decided
        .outcome
        .groups
        .iter()
        .map(|g| (g.group.clone(), g.eligible, g.ballots_cast))
        .collect();
    Ok(DemoElection {
        election: id,
        title: definition.document().title.clone(),
        groups,
        audited: cast.audits.len(),
        replaced: cast.replaced.len(),
        cast_seconds: cast.seconds,
        ballots_per_second: counted as f64 / cast.seconds.max(1e-9),
        decrypted_by: decided.decrypted_by.iter().map(|t| t.0).collect(),
        outcome: decided.outcome,
        record,
        definition_file,
        checkpoint,
        verification,
        definition,
    })
}
