/**
 * The one registry of queues and jobs (architecture.md section 5). Every job name maps to its queue and
 * its payload type, so producers and the worker agree at compile time; the worker refuses to start
 * unless every job here has exactly one handler.
 */
export interface JobPayloads {
  /** Proves the worker is alive and consuming; answers with the worker's process id. */
  'system.ping': { requestedAt: string };
  /**
   * Enqueues the work stored as waiting (import batches `queued`, draft runs waiting for computation) whose
   * request could not reach Redis; repeatable, every minute, and once at worker start.
   */
  'system.enqueue-queued-work': { requestedAt: string };
  /** Reads one stored EDC file into the community's readings (one transaction). Job id `import:<communityId>:<batchId>`. */
  'imports.import': { communityId: string; batchId: string };
  /** Picks up files dropped into `INBOX_DIR/<communityId>/`; repeatable, every 5 minutes. */
  'imports.scan-inbox': { requestedAt: string };
  /**
   * Runs the engine with the registered keys over stored measured values of [from, to] (Prague days,
   * inclusive) and reconciles with EDC. Job id `recompute:<communityId>:<batchId or nightly-date>`.
   */
  'sharing.recompute': {
    communityId: string;
    from: string;
    to: string;
    reason: 'import' | 'nightly' | 'manual';
  };
  /**
   * Recomputes the months a change marked stale (`stale_months`: a key, a point in a group, a request for
   * iteration), of any age, one contiguous month range at a time. Job id `recompute-stale:<communityId>:first`
   * (and `…:next` behind a running one): one per community however many changes.
   */
  'sharing.recompute-stale': { communityId: string };
  /** Enqueues a recompute of the last `days` days for every community with data; repeatable, nightly. */
  'sharing.recompute-nightly': { days: number };
  /** Records data completeness per community for the last `days` days; repeatable, daily. */
  'sharing.check-completeness': { days: number };
  /**
   * Computes (or recomputes) the draft settlement run of one community and month. Job id
   * `settle:<communityId>:<yyyy-mm>`; `notifyAdmins` mails the administrators when the draft is ready.
   */
  'settlements.compute': { communityId: string; runId: string; period: string; notifyAdmins: boolean };
  /** Prepares draft runs for last month where its data are complete; repeatable, daily. Never finalises. */
  'settlements.prepare-monthly': { requestedAt: string };
  /**
   * Mails payment reminders of overdue documents (issue 21): the reminder steps of each community, at most once
   * per document and step. Repeatable, daily; `requestedAt` is the instant it acts for ('' = now).
   */
  'payments.send-reminders': { requestedAt: string };
  /**
   * The EDC portal connector's nightly run of one community (previous days, and a finished month's final
   * calculation). A job scheduler per community `edc-nightly:<communityId>` at its own minute of the night;
   * `requestedAt` is the instant the run acts for (the schedule passes `schedule`: now).
   */
  'edc.nightly': { communityId: string; requestedAt: string };
  /** "Fetch now": a backfill of [from, to] in month chunks. Job id `edc-fetch:<communityId>:<requestId>`. */
  'edc.fetch': { communityId: string; requestId: string; from: string; to: string };
  /**
   * Searches an allocation key on the stored measured values of the months an administrator picked, with a
   * walk-forward backtest and the members' change in kWh and Kč; the answer is the job's return value. Job id
   * `key-advice:<communityId>:<hash of the request>` (the same request answers from the same job).
   */
  'advice.key-advice': {
    communityId: string;
    request: {
      sharingGroupId?: string;
      months: string[];
      minPercent?: number;
      maxChange?: number;
      rounds?: number;
    };
  };
  /**
   * Sends one rendered mail (an invitation, a password reset, a join confirmation or decline, a payment reminder):
   * the request or schedule stores its work, then enqueues; the SMTP round trip is the worker's. Job id
   * `mail:<purpose>:<id of what it is about>`; the job is removed once it ends, because its text may carry a
   * single-use link (a reminder that failed stays until the next day's reminder run takes it back).
   */
  'mail.send': { to: string; subject: string; text: string };
  /**
   * Mails one issued document (PDF and ISDOC attached) to its member and records the outcome in
   * `document_deliveries`. Job id `deliver:<communityId>:<documentId>.<generation>` (a resend is the next generation).
   */
  'deliveries.document': { communityId: string; documentId: string; generation: number };
  /**
   * Raises the alerts of every community with data (data gaps, failed imports, discrepancies, waiting drafts, new
   * documents, overdue payments); each fires once by its dedupe key. Repeatable, hourly.
   */
  'notifications.scan': { requestedAt: string };
  /** Mails the notifications whose recipients chose a mail per event; repeatable, every 5 minutes. */
  'notifications.send': { requestedAt: string };
  /** Mails each person one digest of the notifications they chose to get daily; repeatable, daily. */
  'notifications.digest': { requestedAt: string };
}

export type JobName = keyof JobPayloads;

// Imports get their own queue so a long recompute never delays the next upload's parsing, and the reverse.
// The EDC connector waits minutes on the portal's reports; its own queue keeps that from delaying anything else.
// A key search runs for minutes on a large group: its own queue keeps it from delaying recomputes after imports.
// Mail has two queues: a worker that sends transactional mail needs no database (the API's test app runs one), and
// a run of 500 documents never holds up a password reset.
export const QUEUE_NAMES = [
  'system',
  'imports',
  'sharing',
  'settlements',
  'edc',
  'advice',
  'mail',
  'deliveries',
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const JOB_QUEUES: { readonly [N in JobName]: QueueName } = {
  'system.ping': 'system',
  'system.enqueue-queued-work': 'system',
  'imports.import': 'imports',
  'imports.scan-inbox': 'imports',
  'sharing.recompute': 'sharing',
  'sharing.recompute-stale': 'sharing',
  'sharing.recompute-nightly': 'sharing',
  'sharing.check-completeness': 'sharing',
  'settlements.compute': 'settlements',
  'settlements.prepare-monthly': 'settlements',
  'payments.send-reminders': 'settlements',
  'edc.nightly': 'edc',
  'edc.fetch': 'edc',
  'advice.key-advice': 'advice',
  'mail.send': 'mail',
  'deliveries.document': 'deliveries',
  // Short jobs that mostly wait on SMTP; the system queue has room for them.
  'notifications.scan': 'system',
  'notifications.send': 'system',
  'notifications.digest': 'system',
};

export const JOB_NAMES = Object.keys(JOB_QUEUES) as JobName[];

export function queueOf(job: JobName): QueueName {
  return JOB_QUEUES[job];
}

export function jobsOfQueue(queue: QueueName): JobName[] {
  return JOB_NAMES.filter((job) => JOB_QUEUES[job] === queue);
}
