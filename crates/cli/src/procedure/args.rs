//! The command line of `zhixuan procedure …`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use zhixuan_election::Channel;

/// The procedure's commands, one per thing a stage publishes, each run by the signer the
/// plan names.
#[derive(Subcommand, Debug)]
pub enum ProcedureCommand {
    /// Create a deciding body's key file or a person's (a registrant's, an objector's).
    #[command(
        after_help = "Examples:\n  zhixuan procedure keygen --role body --out branch.key\n  zhixuan procedure keygen --role person --out wang-fang.key"
    )]
    Keygen(KeygenArgs),
    /// The organiser: validate a procedure's plan and publish it on the board.
    #[command(after_help = "Example:\n  zhixuan procedure create plan.json --key organiser.key")]
    Create(CreateArgs),
    /// The organiser: publish an announcement stage's notice of the meeting.
    #[command(
        after_help = "Example:\n  zhixuan procedure announce --procedure P --stage notice --text-zh \"3月15日在社区礼堂召开\" --text-en \"15 March, community hall\" --key organiser.key"
    )]
    Announce(AnnounceArgs),
    /// A registrant: register for up to the plan's number of posts, with a lot secret.
    #[command(
        after_help = "Example:\n  zhixuan procedure register --procedure P --stage registration --id wang-fang --name-zh 王芳 --name-en \"Wang Fang\" --channel self --post secretary --key wang-fang.key --lot-secret wang-fang.lot"
    )]
    Register(RegisterArgs),
    /// The reviewing body: decide whether one registrant qualifies.
    #[command(
        after_help = "Example:\n  zhixuan procedure review --procedure P --stage review --registrant wang-fang --qualified --reason-zh 符合条件 --reason-en \"meets the conditions\" --key branch.key"
    )]
    Review(ReviewArgs),
    /// Anyone: object to a stage's list while it is published, with your own key.
    #[command(
        after_help = "Example:\n  zhixuan procedure object --procedure P --stage review --text-zh … --text-en … --key me.key"
    )]
    Object(ObjectArgs),
    /// The objected stage's body (or the organiser): answer an objection.
    #[command(
        after_help = "Example:\n  zhixuan procedure answer --procedure P --stage review --objection 12 --not-upheld --text-zh … --text-en … --key branch.key"
    )]
    Answer(AnswerArgs),
    /// A registrant: reveal the lot secret committed to at registration.
    #[command(
        after_help = "Example:\n  zhixuan procedure reveal --procedure P --stage lot --registrant wang-fang --lot-secret wang-fang.lot --key wang-fang.key"
    )]
    Reveal(RevealArgs),
    /// The organiser: link a vote stage to its election on the board.
    #[command(
        after_help = "Example:\n  zhixuan procedure link --procedure P --stage vote --election E --key organiser.key"
    )]
    Link(LinkArgs),
    /// The deciding body: pick from the post's list.
    #[command(
        after_help = "Example:\n  zhixuan procedure decide --procedure P --stage inspection --choose wang-fang --choose li-ming --reasons-zh … --reasons-en … --key street.key"
    )]
    Decide(DecideArgs),
    /// The organiser: publish a recall petition's signers.
    #[command(
        after_help = "Example:\n  zhixuan procedure petition --procedure P --stage recall --signer 张三 --signer 李四 --key organiser.key"
    )]
    Petition(PetitionArgs),
    /// The filing or approving body: file or approve the lists as they stand.
    #[command(
        after_help = "Example:\n  zhixuan procedure endorse --procedure P --stage approval --key district.key"
    )]
    Endorse(StageKeyArgs),
    /// The organiser: publish a question and answer, or a pledge.
    #[command(
        after_help = "Example:\n  zhixuan procedure statement --procedure P --stage pledges --person wang-fang --text-zh … --text-en … --key organiser.key"
    )]
    Statement(StatementArgs),
    /// The organiser: close a stage with the list its rule gives, replayed from the board.
    #[command(
        after_help = "Example:\n  zhixuan procedure close --procedure P --stage review --key organiser.key"
    )]
    Close(StageKeyArgs),
    /// A procedure's stages, lists and lot order, as the board's record shows them.
    #[command(after_help = "Example:\n  zhixuan procedure status --procedure P")]
    Status(ProcedureArg),
}

/// Whose key `procedure keygen` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeyFor {
    /// A deciding body (its seal): reviews, decisions, answers, filing, approval.
    Body,
    /// A person: a registrant, or an objector.
    Person,
}

/// How a registrant was put forward (三荐).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChannelArg {
    /// 组织推荐.
    Organisation,
    /// 个人自荐.
    #[value(name = "self")]
    SelfNomination,
    /// 联名举荐, with its signers.
    Joint,
}

impl From<ChannelArg> for Channel {
    fn from(c: ChannelArg) -> Channel {
        match c {
            ChannelArg::Organisation => Channel::Organisation,
            ChannelArg::SelfNomination => Channel::SelfNomination,
            ChannelArg::Joint => Channel::Joint,
        }
    }
}

/// `procedure keygen`.
#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// Whose key.
    #[arg(long, value_enum)]
    pub role: KeyFor,
    /// The new key file (never overwritten; readable only by you).
    #[arg(long)]
    pub out: PathBuf,
}

/// `--procedure`.
#[derive(Args, Debug)]
pub struct ProcedureArg {
    /// The procedure id.
    #[arg(long)]
    pub procedure: String,
}

/// What every write names: the procedure, the stage, the signer's key, the folder.
#[derive(Args, Debug)]
pub struct StageKeyArgs {
    /// The procedure (`--procedure`).
    #[command(flatten)]
    pub procedure: ProcedureArg,
    /// The stage's id in the plan.
    #[arg(long)]
    pub stage: String,
    /// Your key file.
    #[arg(long)]
    pub key: PathBuf,
    /// The folder where each signed entry is saved before it is sent, so that a rerun sends
    /// the very same entry (default: procedure-<id>).
    #[arg(long = "dir")]
    pub entries: Option<PathBuf>,
}

/// `procedure create`.
#[derive(Args, Debug)]
pub struct CreateArgs {
    /// The plan (JSON; see spec/procedure.md).
    pub plan: PathBuf,
    /// The organiser's key file.
    #[arg(long)]
    pub key: PathBuf,
    /// The folder where the signed plan is saved before it is sent (default: procedure-<id>).
    #[arg(long = "dir")]
    pub entries: Option<PathBuf>,
}

/// `procedure announce`.
#[derive(Args, Debug)]
pub struct AnnounceArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// The text in Chinese.
    #[arg(long)]
    pub text_zh: String,
    /// The text in English.
    #[arg(long)]
    pub text_en: String,
}

/// `procedure register`.
#[derive(Args, Debug)]
pub struct RegisterArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// The registrant's id ([a-z0-9-], unique in the procedure).
    #[arg(long = "id")]
    pub registrant: String,
    /// The name in Chinese.
    #[arg(long)]
    pub name_zh: String,
    /// The name in English.
    #[arg(long)]
    pub name_en: String,
    /// How the registrant is put forward.
    #[arg(long, value_enum)]
    pub channel: ChannelArg,
    /// A signer of a joint nomination; repeat for each.
    #[arg(long = "signer")]
    pub signers: Vec<String>,
    /// A post applied for, in order of preference; repeat for each.
    #[arg(long = "post", required = true)]
    pub posts: Vec<String>,
    /// The lot secret file: made (readable only by you, never overwritten) before the
    /// registration is sent, read back on a rerun; without it you take no part in the lot.
    #[arg(long)]
    pub lot_secret: Option<PathBuf>,
}

/// `procedure review`.
#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// The registrant's id.
    #[arg(long)]
    pub registrant: String,
    /// The registrant qualifies.
    #[arg(
        long,
        conflicts_with = "not_qualified",
        required_unless_present = "not_qualified"
    )]
    pub qualified: bool,
    /// The registrant does not qualify.
    #[arg(long)]
    pub not_qualified: bool,
    /// The reason in Chinese.
    #[arg(long)]
    pub reason_zh: String,
    /// The reason in English.
    #[arg(long)]
    pub reason_en: String,
}

/// `procedure object`.
#[derive(Args, Debug)]
pub struct ObjectArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// The text in Chinese.
    #[arg(long)]
    pub text_zh: String,
    /// The text in English.
    #[arg(long)]
    pub text_en: String,
}

/// `procedure answer`.
#[derive(Args, Debug)]
pub struct AnswerArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// The objection's index on the procedure's log.
    #[arg(long)]
    pub objection: u64,
    /// The objection is upheld (the procedure stops; a corrected plan starts a new one).
    #[arg(
        long,
        conflicts_with = "not_upheld",
        required_unless_present = "not_upheld"
    )]
    pub upheld: bool,
    /// The objection is not upheld.
    #[arg(long)]
    pub not_upheld: bool,
    /// The text in Chinese.
    #[arg(long)]
    pub text_zh: String,
    /// The text in English.
    #[arg(long)]
    pub text_en: String,
}

/// `procedure reveal`.
#[derive(Args, Debug)]
pub struct RevealArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// The registrant's id.
    #[arg(long)]
    pub registrant: String,
    /// The lot secret file written by `procedure register`.
    #[arg(long)]
    pub lot_secret: PathBuf,
}

/// `procedure link`.
#[derive(Args, Debug)]
pub struct LinkArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// The election id.
    #[arg(long)]
    pub election: String,
}

/// `procedure decide`.
#[derive(Args, Debug)]
pub struct DecideArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// A person picked, by id, in the body's order; repeat for each.
    #[arg(long = "choose", required = true)]
    pub choose: Vec<String>,
    /// The reasons in Chinese.
    #[arg(long)]
    pub reasons_zh: String,
    /// The reasons in English.
    #[arg(long)]
    pub reasons_en: String,
}

/// `procedure petition`.
#[derive(Args, Debug)]
pub struct PetitionArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// A signer (a name, as on paper); repeat for each.
    #[arg(long = "signer", required = true)]
    pub signers: Vec<String>,
}

/// `procedure statement`.
#[derive(Args, Debug)]
pub struct StatementArgs {
    /// Where the entry goes and who signs it (`--procedure`, `--stage`, `--key`, `--dir`).
    #[command(flatten)]
    pub at: StageKeyArgs,
    /// Whose statement: a person's id.
    #[arg(long)]
    pub person: String,
    /// The text in Chinese.
    #[arg(long)]
    pub text_zh: String,
    /// The text in English.
    #[arg(long)]
    pub text_en: String,
}
