// The booth: the voter's steps of spec/booth.md, one screen at a time. Everything about the
// voter (the slip's credential, the choices, the prepared ballot) lives in this page's
// memory only: nothing is written to localStorage, sessionStorage, cookies or the URL; in
// kiosk mode the page reloads between voters, which drops it all.
import { bytesToHex } from './bytes.js';
import { pointHex } from './group.js';
import { context, prepareBallot, castBallotFromJson, auditedBallotFromJson } from './ballot.js';
import { definitionHash, groupQuestions, styleOf } from './definition.js';
import { readSetup, groupOf, parseVerifierKey, BoardError } from './board.js';
import { readSlip, credentialOf, SlipError } from './slip.js';
import { checkReceipt } from './receipt.js';
import { say, name } from './words.js';

/** The board refused a request: its stable code and its sentence (spec/board.md §8). */
class Refused extends Error {
  constructor(status, code, message) {
    super(`${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

/** The request never got an answer: lost connection, timeout. */
class Unreachable extends Error {}

/** Codes after which nothing was stored and the same bytes may simply be sent again. */
const RETRY = new Set(['rate_limited', 'busy', 'shutting_down', 'storage_error', 'storage_unwritable', 'timeout', 'internal_error']);

async function request(path, { method = 'GET', body, text = false } = {}) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 30000);
  let answer;
  try {
    answer = await fetch(path, {
      method,
      body,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      signal: abort.signal,
    });
  } catch (e) {
    throw new Unreachable(String(e));
  } finally {
    clearTimeout(timer);
  }
  if (!answer.ok) {
    let code = 'http_' + answer.status;
    let message = answer.statusText;
    try {
      const err = await answer.json();
      code = err.code;
      message = err.message;
    } catch {
      // An answer without the board's error body (a proxy's page): keep the status.
    }
    throw new Refused(answer.status, code, message);
  }
  try {
    return text ? await answer.text() : await answer.json();
  } catch (e) {
    throw new Unreachable(String(e));
  }
}

/** A DOM element: h('p', {class: 'note'}, 'text', child, …). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export class Booth {
  constructor(root, { electionId, kiosk, boardKey }) {
    this.root = root;
    this.id = electionId;
    this.kiosk = kiosk;
    this.pinnedKey = boardKey;
    this.lang = 'zh';
    this.step = 'loading';
    this.voter = null;
  }

  t(key, ...args) {
    return say(this.lang, key, ...args);
  }

  n(bilingual) {
    return name(this.lang, bilingual);
  }

  go(step, extra = {}) {
    // The camera stays on only while the slip screen it belongs to is shown.
    if (this.stopScan) {
      this.stopScan();
      this.stopScan = null;
    }
    Object.assign(this, extra);
    this.step = step;
    this.render();
  }

  async start() {
    this.go('loading');
    try {
      const info = await request(`/elections/${this.id}`);
      // Withdrawn before voting (spec/board.md §5.5a): its log ends with the withdrawal, and
      // its slips are void.
      if (info.phase === 'withdrawn') return this.go('withdrawn');
      const entries = [];
      let from = 0;
      for (;;) {
        const page = await request(`/elections/${this.id}/entries?from=${from}&limit=1000`);
        entries.push(...page.entries);
        if (page.entries.length === 0 || page.entries.some((e) => e.kind === 'open_voting') || page.next === null) break;
        from = page.next;
      }
      const upTo = entries.findIndex((e) => e.kind === 'open_voting');
      this.setup = readSetup(this.id, upTo < 0 ? entries : entries.slice(0, upTo + 1));
      if (info.definition_hash !== bytesToHex(this.setup.hash)) throw new BoardError('the election\'s summary names another definition hash');
      this.verifier = parseVerifierKey(this.pinnedKey ?? await request('/board-key', { text: true }));
      this.definition = this.setup.definition;
      document.title = `${this.n(this.definition.title)} · ${this.t('booth')}`;
      if (info.phase === 'setup' || !this.setup.electionKey) return this.go('notOpen');
      if (info.phase !== 'voting') return this.go('closed');
      this.ctx = context(this.setup.hash, this.setup.electionKey);
      this.go('slip');
    } catch (e) {
      this.fail(e);
    }
  }

  /** A problem before any ballot exists: which screen says it. */
  fail(e) {
    if (e instanceof Refused && e.code === 'unknown_election') return this.go('problem', { problem: 'noElection', detail: null });
    if (e instanceof Unreachable || (e instanceof Refused && RETRY.has(e.code))) return this.go('problem', { problem: 'boardUnreachable', detail: e.message });
    return this.go('problem', { problem: 'boardBroken', detail: e.message });
  }

  // The slip.

  enterSlip(text) {
    let slip;
    try {
      slip = readSlip(text);
    } catch (e) {
      if (!(e instanceof SlipError)) throw e;
      const chars = [...text.replace(/[-\s]/g, '')];
      const odd = chars.find((c) => !/[0-9a-z]/i.test(c) || /u/i.test(c)) ?? '';
      const message = { length: () => this.t('badLength', chars.length), character: () => this.t('badCharacter', odd), check: () => this.t('badCheck'), payload: () => this.t('badPayload') }[e.reason];
      return this.go('slip', { slipError: message ? message() : this.t('zeroCode') });
    }
    if (slip.election !== null && slip.election !== this.id) return this.go('slip', { slipError: this.t('otherElection', slip.election) });
    let credential;
    try {
      credential = credentialOf(this.setup.hash, slip.code);
    } catch {
      return this.go('slip', { slipError: this.t('zeroCode') });
    }
    const group = groupOf(this.setup, pointHex(credential.credential));
    if (group === null) return this.go('slip', { slipError: this.t('notOnList') });
    const questions = groupQuestions(this.definition, group);
    this.voter = {
      ...credential, group, questions, style: styleOf(questions),
      choices: questions.map((q) => q.options.map(() => 0)),
    };
    this.go('ballot', { slipError: null, ballotErrors: {} });
  }

  async scan(video, status) {
    if (!('BarcodeDetector' in window) || !navigator.mediaDevices) {
      status.textContent = this.t('noScanner');
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      status.textContent = this.t('noCamera');
      return;
    }
    this.stopScan = () => stream.getTracks().forEach((t) => t.stop());
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    status.textContent = this.t('scanning');
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    while (this.step === 'slip' && stream.active) {
      const found = await detector.detect(video).catch(() => []);
      if (found.length > 0) {
        this.stopScan();
        return this.enterSlip(found[0].rawValue);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  // The ballot.

  /** Ticks or unticks option `o` of question `q`, within the limits (spec/booth.md §3). */
  toggle(q, o) {
    const question = this.voter.questions[q];
    const values = this.voter.choices[q];
    const errors = { ...this.ballotErrors };
    delete errors[q];
    if (question.min === 1 && question.max === 1) {
      values.fill(0);
      values[o] = 1;
    } else if (values[o] === 1) {
      values[o] = 0;
    } else if (values.reduce((a, b) => a + b, 0) >= question.max) {
      errors[q] = this.t('full', question.max);
    } else {
      values[o] = 1;
    }
    const y = window.scrollY;
    this.go('ballot', { ballotErrors: errors });
    window.scrollTo(0, y);
    this.root.querySelector(`#q${q}-o${o}`)?.focus();
  }

  toReview() {
    const errors = {};
    this.voter.questions.forEach((q, i) => {
      const total = this.voter.choices[i].reduce((a, b) => a + b, 0);
      if (total < q.min) errors[i] = q.min === 1 ? this.t('needOne') : this.t('needAtLeast', q.min);
    });
    if (Object.keys(errors).length > 0) {
      this.go('ballot', { ballotErrors: errors });
      this.root.querySelector('.qerror')?.scrollIntoView({ block: 'center' });
      return;
    }
    this.go('review');
  }

  encrypt() {
    this.go('encrypting');
    // Let the page show "encrypting" before the work takes the thread.
    setTimeout(() => {
      this.voter.prepared = prepareBallot(this.ctx, this.voter.style, this.voter.credential, this.voter.choices.map((c) => c.slice()));
      this.go('choose');
    }, 30);
  }

  // Casting or auditing, and the acknowledgement.

  cast() {
    const ballot = this.voter.prepared.cast(this.voter.secret);
    // Cast: the secret is needed no more, whatever the board answers.
    this.voter.secret = null;
    this.pending = { kind: 'ballot', text: JSON.stringify({ kind: 'ballot', body: ballot.toJson() }), encoded: ballot.encode(), code: ballot.trackingCode, sent: 0 };
    this.send();
  }

  audit() {
    const audited = this.voter.prepared.audit(this.voter.group);
    this.pending = {
      kind: 'audited_ballot', text: JSON.stringify({ kind: 'audited_ballot', body: audited.toJson() }), encoded: audited.encode(),
      code: audited.trackingCode, choices: audited.choices(), sent: 0,
    };
    this.send();
  }

  /** Sends the pending ballot: the identical bytes every time (spec/booth.md §5). */
  async send() {
    const p = this.pending;
    this.go('sending', { sendError: null });
    p.sent += 1;
    let answer;
    try {
      answer = await request(`/elections/${this.id}/entries`, { method: 'POST', body: p.text });
    } catch (e) {
      if (e instanceof Unreachable) return this.go('retry', { sendError: 'lost' });
      if (!(e instanceof Refused)) throw e;
      if (RETRY.has(e.code)) return this.go('retry', { sendError: 'busy' });
      if (e.code === 'duplicate_ballot' && p.sent > 1) return this.lookUp();
      if (e.code === 'already_voted') return this.go(p.sent > 1 ? 'checkTracking' : 'alreadyVoted');
      if (e.code === 'wrong_phase' || e.code === 'outside_voting_window') return this.go('closed');
      return this.go('refused', { detail: `${e.code}: ${e.message}` });
    }
    await this.acknowledged(answer);
  }

  /** After a resend found the ballot already there: its tracking proof is its receipt. */
  async lookUp() {
    try {
      const answer = await request(`/elections/${this.id}/proof/tracking/${this.pending.code}`);
      await this.acknowledged(answer);
    } catch (e) {
      if (e instanceof Unreachable) return this.go('retry', { sendError: 'lost' });
      this.go('checkTracking');
    }
  }

  async acknowledged(answer) {
    const p = this.pending;
    this.go('checking');
    let page;
    try {
      page = await request(`/elections/${this.id}/entries?from=${answer.index}&limit=1`);
    } catch (e) {
      if (e instanceof Unreachable) return this.go('retry', { sendError: 'lost' });
      return this.go('alarm', { detail: e.message });
    }
    try {
      const encodeEntry = p.kind === 'ballot' ? (b) => castBallotFromJson(b).encode() : (b) => auditedBallotFromJson(b).encode();
      const receipt = checkReceipt({
        answer, entry: page.entries[0], kind: p.kind, encoded: p.encoded, encodeEntry, code: p.code,
        verifier: this.verifier, electionId: this.id,
      });
      if (p.kind === 'ballot') {
        this.voter = null;
        this.go('receipt', { receipt });
      } else {
        this.go('audited', { receipt, opened: p.choices });
      }
    } catch (e) {
      this.go('alarm', { detail: e.message });
    }
  }

  auditAgain() {
    this.voter.prepared = null;
    this.pending = null;
    this.go('ballot', { ballotErrors: {} });
  }

  /** Forgets the voter: in kiosk mode the page reloads, which drops everything. */
  finish() {
    this.voter = null;
    this.pending = null;
    this.receipt = null;
    if (this.kiosk) {
      window.location.replace(window.location.href);
    } else {
      this.go('finished');
    }
  }

  saveReceipt() {
    const r = this.receipt;
    const text = `${this.n(this.definition.title)}\n${this.t('trackingCode')}: ${r.code}\n${this.t('entryIndex')}: ${r.index}\n\n${this.t('checkpoint')}:\n${r.checkpoint}`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = h('a', { href: url, download: `${this.id}-${r.code}.txt` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // Rendering.

  render() {
    const lang = this.lang;
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    const header = h('header', { class: 'site' },
      h('span', { class: 'home' }, this.definition ? this.n(this.definition.title) : this.t('booth')),
      h('button', { type: 'button', class: 'lang', id: 'lang', lang: lang === 'en' ? 'zh-CN' : 'en', onclick: () => { this.lang = lang === 'en' ? 'zh' : 'en'; this.render(); } }, this.t('switchLang')));
    const screen = this[`screen_${this.step}`]();
    screen.id = 'screen';
    screen.dataset.step = this.step;
    this.root.replaceChildren(header, screen);
    const focus = screen.querySelector('[autofocus]') ?? screen.querySelector('h1');
    if (focus) {
      if (!focus.hasAttribute('tabindex') && focus.tagName === 'H1') focus.setAttribute('tabindex', '-1');
      focus.focus({ preventScroll: false });
    }
  }

  screen_loading() {
    return h('main', {}, h('h1', {}, this.t('booth')), h('p', { class: 'wait', role: 'status' }, this.t('loading')));
  }

  screen_problem() {
    return h('main', {},
      h('h1', {}, this.t('booth')),
      h('p', { class: 'notice bad', role: 'alert' }, this.t(this.problem)),
      this.detail ? h('details', {}, h('summary', {}, this.t('whatHappened')), h('pre', {}, this.detail)) : null,
      this.problem === 'boardUnreachable' ? h('button', { type: 'button', class: 'big', onclick: () => this.start() }, this.t('tryAgain')) : null);
  }

  screen_notOpen() {
    return h('main', {}, h('h1', {}, this.t('booth')), h('p', { class: 'notice', role: 'alert' }, this.t('notOpen', this.definition.voting.opens.replace('T', ' '))));
  }

  screen_withdrawn() {
    return h('main', {}, h('h1', {}, this.t('booth')), h('p', { class: 'notice', role: 'alert' }, this.t('withdrawn')),
      h('p', {}, h('a', { href: `/e/${this.id}${this.lang === 'en' ? '?lang=en' : ''}` }, this.t('withdrawnSee'))));
  }

  screen_closed() {
    return h('main', {}, h('h1', {}, this.t('booth')), h('p', { class: 'notice', role: 'alert' }, this.t('closed')));
  }

  screen_slip() {
    const input = h('input', {
      id: 'slip', name: 'slip', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
      autocorrect: 'off', inputmode: 'text', placeholder: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX', 'aria-describedby': 'slip-help slip-error', autofocus: true,
    });
    const status = h('p', { class: 'note', role: 'status', id: 'scan-status' });
    const video = h('video', { hidden: true, playsinline: true, muted: true, class: 'scanner' });
    const canScan = 'BarcodeDetector' in window && !!navigator.mediaDevices;
    return h('main', {},
      h('h1', {}, this.t('slipTitle')),
      h('p', { id: 'slip-help' }, this.t('slipHelp')),
      h('form', { class: 'slip', onsubmit: (e) => { e.preventDefault(); this.enterSlip(input.value); } },
        h('label', { for: 'slip' }, this.t('slipLabel')),
        input,
        this.slipError ? h('p', { class: 'error', id: 'slip-error', role: 'alert' }, this.slipError) : null,
        h('button', { type: 'submit', class: 'big', id: 'slip-next' }, this.t('slipSubmit'))),
      canScan
        ? h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'scan', onclick: () => this.scan(video, status) }, this.t('scan')))
        : h('p', { class: 'note' }, this.t('noScanner')),
      video, status,
      h('p', { class: 'note' }, this.t('slipSecret')),
      this.kiosk ? h('p', { class: 'note' }, this.t('kioskNote')) : null);
  }

  /** How many may be chosen, in words. */
  limitWords(q) {
    if (q.min === 1 && q.max === 1) return this.t('exactlyOne');
    if (q.min === 0) return this.t('upToPeople', q.max);
    return this.t('between', q.min, q.max);
  }

  questionTitle(q) {
    return [this.n(q.contest.title), q.subject ? ` · ${this.t('about', this.n(q.subject.name))}` : ''].join('');
  }

  screen_ballot() {
    const v = this.voter;
    const group = this.definition.groups.find((g) => g.id === v.group);
    return h('main', {},
      h('h1', {}, this.t('ballotTitle')),
      h('p', { class: 'meta' }, this.t('slipGroup', this.n(group.name))),
      h('p', {}, this.t('ballotHelp')),
      v.questions.map((q, i) => {
        const single = q.min === 1 && q.max === 1;
        const total = v.choices[i].reduce((a, b) => a + b, 0);
        const error = this.ballotErrors?.[i];
        return h('fieldset', { class: `question${error ? ' invalid' : ''}`, id: `q${i}` },
          h('legend', {}, this.questionTitle(q)),
          h('p', { class: 'limit' }, this.limitWords(q)),
          h('div', { class: 'options' }, q.options.map((opt, o) => h('label', { class: `option${v.choices[i][o] ? ' on' : ''}` },
            h('input', {
              type: single ? 'radio' : 'checkbox', name: `q${i}`, id: `q${i}-o${o}`, checked: v.choices[i][o] === 1,
              onclick: (e) => { e.preventDefault(); this.toggle(i, o); },
            }),
            h('span', {}, this.n(opt.label))))),
          single ? null : h('p', { class: 'count', 'aria-live': 'polite' }, this.t('chosen', total, q.max)),
          error ? h('p', { class: 'error qerror', role: 'alert' }, error) : null);
      }),
      h('p', {}, h('button', { type: 'button', class: 'big', id: 'to-review', onclick: () => this.toReview() }, this.t('toReview'))));
  }

  /** The chosen options of each question, in words. */
  choiceList(choices) {
    return h('dl', { class: 'review' }, this.voter.questions.flatMap((q, i) => {
      const picked = q.options.filter((_, o) => choices[i][o] > 0).map((opt) => this.n(opt.label));
      return [h('dt', {}, this.questionTitle(q)), h('dd', {}, picked.length ? picked.join('、') : this.t('nobody'))];
    }));
  }

  screen_review() {
    return h('main', {},
      h('h1', {}, this.t('reviewTitle')),
      h('p', {}, this.t('reviewHelp')),
      this.choiceList(this.voter.choices),
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', id: 'change', onclick: () => this.go('ballot', { ballotErrors: {} }) }, this.t('change')),
        h('button', { type: 'button', class: 'big', id: 'confirm', onclick: () => this.encrypt() }, this.t('confirm'))));
  }

  screen_encrypting() {
    return h('main', {}, h('h1', {}, this.t('reviewTitle')), h('p', { class: 'wait', role: 'status' }, this.t('encrypting')));
  }

  trackingBox(code) {
    return h('p', { class: 'tracking' }, h('span', { class: 'label' }, this.t('trackingCode')), h('strong', { id: 'tracking-code' }, code));
  }

  screen_choose() {
    return h('main', {},
      h('h1', {}, this.t('chooseTitle')),
      this.trackingBox(this.voter.prepared.trackingCode),
      h('details', { class: 'hash' }, h('summary', {}, this.t('fullHash')), h('code', { id: 'ballot-hash' }, bytesToHex(this.voter.prepared.hash))),
      h('p', {}, this.t('trackingHelp')),
      h('p', {}, this.t('castHelp')),
      h('p', {}, this.t('auditHelp')),
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'big', id: 'cast', onclick: () => this.cast() }, this.t('cast')),
        h('button', { type: 'button', class: 'secondary', id: 'audit', onclick: () => this.audit() }, this.t('audit'))));
  }

  screen_sending() {
    return h('main', {}, h('h1', {}, this.t('chooseTitle')), this.trackingBox(this.pending.code), h('p', { class: 'wait', role: 'status' }, this.t('sending')));
  }

  screen_checking() {
    return h('main', {}, h('h1', {}, this.t('chooseTitle')), this.trackingBox(this.pending.code), h('p', { class: 'wait', role: 'status' }, this.t('checkingAck')));
  }

  screen_retry() {
    return h('main', {},
      h('h1', {}, this.t('chooseTitle')),
      this.trackingBox(this.pending.code),
      h('p', { class: 'notice bad', role: 'alert' }, this.t(this.sendError)),
      h('button', { type: 'button', class: 'big', id: 'resend', onclick: () => this.send() }, this.t('resend')));
  }

  trackLink(code) {
    return h('a', { href: `/e/${this.id}/track?code=${encodeURIComponent(code)}${this.lang === 'en' ? '&lang=en' : ''}`, target: '_blank', rel: 'noopener' }, this.t('lookUp'));
  }

  screen_alreadyVoted() {
    return h('main', {}, h('h1', {}, this.t('chooseTitle')), h('p', { class: 'notice bad', role: 'alert' }, this.t('alreadyVoted')),
      h('button', { type: 'button', class: 'big', onclick: () => this.finish() }, this.t(this.kiosk ? 'nextVoter' : 'done')));
  }

  screen_checkTracking() {
    return h('main', {}, h('h1', {}, this.t('chooseTitle')), this.trackingBox(this.pending.code),
      h('p', { class: 'notice', role: 'alert' }, this.t('checkWithCode')), h('p', {}, this.trackLink(this.pending.code)),
      h('button', { type: 'button', class: 'big', onclick: () => this.finish() }, this.t(this.kiosk ? 'nextVoter' : 'done')));
  }

  screen_refused() {
    return h('main', {}, h('h1', {}, this.t('chooseTitle')), h('p', { class: 'notice bad', role: 'alert' }, this.t('refused')),
      h('details', {}, h('summary', {}, this.t('whatHappened')), h('pre', {}, this.detail)),
      h('button', { type: 'button', class: 'big', onclick: () => this.finish() }, this.t(this.kiosk ? 'nextVoter' : 'done')));
  }

  screen_alarm() {
    return h('main', {}, h('h1', { class: 'bad' }, '⚠'), this.pending ? this.trackingBox(this.pending.code) : null,
      h('p', { class: 'notice bad alarm', role: 'alert', id: 'alarm' }, this.t('alarm')),
      h('details', { open: true }, h('summary', {}, this.t('whatHappened')), h('pre', {}, this.detail)));
  }

  receiptBlock(r) {
    return h('section', { class: 'receipt', id: 'receipt' },
      this.trackingBox(r.code),
      h('p', {}, `${this.t('entryIndex')}：${r.index}`),
      h('h2', {}, this.t('checkpoint')),
      h('pre', { class: 'checkpoint' }, r.checkpoint));
  }

  screen_receipt() {
    return h('main', {},
      h('h1', { class: 'ok' }, this.t('castDone')),
      h('p', { class: 'ok', id: 'checked' }, this.t('castChecked')),
      this.receiptBlock(this.receipt),
      h('p', {}, this.t('receiptHelp')),
      h('p', { class: 'actions noprint' },
        h('button', { type: 'button', class: 'secondary', id: 'print', onclick: () => window.print() }, this.t('print')),
        this.kiosk ? null : h('button', { type: 'button', class: 'secondary', id: 'save', onclick: () => this.saveReceipt() }, this.t('save')),
        h('button', { type: 'button', class: 'big', id: 'finish', onclick: () => this.finish() }, this.t(this.kiosk ? 'nextVoter' : 'done'))),
      this.kiosk ? h('p', { class: 'note noprint' }, this.t('kioskNote')) : null);
  }

  screen_audited() {
    return h('main', {},
      h('h1', {}, this.t('auditDone')),
      h('p', {}, this.t('auditOpened')),
      h('div', { id: 'opened' }, this.choiceList(this.opened)),
      h('p', { class: 'notice' }, this.t('auditMismatch')),
      this.receiptBlock(this.receipt),
      h('p', {}, this.t('auditElsewhere', this.receipt.code), ' ', this.trackLink(this.receipt.code)),
      h('p', {}, h('button', { type: 'button', class: 'big', id: 'again', onclick: () => this.auditAgain() }, this.t('startAgain'))),
      h('p', { class: 'note' }, this.t('auditAgainNote')));
  }

  screen_finished() {
    return h('main', {}, h('h1', { class: 'ok' }, this.t('finished')));
  }
}
