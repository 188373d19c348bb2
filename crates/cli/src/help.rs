//! `--help` in the language the command speaks: the command line as [`Cli`] declares it
//! (its English comes from the doc comments), with every command's and option's help, the
//! headings and the usage line in Chinese when the language is Chinese (`--lang zh`, or a
//! `zh*` locale). The examples after each command's help are commands, the same in both.

use clap::{Arg, ArgAction, Command, CommandFactory};

use crate::messages::Lang;
use crate::Cli;

/// The command line, for `lang`.
pub fn command(lang: Lang) -> Command {
    let command = Cli::command();
    match lang {
        Lang::En => command,
        Lang::Zh => chinese(command, "", true),
    }
}

/// What a command does, by its path of subcommand names ("" for `zhixuan` itself).
fn about(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => "直选：基层选举与测评的可验证加密投票。",
        " organiser" => "组织者的步骤：密钥、选举定义、凭证、开始投票、结束投票、计票、公布结果",
        " organiser keygen" => "生成组织者的密钥文件，并显示写入选举定义的公钥",
        " organiser create" => "核查选举定义并在公告栏公布",
        " organiser credentials" => {
            "为一个选民组发放凭证：可打印的凭证，以及公布到公告栏的公开名单"
        }
        " organiser open" => "按公告栏上密钥生成仪式的结果开始投票",
        " organiser close" => "结束投票",
        " organiser tally" => "核查公告栏上的每一张选票，并公布加密计票结果",
        " organiser result" => "合并监督委员的解密，按规则得出并公布结果",
        " organiser attendance" => "公布一个选民组到会的人数（签到），在投票结束之前",
        " organiser withdraw" => {
            "在开始投票之前撤回选举（例如为了改正定义）：此后公告栏不再接受它的任何内容，它的凭证作废；改正后的定义用新的选举编号以 organiser create 公布"
        }
        " trustee" => "监督委员的步骤：密钥、密钥生成仪式、解密",
        " trustee keygen" => "生成监督委员的密钥文件，并显示写入选举定义的公钥",
        " trustee deal" => "分发：公布承诺与加密份额，秘密保存在状态文件中",
        " trustee check" => "核查其他监督委员分给您的份额；对错误的份额公布投诉",
        " trustee decrypt" => "核查计票结果与每一张选票，然后公布您的部分解密",
        " procedure" => "投票前后的各个阶段：计划、报名、资格审查、抽签、决定、名单公示",
        " procedure keygen" => "生成决定机构的密钥文件，或个人（报名人、异议人）的密钥文件",
        " procedure create" => "组织者：核查选举程序的计划并在公告栏公布",
        " procedure announce" => "组织者：公布公告阶段的会议通知",
        " procedure register" => "报名人：报名（不超过计划规定的职位数），并生成抽签秘密",
        " procedure review" => "审查机构：就一位报名人是否符合资格作出决定",
        " procedure object" => "任何人：在名单公示期内用自己的密钥对其提出异议",
        " procedure answer" => "被异议阶段的机构（或组织者）：答复一项异议",
        " procedure reveal" => "报名人：公开报名时承诺的抽签秘密",
        " procedure link" => "组织者：把投票阶段与公告栏上的选举关联起来",
        " procedure decide" => "决定机构：从该职位的名单中选定人选",
        " procedure petition" => "组织者：公布罢免联名的签名人",
        " procedure endorse" => "备案或批准机构：对现有名单备案或批准",
        " procedure statement" => "组织者：公布一条质询与答辩，或一项承诺",
        " procedure close" => "组织者：按公告栏记录重放得出的名单结束一个阶段并公示",
        " procedure status" => "选举程序的各阶段、名单与抽签顺序，依公告栏记录",
        " trustee season" => {
            "在一季的每一场选举中执行监督委员的同一步骤（每场选举各有密钥生成仪式）"
        }
        " trustee season deal" => "在一季的每一场选举中分发密钥，每场选举一个状态文件",
        " trustee season check" => "在一季的每一场选举中核查分给您的份额",
        " trustee season decrypt" => "在一季的每一场选举中核查计票结果并公布部分解密",
        " season" => "一季选举：由一份模板和社区表生成多场选举，每一步一条命令完成所有选举",
        " season create" => "由模板和社区表生成每个社区的选举定义，全部核查后公布公告栏上还没有的",
        " season slips" => "为一季每场选举的每个选民组发放凭证",
        " season open" => "在一季的每一场选举中开始投票",
        " season close" => "在一季的每一场选举中结束投票",
        " season tally" => "在一季的每一场选举中核查每张选票并公布加密计票结果",
        " season result" => "在一季的每一场选举中合并解密并公布结果",
        " vote" => "用凭证投出一张选票（或核验一张）",
        " ballot" => "显示选票：项目、候选人与选项，带编号",
        " check" => "核对跟踪码在公告栏上，并验证公告栏签名的证明",
        " status" => "选举的阶段、准备进度与目前计入的选票",
        " record" => "导出选举记录（JSON Lines），供验证程序使用",
        " simulate" => "模拟多位选民同时投出随机有效选票（演练、压力测试）",
        " demo" => "在自带的公告栏上通过 HTTP 运行一场完整的示例选举",
        _ => return None,
    })
}

/// What an option means, by its id (the same id means the same in every command).
fn option(id: &str) -> Option<&'static str> {
    Some(match id {
        "board" => "公告栏的地址",
        "lang" => "输出语言（默认取自 LC_ALL / LC_MESSAGES / LANG；zh* 为中文）",
        "json" => "以 JSON 输出报告，供程序读取",
        "board_key" => {
            "组织者给出的公告栏密钥（印在凭证上）：检查点按此密钥核对，而不是公告栏自己给出的密钥"
        }
        "timeout" => "等待公告栏答复的秒数，超时后重试（最多四次）",
        "election" => "选举编号",
        "out" => "要写入的文件或文件夹（不会覆盖已有的文件）",
        "definition" => "选举定义（JSON；见 spec/definition.md）",
        "key" => "您的密钥文件",
        "group" => "选民组",
        "public_url" => "选民访问公告栏的地址，印在凭证上（默认：--board）",
        "state" => "本选举的监督委员秘密状态文件（由 deal 写入）",
        "credential" => "凭证代码、凭证二维码的内容，或存有它的文件",
        "choices" => {
            "项目=值,值——选票上每个项目一条（候选人可用姓名、编号或序号；信任投票与测评用 人:选项）"
        }
        "audit" => "核验而不投出：选票公开后永不计票",
        "ballots" => {
            "投出前保存选票的文件夹，以便在未收到答复时重新发送（不含秘密，也不含您的选择）"
        }
        "tracking_code" => "跟踪码（如 7KQ2-M9XD-4RTB-H0PC）；或改用 --credential",
        "slips" => "organiser credentials 写出的凭证清单（…slips.txt），可重复给出",
        "voters" => "选民人数",
        "present" => "该组到会的党员人数",
        "reason" => "撤回选举的理由，用您自己的话写，公布在公告栏上",
        "replaced_by" => "取代它的（改正后的）选举编号，如有",
        "concurrency" => "同时投票的客户端数",
        "audit_every" => "每多少位选民中有一位先核验一张选票（0：无）",
        "example" => "哪一个示例选举",
        "dir" => "数据文件夹的位置",
        "audits" => "每场选举中先核验一张选票的选民人数",
        "role" => "谁的密钥：body（决定机构）或 person（报名人、异议人）",
        "plan" => "选举程序的计划（JSON；见 spec/procedure.md）",
        "procedure" => "选举程序编号",
        "stage" => "计划中阶段的编号",
        "entries" => "发送前保存每一份已签名条目的文件夹，重新运行时发送同一份条目（默认：procedure-<编号>）",
        "text_zh" => "中文文本",
        "text_en" => "英文文本",
        "registrant" => "报名人的编号",
        "name_zh" => "中文姓名",
        "name_en" => "英文姓名",
        "channel" => "推荐方式：organisation（组织推荐）、self（个人自荐）或 joint（联名举荐）",
        "signers" => "联名人或罢免联名的签名人（姓名），每人给出一次",
        "posts" => "报名的职位，按志愿顺序，每个给出一次",
        "lot_secret" => "抽签秘密文件：在发送报名之前生成（仅本人可读，不会覆盖），重新运行时读回；不给出则不参加抽签",
        "qualified" => "符合资格",
        "not_qualified" => "不符合资格",
        "reason_zh" => "中文理由",
        "reason_en" => "英文理由",
        "objection" => "异议在选举程序记录中的序号",
        "upheld" => "异议成立（程序停止；以更正后的计划另起新程序）",
        "not_upheld" => "异议不成立",
        "choose" => "选定的人（编号），按机构排定的顺序，每人给出一次",
        "reasons_zh" => "中文理由",
        "reasons_en" => "英文理由",
        "person" => "发言人或承诺人的编号",
        "template" => "模板：一份选举定义（JSON），标题中可写 {name} 代表社区名称",
        "communities" => "社区表（CSV，表头：编号,名称,英文名称,选民组,候选人；或英文 id,name,name_en,groups,candidates）",
        "season" => "一季的清单（组织者给出的 season.json），或其所在文件夹",
        "states" => "存放本监督委员各场选举秘密状态文件的文件夹（每场选举一个 选举编号.state）",
        _ => return None,
    })
}

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn chinese(command: Command, path: &str, root: bool) -> Command {
    let mut command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .mut_args(|arg| {
            let arg = arg.help_heading("选项");
            match option(arg.get_id().as_str()) {
                Some(help) => arg.help(help),
                None => arg,
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if let Some(about) = about(path) {
        command = command.about(about);
    }
    if root {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let inner = format!("{path} {name}");
        command = command.mut_subcommand(&name, |s| chinese(s, &inner, false));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help of `args`' command in `lang`.
    fn help(lang: Lang, args: &[&str]) -> String {
        let line = std::iter::once("zhixuan")
            .chain(args.iter().copied())
            .chain(["--help"]);
        command(lang)
            .try_get_matches_from(line)
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn help_is_chinese_under_a_chinese_locale() {
        let zh = help(Lang::Zh, &["vote"]);
        assert!(
            zh.contains("用凭证投出一张选票") && zh.contains("用法：") && zh.contains("选项"),
            "{zh}"
        );
        assert!(
            zh.contains("核验而不投出") && zh.contains("显示帮助"),
            "{zh}"
        );
        assert!(
            !zh.contains("Usage") && !zh.contains("Print help") && !zh.contains("Audit the ballot"),
            "{zh}"
        );
        let top = help(Lang::Zh, &[]);
        assert!(
            top.contains("命令") && top.contains("组织者的步骤"),
            "{top}"
        );
        assert!(help(Lang::En, &["vote"]).contains("Audit the ballot instead of casting it"));
        // Every command and option has its Chinese.
        fn all(command: &Command, path: &str, missing: &mut Vec<String>) {
            if about(path).is_none() {
                missing.push(format!("command `{path}`"));
            }
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if option(id).is_none() && id != "help" && id != "version" {
                    missing.push(format!("option `{id}` of `{path}`"));
                }
            }
            for sub in command.get_subcommands() {
                all(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        all(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Chinese for {missing:?}");
    }
}
