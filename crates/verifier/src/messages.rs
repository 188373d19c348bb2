//! Chinese sentences for the problem codes, so that a committee member reading the report
//! in Chinese knows what failed; the English detail follows each. A board's refusal code
//! speaks here in its voice as a finding, from the one table of codes
//! ([`zhixuan_record::ErrorCode::meaning`]); the verifier's own checks have theirs below.

use zhixuan_record::ErrorCode;

/// The Chinese sentence for a problem code, where there is one.
pub fn zh_reason(code: &str) -> Option<&'static str> {
    if let Ok(code) = code.parse::<ErrorCode>() {
        return code.meaning().finding.map(|words| words.zh);
    }
    Some(match code {
        "record_format" => "记录文件格式错误",
        "definition" => "选举定义有误",
        "earlier_election" => "前一轮（或往年）选举的证明无效",
        "earlier_outcome" => "前一轮（或往年）选举公布的结果与其本身公布的票数按规则重算的结果不符",
        "board_key" => "公告板密钥无效",
        "checkpoint" => "检查点无效",
        "root_mismatch" => "日志的根哈希与签名检查点不符",
        "size_mismatch" => "日志条目数与签名检查点不符",
        "inconsistent_checkpoint" => "保存的检查点与记录不一致：公告板改写了历史",
        "truncated_log" => "记录比保存的检查点更短：有条目被删除",
        "election_mismatch" => "记录头与选举定义不符",
        "election_missing" => "程序阶段所指的选举记录没有提供",
        "election_unverified" => "程序阶段所指的选举记录未通过验证",
        _ => return None,
    })
}
