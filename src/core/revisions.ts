/**
 * Klaviyo's revision lifecycle, so a client pinned to an old revision hears about it before Klaviyo changes
 * what the revision means. https://developers.klaviyo.com/en/docs/api_versioning_and_deprecation_policy
 *
 * A revision is a release date (`2026-07-15`), optionally with a suffix (`2026-07-15.pre` is a beta). It is
 * stable for one year after release, deprecated for the next, and retired two years after release. Klaviyo
 * serves a request that names a retired revision with the oldest supported revision ("fall-forward"), or
 * answers 410 Gone for accounts that opted out of fall-forward. A date that is not a release is served by the
 * latest revision released on or before it; the SDK does not keep a list of releases, so it dates such a
 * revision from the date as written (a few weeks late at most: Klaviyo releases every quarter).
 */
import { ValidationError } from './errors.js';
import { type Logger, warnOnce } from './logger.js';

/** The revision this SDK's types and response schemas describe, and the one it sends unless told otherwise. */
export const DEFAULT_REVISION = '2026-07-15';

/** Where a revision is in Klaviyo's lifecycle on a given day. `future`: released after that day. */
export type RevisionStatus = 'stable' | 'deprecated' | 'retired' | 'future';

/** A revision's place in Klaviyo's lifecycle, with the days it changes (`YYYY-MM-DD`, UTC). */
export interface RevisionLifecycle {
  status: RevisionStatus;
  /** One year after release: from this day the revision is deprecated. */
  deprecatedOn: string;
  /** Two years after release: from this day Klaviyo falls forward (or answers 410 Gone). */
  retiredOn: string;
  /** True for a beta revision (`YYYY-MM-DD.pre`), which Klaviyo may change without notice. */
  preRelease: boolean;
}

const REVISION = /^(\d{4})-(\d{2})-(\d{2})(?:\.([a-z][a-z0-9]*))?$/;

/**
 * Where `revision` stands on the day `now`. Pure: the same arguments give the same answer.
 * Throws `ValidationError` (field `revision`) when it is not a real date written `YYYY-MM-DD`, with an optional
 * suffix such as `.pre`.
 *
 * @example revisionStatus('2024-10-15', new Date('2026-11-01')) // { status: 'retired', deprecatedOn: '2025-10-15', retiredOn: '2026-10-15', preRelease: false }
 */
export function revisionStatus(revision: string, now: Date): RevisionLifecycle {
  const released = releaseDateOf(revision);
  const deprecated = yearsAfter(released, 1);
  const retired = yearsAfter(released, 2);
  const time = now.getTime();
  const status: RevisionStatus =
    time < released.getTime()
      ? 'future'
      : time < deprecated.getTime()
        ? 'stable'
        : time < retired.getTime()
          ? 'deprecated'
          : 'retired';
  return { status, deprecatedOn: dayOf(deprecated), retiredOn: dayOf(retired), preRelease: revision.endsWith('.pre') };
}

/**
 * Checks `revision` and, the first time this logger sees it in this process, warns when it is not the
 * revision the SDK is typed for (its responses are then not checked against the SDK's schemas) or when it
 * is deprecated or retired on the day `now`. Returns its lifecycle; throws `ValidationError` for a bad format.
 * The typed revision, while stable, warns nothing.
 */
export function warnRevisionOnce(revision: string, logger: Logger, now: Date = new Date()): RevisionLifecycle {
  const lifecycle = revisionStatus(revision, now);
  const typed = revision === DEFAULT_REVISION;
  if (typed && lifecycle.status === 'stable') return lifecycle;
  warnOnce(logger, `revision ${revision}`, describeRevision(revision, lifecycle), {
    revision,
    status: lifecycle.status,
    deprecatedOn: lifecycle.deprecatedOn,
    retiredOn: lifecycle.retiredOn,
    preRelease: lifecycle.preRelease,
    typedRevision: DEFAULT_REVISION,
  });
  return lifecycle;
}

/** The warning: the revision, its status, the day it changed, what Klaviyo does with it, what the SDK does. */
function describeRevision(revision: string, { status, deprecatedOn, retiredOn, preRelease }: RevisionLifecycle): string {
  const name = `Klaviyo API revision ${revision}${preRelease ? ' (a pre-release: a beta Klaviyo may change without notice)' : ''}`;
  const fallForward =
    'Klaviyo serves requests naming a retired revision with its oldest supported revision ("fall-forward", so shapes ' +
    'may change under you), or answers 410 Gone if the account opted out of fall-forward.';
  const lifecycle = {
    retired: `${name} is retired: it was deprecated on ${deprecatedOn} and retired on ${retiredOn}. ${fallForward}`,
    deprecated: `${name} is deprecated: it was deprecated on ${deprecatedOn} and will be retired on ${retiredOn}. After that, ${lowerFirst(fallForward)}`,
    stable: `${name} is stable until ${deprecatedOn}, deprecated from then and retired on ${retiredOn}.`,
    future: `${name} is dated after today; Klaviyo serves a date that is not a released revision with the latest revision released on or before it.`,
  }[status];
  const sdk =
    revision === DEFAULT_REVISION
      ? `This version of klaviyo-ts is typed for ${DEFAULT_REVISION}: upgrade klaviyo-ts for a newer revision.`
      : `This version of klaviyo-ts is typed for ${DEFAULT_REVISION}, so responses to calls made with ${revision} are not ` +
        `checked against its schemas (they describe another API) and are returned as Klaviyo sends them.`;
  return `${lifecycle} ${sdk}`;
}

/** The release day of `revision` (UTC midnight), or `ValidationError` when it is not a revision. */
function releaseDateOf(revision: string): Date {
  const match = REVISION.exec(revision);
  const [year, month, day] = match ? match.slice(1, 4).map(Number) : [];
  const date = match ? new Date(Date.UTC(year!, month! - 1, day!)) : undefined;
  // Date.UTC rolls 2024-02-30 over to March: a date that does not read back the same is not a day.
  if (!date || date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) {
    throw new ValidationError('Invalid revision', {
      issues: [
        {
          path: 'revision',
          message: `${JSON.stringify(revision)} is not a revision: expected a date YYYY-MM-DD such as ${DEFAULT_REVISION}, optionally with a suffix such as .pre`,
        },
      ],
    });
  }
  return date;
}

function yearsAfter(date: Date, years: number): Date {
  const later = new Date(date.getTime());
  later.setUTCFullYear(later.getUTCFullYear() + years);
  return later;
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
