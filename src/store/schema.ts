import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/*
 * Every table carries the bot account id so that several accounts can share one database
 * (README "Where the data lives"). Times are epoch milliseconds (UTC); money is integer fen.
 * Migrations are generated from this file: `npm run db:generate`.
 *
 * A column that holds a customer's contact id is named `contact_id` or ends in `_contact_id`
 * (`contacts.id` aside): forgetting a person (src/privacy) finds every such table from the schema,
 * so a table added later is covered without touching the forget code.
 */

export const contacts = sqliteTable('contacts', {
  accountId: text('account_id').notNull(),
  id: text('id').notNull(),
  name: text('name').notNull().default(''),
  /** The remark (备注) as last seen on WeChat, tierbot's prefix included. */
  remark: text('remark').notNull().default(''),
  friend: integer('friend', { mode: 'boolean' }).notNull().default(false),
  /** When the contact became a friend (friendship event), or first start for existing friends. */
  addedAt: integer('added_at'),
  firstSeenAt: integer('first_seen_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  /** Lost (流失): when the customer deleted the account or was removed; null while a friend. */
  lostAt: integer('lost_at'),
  /** 'customer' (they deleted the account) or 'merchant' (the account removed them). */
  lostBy: text('lost_by', { enum: ['customer', 'merchant'] }),
  /**
   * What tierbot has written to WeChat for this contact (the label/remark ledger): a JSON array of the
   * label names it applied (null: nothing recorded yet), the full remark it last wrote, and the
   * merchant's own part of that remark. Kept in the contact's row, which a remark write rewrites anyway;
   * `label_state` holds the ledger only of people without a row here (the undo writes after a forget).
   */
  ledgerLabels: text('ledger_labels'),
  ledgerRemark: text('ledger_remark'),
  ledgerBaseRemark: text('ledger_base_remark'),
}, (t) => [
  primaryKey({ columns: [t.accountId, t.id] }),
  index('contacts_name_idx').on(t.accountId, t.name),
  index('contacts_lost_idx').on(t.accountId, t.lostAt).where(sql`${t.lostAt} IS NOT NULL`),
])

export const rooms = sqliteTable('rooms', {
  accountId: text('account_id').notNull(),
  id: text('id').notNull(),
  topic: text('topic').notNull().default(''),
  monitored: integer('monitored', { mode: 'boolean' }).notNull().default(true),
  firstSeenAt: integer('first_seen_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.id] })])

/** Room membership changes and topic changes, as they happen. */
export const roomEvents = sqliteTable('room_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: text('account_id').notNull(),
  roomId: text('room_id').notNull(),
  kind: text('kind', { enum: ['join', 'leave', 'topic'] }).notNull(),
  /** The member who joined or left, or who changed the topic. */
  contactId: text('contact_id'),
  detail: text('detail'),
  at: integer('at').notNull(),
}, (t) => [index('room_events_room_idx').on(t.accountId, t.roomId, t.at)])

/** The interaction log: one row per message, written exactly once. */
export const interactions = sqliteTable('interactions', {
  accountId: text('account_id').notNull(),
  messageId: text('message_id').notNull(),
  /** The customer the message concerns: private → the other party; group → the talker (inbound). */
  contactId: text('contact_id').notNull(),
  roomId: text('room_id'),
  direction: text('direction', { enum: ['in', 'out'] }).notNull(),
  /** Message kind name (text, transfer, red_envelope, image, url, recalled, …). */
  type: text('type').notNull(),
  /** The puppet's numeric message type, for kinds we do not name. */
  rawType: integer('raw_type').notNull(),
  /** The message's own time (message.date()), so back-filled messages land on their day. */
  at: integer('at').notNull(),
  text: text('text'),
  /** Signal kinds detected, comma-separated (intent,approval,…), or null. */
  signals: text('signals'),
  receivedAt: integer('received_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.accountId, t.messageId] }),
  index('interactions_contact_at_idx').on(t.accountId, t.contactId, t.at),
])

/**
 * Per-contact counters kept incrementally by ingest; classification reads these and never
 * scans the interaction log. `recent` holds the newest signal events (JSON) so windows age correctly.
 */
export const contactStats = sqliteTable('contact_stats', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  rounds: integer('rounds').notNull().default(0),
  /** Customer messages in private chat not yet answered by the merchant (round in progress). */
  pendingInbound: integer('pending_inbound').notNull().default(0),
  privateInbound: integer('private_inbound').notNull().default(0),
  privateOutbound: integer('private_outbound').notNull().default(0),
  groupInteractions: integer('group_interactions').notNull().default(0),
  firstInboundAt: integer('first_inbound_at'),
  lastInboundAt: integer('last_inbound_at'),
  lastOutboundAt: integer('last_outbound_at'),
  /** Start of the customer's current unanswered run in private chat, if any. */
  pendingSince: integer('pending_since'),
  /** First buying question in the current unanswered run (for "unanswered buying questions"). */
  unansweredIntentAt: integer('unanswered_intent_at'),
  unansweredIntentText: text('unanswered_intent_text'),
  approvals: integer('approvals').notNull().default(0),
  intents: integer('intents').notNull().default(0),
  complaints: integer('complaints').notNull().default(0),
  lastComplaintAt: integer('last_complaint_at'),
  referrals: integer('referrals').notNull().default(0),
  /** Paid orders not refunded, and their total (fen). */
  orders: integer('orders').notNull().default(0),
  spendFen: integer('spend_fen').notNull().default(0),
  refunds: integer('refunds').notNull().default(0),
  firstOrderAt: integer('first_order_at'),
  lastOrderAt: integer('last_order_at'),
  /** Distinct local days with inbound interaction, newest first, JSON array of 'YYYY-MM-DD' (short). */
  activeDays: text('active_days').notNull().default('[]'),
  /** Newest signal events, JSON: [{ kind, at, text, messageId }], capped per kind. */
  recent: text('recent').notNull().default('[]'),
  /** Persona tags seen (JSON array of names). */
  personas: text('personas').notNull().default('[]'),
  updatedAt: integer('updated_at').notNull(),
  /*
   * The views' intent score kept on ingest (valued at intent_at, aged on read) and its strongest recent
   * contributions, JSON [{ weight, label, at, text? }]. Kept in the stats row (0011, was contact_views):
   * the message's transaction writes that row's page anyway, so the score costs no page of its own.
   */
  intentScore: real('intent_score').notNull().default(0),
  intentAt: integer('intent_at'),
  intentTop: text('intent_top').notNull().default('[]'),
}, (t) => [
  primaryKey({ columns: [t.accountId, t.contactId] }),
  // The digest's complaint and inquiry lists (partial: rows without one are not in the index).
  index('contact_stats_complaint_idx').on(t.accountId, t.lastComplaintAt, t.contactId).where(sql`${t.lastComplaintAt} IS NOT NULL`),
  index('contact_stats_intent_idx').on(t.accountId, t.unansweredIntentAt, t.contactId).where(sql`${t.unansweredIntentAt} IS NOT NULL`),
  // The festival greeting's persona fits: only contacts with a persona.
  index('contact_stats_personas_idx').on(t.accountId, t.contactId).where(sql`${t.personas} <> '[]'`),
])

export const orders = sqliteTable('orders', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  kind: text('kind', { enum: ['payment', 'refund'] }).notNull(),
  /** Null when a transfer's amount is not known yet. */
  amountFen: integer('amount_fen'),
  at: integer('at').notNull(),
  source: text('source', { enum: ['command', 'transfer', 'import', 'demo'] }).notNull(),
  /** The message that evidenced it (transfer), unique so a redelivered transfer counts once. */
  messageId: text('message_id'),
  note: text('note'),
  /** For payments: when a refund cancelled it. */
  refundedAt: integer('refunded_at'),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  index('orders_contact_idx').on(t.accountId, t.contactId, t.at),
  uniqueIndex('orders_message_idx').on(t.accountId, t.messageId),
  // The digest's follow-ups: recent payments not refunded.
  index('orders_payment_at_idx').on(t.accountId, t.at, t.messageId).where(sql`${t.kind} = 'payment' AND ${t.refundedAt} IS NULL`),
])

/** Current rung and activity per contact. */
export const tiers = sqliteTable('tiers', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  /** Effective rung 0–5 (the pin if pinned, else the evidence rung). */
  tier: integer('tier').notNull(),
  evidenceTier: integer('evidence_tier').notNull(),
  pinnedTier: integer('pinned_tier'),
  activity: text('activity', { enum: ['new', 'active', 'silent', 'dormant'] }).notNull(),
  /** Since when the effective rung holds. */
  since: integer('since').notNull(),
  /**
   * The first instant time alone could change tier, evidence tier or activity (null: never). Never
   * later than the true boundary (a message that moves it later leaves it; the pass then refreshes it).
   * Reasons are not stored: they are built from the stats when a contact is read.
   */
  nextCheckAt: integer('next_check_at').default(0),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.accountId, t.contactId] }),
  // One index for both readers (0013): lists and counts seek (tier[, activity]); the pass asks each
  // (rung, activity) for its due boundaries. A rung change moves one entry instead of two. contact_id
  // rides along: a list by rung finds who without visiting each row.
  index('tiers_rung_idx').on(t.accountId, t.tier, t.activity, t.nextCheckAt, t.contactId),
])

/*
 * Clustered by contact (0012, WITHOUT ROWID): a change writes one leaf among the contact's own rows
 * instead of a rowid table's leaf plus a (contact, at) index leaf. `seq` numbers a contact's changes in
 * the order tierbot made them (1, 2, …; max + 1 of the contact's rows): it breaks ties within one
 * millisecond and keeps that order when a change is dated back (a /paid of three days ago).
 */
export const tierHistory = sqliteTable('tier_history', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  fromTier: integer('from_tier'),
  toTier: integer('to_tier').notNull(),
  fromActivity: text('from_activity'),
  toActivity: text('to_activity').notNull(),
  /** message | payment | refund | pin | unpin | time | import */
  cause: text('cause').notNull(),
  /** The message id, order id or command behind the change. */
  causeRef: text('cause_ref'),
  at: integer('at').notNull(),
  seq: integer('seq').notNull(),
}, (t) => [
  primaryKey({ columns: [t.accountId, t.contactId, t.at, t.seq] }),
  index('tier_history_at_idx').on(t.accountId, t.at),
])

export const notes = sqliteTable('notes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  text: text('text').notNull(),
  at: integer('at').notNull(),
}, (t) => [index('notes_contact_idx').on(t.accountId, t.contactId, t.at)])

export const snoozes = sqliteTable('snoozes', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  until: integer('until').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.contactId] })])

/**
 * What tierbot last wrote to WeChat for a contact without a `contacts` row (the tag list cannot be read
 * back over puppet-service): the undo writes after a forget. Everyone else's ledger is
 * in `contacts.ledger_*` since 0014; a row here for someone who has a contacts row again is read only
 * until their row holds a ledger. WITHOUT ROWID since 0013: the primary key is the table.
 */
export const labelState = sqliteTable('label_state', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  /** JSON array of label names tierbot applied. */
  labels: text('labels').notNull().default('[]'),
  /** The full remark tierbot last wrote. */
  remark: text('remark'),
  /** The merchant's own part of the remark (without tierbot's prefix). */
  baseRemark: text('base_remark'),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.contactId] })])

/** Pending label/remark writes; one live row per (contact, kind, key): a newer plan replaces an unapplied one. */
export const syncOutbox = sqliteTable('sync_outbox', {
  // No AUTOINCREMENT (0011): it rewrites sqlite_sequence on every insert; rows are never deleted.
  id: integer('id').primaryKey(),
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  /** remark | label_add | label_remove */
  kind: text('kind').notNull(),
  /** Idempotency key within the contact and kind (the label name; '' for the remark). */
  key: text('key').notNull().default(''),
  payload: text('payload').notNull(),
  status: text('status', { enum: ['pending', 'done', 'failed', 'skipped'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAt: integer('next_at').notNull(),
  lastError: text('last_error'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  uniqueIndex('sync_outbox_key_idx').on(t.accountId, t.contactId, t.kind, t.key),
  // Pending ops only (migration 0003): a done op leaves the index.
  index('sync_outbox_due_idx').on(t.accountId, t.nextAt).where(sql`status = 'pending'`),
])

/** Exactly-once ledger for digests: one row per (local day, recipient, kind). */
export const digestLog = sqliteTable('digest_log', {
  accountId: text('account_id').notNull(),
  day: text('day').notNull(),
  recipient: text('recipient').notNull(),
  kind: text('kind', { enum: ['daily', 'ondemand'] }).notNull(),
  status: text('status', { enum: ['sending', 'sent', 'failed'] }).notNull(),
  at: integer('at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.day, t.recipient, t.kind] })])

/** Bot lifecycle: login, logout, offline/online periods, errors (for /stats). */
export const botEvents = sqliteTable('bot_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: text('account_id').notNull(),
  kind: text('kind').notNull(),
  detail: text('detail'),
  at: integer('at').notNull(),
}, (t) => [index('bot_events_at_idx').on(t.accountId, t.at)])

/** Small per-account key/value settings and flags (labels unsupported, first start, …). */
export const meta = sqliteTable('meta', {
  accountId: text('account_id').notNull(),
  key: text('key').notNull(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(sql`0`),
}, (t) => [primaryKey({ columns: [t.accountId, t.key] })])

/**
 * WeCom corp tags (platform juzi): the id of tierbot's tag group (name '' ) and of each tag in it, so a
 * tag is created once and found by id afterwards; forgotten when the merchant renames or deletes it.
 */
export const corpTags = sqliteTable('corp_tags', {
  accountId: text('account_id').notNull(),
  groupName: text('group_name').notNull(),
  /** The tag's name; '' for the group itself. */
  name: text('name').notNull(),
  tagId: text('tag_id').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.groupName, t.name] })])

/** Complaints the merchant marked handled (/handled): off the morning list even if not answered in chat. */
export const complaintsHandled = sqliteTable('complaints_handled', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  handledAt: integer('handled_at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.contactId] })])

/** What /undo can take back (the merchant's /paid, /refund, /note, pin, snooze), newest first. */
export const undoLog = sqliteTable('undo_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: text('account_id').notNull(),
  /** paid | refund | note | pin | snooze */
  kind: text('kind').notNull(),
  contactId: text('contact_id').notNull(),
  /** The row written (order id, note id), when there is one. */
  ref: text('ref'),
  /** JSON of what was there before (the previous pin or snooze), when the write replaced something. */
  before: text('before'),
  at: integer('at').notNull(),
  undoneAt: integer('undone_at'),
}, (t) => [index('undo_log_account_idx').on(t.accountId, t.at)])

/** Customers' birthdays: a yearly date, solar (3月8日) or lunar (农历八月十五), as the merchant gave it. */
export const birthdays = sqliteTable('birthdays', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  calendar: text('calendar', { enum: ['solar', 'lunar'] }).notNull(),
  month: integer('month').notNull(),
  day: integer('day').notNull(),
  /** Lunar only: a 闰月. */
  leap: integer('leap', { mode: 'boolean' }).notNull().default(false),
  /** command | import | demo */
  source: text('source').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.contactId] })])
/**
 * The funnel per account and local day, written by the daily pass (source 'pass') or reconstructed from
 * history (source 'backfill'). Levels are JSON arrays: tiers [L0..L5], activity [new, active, silent,
 * dormant]; null on back-filled days that are not week starts. Flows count what happened that day.
 */
export const funnelSnapshots = sqliteTable('funnel_snapshots', {
  accountId: text('account_id').notNull(),
  day: text('day').notNull(),
  takenAt: integer('taken_at').notNull(),
  source: text('source', { enum: ['pass', 'backfill'] }).notNull(),
  total: integer('total'),
  tiers: text('tiers'),
  activity: text('activity'),
  newFriends: integer('new_friends').notNull().default(0),
  woken: integer('woken').notNull().default(0),
  orders: integer('orders').notNull().default(0),
  spendFen: integer('spend_fen').notNull().default(0),
  /** Spend that day by the payer's rung when the snapshot was taken, fen, JSON [L0..L5]. */
  spendByTier: text('spend_by_tier').notNull().default('[0,0,0,0,0,0]'),
  /** Back-filled Sundays only: the week's net rung moves, JSON [[contactId, name, from, to], …] (live weeks use tier_history). */
  moves: text('moves'),
}, (t) => [primaryKey({ columns: [t.accountId, t.day] })])

/** Exactly-once ledger for the weekly report: one row per (ISO week, recipient, kind). */
export const reportLog = sqliteTable('report_log', {
  accountId: text('account_id').notNull(),
  week: text('week').notNull(),
  recipient: text('recipient').notNull(),
  kind: text('kind', { enum: ['weekly', 'ondemand'] }).notNull(),
  status: text('status', { enum: ['sending', 'sent', 'failed'] }).notNull(),
  at: integer('at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.week, t.recipient, t.kind] })])

/**
 * The other views of a customer (issue 12): the intent score kept on ingest (valued at intentAt, aged on
 * read), and what the daily pass derives from it and the stats (lifecycle, intent band, value class).
 */
export const contactViews = sqliteTable('contact_views', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  // The intent score itself lives in contact_stats (0011); the band the pass derives from it is here.
  stage: text('stage'),
  sleep: text('sleep'),
  complaintSleeper: integer('complaint_sleeper', { mode: 'boolean' }).notNull().default(false),
  intentBand: text('intent_band'),
  valueClass: text('value_class'),
  valueReason: text('value_reason'),
  passAt: integer('pass_at'),
}, (t) => [
  primaryKey({ columns: [t.accountId, t.contactId] }),
  index('contact_views_stage_idx').on(t.accountId, t.stage),
  index('contact_views_value_idx').on(t.accountId, t.valueClass),
])

/** Who brought whom: one referrer per referred contact (source card | greeting | command). */
export const referrals = sqliteTable('referrals', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  referrerId: text('referrer_contact_id').notNull(),
  source: text('source').notNull(),
  detail: text('detail'),
  at: integer('at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.contactId] }), index('referrals_referrer_contact_idx').on(t.accountId, t.referrerId)])

/** Contact cards (名片) customers sent; the carded person, once added, was brought by the sender. */
export const referralCards = sqliteTable('referral_cards', {
  accountId: text('account_id').notNull(),
  messageId: text('message_id').notNull(),
  referrerId: text('referrer_contact_id').notNull(),
  cardContactId: text('card_contact_id'),
  cardName: text('card_name'),
  at: integer('at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.messageId] }), index('referral_cards_contact_idx').on(t.accountId, t.cardContactId)])

/** Points (会员积分, optional): every change a row; `ref` makes an automatic grant happen once. */
export const pointsLedger = sqliteTable('points_ledger', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  delta: integer('delta').notNull(),
  reason: text('reason').notNull(),
  /** order | referral | command */
  source: text('source').notNull(),
  ref: text('ref'),
  at: integer('at').notNull(),
}, (t) => [index('points_ledger_contact_idx').on(t.accountId, t.contactId), uniqueIndex('points_ledger_ref_idx').on(t.accountId, t.source, t.ref)])

/**
 * Privacy audit: that a person was forgotten, text was erased or a backup taken, when and by whom
 * (admin contact id, or `cli`). Never what: no contact id, no name, no text; `detail` holds counts.
 */
export const privacyAudit = sqliteTable('privacy_audit', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: text('account_id').notNull(),
  /** forget | retention | backup | backup_failed */
  action: text('action').notNull(),
  actor: text('actor').notNull(),
  detail: text('detail'),
  at: integer('at').notNull(),
}, (t) => [index('privacy_audit_at_idx').on(t.accountId, t.at)])

/** A forgotten person whose write-back undo (labels off, remark prefix off) is still in the outbox. */
export const forgetPending = sqliteTable('forget_pending', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
  queuedAt: integer('queued_at').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.contactId] })])

/** Who each person named in an imported export became (migration 0002). */
export const importPeople = sqliteTable('import_people', {
  accountId: text('account_id').notNull(),
  /** The export id, else `name:<remark or name>`. */
  exportKey: text('export_key').notNull(),
  exportId: text('export_id').notNull().default(''),
  name: text('name').notNull().default(''),
  remark: text('remark').notNull().default(''),
  /** Where their history is stored: the matched contact, or a stand-in until they are joined. */
  contactId: text('contact_id').notNull(),
  /** matched | ambiguous | unmatched */
  status: text('status').notNull(),
  /** id | remark | name | map, for matched people. */
  via: text('via'),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.accountId, t.exportKey] }),
  index('import_people_contact_idx').on(t.accountId, t.contactId),
  index('import_people_status_idx').on(t.accountId, t.status),
])

/** One row per `tierbot import` run; the summary (JSON) feeds the next digest's one line. */
export const importRuns = sqliteTable('import_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  accountId: text('account_id').notNull(),
  startedAt: integer('started_at').notNull(),
  finishedAt: integer('finished_at'),
  /** running | done | failed */
  status: text('status').notNull(),
  summary: text('summary'),
}, (t) => [index('import_runs_account_idx').on(t.accountId, t.finishedAt)])

/** Contacts whose stats are rebuilt from the log (history older than what was counted). */
export const importReplay = sqliteTable('import_replay', {
  accountId: text('account_id').notNull(),
  contactId: text('contact_id').notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.contactId] })])
