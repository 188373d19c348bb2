// The election definition as the booth needs it (spec/definition.md): its canonical
// encoding and hash (§4), the questions its contests ask (§3) and each group's ballot style.
import { Encoder, FormatError, hex32 } from './bytes.js';
import { taggedHash, keyFromHex } from './group.js';

const SHARE = /^(0|[1-9][0-9]*)\/(0|[1-9][0-9]*)$/;

function share(e, text, what) {
  const m = typeof text === 'string' && SHARE.exec(text);
  if (!m) throw new FormatError(what, 'not a share "num/den"');
  e.u64(BigInt(m[1])).u64(BigInt(m[2]));
}

/** time(t) = u64(Unix seconds mod 2^64) (§4); only whole seconds are allowed. */
function time(e, text, what) {
  const m = typeof text === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/i.exec(text);
  const ms = m ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new FormatError(what, 'not an RFC 3339 time in whole seconds');
  const t = BigInt(ms / 1000);
  e.u64(((t % (1n << 64n)) + (1n << 64n)) % (1n << 64n));
}

const bilingual = (e, b) => e.str(b.zh).str(b.en);
const person = (e, p) => e.str(p.id).and(bilingual, p.name);
const bool = (e, b) => e.u64(b ? 1 : 0);

/** An enumeration's number (spec/definition.md §4): its place in `names`; absent, the first. */
function choice(value, names, what) {
  const i = names.indexOf(value ?? names[0]);
  if (i < 0) throw new FormatError(what, `not one of ${names.join(', ')}`);
  return i;
}

Encoder.prototype.and = function and(f, v, what) {
  f(this, v, what);
  return this;
};

function kind(e, k, what) {
  const names = Object.keys(k);
  if (names.length !== 1) throw new FormatError(what, 'not exactly one kind');
  const [name] = names;
  const c = k[name];
  const people = (xs) => e.seq(xs, person);
  switch (name) {
    case 'recommendation':
      e.u64(0);
      people(c.candidates);
      e.u64(c.max_approvals).opt(c.funnel, (e2, f) => e2.u64(f.keep).u64(choice(f.cut, ['places', 'at_least'], `${what}.funnel.cut`))
        .u64(f.seats).opt(f.trust_contest, (e3, s) => e3.str(s)));
      break;
    case 'trust':
      e.u64(1);
      people(c.candidates);
      bool(e, c.abstain);
      e.opt(c.trust_more_than, (e2, t) => share(e2, t, `${what}.trust_more_than`));
      break;
    case 'competitive':
      e.u64(2);
      people(c.candidates);
      e.u64(c.seats);
      share(e, c.majority_more_than, `${what}.majority_more_than`);
      e.u64(choice(c.majority_of, ['ballots_cast', 'present'], `${what}.majority_of`));
      break;
    case 'evaluation':
      e.u64(3);
      people(c.officials);
      e.seq(c.scale, (e2, l) => e2.str(l.id).and(bilingual, l.label).u64(l.points).and(bool, l.favourable));
      e.u64({ pooled: 0, weighted: 1 }[c.combine] ?? (() => { throw new FormatError(`${what}.combine`, 'not pooled or weighted'); })());
      e.opt(c.verdict, (e2, v) => e2.str(v.level).and(share, v.more_than, `${what}.verdict.more_than`));
      e.opt(c.previous, (e2, p) => e2.str(p.election_id).fixed(hex32(p.definition_hash, `${what}.previous.definition_hash`)).str(p.contest));
      break;
    case 'recall':
      e.u64(4);
      person(e, c.official);
      bool(e, c.abstain);
      share(e, c.yes_more_than, `${what}.yes_more_than`);
      break;
    default:
      throw new FormatError(what, `unknown kind ${JSON.stringify(name)}`);
  }
}

/** E(definition) (§4). */
export function encodeDefinition(d) {
  if (d.version !== 1) throw new FormatError('version', 'not 1');
  const e = new Encoder().u64(d.version).str(d.election_id).and(bilingual, d.title);
  e.fixed(keyFromHex(d.organiser, 'organiser').toBytes());
  e.seq(d.trustees, (e2, t) => e2.str(t.id).and(bilingual, t.name).fixed(keyFromHex(t.key, 'trustees.key').toBytes()));
  e.u64(d.threshold).and(time, d.voting.opens, 'voting.opens').and(time, d.voting.closes, 'voting.closes');
  e.u64({ single: 0, last_counts: 1 }[d.revote] ?? (() => { throw new FormatError('revote', 'not single or last_counts'); })());
  e.opt(d.round, (e2, r) => {
    e2.u64(r.number).opt(r.follows, (e3, f) => e3.str(f.election_id).fixed(hex32(f.definition_hash, 'round.follows.definition_hash')));
    e2.seq(r.plan.posts, (e3, p) => e3.str(p.id).and(bilingual, p.name).u64(p.seats));
    e2.u64(r.plan.max_posts_per_registrant);
    e2.seq(r.plan.registrants, (e3, g) => e3.str(g.id).and(bilingual, g.name).seq(g.posts, (e4, s) => e4.str(s))
      .u64(choice(g.if_not_elected, ['withdraws', 'stands_again'], `registrants.${g.id}.if_not_elected`)));
  });
  e.seq(d.groups, (e2, g) => {
    e2.str(g.id).and(bilingual, g.name).u64(g.eligible).seq(g.contests, (e3, s) => e3.str(s));
    e2.opt(g.weight, (e3, w) => e3.u64(w));
    e2.opt(g.quorum_at_least, (e3, s) => share(e3, s, `groups.${g.id}.quorum_at_least`));
    e2.opt(g.present_at_least, (e3, n) => e3.u64(n));
    e2.opt(g.eligible_at_most, (e3, cap) => e3.and(share, cap.share, `groups.${g.id}.eligible_at_most.share`).str(cap.of_group));
  });
  e.seq(d.contests, (e2, c) => {
    const where = `contests[${d.contests.indexOf(c)}].kind`;
    e2.str(c.id).and(bilingual, c.title).and(kind, c.kind, where);
  });
  return e.bytes();
}

/** The definition hash (§4): the election hash E_h. */
export function definitionHash(d) {
  return taggedHash('zhixuan-v1/definition', encodeDefinition(d));
}

const fixed = (zh, en, meaning) => ({ label: { zh, en }, meaning });

/**
 * The questions of §3, numbered from 0 across the election: each with its contest, its
 * subject (per-person questions), its spec and its options' labels.
 */
export function questions(d) {
  const out = [];
  const push = (contest, subject, options, min, max) => {
    out.push({ index: out.length, contest, subject, options, limits: options.map(() => 1), min, max });
  };
  const candidates = (xs) => xs.map((p) => ({ label: p.name, meaning: 'candidate' }));
  const abstain = (opts, yes) => (yes ? [...opts, fixed('弃权', 'abstain', 'abstain')] : opts);
  for (const c of d.contests) {
    const [name] = Object.keys(c.kind);
    const k = c.kind[name];
    if (name === 'recommendation') push(c, null, candidates(k.candidates), 0, k.max_approvals);
    else if (name === 'competitive') push(c, null, candidates(k.candidates), 0, k.seats);
    else if (name === 'trust') {
      for (const p of k.candidates) push(c, p, abstain([fixed('信任', 'trust', 'trust'), fixed('不信任', 'no trust', 'no_trust')], k.abstain), 1, 1);
    } else if (name === 'evaluation') {
      for (const p of k.officials) push(c, p, k.scale.map((l) => ({ label: l.label, meaning: 'rating' })), 1, 1);
    } else if (name === 'recall') {
      push(c, k.official, abstain([fixed('同意罢免', 'yes, recall', 'yes'), fixed('不同意罢免', 'no, keep', 'no')], k.abstain), 1, 1);
    }
  }
  return out;
}

/** A group's questions, in index order: its ballot style with the words to show. */
export function groupQuestions(d, groupId) {
  const g = d.groups.find((x) => x.id === groupId);
  if (!g) throw new FormatError('group', `no group ${JSON.stringify(groupId)}`);
  return questions(d).filter((q) => g.contests.includes(q.contest.id));
}

/** The ballot style (spec/protocol.md §8) of those questions. */
export function styleOf(qs) {
  return qs.map((q) => ({ contest: q.index, limits: q.limits, min: q.min, max: q.max }));
}
