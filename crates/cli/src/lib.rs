//! # zhixuan-cli
//!
//! The `zhixuan` command: everything organisers, trustees and voters do in a Zhixuan (直选)
//! election that is not verifying it, against a running board through its typed client —
//! and `zhixuan demo`, which runs a whole example election on a board of its own.
//!
//! The demo is the only part that runs a server: it is behind the `demo` feature (on by
//! default), so that `--no-default-features` builds the voters' and trustees' command, which
//! holds credentials and secret shares, without linking a server stack (axum, hyper, sqlx,
//! maud).
//!
//! The binary only parses the command line and prints; everything else is this library,
//! so that tests drive the very code people run: [`run`] takes a parsed [`Cli`] and
//! returns a typed [`Report`], which renders in Chinese or English or as JSON.
//!
//! | role | module |
//! |---|---|
//! | organiser (选举工作领导小组) | [`organiser`] |
//! | the stages around the vote (registration, review, lot, decisions…) | [`procedure`] |
//! | trustee (监督委员会成员) | [`trustee`] |
//! | voter | [`voter`], [`choices`] |
//! | the board as they see it | [`remote`] |
//! | key and state files | [`keys`] |
//! | credential slips | [`slips`] |
//! | many voters at once | [`simulate`] |
//! | a season of many elections | [`season`] |
//! | the examples and the demo | [`examples`], [`demo`] |

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod choices;
#[cfg(feature = "demo")]
pub mod demo;
#[cfg(feature = "demo")]
mod demo_procedure;
pub mod error;
pub mod examples;
pub mod help;
pub mod kept;
pub mod keys;
pub mod messages;
pub mod organiser;
pub mod output;
pub mod procedure;
pub mod remote;
pub mod report;
pub mod season;
pub mod simulate;
pub mod slips;
pub mod trustee;
pub mod voter;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use error::CliError;
pub use examples::ExampleName;
pub use messages::Lang;
pub use output::Ui;
pub use remote::Remote;
pub use report::Report;

/// Zhixuan (直选): verifiable encrypted ballots for grassroots elections and evaluations.
#[derive(Parser, Debug)]
#[command(
    name = "zhixuan",
    version,
    about,
    after_help = "Examples:\n  zhixuan demo\n  zhixuan demo --example pingchang --voters 300\n  zhixuan --board http://board.example:8080 vote --election nanjing-2024 --credential K7Q2M-9XD4R-TBH0P-C1N8S-W3YZA --choice \"committee-election=1,2,3\"\n\nExit status: 0 done; 1 the board refused or a check failed; 2 the input could not be used; 3 the board could not be reached."
)]
pub struct Cli {
    /// The board's URL.
    #[arg(
        long,
        global = true,
        env = "ZHIXUAN_BOARD",
        default_value = "http://127.0.0.1:8080"
    )]
    pub board: String,
    /// The language of the output (default: from LC_ALL / LC_MESSAGES / LANG; zh* is Chinese).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Print the report as JSON, for programs.
    #[arg(long, global = true)]
    pub json: bool,
    /// The board's key as the organiser gave it (on the slip): its checkpoints are checked
    /// against this key, not against whatever key the board serves.
    #[arg(long, global = true, env = "ZHIXUAN_BOARD_KEY")]
    pub board_key: Option<String>,
    /// Seconds to wait for the board's answer before trying again (up to four attempts).
    #[arg(long, global = true, env = "ZHIXUAN_TIMEOUT", default_value_t = 45)]
    pub timeout: u64,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The organiser's steps: keys, definition, credentials, open, close, tally, result.
    #[command(subcommand)]
    Organiser(OrganiserCommand),
    /// A supervision committee member's steps: keys, key ceremony, decryption.
    #[command(subcommand)]
    Trustee(TrusteeCommand),
    /// The stages around the vote: plan, registration, review, lot, decisions, lists.
    #[command(subcommand)]
    Procedure(procedure::ProcedureCommand),
    /// A season: many elections from one template and a table of communities, each step
    /// taken in every election with one command.
    #[command(subcommand)]
    Season(SeasonCommand),
    /// Cast a ballot (or audit one) with a credential slip.
    #[command(
        after_help = "Examples:\n  zhixuan vote --election nanjing-2024 --credential K7Q2M-9XD4R-TBH0P-C1N8S-W3YZA \\\n      --choice \"secretary-recommendation=王芳,李明\" --choice \"committee-election=1,2,3,4,5\"\n  zhixuan vote --credential slip.txt --choice \"officials=1:1,2:1,3:2,4:1,5:3\" --audit\n\nRun `zhixuan ballot --election ID --credential ...` to see the ballot and how to mark it."
    )]
    Vote(VoteArgs),
    /// Show a ballot: its contests, candidates and options, numbered.
    #[command(after_help = "Example:\n  zhixuan ballot --election nanjing-2024 --group members")]
    Ballot(BallotArgs),
    /// Check that a tracking code is on the board, with the board's signed proof.
    #[command(
        after_help = "Examples:\n  zhixuan check 7KQ2-M9XD-4RTB-H0PC --election nanjing-2024\n  zhixuan check 7KQ2-M9XD-4RTB-H0PC\n  zhixuan check --credential slip.txt"
    )]
    Check(CheckArgs),
    /// An election's phase and ballots counted so far.
    #[command(after_help = "Example:\n  zhixuan status --election nanjing-2024")]
    Status(ElectionArg),
    /// Export an election's record (JSON Lines) for the verifier.
    #[command(
        after_help = "Example:\n  zhixuan record --election nanjing-2024 --out nanjing-2024.jsonl"
    )]
    Record(RecordArgs),
    /// Cast random valid ballots from many concurrent clients (rehearsals, load tests).
    #[command(
        after_help = "Example:\n  zhixuan simulate --election rehearsal-2024 --slips slips/rehearsal-2024.members.slips.txt --concurrency 32"
    )]
    Simulate(SimulateArgs),
    /// Run a whole example election on a board of its own, over HTTP.
    #[command(
        after_help = "Examples:\n  zhixuan demo\n  zhixuan demo --example pingchang\n  zhixuan demo --example nanning --voters 200 --dir /tmp/demo"
    )]
    #[cfg(feature = "demo")]
    Demo(DemoArgs),
}

/// `--election`.
#[derive(Args, Debug)]
pub struct ElectionArg {
    /// The election id.
    #[arg(long, env = "ZHIXUAN_ELECTION")]
    pub election: String,
}

/// The organiser's commands.
#[derive(Subcommand, Debug)]
pub enum OrganiserCommand {
    /// Create the organiser's key file; prints the public key for the definition.
    #[command(after_help = "Example:\n  zhixuan organiser keygen --out organiser.key")]
    Keygen(KeygenArgs),
    /// Validate a definition and publish it on the board.
    #[command(
        after_help = "Example:\n  zhixuan organiser create nanjing-2024.json --key organiser.key"
    )]
    Create(CreateArgs),
    /// Issue one group's credentials: printable slips, and the public list to the board.
    #[command(
        after_help = "Example:\n  zhixuan organiser credentials --election nanjing-2024 --group members --out slips --key organiser.key"
    )]
    Credentials(CredentialsArgs),
    /// Open voting under the key the ceremony on the board produced.
    #[command(
        after_help = "Example:\n  zhixuan organiser open --election nanjing-2024 --key organiser.key"
    )]
    Open(OrganiserArgs),
    /// Close voting.
    #[command(
        after_help = "Example:\n  zhixuan organiser close --election nanjing-2024 --key organiser.key"
    )]
    Close(OrganiserArgs),
    /// Publish how many of a group's members are present at the meeting, before voting
    /// closes: a majority "of those present" is counted over them.
    #[command(
        after_help = "Example:\n  zhixuan organiser attendance --election pingchang-2024-round-1 --group members --present 306 --key organiser.key"
    )]
    Attendance(AttendanceArgs),
    /// Withdraw the election before voting opens (e.g. to correct its definition): the board
    /// then accepts nothing more for it, and its slips are void. Publish the corrected
    /// definition under a new election id with `organiser create`.
    #[command(
        after_help = "Example:\n  zhixuan organiser withdraw --election nanjing-2024 --reason \"候选人姓名有误\" --replaced-by nanjing-2024-b --key organiser.key"
    )]
    Withdraw(WithdrawArgs),
    /// Check every ballot on the board and publish the encrypted tally.
    #[command(
        after_help = "Example:\n  zhixuan organiser tally --election nanjing-2024 --key organiser.key"
    )]
    Tally(OrganiserArgs),
    /// Combine the trustees' decryptions, decide by the rules, publish the result.
    #[command(
        after_help = "Example:\n  zhixuan organiser result --election nanjing-2024 --key organiser.key"
    )]
    Result(OrganiserArgs),
}

/// The organiser's commands over a season.
#[derive(Subcommand, Debug)]
pub enum SeasonCommand {
    /// Make each community's definition from the template and the table, check them all,
    /// and publish each one not on the board yet.
    #[command(
        after_help = "Example:\n  zhixuan season create --template examples/season/template.json --communities examples/season/communities.csv --dir season-2026 --key organiser.key\n\nThe table: see docs/season.md."
    )]
    Create(SeasonCreateArgs),
    /// Issue every group's credentials in every election of the season.
    #[command(
        after_help = "Example:\n  zhixuan season slips --dir season-2026 --key organiser.key"
    )]
    Slips(SeasonSlipsArgs),
    /// Open voting in every election of the season.
    #[command(
        after_help = "Example:\n  zhixuan season open --dir season-2026 --key organiser.key"
    )]
    Open(SeasonArgs),
    /// Close voting in every election of the season.
    #[command(
        after_help = "Example:\n  zhixuan season close --dir season-2026 --key organiser.key"
    )]
    Close(SeasonArgs),
    /// Check every ballot and publish the encrypted tally in every election of the season.
    #[command(
        after_help = "Example:\n  zhixuan season tally --dir season-2026 --key organiser.key"
    )]
    Tally(SeasonArgs),
    /// Combine the decryptions and publish the result in every election of the season.
    #[command(
        after_help = "Example:\n  zhixuan season result --dir season-2026 --key organiser.key"
    )]
    Result(SeasonArgs),
}

/// `season create`.
#[derive(Args, Debug)]
pub struct SeasonCreateArgs {
    /// The template: a definition (JSON) whose title may hold `{name}`.
    #[arg(long)]
    pub template: PathBuf,
    /// The table of communities (CSV: id, name, name_en, groups, candidates; or 编号, 名称,
    /// 英文名称, 选民组, 候选人).
    #[arg(long)]
    pub communities: PathBuf,
    /// The season's folder and the organiser's key (`--dir`, `--key`).
    #[command(flatten)]
    pub season: SeasonArgs,
}

/// `season slips`.
#[derive(Args, Debug)]
pub struct SeasonSlipsArgs {
    /// The season's folder and the organiser's key (`--dir`, `--key`).
    #[command(flatten)]
    pub season: SeasonArgs,
    /// The board's address as voters will reach it, printed on the slips (default: --board).
    #[arg(long)]
    pub public_url: Option<String>,
}

/// The organiser's season commands.
#[derive(Args, Debug)]
pub struct SeasonArgs {
    /// The season's folder: its manifest (season.json), definitions and slips.
    #[arg(long = "dir")]
    pub dir: PathBuf,
    /// The organiser's key file.
    #[arg(long)]
    pub key: PathBuf,
}

/// A trustee's commands over a season.
#[derive(Subcommand, Debug)]
pub enum TrusteeSeasonCommand {
    /// Deal in every election of the season (each its own ceremony and state file).
    #[command(
        after_help = "Example:\n  zhixuan trustee season deal --season season-2026/season.json --key trustee.key --states trustee-states"
    )]
    Deal(TrusteeSeasonArgs),
    /// Check the shares dealt to you in every election of the season.
    #[command(
        after_help = "Example:\n  zhixuan trustee season check --season season-2026/season.json --key trustee.key --states trustee-states"
    )]
    Check(TrusteeSeasonArgs),
    /// Check each tally and publish your partial decryption in every election of the season.
    #[command(
        after_help = "Example:\n  zhixuan trustee season decrypt --season season-2026/season.json --key trustee.key --states trustee-states"
    )]
    Decrypt(TrusteeSeasonArgs),
}

/// The trustee's season commands.
#[derive(Args, Debug)]
pub struct TrusteeSeasonArgs {
    /// The season's manifest (season.json, from the organiser), or its folder.
    #[arg(long)]
    pub season: PathBuf,
    /// The trustee's key file.
    #[arg(long)]
    pub key: PathBuf,
    /// The folder of this trustee's secret state files, one per election (ELECTION.state).
    #[arg(long)]
    pub states: PathBuf,
}

/// `keygen`.
#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// The new key file (never overwritten; readable only by you).
    #[arg(long)]
    pub out: PathBuf,
}

/// `organiser create`.
#[derive(Args, Debug)]
pub struct CreateArgs {
    /// The definition (JSON; see spec/definition.md).
    pub definition: PathBuf,
    /// The organiser's key file.
    #[arg(long)]
    pub key: PathBuf,
}

/// `organiser credentials`.
#[derive(Args, Debug)]
pub struct CredentialsArgs {
    /// The election (`--election`).
    #[command(flatten)]
    pub election: ElectionArg,
    /// The voter group.
    #[arg(long)]
    pub group: String,
    /// The folder for the slips.
    #[arg(long)]
    pub out: PathBuf,
    /// The board's address as voters will reach it, printed on the slips (default: --board).
    #[arg(long)]
    pub public_url: Option<String>,
    /// The organiser's key file.
    #[arg(long)]
    pub key: PathBuf,
}

/// The organiser's commands on an election.
#[derive(Args, Debug)]
pub struct OrganiserArgs {
    /// The election (`--election`).
    #[command(flatten)]
    pub election: ElectionArg,
    /// The organiser's key file.
    #[arg(long)]
    pub key: PathBuf,
}

/// `organiser attendance`.
#[derive(Args, Debug)]
pub struct AttendanceArgs {
    /// The election and the organiser's key (`--election`, `--key`).
    #[command(flatten)]
    pub organiser: OrganiserArgs,
    /// The voter group's id.
    #[arg(long)]
    pub group: String,
    /// How many of its members are present.
    #[arg(long)]
    pub present: u64,
}

/// `organiser withdraw`.
#[derive(Args, Debug)]
pub struct WithdrawArgs {
    /// The election and the organiser's key (`--election`, `--key`).
    #[command(flatten)]
    pub organiser: OrganiserArgs,
    /// Why the election is withdrawn, in your words; shown on the board.
    #[arg(long)]
    pub reason: String,
    /// The id of the corrected election that replaces it, if there is one.
    #[arg(long)]
    pub replaced_by: Option<String>,
}

/// The trustee's commands.
#[derive(Subcommand, Debug)]
pub enum TrusteeCommand {
    /// Create a trustee's key file; prints the public key for the definition.
    #[command(after_help = "Example:\n  zhixuan trustee keygen --out trustee.key")]
    Keygen(KeygenArgs),
    /// Deal: publish commitments and encrypted shares; keep the secrets in the state file.
    #[command(
        after_help = "Example:\n  zhixuan trustee deal --election nanjing-2024 --key trustee.key --state trustee.state"
    )]
    Deal(TrusteeArgs),
    /// Check the shares others dealt to you; publish a complaint against a wrong one.
    #[command(
        after_help = "Example:\n  zhixuan trustee check --election nanjing-2024 --key trustee.key --state trustee.state"
    )]
    Check(TrusteeArgs),
    /// Check the tally against every ballot, then publish your partial decryption.
    #[command(
        after_help = "Example:\n  zhixuan trustee decrypt --election nanjing-2024 --key trustee.key --state trustee.state"
    )]
    Decrypt(TrusteeArgs),
    /// The same steps in every election of a season.
    #[command(subcommand)]
    Season(TrusteeSeasonCommand),
}

/// The trustee's commands on an election.
#[derive(Args, Debug)]
pub struct TrusteeArgs {
    /// The election (`--election`).
    #[command(flatten)]
    pub election: ElectionArg,
    /// The trustee's key file.
    #[arg(long)]
    pub key: PathBuf,
    /// The trustee's secret state file for this election (written by `deal`).
    #[arg(long)]
    pub state: PathBuf,
}

/// `vote`.
#[derive(Args, Debug)]
pub struct VoteArgs {
    /// The election id (not needed when the credential is the slip's QR text).
    #[arg(long, env = "ZHIXUAN_ELECTION")]
    pub election: Option<String>,
    /// The slip code (e.g. K7Q2M-9XD4R-TBH0P-C1N8S-W3YZA), the slip's QR text, or a file holding it.
    #[arg(long)]
    pub credential: String,
    /// CONTEST=VALUE,VALUE — one per contest on the ballot (candidates by name, id or number;
    /// PERSON:OPTION for trust votes and evaluations).
    #[arg(long = "choice")]
    pub choices: Vec<String>,
    /// Audit the ballot instead of casting it: it is published opened and never counted.
    #[arg(long)]
    pub audit: bool,
    /// The folder where the ballot is kept before it is sent, so that it can be sent again
    /// if the board's answer is lost (it holds no secret and not your choices).
    #[arg(long, env = "ZHIXUAN_BALLOTS", default_value = "zhixuan-ballots")]
    pub ballots: PathBuf,
}

/// `ballot`.
#[derive(Args, Debug)]
pub struct BallotArgs {
    /// The election id.
    #[arg(long, env = "ZHIXUAN_ELECTION")]
    pub election: Option<String>,
    /// The voter group whose ballot to show.
    #[arg(long, conflicts_with = "credential")]
    pub group: Option<String>,
    /// Or the credential, to show its group's ballot.
    #[arg(long)]
    pub credential: Option<String>,
}

/// `check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The tracking code (e.g. 7KQ2-M9XD-4RTB-H0PC); or give --credential instead.
    #[arg(required_unless_present = "credential")]
    pub tracking_code: Option<String>,
    /// The election id (without it, the board's elections are searched for the code).
    #[arg(long, env = "ZHIXUAN_ELECTION")]
    pub election: Option<String>,
    /// Your slip (its code, its QR text, or a file holding it): finds the ballot it cast.
    #[arg(long, conflicts_with = "tracking_code")]
    pub credential: Option<String>,
    /// The folder where `zhixuan vote` kept your ballot.
    #[arg(long, env = "ZHIXUAN_BALLOTS", default_value = "zhixuan-ballots")]
    pub ballots: PathBuf,
}

/// `record`.
#[derive(Args, Debug)]
pub struct RecordArgs {
    /// The election (`--election`).
    #[command(flatten)]
    pub election: ElectionArg,
    /// The file to write (never overwritten).
    #[arg(long)]
    pub out: PathBuf,
}

/// `simulate`.
#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// The election (`--election`).
    #[command(flatten)]
    pub election: ElectionArg,
    /// Slip code lists written by `organiser credentials` (…slips.txt); repeatable.
    #[arg(long, required = true)]
    pub slips: Vec<PathBuf>,
    /// How many voters (default: one per slip).
    #[arg(long)]
    pub voters: Option<usize>,
    /// Clients casting at once.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// One voter in this many audits a ballot before casting (0: none).
    #[arg(long, default_value_t = 0)]
    pub audit_every: usize,
}

/// `demo`.
#[cfg(feature = "demo")]
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Which example election.
    #[arg(long, value_enum, default_value = "nanjing")]
    pub example: ExampleName,
    /// Eligible voters in the (first) election; groups are scaled to it (default: the
    /// example's own sizes).
    #[arg(long)]
    pub voters: Option<u64>,
    /// Where to make the data folder.
    #[arg(long, default_value = "zhixuan-demo")]
    pub dir: PathBuf,
    /// Clients casting at once.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Voters who audit a ballot before casting, per election.
    #[arg(long, default_value_t = 3)]
    pub audits: usize,
}

/// Runs a parsed command.
pub async fn run(cli: Cli, ui: &Ui) -> Result<Report, CliError> {
    // On the heap: the state machine of every command together is large, and callers
    // (tests, small thread stacks) should not have to make room for it.
    Box::pin(report::dispatch(cli, ui)).await
}
