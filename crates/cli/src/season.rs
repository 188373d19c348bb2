//! A season (`docs/season.md`): one organising office's many elections — Nanjing's 363
//! community elections, Xinzhou's village evaluations — made from one template definition
//! and a table of communities, then taken through each step with one command.
//!
//! Each election of a season is an ordinary election: its own definition (the template's,
//! with the community's id, name, group sizes and candidates), its own credential lists and
//! key ceremony, on the same board under the same rules. A season command runs the one
//! election's step ([`organiser`], [`trustee`]) for every election in the season's manifest,
//! in order, with a progress bar. It first asks the board how far each election is, so that
//! a rerun after an interruption skips what is done and finishes the rest; an election that
//! fails does not stop the others, and is named in the report.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zhixuan_election::ElectionDefinition;
use zhixuan_record::Phase;
use zhixuan_tally::SigningKey;

use crate::error::CliError;
use crate::messages::Lang;
use crate::organiser;
use crate::output::Ui;
use crate::remote::Remote;
use crate::trustee;

/// The manifest's file name inside a season's folder.
pub const MANIFEST: &str = "season.json";
/// The manifest's `format`.
const FORMAT: &str = "zhixuan-season";

/// A season's manifest: its elections, in the table's order. It holds nothing secret, so
/// the organiser hands it to the trustees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always `zhixuan-season`.
    pub format: String,
    /// Version 1.
    pub version: u32,
    /// The elections' ids.
    pub elections: Vec<String>,
}

impl Manifest {
    /// Reads the manifest at `path`, or `path/season.json` if `path` is a folder.
    pub fn read(path: &Path) -> Result<Manifest, CliError> {
        let file = if path.is_dir() {
            path.join(MANIFEST)
        } else {
            path.to_owned()
        };
        let text = read(&file)?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
            CliError::usage(
                format!(
                    "{} 不是赛季清单（season create 写出的 season.json）：{e}",
                    file.display()
                ),
                format!(
                    "{} is not a season manifest (the season.json season create writes): {e}",
                    file.display()
                ),
            )
        })?;
        if manifest.format != FORMAT || manifest.version != 1 {
            return Err(CliError::usage(
                format!(
                    "{} 不是本程序能读的赛季清单（format {}，version {}）",
                    file.display(),
                    manifest.format,
                    manifest.version
                ),
                format!(
                    "{} is not a season manifest this program reads (format {}, version {})",
                    file.display(),
                    manifest.format,
                    manifest.version
                ),
            ));
        }
        Ok(manifest)
    }
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.to_owned(),
        doing: "reading",
        source,
    })
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| CliError::Io {
            path: dir.to_owned(),
            doing: "creating the folder",
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| CliError::Io {
        path: path.to_owned(),
        doing: "writing",
        source,
    })
}

/// One person named in the table: an id, and a name in Chinese and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The person's id in the definition.
    pub id: String,
    /// Their name in Chinese.
    pub zh: String,
    /// Their name in English (the Chinese if the table gives none).
    pub en: String,
}

/// One row of the communities table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Community {
    /// The election's id.
    pub id: String,
    /// The community's name in Chinese.
    pub name_zh: String,
    /// The community's name in English (the Chinese if the table gives none).
    pub name_en: String,
    /// Each voter group's id and its number of eligible voters.
    pub groups: Vec<(String, u64)>,
    /// Each contest's id and its people (candidates, or the officials evaluated).
    pub candidates: Vec<(String, Vec<Person>)>,
}

/// The table's columns, by their English and Chinese headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Id,
    Name,
    NameEn,
    Groups,
    Candidates,
}

impl Column {
    fn of(header: &str) -> Option<Column> {
        Some(match header.trim().trim_start_matches('\u{feff}') {
            "id" | "编号" => Column::Id,
            "name" | "名称" => Column::Name,
            "name_en" | "英文名称" => Column::NameEn,
            "groups" | "选民组" => Column::Groups,
            "candidates" | "候选人" => Column::Candidates,
            _ => return None,
        })
    }
}

/// Splits one CSV line (RFC 4180: fields separated by commas, a field in double quotes may
/// hold commas and doubled quotes). `None` for a quote left open.
fn csv_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (',', false) => fields.push(std::mem::take(&mut field).trim().to_owned()),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field.trim().to_owned());
    Some(fields)
}

/// Splits a cell's list on `;` or `；`, dropping empty items.
fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Reads the communities table (`docs/season.md`): a header line naming the columns (in
/// English or Chinese, in any order), then one community per line. Errors name the file,
/// the line and the column.
pub fn read_communities(path: &Path) -> Result<Vec<Community>, CliError> {
    let text = read(path)?;
    let bad = |line: usize, zh: String, en: String| {
        CliError::usage(
            format!("{} 第 {line} 行：{zh}", path.display()),
            format!("{} line {line}: {en}", path.display()),
        )
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((n, header)) = lines.next() else {
        return Err(bad(1, "表格是空的".into(), "the table is empty".into()));
    };
    let columns: Vec<Option<Column>> = csv_fields(header)
        .ok_or_else(|| bad(n, "引号未闭合".into(), "a quote is not closed".into()))?
        .iter()
        .map(|h| Column::of(h))
        .collect();
    for (needed, zh, en) in [
        (Column::Id, "编号", "id"),
        (Column::Name, "名称", "name"),
        (Column::Groups, "选民组", "groups"),
    ] {
        if !columns.contains(&Some(needed)) {
            return Err(bad(
                n,
                format!("表头缺少“{zh}”（{en}）一列；表头可用：编号,名称,英文名称,选民组,候选人"),
                format!("the header has no `{en}` ({zh}) column; the columns are id,name,name_en,groups,candidates"),
            ));
        }
    }
    let mut out: Vec<Community> = Vec::new();
    for (n, line) in lines {
        let fields = csv_fields(line)
            .ok_or_else(|| bad(n, "引号未闭合".into(), "a quote is not closed".into()))?;
        let cell = |c: Column| {
            columns
                .iter()
                .position(|k| *k == Some(c))
                .and_then(|i| fields.get(i))
                .map(String::as_str)
                .unwrap_or("")
        };
        let id = cell(Column::Id).to_owned();
        if !zhixuan_election::is_valid_id(&id) {
            return Err(bad(
                n,
                format!("编号 `{id}` 不能作为选举编号（只用字母、数字和 -）"),
                format!("`{id}` cannot be an election id (letters, digits and - only)"),
            ));
        }
        if out.iter().any(|c| c.id == id) {
            return Err(bad(
                n,
                format!("编号 `{id}` 重复"),
                format!("the id `{id}` appears twice"),
            ));
        }
        let name_zh = cell(Column::Name).to_owned();
        if name_zh.is_empty() {
            return Err(bad(n, "名称为空".into(), "the name is empty".into()));
        }
        let name_en = match cell(Column::NameEn) {
            "" => name_zh.clone(),
            en => en.to_owned(),
        };
        let mut groups = Vec::new();
        for item in items(cell(Column::Groups)) {
            let parsed = item.split_once(['=', '＝']).and_then(|(g, size)| {
                Some((g.trim().to_owned(), size.trim().parse::<u64>().ok()?))
            });
            let Some(group) = parsed else {
                return Err(bad(
                    n,
                    format!("选民组 `{item}` 应写作 组=人数（如 members=412）"),
                    format!("the group `{item}` should read group=size (e.g. members=412)"),
                ));
            };
            groups.push(group);
        }
        let mut candidates = Vec::new();
        for item in items(cell(Column::Candidates)) {
            let Some((contest, people)) = item.split_once(['=', '＝']) else {
                return Err(bad(
                    n,
                    format!("候选人 `{item}` 应写作 项目=姓名|姓名（如 committee=王芳|李明）"),
                    format!("the candidates `{item}` should read contest=name|name (e.g. committee=王芳|李明)"),
                ));
            };
            let contest = contest.trim().to_owned();
            let people: Vec<Person> = people
                .split(['|', '、'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .enumerate()
                .map(|(k, p)| person(&contest, k, p))
                .collect();
            candidates.push((contest, people));
        }
        out.push(Community {
            id,
            name_zh,
            name_en,
            groups,
            candidates,
        });
    }
    if out.is_empty() {
        return Err(bad(
            n,
            "表格只有表头，没有社区".into(),
            "the table has a header but no community".into(),
        ));
    }
    Ok(out)
}

/// A person as the table writes one: `姓名`, `id:姓名` or `id:姓名:English name`; without an
/// id, the `k`-th (from 0) gets `{contest}-{k+1}`.
fn person(contest: &str, k: usize, text: &str) -> Person {
    let parts: Vec<&str> = text.split([':', '：']).map(str::trim).collect();
    match parts.as_slice() {
        [id, zh, en, ..] => Person {
            id: (*id).to_owned(),
            zh: (*zh).to_owned(),
            en: (*en).to_owned(),
        },
        [id, zh] => Person {
            id: (*id).to_owned(),
            zh: (*zh).to_owned(),
            en: (*zh).to_owned(),
        },
        _ => Person {
            id: format!("{contest}-{}", k + 1),
            zh: text.to_owned(),
            en: text.to_owned(),
        },
    }
}

/// The template's definition made the community's: its election id; `{name}` in the
/// title replaced by the community's name (or the name put before the title); every group's
/// size; and the people of each contest the table names. Every group of the template must
/// have its size in the table, so that no community votes with the template's sizes.
pub fn community_definition(template: &Value, community: &Community) -> Result<Value, CliError> {
    let mut doc = template.clone();
    let id = &community.id;
    let wrong = |zh: String, en: String| {
        CliError::usage(
            format!("社区 `{id}`：{zh}"),
            format!("community `{id}`: {en}"),
        )
    };
    doc["election_id"] = Value::String(id.clone());
    for (lang, name) in [("zh", &community.name_zh), ("en", &community.name_en)] {
        let title = doc["title"][lang].as_str().unwrap_or_default().to_owned();
        doc["title"][lang] = Value::String(if title.contains("{name}") {
            title.replace("{name}", name)
        } else {
            format!("{name} {title}")
        });
    }
    let groups = doc["groups"].as_array_mut().ok_or_else(|| {
        wrong(
            "模板没有选民组（groups）".into(),
            "the template has no `groups`".into(),
        )
    })?;
    for group in groups.iter_mut() {
        let gid = group["id"].as_str().unwrap_or_default().to_owned();
        let Some((_, size)) = community.groups.iter().find(|(g, _)| *g == gid) else {
            return Err(wrong(
                format!("表格没有给出选民组 `{gid}` 的人数"),
                format!("the table gives no size for the group `{gid}`"),
            ));
        };
        group["eligible"] = Value::from(*size);
    }
    for (g, _) in &community.groups {
        if !groups.iter().any(|group| group["id"] == g.as_str()) {
            return Err(wrong(
                format!("模板中没有选民组 `{g}`"),
                format!("the template has no group `{g}`"),
            ));
        }
    }
    let contests = doc["contests"].as_array_mut().ok_or_else(|| {
        wrong(
            "模板没有项目（contests）".into(),
            "the template has no `contests`".into(),
        )
    })?;
    for (cid, people) in &community.candidates {
        let Some(contest) = contests.iter_mut().find(|c| c["id"] == cid.as_str()) else {
            return Err(wrong(
                format!("模板中没有项目 `{cid}`"),
                format!("the template has no contest `{cid}`"),
            ));
        };
        let people: Vec<Value> = people
            .iter()
            .map(|p| serde_json::json!({"id": p.id, "name": {"zh": p.zh, "en": p.en}}))
            .collect();
        let Some(kind) = contest["kind"]
            .as_object_mut()
            .and_then(|k| k.values_mut().next())
        else {
            return Err(wrong(
                format!("模板中项目 `{cid}` 没有类别（kind）"),
                format!("the template's contest `{cid}` has no `kind`"),
            ));
        };
        if kind.get("candidates").is_some() {
            kind["candidates"] = Value::Array(people);
        } else if kind.get("officials").is_some() {
            kind["officials"] = Value::Array(people);
        } else if kind.get("official").is_some() {
            let [one] = people.as_slice() else {
                return Err(wrong(
                    format!(
                        "项目 `{cid}` 只针对一位干部，表格给出了 {} 位",
                        people.len()
                    ),
                    format!(
                        "the contest `{cid}` is about one official; the table names {}",
                        people.len()
                    ),
                ));
            };
            kind["official"] = one.clone();
        }
    }
    Ok(doc)
}

/// What happened to one election of the season.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum ItemStatus {
    /// The step was done now.
    Done,
    /// The board shows the step done already: nothing was sent.
    Already,
    /// The step failed for this election; the others went on.
    Failed {
        /// The board's refusal code, if the board refused.
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// Why, in Chinese.
        zh: String,
        /// Why, in English.
        en: String,
    },
}

/// One election's line of a season step.
#[derive(Clone, Debug, Serialize)]
pub struct SeasonItem {
    /// The election's id.
    pub election: String,
    /// What happened.
    #[serde(flatten)]
    pub status: ItemStatus,
}

/// The step a season command took.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeasonStep {
    /// `season create`: each definition published.
    Create,
    /// `season slips`: each group's credentials issued.
    Slips,
    /// `season open`.
    Open,
    /// `season close`.
    Close,
    /// `season tally`.
    Tally,
    /// `season result`.
    Result,
    /// `trustee season deal`.
    Deal,
    /// `trustee season check`.
    Check,
    /// `trustee season decrypt`.
    Decrypt,
}

impl SeasonStep {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            SeasonStep::Create => ("公布选举定义", "publish the definitions"),
            SeasonStep::Slips => ("发放凭证", "issue the credentials"),
            SeasonStep::Open => ("开始投票", "open voting"),
            SeasonStep::Close => ("结束投票", "close voting"),
            SeasonStep::Tally => ("公布加密计票结果", "publish the encrypted tallies"),
            SeasonStep::Result => ("公布结果", "publish the results"),
            SeasonStep::Deal => ("密钥分发", "deal"),
            SeasonStep::Check => ("核查份额", "check the shares"),
            SeasonStep::Decrypt => ("部分解密", "decrypt"),
        }
    }
}

/// A season step over every election.
#[derive(Clone, Debug, Serialize)]
pub struct SeasonDone {
    /// The step.
    pub step: SeasonStep,
    /// One line per election, in the manifest's order.
    pub items: Vec<SeasonItem>,
    /// Where the season's files are (the folder `season create` wrote), if this step
    /// wrote any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folder: Option<PathBuf>,
}

impl SeasonDone {
    /// Whether every election has the step done (now or before).
    pub fn complete(&self) -> bool {
        self.items
            .iter()
            .all(|i| !matches!(i.status, ItemStatus::Failed { .. }))
    }

    /// The report for people: the elections that failed, each with why, then the counts.
    pub fn render(&self, lang: Lang) -> String {
        let (zh, en) = self.step.words();
        let count = |f: fn(&ItemStatus) -> bool| self.items.iter().filter(|i| f(&i.status)).count();
        let done = count(|s| *s == ItemStatus::Done);
        let already = count(|s| *s == ItemStatus::Already);
        let failed = self.items.len() - done - already;
        let mut out = String::new();
        for item in &self.items {
            if let ItemStatus::Failed { zh, en, .. } = &item.status {
                let _ = writeln!(out, "✗ {}: {}", item.election, lang.pick(zh, en));
            }
        }
        let _ = match lang {
            Lang::Zh => write!(
                out,
                "{}：{} 场选举，本次完成 {done} 场，此前已完成 {already} 场，失败 {failed} 场",
                zh,
                self.items.len()
            ),
            Lang::En => write!(
                out,
                "{}: {} elections, {done} done now, {already} done before, {failed} failed",
                en[..1].to_uppercase() + &en[1..],
                self.items.len()
            ),
        };
        if let Some(folder) = &self.folder {
            let _ = write!(
                out,
                "\n{} {}",
                lang.pick("文件夹：", "folder:"),
                folder.display()
            );
        }
        if failed > 0 {
            out.push('\n');
            out.push_str(lang.pick(
                "改正后再运行同一命令：已完成的选举会被识别并跳过",
                "Correct it and run the same command again: the elections done are recognised and skipped",
            ));
        }
        out
    }
}

fn failed(e: &CliError) -> ItemStatus {
    ItemStatus::Failed {
        code: e.code().map(str::to_owned),
        zh: e.message(Lang::Zh),
        en: e.message(Lang::En),
    }
}

/// Runs `step` for each election, with a progress bar; an election's error is its line.
async fn each<'a, F, Fut>(
    step: SeasonStep,
    elections: &'a [String],
    ui: &Ui,
    mut work: F,
) -> SeasonDone
where
    F: FnMut(&'a str) -> Fut,
    Fut: std::future::Future<Output = Result<ItemStatus, CliError>>,
{
    let (zh, en) = step.words();
    let bar = ui.bar(elections.len() as u64, ui.lang.pick(zh, en));
    let mut items = Vec::with_capacity(elections.len());
    for election in elections {
        bar.set_message(election.clone());
        let status = work(election).await.unwrap_or_else(|e| failed(&e));
        items.push(SeasonItem {
            election: election.clone(),
            status,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    SeasonDone {
        step,
        items,
        folder: None,
    }
}

/// Where lifecycle phases stand relative to each other.
fn at_least(phase: Phase, needed: Phase) -> bool {
    let at = |p| Phase::ALL.iter().position(|q| *q == p);
    at(phase) >= at(needed)
}

/// Whether the board has no election `id` (as opposed to failing to answer).
fn unknown(e: &CliError) -> bool {
    e.code() == Some("unknown_election")
}

/// `season create`: makes each community's definition from the template, checks every one
/// (nothing is sent unless all are valid), writes them and the manifest into `folder`, then
/// publishes each one the board does not have yet.
pub async fn create(
    remote: &Remote,
    key: &SigningKey,
    template: &Path,
    communities: &Path,
    folder: &Path,
    ui: &Ui,
) -> Result<SeasonDone, CliError> {
    let template_value: Value = serde_json::from_str(&read(template)?).map_err(|e| {
        CliError::usage(
            format!("{} 不是 JSON 的选举定义：{e}", template.display()),
            format!("{} is not a definition in JSON: {e}", template.display()),
        )
    })?;
    let communities = read_communities(communities)?;
    let mut definitions = Vec::with_capacity(communities.len());
    for community in &communities {
        let doc = community_definition(&template_value, community)?;
        let path = folder
            .join("definitions")
            .join(format!("{}.json", community.id));
        let text =
            serde_json::to_string_pretty(&doc).map_err(|e| CliError::Internal(e.to_string()))?;
        write(&path, &text)?;
        let definition = organiser::load_definition(&path)?;
        organiser::check_window_ahead(&definition, time::OffsetDateTime::now_utc())?;
        definitions.push(definition);
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: 1,
        elections: communities.iter().map(|c| c.id.clone()).collect(),
    };
    let text =
        serde_json::to_string_pretty(&manifest).map_err(|e| CliError::Internal(e.to_string()))?;
    write(&folder.join(MANIFEST), &text)?;
    let by_id = |id: &str| definitions.iter().find(|d| d.election_id() == id);
    let mut done = each(SeasonStep::Create, &manifest.elections, ui, |id| {
        let definition: Option<&ElectionDefinition> = by_id(id);
        async move {
            let definition = definition.ok_or_else(|| CliError::Internal(id.to_owned()))?;
            match remote.definition(id).await {
                Ok(on_board) if on_board.hash() == definition.hash() => Ok(ItemStatus::Already),
                Ok(_) => Err(CliError::usage(
                    format!("公告栏上已有编号为 `{id}` 的另一项选举（定义不同）；请在表格中换一个编号"),
                    format!("the board already holds another election `{id}` (another definition); give this community another id in the table"),
                )),
                Err(e) if unknown(&e) => {
                    organiser::create(remote, key, definition).await?;
                    Ok(ItemStatus::Done)
                }
                Err(e) => Err(e),
            }
        }
    })
    .await;
    done.folder = Some(folder.to_owned());
    Ok(done)
}

/// `season slips`: issues every group's credentials in every election, the slips written
/// into `folder/slips` before each list is published (as `organiser credentials` does).
pub async fn slips(
    remote: &Remote,
    key: &SigningKey,
    folder: &Path,
    public_url: Option<&str>,
    ui: &Ui,
) -> Result<SeasonDone, CliError> {
    let manifest = Manifest::read(folder)?;
    let out = folder.join("slips");
    let mut done = each(SeasonStep::Slips, &manifest.elections, ui, |id| {
        let out = out.clone();
        async move {
            let setup = remote.setup(id).await?;
            let groups: Vec<String> = setup
                .definition
                .document()
                .groups
                .iter()
                .map(|g| g.id.clone())
                .collect();
            let mut status = ItemStatus::Already;
            for group in &groups {
                let listed = setup.lists.iter().any(|l| &l.group == group);
                let kept = crate::slips::files(&out, id, group).text.exists();
                if !(listed && kept) {
                    organiser::issue_credentials(remote, key, id, group, &out, public_url).await?;
                    status = ItemStatus::Done;
                }
            }
            Ok(status)
        }
    })
    .await;
    done.folder = Some(out);
    Ok(done)
}

/// `season open`, `close`, `tally` and `result`: the organiser's step in every election
/// whose board phase shows it not done yet.
pub async fn organiser_step(
    remote: &Remote,
    key: &SigningKey,
    folder: &Path,
    step: SeasonStep,
    ui: &Ui,
) -> Result<SeasonDone, CliError> {
    let manifest = Manifest::read(folder)?;
    // The step is done once the election is past the phase it leaves.
    let (from, to) = match step {
        SeasonStep::Open => (Phase::Setup, Phase::Voting),
        SeasonStep::Close => (Phase::Voting, Phase::Closed),
        SeasonStep::Tally => (Phase::Closed, Phase::Tallied),
        _ => (Phase::Tallied, Phase::Decided),
    };
    Ok(each(step, &manifest.elections, ui, |id| async move {
        let phase = remote.info(id).await?.phase;
        if at_least(phase, to) {
            return Ok(ItemStatus::Already);
        }
        if phase != from {
            return Err(CliError::Phase {
                election: id.to_owned(),
                phase,
                needed: from,
            });
        }
        // Each election's own command, with its own checks (the tally replays the log).
        let quiet = Ui::quiet(ui.lang);
        match step {
            SeasonStep::Open => organiser::open(remote, key, id).await.map(drop),
            SeasonStep::Close => organiser::close(remote, key, id).await.map(drop),
            SeasonStep::Tally => organiser::tally(remote, key, id, &quiet).await.map(drop),
            _ => organiser::result(remote, key, id, &quiet).await.map(drop),
        }?;
        Ok(ItemStatus::Done)
    })
    .await)
}

/// `trustee season deal`, `check` and `decrypt`: this trustee's step in every election, each
/// with its own state file `states/{election}.state` (each election has its own ceremony;
/// no secret is shared between two).
pub async fn trustee_step(
    remote: &Remote,
    key: &SigningKey,
    manifest: &Path,
    states: &Path,
    step: SeasonStep,
    ui: &Ui,
) -> Result<SeasonDone, CliError> {
    let manifest = Manifest::read(manifest)?;
    let mut done = each(step, &manifest.elections, ui, |id| {
        let state = states.join(format!("{id}.state"));
        async move {
            let quiet = Ui::quiet(ui.lang);
            Ok(match step {
                SeasonStep::Deal => {
                    if trustee::deal(remote, key, id, &state)
                        .await?
                        .already_published
                    {
                        ItemStatus::Already
                    } else {
                        ItemStatus::Done
                    }
                }
                SeasonStep::Check => {
                    let before = remote.setup(id).await?;
                    trustee::check(remote, key, id, &state).await?;
                    let after = remote.setup(id).await?;
                    let answers =
                        |s: &crate::remote::Setup| s.acknowledgements.len() + s.complaints.len();
                    if answers(&after) > answers(&before) {
                        ItemStatus::Done
                    } else {
                        ItemStatus::Already
                    }
                }
                _ => {
                    if trustee::decrypt(remote, key, id, &state, &quiet)
                        .await?
                        .already_published
                    {
                        ItemStatus::Already
                    } else {
                        ItemStatus::Done
                    }
                }
            })
        }
    })
    .await;
    done.folder = Some(states.to_owned());
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(file: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/season")
            .join(file)
    }

    /// The example table (Chinese header) and template make four valid definitions, each
    /// with its community's name, size and candidates.
    #[test]
    fn the_example_season_makes_valid_definitions() {
        let template: Value =
            serde_json::from_str(&std::fs::read_to_string(example("template.json")).unwrap())
                .unwrap();
        let communities = read_communities(&example("communities.csv")).unwrap();
        assert_eq!(communities.len(), 4);
        for community in &communities {
            let doc = community_definition(&template, community).unwrap();
            let definition = ElectionDefinition::from_json(&doc.to_string())
                .unwrap_or_else(|e| panic!("{}: {e}", community.id));
            assert_eq!(definition.election_id(), community.id);
            assert!(definition
                .document()
                .title
                .zh
                .starts_with(&community.name_zh));
            assert_eq!(
                definition.document().groups[0].eligible,
                community.groups[0].1
            );
        }
        let dashiqiao = &communities[2];
        assert_eq!(dashiqiao.name_en, "Dashiqiao community");
        assert_eq!(
            dashiqiao.candidates[0].1[0],
            Person {
                id: "huang-xin".into(),
                zh: "黄鑫".into(),
                en: "Huang Xin".into()
            }
        );
        assert_eq!(dashiqiao.candidates[1].1[6].id, "committee-election-7");
    }

    #[test]
    fn csv_fields_follow_rfc_4180_quotes() {
        assert_eq!(
            csv_fields(r#"a, "b,c" ,"d ""e""",,"#).unwrap(),
            ["a", "b,c", "d \"e\"", "", ""]
        );
        assert!(csv_fields(r#"a,"b"#).is_none());
    }

    /// A table's mistakes are refused naming the file's line, before anything is sent.
    #[test]
    fn a_bad_table_names_its_line() {
        let dir = std::env::temp_dir().join(format!("zhixuan-season-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let table = dir.join("bad.csv");
        for (text, says) in [
            ("id,name\n", "no `groups`"),
            (
                "id,name,groups\na,A,members=1\na,B,members=2\n",
                "line 3: the id `a` appears twice",
            ),
            (
                "id,name,groups\nb,B,members=many\n",
                "line 2: the group `members=many`",
            ),
            (
                "id,name,groups\nc d,C,members=1\n",
                "line 2: `c d` cannot be an election id",
            ),
            ("编号,名称,选民组\n", "no community"),
        ] {
            std::fs::write(&table, text).unwrap();
            let e = read_communities(&table).unwrap_err().message(Lang::En);
            assert!(e.contains(says), "{text:?}: {e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Every group of the template needs its size from the table.
    #[test]
    fn a_group_without_its_size_is_refused() {
        let template: Value =
            serde_json::from_str(&std::fs::read_to_string(example("template.json")).unwrap())
                .unwrap();
        let community = Community {
            id: "x".into(),
            name_zh: "某社区".into(),
            name_en: "X".into(),
            groups: vec![],
            candidates: vec![],
        };
        let e = community_definition(&template, &community)
            .unwrap_err()
            .message(Lang::En);
        assert!(e.contains("no size for the group `members`"), "{e}");
    }
}
