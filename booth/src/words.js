// Every word the booth shows, in Chinese and in English, from this one table. An entry is
// [zh, en], or a function of its arguments giving [zh, en].

export const WORDS = {
  booth: ['网上投票', 'Voting booth'],
  switchLang: ['English', '中文'],
  loading: ['正在从公告栏读取选举，并核对组织者和监票人的签名…', 'Reading the election from the board and checking the signatures of the organiser and the trustees…'],

  // Problems before voting.
  noElection: ['公告栏上没有这个选举。请检查链接。', 'This election is not on the board. Check the link.'],
  boardUnreachable: ['无法连接公告栏。请检查网络，然后重试。', 'The board cannot be reached. Check the connection, then try again.'],
  boardBroken: ['公告栏上的选举记录没有通过核对，本机不能用它投票。请告知监督委员会（监票人）。',
    'The election\'s record on the board did not pass the checks; this device cannot vote with it. Tell the supervision committee (the trustees).'],
  notOpen: (opens) => [`投票尚未开始。开始时间：${opens}。`, `Voting has not started yet. It opens at ${opens}.`],
  closed: ['投票已经结束，不再接受选票。', 'Voting has ended; no more ballots are accepted.'],
  withdrawn: ['组织者在投票开始前撤回了这次选举，它的凭证作废，不能用来投票。', 'The organiser withdrew this election before voting opened; its slips are void and cannot be used to vote.'],
  withdrawnSee: ['在公告栏上查看撤回的理由和取代它的选举', 'See on the board why, and which election replaces it'],
  tryAgain: ['重试', 'Try again'],
  whatHappened: ['详细情况', 'Details'],

  // The slip.
  slipTitle: ['第一步：输入选民凭证上的代码', 'Step 1: enter the code on your voter slip'],
  slipHelp: ['代码共 25 个字符，分 5 组，每组 5 个。字母大小写都可以，O 和 0、I 和 1 都可以。最后一个字符是校验字符，能发现输错的字符。',
    'The code has 25 characters in 5 groups of 5. Capital or small letters both work, and O reads as 0, I and L as 1. The last character is a check character that catches a mistyped one.'],
  slipLabel: ['凭证代码', 'Slip code'],
  slipSubmit: ['下一步', 'Next'],
  scan: ['用摄像头扫描凭证上的二维码', 'Scan the QR code on the slip with the camera'],
  scanning: ['请把二维码对准摄像头…', 'Hold the QR code in front of the camera…'],
  noCamera: ['无法打开摄像头。请直接输入代码。', 'The camera could not be opened. Please type the code.'],
  noScanner: ['本浏览器不能扫描二维码，请直接输入代码。', 'This browser cannot scan QR codes; please type the code.'],
  slipSecret: ['凭证代码只在本机使用，不会发送给公告栏。请不要让别人看到您的凭证。',
    'The code is used on this device only and is never sent to the board. Do not let anyone see your slip.'],
  badLength: (n) => [`代码应有 25 个字符，您输入了 ${n} 个。请与凭证逐组核对。`, `The code has 25 characters; you typed ${n}. Compare it with your slip, group by group.`],
  badCharacter: (c) => [`“${c}”不是凭证代码里会出现的字符（代码没有 U 等字母）。`, `“${c}” does not occur in slip codes (they have no U, for example).`],
  badCheck: ['代码中有字符输错了：最后的校验字符对不上。请与凭证逐组核对后重新输入。',
    'A character of the code is mistyped: the check character at the end does not match. Compare it with your slip, group by group, and type it again.'],
  badPayload: ['这个二维码不是直选的选民凭证。', 'This QR code is not a Zhixuan voter slip.'],
  zeroCode: ['这个代码不能使用，请向工作人员换一张凭证。', 'This code cannot be used; ask the staff for another slip.'],
  otherElection: (id) => [`这张凭证属于另一个选举（${id}），不是本选举。`, `This slip is for another election (${id}), not this one.`],
  notOnList: ['本选举的选民名单中没有这个凭证。可能是另一个选举的凭证，或代码输错了。请核对后重试，或询问工作人员。',
    'This credential is on none of this election\'s voter lists. It may be a slip of another election, or the code is mistyped. Check it and try again, or ask the staff.'],
  slipGroup: (group) => [`您在“${group}”中投票。`, `You vote as one of “${group}”.`],

  // The ballot.
  ballotTitle: ['第二步：填写选票', 'Step 2: fill in the ballot'],
  ballotHelp: ['点选您的选择。每一项下面写明可以选几个。', 'Tap your choices. Each question says how many you may choose.'],
  upToPeople: (k) => [`最多选 ${k} 人，可以少选，也可以不选。`, `Choose up to ${k}. You may choose fewer, or none.`],
  exactlyOne: ['请选一项，只能选一项。', 'Choose exactly one.'],
  between: (lo, hi) => [`请选 ${lo} 至 ${hi} 项。`, `Choose from ${lo} to ${hi}.`],
  chosen: (n, k) => [`已选 ${n} / 最多 ${k}`, `Chosen: ${n} of at most ${k}`],
  full: (k) => [`已经选满 ${k} 人。要改选别人，请先取消一位。`, `You have already chosen ${k}. To choose someone else, first untick one.`],
  needOne: ['这一项还没有选择。', 'Nothing is chosen here yet.'],
  needAtLeast: (lo) => [`这一项至少要选 ${lo} 项。`, `Choose at least ${lo} here.`],
  about: (name) => [`对 ${name}`, `On ${name}`],
  toReview: ['检查我的选择', 'Review my choices'],

  // Review.
  reviewTitle: ['第三步：检查您的选择', 'Step 3: check your choices'],
  reviewHelp: ['请确认下面就是您的选择。确认后，本机会把选票加密。', 'Make sure these are your choices. Once you confirm, this device encrypts the ballot.'],
  nobody: ['（未选）', '(none chosen)'],
  change: ['修改', 'Change'],
  confirm: ['确认，加密选票', 'Confirm and encrypt the ballot'],
  encrypting: ['正在加密并生成证明…', 'Encrypting and proving…'],

  // The Benaloh choice.
  chooseTitle: ['第四步：投出或核对', 'Step 4: cast or check'],
  trackingCode: ['跟踪码', 'Tracking code'],
  fullHash: ['完整选票哈希（供另一台设备核对）', 'Full ballot hash (for a second device to compare)'],
  trackingHelp: ['您的选票已加密。请抄下或拍下这个跟踪码：以后凭它在公告栏上找到您的选票。',
    'Your ballot is encrypted. Write down or photograph this tracking code: with it you find your ballot on the board later.'],
  castHelp: ['“投出选票”：用您的凭证签名并投入票箱。投出后不能再修改。',
    '“Cast the ballot”: sign it with your credential and put it in the ballot box. It cannot be changed afterwards.'],
  auditHelp: ['“核对加密（不投票）”：公开这张加密选票的内容，检查本机是否如实加密了您的选择。这张选票不会计入，之后您重新填写并投票。',
    '“Check the encryption (do not vote)”: open this encrypted ballot to check that this device encrypted your choices faithfully. It is not counted; you then fill in a ballot again and vote.'],
  cast: ['投出选票', 'Cast the ballot'],
  audit: ['核对加密（不投票）', 'Check the encryption (do not vote)'],

  // Sending.
  sending: ['正在发送到公告栏…', 'Sending to the board…'],
  checkingAck: ['正在核对公告栏的回执…', 'Checking the board\'s acknowledgement…'],
  lost: ['与公告栏的连接中断了。您的选票还保存在本页中，没有丢失。请检查网络后点“重新发送”：发送的是同一张选票，不会重复计票。',
    'The connection to the board was lost. Your ballot is still kept in this page. Check the connection, then tap “Send again”: the same ballot is sent, and it cannot be counted twice.'],
  busy: ['公告栏暂时繁忙，没有保存这张选票。请稍候点“重新发送”。', 'The board is busy and did not store the ballot. Wait a moment, then tap “Send again”.'],
  resend: ['重新发送', 'Send again'],
  alreadyVoted: ['这张凭证已经投过票了，本选举每张凭证只能投一次。如有疑问，请询问工作人员。',
    'This credential has already voted, and this election takes one ballot per credential. If in doubt, ask the staff.'],
  checkWithCode: ['公告栏说这张凭证已经投过票。您的选票可能在连接中断前已经送到。请用跟踪码查看：',
    'The board says this credential has already voted. Your ballot may have arrived before the connection was lost. Look it up with your tracking code:'],
  lookUp: ['用跟踪码查找', 'Look it up by tracking code'],
  refused: ['公告栏拒收了这张选票。', 'The board refused this ballot.'],
  alarm: ['公告栏的回执没有通过核对。请不要离开，立即告知监督委员会（监票人），并出示本页面。',
    'The board\'s acknowledgement did not pass the checks. Please stay, tell the supervision committee (the trustees) at once, and show them this page.'],

  // Receipts.
  castDone: ['您的选票已投入票箱', 'Your ballot is in the ballot box'],
  castChecked: ['✓ 本机已核对：公告栏签名的检查点包含了您的选票。', '✓ Checked on this device: the board\'s signed checkpoint includes your ballot.'],
  receiptHelp: ['请保存或打印这张回执。以后凭跟踪码可以在公告栏上查看您的选票；检查点可以证明公告栏没有删改记录。',
    'Save or print this receipt. With the tracking code you can look your ballot up on the board later; the checkpoint holds the board to its record.'],
  entryIndex: ['公告栏日志序号', 'Index on the board\'s log'],
  checkpoint: ['签名检查点', 'Signed checkpoint'],
  print: ['打印回执', 'Print the receipt'],
  save: ['保存回执', 'Save the receipt'],
  done: ['完成', 'Done'],
  nextVoter: ['完成，交给下一位选民', 'Done: ready for the next voter'],
  kioskNote: ['本机是会场投票机：点“完成”后会清除您的一切信息。', 'This is the hall\'s voting tablet: “Done” erases everything about you.'],
  finished: ['投票完成，谢谢。您可以关闭本页。', 'You have voted. Thank you. You may close this page.'],

  // Audit.
  auditDone: ['这张选票已公开核对，不会计入', 'This ballot was opened for checking; it is not counted'],
  auditOpened: ['公告栏上公开的内容如下。请核对这是否就是您刚才的选择：', 'What is published on the board is below. Check that these are the choices you made:'],
  auditMismatch: ['如果与您的选择不符，说明本机不可信：请不要用它投票，并告知监督委员会。',
    'If they are not your choices, this device is not to be trusted: do not vote with it, and tell the supervision committee.'],
  auditElsewhere: (code) => [`也可以在另一台设备上用跟踪码 ${code} 查看，或用 zhixuan-verify 核对。`, `You can also look it up with tracking code ${code} on another device, or check it with zhixuan-verify.`],
  startAgain: ['重新填写选票并投票', 'Fill in a ballot again and vote'],
  auditAgainNote: ['重新加密后的选票有新的跟踪码。', 'The ballot encrypted again has a new tracking code.'],
};

/** The words of `key` in `lang` ('zh' or 'en'). */
export function say(lang, key, ...args) {
  const entry = WORDS[key];
  if (entry === undefined) throw new Error(`no words for ${key}`);
  const pair = typeof entry === 'function' ? entry(...args) : entry;
  return lang === 'en' ? pair[1] : pair[0];
}

/** A bilingual name of the definition in `lang`. */
export function name(lang, bilingual) {
  return lang === 'en' ? bilingual.en : bilingual.zh;
}
