//! `zhixuan-verify`: check a published election without trusting the organiser, the
//! board, or any single trustee. Exit status: 0 the record verifies, 1 it does not, 2 the
//! input could not be read. For `ballot`: 0 the ballot is on the board and is the one
//! counted for its credential; 3 it is on the board but not counted (superseded by a later
//! ballot of its credential, or audited); 1 it is not on the board or the board's proof does
//! not hold; 2 the input could not be read.

use std::fs::File;
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use zhixuan_record::client::ClientError;
use zhixuan_tally::TrackingCode;
use zhixuan_verify::{
    check_ballot_in_record, check_ballot_on_board, fetch_record, verify_procedure, verify_record,
    verify_season_board, verify_season_folder, BallotCheck, BallotCheckError, BoardClient, Lang,
    Options, Report, SavedCheckpoint, Standing,
};

#[derive(Parser)]
#[command(
    name = "zhixuan-verify",
    version,
    about = "Verify a Zhixuan election record: every proof, every ballot, the tally, the decryption and the outcome",
    after_help = "Examples:\n  zhixuan-verify record nanjing.record.jsonl --checkpoint saved-at-meeting.txt\n  zhixuan-verify board http://127.0.0.1:8080 nanjing-demo-community-2024\n  zhixuan-verify procedure nanjing.procedure.jsonl --election recommendation.jsonl --election assembly.jsonl\n  zhixuan-verify season http://127.0.0.1:8080 --save season-2026\n  zhixuan-verify season season-2026/\n  zhixuan-verify ballot --board http://127.0.0.1:8080 --election nanjing-demo-community-2024 7K3M-Q9XA-2B4C-D8EF\n\nExit status: 0 the record verifies (for `season`: every record), 1 it does not, 2 the input could not be read.\nFor `ballot`: 0 on the board and counted; 3 on the board but not counted (superseded by a later ballot of the same credential, or audited); 1 not on the board, or the board's proof does not hold; 2 the input could not be read."
)]
struct Cli {
    /// Language of the report (zh or en); by default from the locale.
    #[arg(long, global = true)]
    lang: Option<Lang>,
    /// Print the report as JSON, for programs.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a procedure's record (its stages: registration, review, lots, votes,
    /// decisions, filing), with the records of the elections its vote stages name.
    Procedure {
        /// The procedure's record file (JSON Lines), from `GET /procedures/ID/record`.
        file: PathBuf,
        /// The record of an election a vote stage names. Repeatable.
        #[arg(long = "election")]
        elections: Vec<PathBuf>,
        #[command(flatten)]
        trust: Trust,
    },
    /// Verify a record file exported from a board.
    Record {
        /// The record file (JSON Lines).
        file: PathBuf,
        #[command(flatten)]
        trust: Trust,
    },
    /// Fetch an election's record from a running board, then verify it.
    Board {
        /// The board's address, e.g. http://127.0.0.1:8080.
        url: String,
        /// The election's id.
        election: String,
        /// Where to keep the fetched record (an interrupted fetch resumes from it).
        #[arg(long)]
        save: Option<PathBuf>,
        #[command(flatten)]
        trust: Trust,
    },
    /// Verify a whole season in parallel: every election and procedure a board lists, or
    /// every record file (*.jsonl) in a folder. One table, one exit status (0 only if every
    /// record verifies).
    Season {
        /// A board's address (http:// or https://), or a folder of record files.
        source: String,
        /// Where to keep the records fetched from a board (an interrupted fetch resumes
        /// from them); by default the folder `season-records`.
        #[arg(long)]
        save: Option<PathBuf>,
        /// The board's key, if known from elsewhere; otherwise each record's is used.
        #[arg(long)]
        board_key: Option<String>,
    },
    /// Check that the ballot with a tracking code is on the board, and whether it is counted,
    /// superseded or audited (exit status 0 counted, 3 not counted).
    Ballot {
        /// Ask this board (with the election's id as ELECTION).
        #[arg(long, requires = "election", conflicts_with = "record")]
        board: Option<String>,
        /// The election's id, with --board.
        #[arg(long)]
        election: Option<String>,
        /// Look in this record file instead of asking a board.
        #[arg(long)]
        record: Option<PathBuf>,
        /// The tracking code printed when the ballot was cast.
        code: String,
        /// A checkpoint saved earlier; the board's log must extend it (with --board).
        #[arg(long, conflicts_with = "record")]
        checkpoint: Option<PathBuf>,
        /// The board's key, if known from elsewhere, e.g. the notice board (with --board).
        #[arg(long, conflicts_with = "record")]
        board_key: Option<String>,
    },
}

#[derive(clap::Args)]
struct Trust {
    /// A checkpoint saved earlier (e.g. during the meeting); the record must extend it.
    /// Repeatable.
    #[arg(long = "checkpoint")]
    checkpoints: Vec<PathBuf>,
    /// The board's key, if known from elsewhere; otherwise the record's is used.
    #[arg(long)]
    board_key: Option<String>,
}

/// The input could not be read: exit status 2.
struct Unreadable(String);

/// The exit status of `ballot` for a ballot on the board that is not counted.
const NOT_COUNTED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    match run(cli, lang) {
        Ok(status) => ExitCode::from(status),
        Err(Unreadable(message)) => {
            eprintln!(
                "{}: {message}",
                lang.pick("无法读取输入", "cannot read the input")
            );
            ExitCode::from(2)
        }
    }
}

/// The exit status: 0 the record verifies (for `ballot`: the ballot is counted), 1 it does
/// not, [`NOT_COUNTED`] for a ballot on the board that is not counted.
fn run(cli: Cli, lang: Lang) -> Result<u8, Unreadable> {
    let progress = !cli.json && std::io::stderr().is_terminal();
    match cli.command {
        Command::Procedure {
            file,
            elections,
            trust,
        } => {
            let options = options(&trust, progress)?;
            let mut reports = Vec::new();
            let mut all = true;
            for path in &elections {
                let report = verify_file(path, &options)?;
                all &= print_report(&report, lang, cli.json);
                reports.push(report);
            }
            let report = verify_procedure(open(&file)?, &reports, &options)
                .map_err(|e| Unreadable(format!("{}: {e}", file.display())))?;
            if cli.json {
                match serde_json::to_string_pretty(&report) {
                    Ok(text) => println!("{text}"),
                    Err(e) => eprintln!("{e}"),
                }
            } else {
                print!("{}", report.render(lang));
            }
            Ok(u8::from(!(all && report.passed())))
        }
        Command::Record { file, trust } => {
            let options = options(&trust, progress)?;
            let report = verify_file(&file, &options)?;
            Ok(u8::from(!print_report(&report, lang, cli.json)))
        }
        Command::Board {
            url,
            election,
            save,
            trust,
        } => {
            let options = options(&trust, progress)?;
            let path = save.unwrap_or_else(|| PathBuf::from(format!("{election}.record.jsonl")));
            let client = BoardClient::new(&url);
            fetch_record(&client, &election, &path, progress)
                .map_err(|e| Unreadable(e.to_string()))?;
            if !cli.json {
                eprintln!(
                    "{} {}",
                    lang.pick("记录已保存到", "record saved to"),
                    path.display()
                );
            }
            let report = verify_file(&path, &options)?;
            Ok(u8::from(!print_report(&report, lang, cli.json)))
        }
        Command::Season {
            source,
            save,
            board_key,
        } => {
            let options = Options {
                board_key,
                ..Options::default()
            };
            let report = if source.starts_with("http://") || source.starts_with("https://") {
                let folder = save.unwrap_or_else(|| PathBuf::from("season-records"));
                verify_season_board(&source, &folder, &options)
            } else {
                verify_season_folder(Path::new(&source), &options)
            }
            .map_err(|e| Unreadable(e.to_string()))?;
            if cli.json {
                match serde_json::to_string_pretty(&report) {
                    Ok(text) => println!("{text}"),
                    Err(e) => eprintln!("{e}"),
                }
            } else {
                print!("{}", report.render(lang));
            }
            Ok(u8::from(!report.passed()))
        }
        Command::Ballot {
            board,
            election,
            record,
            code,
            checkpoint,
            board_key,
        } => {
            let code: TrackingCode = code
                .parse()
                .map_err(|e| Unreadable(format!("tracking code `{code}`: {e}")))?;
            let saved = checkpoint.as_deref().map(read_checkpoint).transpose()?;
            // A board that cannot be reached or understood, or a file that is not a record,
            // is input that could not be read (exit 2), not a ballot that is missing (1).
            let found = match (board, election, record) {
                (Some(url), Some(election), None) => {
                    let client = BoardClient::new(&url);
                    match check_ballot_on_board(
                        &client,
                        &election,
                        &code,
                        board_key.as_deref(),
                        saved.as_ref(),
                    ) {
                        Err(BallotCheckError::Board(
                            e @ (ClientError::Unreachable { .. } | ClientError::Decode(_)),
                        )) => return Err(Unreadable(e.to_string())),
                        found => found,
                    }
                }
                (None, None, Some(path)) => match check_ballot_in_record(open(&path)?, &code) {
                    Err(BallotCheckError::Record(e)) => {
                        return Err(Unreadable(format!("{}: {e}", path.display())))
                    }
                    found => found,
                },
                _ => {
                    return Err(Unreadable(
                        "give either --board URL --election ID, or --record FILE".into(),
                    ))
                }
            };
            Ok(print_ballot(found, &code, lang, cli.json))
        }
    }
}

fn open(path: &Path) -> Result<BufReader<File>, Unreadable> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| Unreadable(format!("{}: {e}", path.display())))
}

fn read_checkpoint(path: &Path) -> Result<SavedCheckpoint, Unreadable> {
    std::fs::read_to_string(path)
        .map(|text| SavedCheckpoint {
            source: path.display().to_string(),
            text,
        })
        .map_err(|e| Unreadable(format!("{}: {e}", path.display())))
}

fn options(trust: &Trust, progress: bool) -> Result<Options, Unreadable> {
    Ok(Options {
        checkpoints: trust
            .checkpoints
            .iter()
            .map(|p| read_checkpoint(p))
            .collect::<Result<_, _>>()?,
        board_key: trust.board_key.clone(),
        progress,
    })
}

fn verify_file(path: &Path, options: &Options) -> Result<Report, Unreadable> {
    verify_record(open(path)?, options).map_err(|e| Unreadable(format!("{}: {e}", path.display())))
}

fn print_report(report: &Report, lang: Lang, json: bool) -> bool {
    if json {
        match serde_json::to_string_pretty(report) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("{e}"),
        }
    } else {
        print!("{}", report.render(lang));
    }
    report.passed()
}

/// Prints what the check found; returns the exit status (0 counted, 3 not counted, 1 not
/// found or not proved).
fn print_ballot(
    found: Result<BallotCheck, BallotCheckError>,
    code: &TrackingCode,
    lang: Lang,
    json: bool,
) -> u8 {
    let check = match (found, json) {
        (Err(e), true) => {
            let body =
                serde_json::json!({ "tracking_code": code.to_string(), "error": e.to_string() });
            println!("{body}");
            return 1;
        }
        (Err(e), false) => {
            println!("✗ {} {code}: {e}", lang.pick("跟踪码", "tracking code"));
            return 1;
        }
        (Ok(check), _) => check,
    };
    let status = match check.standing {
        Standing::Counted => 0,
        Standing::Superseded | Standing::Audited => NOT_COUNTED,
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&check).unwrap_or_default()
        );
        return status;
    }
    let what = match check.kind.as_str() {
        "audited_ballot" => lang.pick(
            "已核查（开启，不计票）的选票",
            "audited ballot (opened, not counted)",
        ),
        _ => lang.pick("选票", "ballot"),
    };
    println!(
        "✓ {} {code}: {what}, {} {}, {} {}",
        lang.pick("跟踪码", "tracking code"),
        lang.pick("日志条目", "log entry"),
        check.index,
        lang.pick("接收于", "received at"),
        check.received_at.replacen('T', " ", 1)
    );
    if check.checkpoint_size > 0 {
        println!(
            "  {} {}",
            lang.pick(
                "包含证明已对照公告板签名的检查点验证，日志条目数",
                "inclusion proof checked against the board's signed checkpoint of size"
            ),
            check.checkpoint_size
        );
    }
    if check.saved_checkpoint_consistent == Some(true) {
        println!(
            "  {}",
            lang.pick(
                "公告板今天的日志延续了您保存的检查点",
                "the board's log today extends the checkpoint you saved"
            )
        );
    }
    let standing = match (check.standing, lang) {
        (Standing::Counted, Lang::Zh) => "计入：这是此凭证计入的选票".to_owned(),
        (Standing::Counted, Lang::En) => {
            "counted: this is the ballot counted for its credential".to_owned()
        }
        (Standing::Superseded, Lang::Zh) => format!(
            "不计入：已被取代——同一凭证后来在第 {} 条又投了一张选票，只计最后一张；如果那不是您投的，请立即告诉选举工作监督委员会",
            check.superseded_by.unwrap_or_default()
        ),
        (Standing::Superseded, Lang::En) => format!(
            "not counted: superseded — the same credential cast a later ballot at log entry {}, and only the last counts; if you did not cast it, tell the supervision committee at once",
            check.superseded_by.unwrap_or_default()
        ),
        (Standing::Audited, Lang::Zh) => {
            "不计入：这张选票被打开核验，核验过的选票从不计票".to_owned()
        }
        (Standing::Audited, Lang::En) => {
            "not counted: this ballot was opened to audit the device; an audited ballot is never counted".to_owned()
        }
    };
    println!("  {standing}");
    status
}
