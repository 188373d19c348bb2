//! What each command reports, and the dispatch from a parsed command line to the library
//! function that does the work.

use std::path::{Path, PathBuf};

use serde::Serialize;
use zhixuan_election::{outcome_text, Bilingual, ElectionDefinition, Outcome, Question};
use zhixuan_record::{ElectionInfo, Phase};
use zhixuan_tally::TrusteeIndex;

#[cfg(feature = "demo")]
use crate::demo::{self, DemoReport, DemoRequest};
use crate::error::CliError;
use crate::kept;
use crate::keys::{self, Role};
use crate::messages::{self, Lang};
use crate::organiser::{
    self, AttendanceDeclared, Closed, Created, Decided, Issued, Opened, Tallied, Withdrawn,
};
use crate::output::Ui;
use crate::procedure;
use crate::remote::{self, Remote};
use crate::season::{self, SeasonDone, SeasonStep};
use crate::simulate::{self, SimulateRequest, Simulated};
use crate::slips::SlipCredential;
use crate::trustee::{self, Checked, Dealt, Decrypted};
use crate::voter::{self, not_listed, Receipt, Tracked, Voting};
use crate::{
    choices, BallotArgs, CheckArgs, Cli, Command, OrganiserCommand, SeasonCommand, TrusteeCommand,
    TrusteeSeasonCommand, VoteArgs,
};

/// A new key.
#[derive(Clone, Debug, Serialize)]
pub struct KeyCreated {
    /// Whose key it is: the organiser's, a trustee's, a deciding body's or a person's.
    pub role: Role,
    /// The new key file (readable only by its owner).
    pub path: PathBuf,
    /// Its public key, to write into the definition or the plan, or to publish.
    pub public_key: String,
}

impl KeyCreated {
    fn render(&self, lang: Lang) -> String {
        let who = match (self.role, lang) {
            (Role::Organiser, Lang::Zh) => "组织者",
            (Role::Organiser, Lang::En) => "organiser",
            (Role::Trustee, Lang::Zh) => "监督委员",
            (Role::Trustee, Lang::En) => "trustee",
            (Role::Body, Lang::Zh) => "决定机构",
            (Role::Body, Lang::En) => "deciding body",
            (Role::Person, Lang::Zh) => "个人（报名人或异议人）",
            (Role::Person, Lang::En) => "personal (registrant's or objector's)",
        };
        match lang {
            Lang::Zh => format!(
                "已生成{who}密钥：{}（仅本人可读，请备份并妥善保管）\n公钥（{}）：{}",
                self.path.display(),
                match self.role {
                    Role::Organiser | Role::Trustee => "写入选举定义",
                    Role::Body => "写入选举程序的计划",
                    Role::Person => "随报名或异议公布",
                },
                self.public_key
            ),
            Lang::En => format!(
                "Created the {who} key {} (readable only by you; back it up and keep it safe)\npublic key ({}): {}",
                self.path.display(),
                match self.role {
                    Role::Organiser | Role::Trustee => "for the election definition",
                    Role::Body => "for the procedure's plan",
                    Role::Person => "published with your registration or objection",
                },
                self.public_key
            ),
        }
    }
}

/// A ballot, as shown to a voter.
#[derive(Clone, Debug, Serialize)]
pub struct BallotShown {
    /// The election's id.
    pub election: String,
    /// The voter group whose ballot it is.
    pub group: String,
    /// The ballot's contests, in order, with their candidates or options and what a mark
    /// on each means.
    pub questions: Vec<Question>,
    #[serde(skip)]
    text: String,
}

/// An election's status.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    /// The election's title, in Chinese and English.
    pub title: Bilingual,
    /// The board's summary: id, definition hash, phase, entries in the log, ballots per
    /// group.
    #[serde(flatten)]
    pub info: ElectionInfo,
    /// The name of each group by its id, as the definition gives it.
    #[serde(skip)]
    pub group_names: Vec<(String, Bilingual)>,
    /// How far the setup has come: credential lists and the key ceremony.
    pub setup: SetupProgress,
    /// The published outcome, once decided.
    pub outcome: Option<Outcome>,
    /// The organiser's withdrawal, if the election was withdrawn before voting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<zhixuan_record::Withdrawal>,
    /// The election's definition, to name contests and candidates when printing the
    /// outcome (not in the JSON).
    #[serde(skip)]
    pub definition: ElectionDefinition,
}

/// How far the setup has come: whose credential lists are out, which trustees dealt, and
/// which of them have answered every other dealing (`zhixuan trustee check`).
#[derive(Clone, Debug, Serialize)]
pub struct SetupProgress {
    /// The ids of the voter groups whose credential lists are published.
    pub lists: Vec<String>,
    /// The trustees who have dealt, in the order their dealings are on the board.
    pub dealt: Vec<TrusteeIndex>,
    /// The trustees who dealt and have answered every other trustee's dealing.
    pub checked: Vec<TrusteeIndex>,
}

/// An election's status, read from the board: its summary, the setup's progress, and the
/// published outcome once there is one.
async fn status(remote: &Remote, election: &str) -> Result<Status, CliError> {
    let setup = remote.setup(election).await?;
    let info = remote.info(election).await?;
    let definition = setup.definition.clone();
    let dealt: Vec<TrusteeIndex> = setup.dealings.iter().map(|d| d.dealer).collect();
    let answered = |dealer: TrusteeIndex, recipient: TrusteeIndex| {
        setup
            .acknowledgements
            .iter()
            .any(|a| a.dealer == dealer && a.recipient == recipient)
            || setup
                .complaints
                .iter()
                .any(|c| c.dealer == dealer && c.recipient == recipient)
    };
    let checked = dealt
        .iter()
        .copied()
        .filter(|&r| dealt.iter().all(|&d| d == r || answered(d, r)))
        .collect();
    let outcome = match info.phase {
        Phase::Decided => remote
            .published_result(election, &definition)
            .await?
            .map(|r| r.outcome),
        _ => None,
    };
    Ok(Status {
        title: definition.document().title.clone(),
        info,
        group_names: definition
            .document()
            .groups
            .iter()
            .map(|g| (g.id.clone(), g.name.clone()))
            .collect(),
        setup: SetupProgress {
            lists: setup.lists.iter().map(|l| l.group.clone()).collect(),
            dealt,
            checked,
        },
        outcome,
        withdrawal: setup.withdrawal.map(|(_, w)| w),
        definition,
    })
}

impl Status {
    fn name<'a>(&'a self, lang: Lang, group: &'a str) -> &'a str {
        self.group_names
            .iter()
            .find(|(id, _)| id == group)
            .map_or(group, |(_, name)| lang.name(name))
    }

    fn render(&self, lang: Lang) -> String {
        let mut out = self.summary(lang);
        if let Some(w) = &self.withdrawal {
            out.push_str(&match (lang, &w.replaced_by) {
                (Lang::Zh, Some(next)) => format!("\n本选举已在投票前撤回，由选举 `{next}` 取代；它的凭证作废\n理由：{}", w.reason),
                (Lang::Zh, None) => format!("\n本选举已在投票前撤回；它的凭证作废\n理由：{}", w.reason),
                (Lang::En, Some(next)) => format!("\nthis election was withdrawn before voting, replaced by election `{next}`; its slips are void\nreason: {}", w.reason),
                (Lang::En, None) => format!("\nthis election was withdrawn before voting; its slips are void\nreason: {}", w.reason),
            });
            return out;
        }
        let lists: Vec<&str> = self
            .setup
            .lists
            .iter()
            .map(|g| self.name(lang, g))
            .collect();
        let missing: Vec<&str> = self
            .group_names
            .iter()
            .filter(|(id, _)| !self.setup.lists.contains(id))
            .map(|(_, name)| lang.name(name))
            .collect();
        let none = lang.pick("无", "none");
        let join = |v: &[&str]| {
            if v.is_empty() {
                none.to_owned()
            } else {
                v.join(lang.pick("、", ", "))
            }
        };
        out.push_str(&match lang {
            Lang::Zh => format!(
                "\n已公布凭证名单：{}；尚未公布：{}\n已分发密钥的监督委员：{}；已核查（答复了其他每份分发）：{}",
                join(&lists),
                join(&missing),
                crate::error::list(&self.setup.dealt),
                crate::error::list(&self.setup.checked)
            ),
            Lang::En => format!(
                "\ncredential lists published: {}; not yet: {}\ntrustees who dealt: {}; checked (answered every other dealing): {}",
                join(&lists),
                join(&missing),
                crate::error::list(&self.setup.dealt),
                crate::error::list(&self.setup.checked)
            ),
        });
        if let Some(outcome) = &self.outcome {
            out.push('\n');
            out.push_str(&outcome_text(lang, &self.definition, outcome));
        }
        out
    }

    fn summary(&self, lang: Lang) -> String {
        let ballots: Vec<String> = self
            .info
            .ballots
            .iter()
            .map(|(g, n)| format!("{}: {n}", self.name(lang, g)))
            .collect();
        format!(
            "{}\n`{}` · {}: {} · {}: {} · {}: {}",
            lang.name(&self.title),
            self.info.id,
            lang.pick("阶段", "phase"),
            messages::phase(lang, self.info.phase),
            lang.pick("记录条数", "entries"),
            self.info.size,
            lang.pick("选票", "ballots"),
            ballots.join(lang.pick("，", ", "))
        )
    }
}

/// An exported record.
#[derive(Clone, Debug, Serialize)]
pub struct RecordSaved {
    /// The election's id.
    pub election: String,
    /// The file written (JSON Lines), for `zhixuan-verify record`.
    pub path: PathBuf,
    /// How many entries of the election's log it holds.
    pub entries: u64,
}

/// What a command did.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "report", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)]
pub enum Report {
    /// A key file made (`organiser keygen`, `trustee keygen`, `procedure keygen`).
    KeyCreated(KeyCreated),
    /// A definition published (`organiser create`).
    Created(Created),
    /// A group's credentials issued and their list published (`organiser credentials`).
    Issued(Issued),
    /// Voting opened (`organiser open`).
    Opened(Opened),
    /// Voting closed (`organiser close`).
    Closed(Closed),
    /// A group's attendance published (`organiser attendance`).
    Attendance(AttendanceDeclared),
    /// The election withdrawn before voting (`organiser withdraw`).
    Withdrawn(Withdrawn),
    /// The encrypted tally published (`organiser tally`).
    Tallied(Tallied),
    /// The result published, or found published already (`organiser result`).
    Decided(Decided),
    /// A trustee's dealing published (`trustee deal`).
    Dealt(Dealt),
    /// A trustee's received shares checked and answered (`trustee check`).
    Checked(Checked),
    /// A trustee's partial decryption published (`trustee decrypt`).
    Decrypted(Decrypted),
    /// A ballot cast or audited (`vote`).
    Receipt(Receipt),
    /// A ballot shown (`ballot`).
    Ballot(BallotShown),
    /// A tracking code found on the board (`check`).
    Tracked(Tracked),
    /// An election's status (`status`).
    Status(Status),
    /// An election's record exported (`record`).
    Record(RecordSaved),
    /// Many voters' ballots cast (`simulate`).
    Simulated(Simulated),
    /// A step taken in every election of a season (`season …`, `trustee season …`).
    Season(SeasonDone),
    /// A whole example election run (`demo`).
    #[cfg(feature = "demo")]
    Demo(DemoReport),
    /// An entry of a procedure published (`procedure create`, `register`, `decide`…).
    ProcedurePublished(procedure::Published),
    /// A procedure's status (`procedure status`).
    ProcedureStatus(procedure::ProcedureStatus),
}

impl Report {
    /// The report for people.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Report::KeyCreated(r) => r.render(lang),
            Report::Created(r) => r.render(lang),
            Report::Issued(r) => r.render(lang),
            Report::Opened(r) => r.render(lang),
            Report::Closed(r) => r.render(lang),
            Report::Attendance(r) => r.render(lang),
            Report::Withdrawn(r) => r.render(lang),
            Report::Tallied(r) => r.render(lang),
            Report::Decided(r) => r.render(lang),
            Report::Dealt(r) => r.render(lang),
            Report::Checked(r) => r.render(lang),
            Report::Decrypted(r) => r.render(lang),
            Report::Receipt(r) => r.render(lang),
            Report::Ballot(r) => r.text.clone(),
            Report::Tracked(r) => r.render(lang),
            Report::Status(r) => r.render(lang),
            Report::Record(r) => match lang {
                Lang::Zh => format!(
                    "已导出选举 `{}` 的记录：{}（{} 条）\n核查：zhixuan-verify record {}",
                    r.election,
                    r.path.display(),
                    r.entries,
                    r.path.display()
                ),
                Lang::En => format!(
                    "Exported the record of `{}`: {} ({} entries)\nverify it: zhixuan-verify record {}",
                    r.election,
                    r.path.display(),
                    r.entries,
                    r.path.display()
                ),
            },
            Report::Simulated(r) => r.render(lang),
            Report::Season(r) => r.render(lang),
            #[cfg(feature = "demo")]
            Report::Demo(r) => r.render(lang),
            Report::ProcedurePublished(r) => r.render(lang),
            Report::ProcedureStatus(r) => r.render(lang),
        }
    }

    /// The exit status of a command that ran to its end: [`crate::error::EXIT_FAILED`] for a
    /// season step that failed in some election (the others went on), else 0.
    pub fn exit_code(&self) -> u8 {
        match self {
            Report::Season(r) if !r.complete() => crate::error::EXIT_FAILED,
            _ => 0,
        }
    }

    /// The report for programs.
    pub fn to_json(&self) -> Result<String, CliError> {
        serde_json::to_string_pretty(self).map_err(|e| CliError::Internal(e.to_string()))
    }
}

fn election_of(given: Option<&str>, slip: Option<&SlipCredential>) -> Result<String, CliError> {
    let from_slip = slip.and_then(|s| s.election.as_deref());
    match (given, from_slip) {
        (Some(a), Some(b)) if a != b => Err(CliError::usage(
            format!("--election 是 `{a}`，但凭证属于 `{b}`"),
            format!("--election is `{a}` but the slip is for `{b}`"),
        )),
        (Some(a), _) | (None, Some(a)) => Ok(a.to_owned()),
        (None, None) => Err(CliError::usage(
            "请用 --election 给出选举编号（或以凭证二维码的内容作为 --credential）",
            "give the election id with --election (or the slip's QR text as --credential)",
        )),
    }
}

fn keygen(path: &Path, role: Role) -> Result<Report, CliError> {
    let public = keys::generate(path, role)?;
    Ok(Report::KeyCreated(KeyCreated {
        role,
        path: path.to_owned(),
        public_key: public.to_string(),
    }))
}

pub(crate) async fn dispatch(cli: Cli, ui: &Ui) -> Result<Report, CliError> {
    let patience = zhixuan_record::client::Patience {
        answer: std::time::Duration::from_secs(cli.timeout.max(1)),
        ..Default::default()
    };
    let mut remote = Remote::watched(&remote::board_address(&cli.board)?, patience, ui);
    if let Some(key) = &cli.board_key {
        let key = key.trim().parse().map_err(|e| {
            CliError::usage(
                format!("--board-key 不是公告栏密钥：{e}"),
                format!("--board-key is not a board key: {e}"),
            )
        })?;
        remote = remote.pinned(key);
    }
    // Each command's future is boxed: together they would make one very large state
    // machine, and unoptimised builds give each poll a stack frame of that size.
    match cli.command {
        Command::Organiser(command) => Box::pin(organiser_command(command, &remote, ui)).await,
        Command::Trustee(command) => Box::pin(trustee_command(command, &remote, ui)).await,
        Command::Procedure(command) => {
            Box::pin(procedure::commands::run(command, &remote, ui)).await
        }
        Command::Season(command) => Box::pin(season_command(command, &remote, ui)).await,
        Command::Vote(a) => Box::pin(vote_command(a, &remote, ui)).await,
        Command::Ballot(a) => Box::pin(ballot_command(a, &remote, ui)).await,
        Command::Check(a) => Ok(Report::Tracked(Box::pin(check_command(a, &remote)).await?)),
        Command::Status(a) => Ok(Report::Status(status(&remote, &a.election).await?)),
        Command::Record(a) => {
            let entries = remote.export(&a.election.election, &a.out, ui).await?;
            Ok(Report::Record(RecordSaved {
                election: a.election.election,
                path: a.out,
                entries,
            }))
        }
        Command::Simulate(a) => {
            let request = SimulateRequest {
                election: a.election.election,
                slips: a.slips,
                voters: a.voters,
                concurrency: a.concurrency,
                audit_every: a.audit_every,
            };
            Ok(Report::Simulated(
                Box::pin(simulate::simulate(&remote, &request, ui)).await?,
            ))
        }
        #[cfg(feature = "demo")]
        Command::Demo(a) => {
            let request = DemoRequest {
                example: a.example,
                voters: a.voters,
                parent: a.dir,
                concurrency: a.concurrency,
                audits: a.audits,
            };
            Ok(Report::Demo(Box::pin(demo::run(&request, ui)).await?))
        }
    }
}

async fn organiser_command(
    command: OrganiserCommand,
    remote: &Remote,
    ui: &Ui,
) -> Result<Report, CliError> {
    Ok(match command {
        OrganiserCommand::Keygen(a) => keygen(&a.out, Role::Organiser)?,
        OrganiserCommand::Create(a) => {
            let definition = organiser::load_definition(&a.definition)?;
            let key = keys::load(&a.key, Role::Organiser)?;
            Report::Created(organiser::create(remote, &key, &definition).await?)
        }
        OrganiserCommand::Credentials(a) => {
            let key = keys::load(&a.key, Role::Organiser)?;
            let public_url = a
                .public_url
                .as_deref()
                .map(remote::board_address)
                .transpose()?;
            let (issued, _codes) = organiser::issue_credentials(
                remote,
                &key,
                &a.election.election,
                &a.group,
                &a.out,
                public_url.as_deref(),
            )
            .await?;
            Report::Issued(issued)
        }
        OrganiserCommand::Open(a) => {
            let key = keys::load(&a.key, Role::Organiser)?;
            Report::Opened(organiser::open(remote, &key, &a.election.election).await?)
        }
        OrganiserCommand::Close(a) => {
            let key = keys::load(&a.key, Role::Organiser)?;
            Report::Closed(organiser::close(remote, &key, &a.election.election).await?)
        }
        OrganiserCommand::Attendance(a) => {
            let key = keys::load(&a.organiser.key, Role::Organiser)?;
            Report::Attendance(
                organiser::attendance(
                    remote,
                    &key,
                    &a.organiser.election.election,
                    &a.group,
                    a.present,
                )
                .await?,
            )
        }
        OrganiserCommand::Withdraw(a) => {
            let key = keys::load(&a.organiser.key, Role::Organiser)?;
            Report::Withdrawn(
                organiser::withdraw(
                    remote,
                    &key,
                    &a.organiser.election.election,
                    &a.reason,
                    a.replaced_by.as_deref(),
                )
                .await?,
            )
        }
        OrganiserCommand::Tally(a) => {
            let key = keys::load(&a.key, Role::Organiser)?;
            Report::Tallied(organiser::tally(remote, &key, &a.election.election, ui).await?)
        }
        OrganiserCommand::Result(a) => {
            let key = keys::load(&a.key, Role::Organiser)?;
            Report::Decided(organiser::result(remote, &key, &a.election.election, ui).await?)
        }
    })
}

async fn season_command(
    command: SeasonCommand,
    remote: &Remote,
    ui: &Ui,
) -> Result<Report, CliError> {
    let step = |a: &crate::SeasonArgs, step| {
        let key = keys::load(&a.key, Role::Organiser);
        let dir = a.dir.clone();
        async move { season::organiser_step(remote, &key?, &dir, step, ui).await }
    };
    Ok(Report::Season(match command {
        SeasonCommand::Create(a) => {
            let key = keys::load(&a.season.key, Role::Organiser)?;
            season::create(remote, &key, &a.template, &a.communities, &a.season.dir, ui).await?
        }
        SeasonCommand::Slips(a) => {
            let key = keys::load(&a.season.key, Role::Organiser)?;
            let public_url = a
                .public_url
                .as_deref()
                .map(remote::board_address)
                .transpose()?;
            season::slips(remote, &key, &a.season.dir, public_url.as_deref(), ui).await?
        }
        SeasonCommand::Open(a) => step(&a, SeasonStep::Open).await?,
        SeasonCommand::Close(a) => step(&a, SeasonStep::Close).await?,
        SeasonCommand::Tally(a) => step(&a, SeasonStep::Tally).await?,
        SeasonCommand::Result(a) => step(&a, SeasonStep::Result).await?,
    }))
}

async fn trustee_command(
    command: TrusteeCommand,
    remote: &Remote,
    ui: &Ui,
) -> Result<Report, CliError> {
    Ok(match command {
        TrusteeCommand::Keygen(a) => keygen(&a.out, Role::Trustee)?,
        TrusteeCommand::Deal(a) => {
            let key = keys::load(&a.key, Role::Trustee)?;
            Report::Dealt(trustee::deal(remote, &key, &a.election.election, &a.state).await?)
        }
        TrusteeCommand::Check(a) => {
            let key = keys::load(&a.key, Role::Trustee)?;
            Report::Checked(trustee::check(remote, &key, &a.election.election, &a.state).await?)
        }
        TrusteeCommand::Decrypt(a) => {
            let key = keys::load(&a.key, Role::Trustee)?;
            Report::Decrypted(
                trustee::decrypt(remote, &key, &a.election.election, &a.state, ui).await?,
            )
        }
        TrusteeCommand::Season(command) => {
            let (a, step) = match command {
                TrusteeSeasonCommand::Deal(a) => (a, SeasonStep::Deal),
                TrusteeSeasonCommand::Check(a) => (a, SeasonStep::Check),
                TrusteeSeasonCommand::Decrypt(a) => (a, SeasonStep::Decrypt),
            };
            let key = keys::load(&a.key, Role::Trustee)?;
            Report::Season(
                season::trustee_step(remote, &key, &a.season, &a.states, step, ui).await?,
            )
        }
    })
}

async fn vote_command(a: VoteArgs, remote: &Remote, ui: &Ui) -> Result<Report, CliError> {
    let slip = SlipCredential::from_argument(&a.credential)?;
    let election = election_of(a.election.as_deref(), Some(&slip))?;
    let voting = Voting::fetch(remote, &election).await?;
    let credential = slip.code.credential(&voting.definition().hash())?;
    let (_, style) = voting.ballot_of(&credential)?;
    let choices = choices::parse(ui.lang, voting.definition(), style, &a.choices)?;
    let receipt = if a.audit {
        let public = credential.public();
        let kept = kept::read(&kept::path(&a.ballots, &election, &public))?;
        let cast = match kept.filter(|k| k.acknowledged.is_some()) {
            Some(kept) => Some(kept.tracking_code),
            None => voter::cast_by(remote, &election, &public).await?,
        };
        let replaceable =
            voting.definition().document().revote == zhixuan_election::RevotePolicy::LastCounts;
        let mut receipt = voter::vote(remote, &voting, credential, choices, true).await?;
        receipt.already_cast = cast.map(|code| (code, replaceable));
        receipt
    } else {
        voter::cast_keeping(remote, &voting, credential, choices, &a.ballots, ui).await?
    };
    Ok(Report::Receipt(receipt))
}

/// `check`: a tracking code in a named election, in whichever of the board's elections has
/// it, or the ballot a slip's credential cast (kept by `vote`, or found on the board).
async fn check_command(a: CheckArgs, remote: &Remote) -> Result<Tracked, CliError> {
    let (election, code) = match (&a.credential, &a.tracking_code) {
        (Some(credential), _) => {
            let slip = SlipCredential::from_argument(credential)?;
            let election = election_of(a.election.as_deref(), Some(&slip))?;
            let definition = remote.definition(&election).await?;
            let credential = slip.code.credential(&definition.hash())?.public();
            let kept = kept::read(&kept::path(&a.ballots, &election, &credential))?;
            let code = match kept {
                Some(kept) => kept.tracking_code,
                None => voter::cast_by(remote, &election, &credential)
                    .await?
                    .ok_or_else(|| CliError::NoBallot {
                        election: election.clone(),
                    })?,
            };
            (election, code)
        }
        (None, Some(text)) => {
            let code = voter::parse_code(text)?;
            let election = match &a.election {
                Some(election) => election.clone(),
                None => voter::election_with(remote, &code).await?,
            };
            (election, code)
        }
        (None, None) => {
            return Err(CliError::usage(
                "请给出跟踪码，或用 --credential 给出您的凭证",
                "give the tracking code, or your slip with --credential",
            ))
        }
    };
    voter::check(remote, &election, code).await
}

async fn ballot_command(a: BallotArgs, remote: &Remote, ui: &Ui) -> Result<Report, CliError> {
    let lang = ui.lang;
    let slip = a
        .credential
        .as_deref()
        .map(SlipCredential::from_argument)
        .transpose()?;
    let election = election_of(a.election.as_deref(), slip.as_ref())?;
    let setup = remote.setup(&election).await?;
    let definition = &setup.definition;
    let group = match (&a.group, &slip) {
        (Some(g), _) => g.clone(),
        (None, Some(slip)) => {
            let credential = slip.code.credential(&definition.hash())?;
            setup
                .group_of(&credential.public())
                .ok_or_else(not_listed)?
                .to_owned()
        }
        (None, None) => {
            return Err(CliError::usage(
                "请用 --group 或 --credential 指定要显示哪一组的选票",
                "give --group or --credential to choose whose ballot to show",
            ))
        }
    };
    let style = definition
        .ballot_style(&group)
        .ok_or_else(|| CliError::UnknownGroup {
            group: group.clone(),
            known: definition
                .document()
                .groups
                .iter()
                .map(|g| g.id.clone())
                .collect(),
        })?;
    let questions = style
        .contests()
        .iter()
        .filter_map(|c| definition.question(c.contest).cloned())
        .collect();
    let text = format!(
        "{}\n{}",
        lang.name(&definition.document().title),
        choices::render_ballot(lang, definition, style)
    );
    Ok(Report::Ballot(BallotShown {
        election,
        group,
        questions,
        text,
    }))
}
