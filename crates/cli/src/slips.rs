//! Credential slips: the printed paper each voter receives, with a short code to type and a
//! QR code to scan.
//!
//! # The code
//!
//! A slip code is 120 random bits written as 24 characters of Crockford's base 32 (digits
//! and capital letters without I, L, O, U, as in tracking codes), then one check character,
//! in five groups of five: `K7Q2M-9XD4R-TBH0P-C1N8S-W3YZA` (`spec/slips.md`, with the
//! codec of `zhixuan_tally::crockford`). The check character is the first
//! five bits of `SHA-256("zhixuan-slip-check" ‖ code bits)`, so a mistyped character is
//! caught before anything is sent (31 times in 32). Parsing forgives what people do when
//! they type a code: lower case, spaces or no dashes, `O` for `0`, `I`/`L` for `1`.
//!
//! The voter's credential secret is derived from the code and the election:
//! `x = SHA-256("zhixuan-v1/credential-slip" ‖ definition hash ‖ code bits)` with the top
//! four bits cleared (so it is a canonical scalar). A slip therefore works in one election
//! only, and 120 bits keep guessing any voter's code out of reach (2¹²⁰ work, less a
//! factor of the number of voters). Only `xG` goes on the board.
//!
//! # The slip files
//!
//! `organiser credentials` writes, per group, `ELECTION.GROUP.slips.html` (one slip per
//! voter, to print and cut) and `ELECTION.GROUP.slips.txt` (one QR payload per line, for
//! rehearsals with `zhixuan simulate`). Both are readable only by their owner. Once the
//! slips are printed and handed out, the organiser deletes both: nobody then holds a copy of
//! the secrets but the voters. Codes and the texts holding them are zeroized when dropped;
//! the QR encoder's own working buffers are not (it is an outside crate), so slips are best
//! made on a machine that is switched off afterwards.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;
use zhixuan_election::ElectionDefinition;
use zhixuan_tally::crockford;
use zhixuan_tally::{CredentialSecret, ElectionHash};

use crate::error::CliError;
use crate::keys;

const BYTES: usize = 15;
const CHARS: usize = 24;
const CHECK_DOMAIN: &[u8] = b"zhixuan-slip-check";
const DERIVE_DOMAIN: &[u8] = b"zhixuan-v1/credential-slip";
/// The QR payload's prefix; upper case so that the payload fits QR's compact alphanumeric
/// mode.
const PAYLOAD_PREFIX: &str = "ZHIXUAN:";

/// A voter's slip code: 120 secret bits. Zeroized on drop; `Debug` prints nothing of it.
#[derive(Clone)]
pub struct SlipCode(Zeroizing<[u8; BYTES]>);

impl core::fmt::Debug for SlipCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SlipCode(..)")
    }
}

/// `spec/slips.md` §1: the first five bits of `SHA-256("zhixuan-slip-check" ‖ code)`.
fn check_digit(bytes: &[u8; BYTES]) -> u8 {
    let mut h = Sha256::new();
    h.update(CHECK_DOMAIN);
    h.update(bytes);
    h.finalize()[0] >> 3
}

impl SlipCode {
    /// A fresh random code.
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; BYTES]);
        rand::Rng::fill_bytes(&mut rand::rng(), &mut *bytes);
        Self(bytes)
    }

    /// Reads a typed code (`spec/slips.md` §2).
    pub fn parse(text: &str) -> Result<Self, CliError> {
        let mut digits = Zeroizing::new([0u8; CHARS + 1]);
        let count = crockford::read_digits(text, &mut *digits).map_err(|c| {
            CliError::credential(
                format!("“{c}” 不是凭证代码中使用的字符（数字和除 I、L、O、U 以外的字母）"),
                format!("'{c}' is not a character used in slip codes (digits and letters except I, L, O, U)"),
            )
        })?;
        if count != CHARS + 1 {
            return Err(CliError::credential(
                format!("凭证代码有 {} 个字符，这个有 {count} 个", CHARS + 1),
                format!(
                    "a slip code has {} characters; this one has {count}",
                    CHARS + 1
                ),
            ));
        }
        let mut bytes = Zeroizing::new([0u8; BYTES]);
        for (i, &d) in digits[..CHARS].iter().enumerate() {
            crockford::set_digit(&mut *bytes, i, d);
        }
        if digits[CHARS] != check_digit(&bytes) {
            return Err(CliError::credential(
                "凭证代码的校验字符不符：有字符输入错误",
                "the slip code's check character does not match: a character was mistyped",
            ));
        }
        Ok(Self(bytes))
    }

    /// The code as printed: five groups of five (`spec/slips.md` §1).
    pub fn to_text(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::with_capacity(CHARS + 1 + 4));
        let digits = (0..CHARS)
            .map(|i| crockford::digit_at(&*self.0, i))
            .chain([check_digit(&self.0)]);
        crockford::write_grouped(digits, 5, &mut out);
        out
    }

    /// The voter's credential in the election with this definition hash (`spec/slips.md`
    /// §3).
    pub fn credential(&self, election: &ElectionHash) -> Result<CredentialSecret, CliError> {
        let mut h = Sha256::new();
        h.update(DERIVE_DOMAIN);
        h.update(election.as_bytes());
        h.update(*self.0);
        let mut bytes = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
        bytes[31] &= 0x0f;
        CredentialSecret::from_bytes(*bytes).map_err(|_| {
            CliError::credential(
                "这个凭证代码无法生成有效凭证；请申请新的凭证",
                "this slip code gives no valid credential; ask for a new slip",
            )
        })
    }

    /// What the slip's QR code holds: `ZHIXUAN:<ELECTION ID>:<CODE>` (`spec/slips.md` §4).
    pub fn payload(&self, election_id: &str) -> Zeroizing<String> {
        let code = self.to_text();
        let mut out = Zeroizing::new(String::with_capacity(
            PAYLOAD_PREFIX.len() + election_id.len() + 1 + code.len(),
        ));
        out.push_str(PAYLOAD_PREFIX);
        out.push_str(&election_id.to_ascii_uppercase());
        out.push(':');
        out.push_str(&code);
        out
    }
}

/// A credential as a voter gives it: the election it is for (if the slip says) and its code.
#[derive(Debug)]
pub struct SlipCredential {
    /// The election id, when the text was a QR payload.
    pub election: Option<String>,
    /// The slip code, whose secret credential it gives.
    pub code: SlipCode,
}

impl SlipCredential {
    /// Reads a slip code or a QR payload (`spec/slips.md` §4).
    pub fn parse(text: &str) -> Result<Self, CliError> {
        let text = text.trim();
        let upper = text
            .get(..PAYLOAD_PREFIX.len())
            .map(str::to_ascii_uppercase);
        if upper.as_deref() == Some(PAYLOAD_PREFIX) {
            let rest = &text[PAYLOAD_PREFIX.len()..];
            let (election, code) = rest.rsplit_once(':').ok_or_else(|| {
                CliError::credential(
                    "二维码内容中选举编号之后没有凭证代码",
                    "the QR payload has no code after the election id",
                )
            })?;
            return Ok(Self {
                election: Some(election.to_ascii_lowercase()),
                code: SlipCode::parse(code)?,
            });
        }
        Ok(Self {
            election: None,
            code: SlipCode::parse(text)?,
        })
    }

    /// Reads `--credential`: a code, a QR payload, or a file holding one (readable only by
    /// its owner, like every file holding a secret).
    pub fn from_argument(argument: &str) -> Result<Self, CliError> {
        let path = Path::new(argument);
        if path.is_file() {
            let bytes = keys::read_secret(path)?;
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                CliError::credential(
                    format!("{} 不是文本文件", path.display()),
                    format!("{} is not a text file", path.display()),
                )
            })?;
            let line = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .ok_or_else(|| {
                    CliError::credential(
                        format!("{} 中没有凭证代码", path.display()),
                        format!("{} holds no slip code", path.display()),
                    )
                })?;
            return Self::parse(line);
        }
        Self::parse(argument)
    }
}

/// The files written for one group.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SlipFiles {
    /// One printable slip per voter.
    pub html: PathBuf,
    /// One QR payload per line.
    pub text: PathBuf,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            other => out.push(other),
        }
    }
    out
}

/// The QR code of a payload as inline SVG.
fn qr_svg(payload: &str) -> Result<Zeroizing<String>, CliError> {
    let code = qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M)
        .map_err(|e| CliError::Internal(format!("QR code: {e}")))?;
    let svg = Zeroizing::new(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(150, 150)
            .quiet_zone(true)
            .build(),
    );
    // Inline SVG in HTML takes no XML prolog.
    let start = svg.find("<svg").unwrap_or(0);
    Ok(Zeroizing::new(svg[start..].to_owned()))
}

/// Writes the slips of one group into `dir`: the printable HTML and the payload list. Each
/// slip names the board by the address voters use (`board`) and its checkpoint key
/// (`board_key`), which `zhixuan vote --board-key` holds the board to.
pub fn write(
    dir: &Path,
    definition: &ElectionDefinition,
    group: &str,
    board: &str,
    board_key: &str,
    codes: &[SlipCode],
) -> Result<SlipFiles, CliError> {
    let id = definition.election_id();
    let doc = definition.document();
    let group_name = definition
        .group(group)
        .map(|g| g.name.clone())
        .unwrap_or_else(|| zhixuan_election::Bilingual::new(group, group));
    let SlipFiles {
        html: html_path,
        text: text_path,
    } = files(dir, id, group);

    let mut text = Zeroizing::new(String::with_capacity(codes.len() * 80 + 200));
    let _ = writeln!(
        text,
        "# Zhixuan credential slips · 选民凭证 — {id} / {group}: {} slips. SECRET: delete after printing. 机密：打印后删除。",
        codes.len()
    );
    for code in codes {
        text.push_str(&code.payload(id));
        text.push('\n');
    }

    let mut html = Zeroizing::new(String::with_capacity(codes.len() * 9000 + 4000));
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<title>{title_zh} · {group_zh} · 选民凭证</title>
<style>
body {{ font-family: sans-serif; margin: 1cm; }}
.slip {{ border: 1px dashed #444; padding: 0.5cm; margin-bottom: 0.6cm; page-break-inside: avoid; display: flex; gap: 0.6cm; align-items: center; }}
.code {{ font-family: monospace; font-size: 18pt; letter-spacing: 0.06em; white-space: nowrap; }}
.small {{ font-size: 9pt; color: #333; }}
h1 {{ font-size: 14pt; }}
@media print {{ .note {{ display: none; }} }}
</style></head><body>
<p class="note"><b>机密 / SECRET.</b> 每张凭证只能由一位选民持有；打印并分发后请删除本文件。
Each slip belongs to one voter; delete this file once the slips are printed and handed out.</p>
<h1>{title_zh}<br>{title_en}</h1>
"#,
        title_zh = escape(&doc.title.zh),
        title_en = escape(&doc.title.en),
        group_zh = escape(&group_name.zh),
    );
    for (n, code) in codes.iter().enumerate() {
        let payload = code.payload(id);
        let svg = qr_svg(&payload)?;
        let typed = code.to_text();
        let _ = write!(
            html,
            r#"<div class="slip"><div>{svg}</div><div>
<div>{title_zh} · {group_zh} · No. {number}</div>
<div class="small">{title_en} · {group_en}</div>
<p class="code">{typed}</p>
<div class="small">选举编号 / election: <code>{id}</code> · 公告栏 / board: <code>{board}</code></div>
<div class="small">公告栏密钥 / board key: <code>{board_key}</code></div>
<div class="small">投票 / to vote: <code>zhixuan vote --board {board} --board-key {board_key} --election {id} --credential {typed} --choice …</code></div>
<div class="small">请妥善保管，勿给他人看；持有此凭证者可以投票。Keep it private: whoever holds it can vote.</div>
</div></div>
"#,
            title_zh = escape(&doc.title.zh),
            title_en = escape(&doc.title.en),
            group_zh = escape(&group_name.zh),
            group_en = escape(&group_name.en),
            number = n + 1,
            svg = &*svg,
            typed = &*typed,
            board = escape(board),
            board_key = escape(board_key),
        );
    }
    html.push_str("</body></html>\n");

    write_once(&text_path, text.as_bytes())?;
    write_once(&html_path, html.as_bytes())?;
    Ok(SlipFiles {
        html: html_path,
        text: text_path,
    })
}

/// Writes a new secret file, or leaves one that already holds exactly `contents` (the same
/// slips, written by an earlier run of the same command); refuses to replace any other.
fn write_once(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    if path.exists() && keys::read_secret(path)?.as_slice() == contents {
        return Ok(());
    }
    keys::write_new(path, contents)
}

/// The files [`write`] writes for `group` of election `id` into `dir`.
pub fn files(dir: &Path, id: &str, group: &str) -> SlipFiles {
    SlipFiles {
        html: dir.join(format!("{id}.{group}.slips.html")),
        text: dir.join(format!("{id}.{group}.slips.txt")),
    }
}

/// Reads a payload list written by [`write`]: each line's election id and code.
pub fn read(path: &Path) -> Result<Vec<SlipCredential>, CliError> {
    let bytes = keys::read_secret(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        CliError::credential(
            format!("{} 不是文本文件", path.display()),
            format!("{} is not a text file", path.display()),
        )
    })?;
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .enumerate()
        .map(|(n, line)| {
            SlipCredential::parse(line).map_err(|e| {
                CliError::credential(
                    format!(
                        "{} 第 {} 张：{}",
                        path.display(),
                        n + 1,
                        e.message(crate::Lang::Zh)
                    ),
                    format!("{} slip {}: {e}", path.display(), n + 1),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_forgivingly_and_catches_typos() {
        for _ in 0..50 {
            let code = SlipCode::generate();
            let text = code.to_text();
            assert_eq!(text.len(), 29);
            assert_eq!(text.matches('-').count(), 4);
            let back = SlipCode::parse(&text).unwrap();
            assert_eq!(*back.0, *code.0);
            let sloppy = text.replace('-', " ").to_lowercase().replace('0', "o");
            assert_eq!(*SlipCode::parse(&sloppy).unwrap().0, *code.0);
        }
        // One changed character is caught by the check character (31 times in 32, so over
        // many codes nearly always).
        let mut caught = 0;
        for _ in 0..64 {
            let text = SlipCode::generate().to_text();
            let mut chars: Vec<char> = text.chars().collect();
            chars[0] = if chars[0] == '7' { '8' } else { '7' };
            let typo: String = chars.into_iter().collect();
            if SlipCode::parse(&typo).is_err() {
                caught += 1;
            }
        }
        assert!(caught >= 54, "{caught} of 64 typos caught");
        assert!(SlipCode::parse("ABC").is_err());
        assert!(SlipCode::parse("UUUUU-UUUUU-UUUUU-UUUUU-UUUUU").is_err());
    }

    #[test]
    fn a_credential_is_bound_to_its_election() {
        let code = SlipCode::generate();
        let a = code.credential(&ElectionHash([1; 32])).unwrap();
        let again = code.credential(&ElectionHash([1; 32])).unwrap();
        let b = code.credential(&ElectionHash([2; 32])).unwrap();
        assert_eq!(a.public(), again.public());
        assert_ne!(a.public(), b.public());
    }

    #[test]
    fn a_payload_names_its_election() {
        let code = SlipCode::generate();
        let payload = code.payload("nanjing-demo-2024");
        assert!(payload.starts_with("ZHIXUAN:NANJING-DEMO-2024:"));
        let back = SlipCredential::parse(&payload.to_lowercase()).unwrap();
        assert_eq!(back.election.as_deref(), Some("nanjing-demo-2024"));
        assert_eq!(*back.code.0, *code.0);
        let plain = SlipCredential::parse(&code.to_text()).unwrap();
        assert_eq!(plain.election, None);
    }
}
