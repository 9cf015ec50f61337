/**
 * The client API (`/client/*`, https://developers.klaviyo.com/en/docs/authenticate_): what a
 * browser or app sends with the account's public key as `company_id` and no private key. Writes answer 202
 * without a body and do what their private-API counterparts do (profiles, events, subscriptions, push tokens,
 * back in stock); reads show published reviews, their rating statistics, geofences and the IP allowlist.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { invalidBody, invalidParam } from '../errors.js';
import { evaluateFilter } from '../filter.js';
import { subscribeBackInStock } from './catalogs.js';
import { createEventFromBody } from './event-store.js';
import { collection } from './generic.js';
import { setSubscriptions } from './jobs.js';
import { addToList, upsertProfile } from './profile-store.js';
import { registerPushToken } from './profiles.js';
import { insertRecord } from './records.js';
import type { StoredRecord } from '../state.js';

const accepted = { status: 202 } as const;

/** Reviews the client API shows: published or featured ones. */
const isPublic = (review: StoredRecord) =>
  ['published', 'featured'].includes((review.attributes['status'] as { value?: string } | null)?.value ?? '');

/** How far back each `timeframe` of a review values report reaches, in days. */
const TIMEFRAME_DAYS: Record<string, number> = { all_time: Infinity, last_30_days: 30, last_90_days: 90, last_365_days: 365 };

/** The statistics a review values report can compute over a group of public reviews. */
const STATISTICS: Record<string, (reviews: StoredRecord[]) => number | null> = {
  total_reviews: (r) => r.filter((x) => x.attributes['review_type'] === 'review').length,
  total_questions: (r) => r.filter((x) => x.attributes['review_type'] === 'question').length,
  total_ratings: (r) => r.filter((x) => typeof x.attributes['rating'] === 'number').length,
  average_rating: (r) => average(r.filter((x) => x.attributes['review_type'] !== 'store')),
  total_store_reviews: (r) => r.filter((x) => x.attributes['review_type'] === 'store').length,
  average_store_rating: (r) => average(r.filter((x) => x.attributes['review_type'] === 'store')),
};

function average(reviews: StoredRecord[]): number | null {
  const ratings = reviews.map((r) => r.attributes['rating']).filter((v): v is number => typeof v === 'number');
  return ratings.length ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100 : null;
}

/** The hand-written client API handlers, by operation id. */
export const clientHandlers = {
  create_client_profile: (ctx) => {
    upsertProfile(ctx.state, ctx.body.data);
    return accepted;
  },

  create_client_event: (ctx) => {
    const attrs = ctx.body.data.attributes;
    createEventFromBody(ctx.state, attrs, attrs.profile, '/data/attributes');
    return accepted;
  },

  // One profile, many events: every event is checked before any is stored.
  bulk_create_client_events: (ctx) => {
    const attrs = ctx.body.data.attributes;
    const events: any[] = attrs.events?.data ?? [];
    for (const checkOnly of [true, false])
      events.forEach((event, i) =>
        createEventFromBody(
          ctx.state,
          event?.attributes ?? {},
          attrs.profile,
          `/data/attributes/events/data/${i}/attributes`,
          checkOnly,
        ),
      );
    return accepted;
  },

  // https://developers.klaviyo.com/en/reference/create_client_subscription: the profile consents to what its
  // `subscriptions` name, and joins the list when one is given.
  create_client_subscription: (ctx) => {
    const data = ctx.body.data;
    const listId = data.relationships?.list?.data?.id;
    const list = listId === undefined ? undefined : ctx.state.get('list', String(listId));
    if (listId !== undefined && !list)
      throw invalidBody('/data/relationships/list/data/id', `A list with id ${String(listId)} does not exist.`);
    const { subscriptions, ...attributes } = data.attributes.profile.data.attributes ?? {};
    const { record } = upsertProfile(ctx.state, { ...data.attributes.profile.data, attributes });
    const now = ctx.state.timestamp();
    setSubscriptions(record, subscriptions ?? { email: { marketing: { consent: 'SUBSCRIBED' } } }, true, now);
    if (list) addToList(ctx.state, list.id, record.id, now);
    return accepted;
  },

  create_client_push_token: (ctx) => registerPushToken(ctx),

  // The token stops receiving: the mock forgets it.
  unregister_client_push_token: (ctx) => {
    const token = ctx.state.all('push-token').find((t) => t.attributes['token'] === ctx.body.data.attributes.token);
    if (token) ctx.state.remove('push-token', token.id);
    return accepted;
  },

  create_client_back_in_stock_subscription: subscribeBackInStock,

  // https://developers.klaviyo.com/en/reference/create_client_review: a review waits for moderation (pending),
  // so the client API does not show it until it is published.
  create_client_review: (ctx) => {
    const { product, custom_questions: _questions, incentive_type: _incentive, ...attributes } = ctx.body.data.attributes;
    insertRecord(ctx, 'review', {
      attributes: {
        ...attributes,
        product: {
          url: '',
          name: String(product?.external_id ?? ''),
          image_url: null,
          external_id: product?.external_id ?? null,
        },
        status: { value: 'pending' },
        verified: false,
        images: attributes.images ?? [],
      },
    });
    return accepted;
  },

  get_client_reviews: (ctx) => collection(ctx, ctx.state.all('review').filter(isPublic)),

  // https://developers.klaviyo.com/en/reference/get_client_review_values_reports: rating statistics of the
  // public reviews in the timeframe, for the whole account or per product.
  get_client_review_values_reports: (ctx) => {
    const params = ctx.url.searchParams;
    const groupBy = params.get('group_by')!;
    const timeframe = params.get('timeframe') ?? 'all_time';
    const days = TIMEFRAME_DAYS[timeframe];
    if (days === undefined) throw invalidParam('timeframe', `'${timeframe}' is not a timeframe.`);
    const names = params
      .get('statistics')!
      .split(',')
      .map((s) => s.trim());
    for (const name of names) if (!STATISTICS[name]) throw invalidParam('statistics', `'${name}' is not a statistic.`);
    const since = ctx.state.now().getTime() - days * 24 * 3600 * 1000;
    const productOf = (review: StoredRecord) => (review.attributes['product'] as { external_id?: unknown } | null)?.external_id;
    const { filter } = ctx.query;
    const reviews = ctx.state
      .all('review')
      .filter((r) => isPublic(r) && Date.parse(String(r.attributes['created'])) >= since)
      .filter((r) => !filter || evaluateFilter(filter, () => productOf(r)));
    const groups = new Map<string, StoredRecord[]>();
    for (const review of reviews) {
      const key = groupBy === 'product_id' ? String(productOf(review) ?? '') : params.get('company_id')!;
      groups.set(key, [...(groups.get(key) ?? []), review]);
    }
    const results = [...groups].map(([key, group]) => ({
      groupings: { [groupBy]: key },
      statistics: Object.fromEntries(names.map((name) => [name, STATISTICS[name]!(group)])),
    }));
    const report = { type: 'review-values-report', id: `${groupBy}-${timeframe}`, attributes: { results } };
    return { status: 200, body: { data: [{ ...report, links: { self: ctx.url.href } }], links: { self: ctx.url.href } } };
  },
} satisfies Partial<Record<OperationId, Handler>>;
