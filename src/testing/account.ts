/**
 * What every Klaviyo account has before anything is created: the account itself, its tracking settings, its
 * default tag group, the webhook topics Klaviyo offers, one mapped metric per conversion role, the IP allowlist
 * the client API publishes, and the profile side of custom-object relationships. Ids are fixed (they use no
 * generated id, so seeded ids stay the same whatever the account holds).
 */
import type { MockState } from './state.js';

/** The account's id, which is also its public API key (the client API's `company_id`). */
export const ACCOUNT_ID = 'AbC123';

/** The account's default tag group: tags created without a group go into it. */
export const DEFAULT_TAG_GROUP_ID = 'b8a2e9f4-0c3d-4e21-9f7a-1d5c6b7e8f90';

/** The ids of the mapped metrics every account has (the spec's enum for `mapped-metric` ids). */
export const MAPPED_METRIC_IDS = [
  'added_to_cart',
  'cancelled_sales',
  'ordered_product',
  'refunded_sales',
  'revenue',
  'started_checkout',
  'viewed_product',
] as const;

/**
 * The webhook topics a webhook may subscribe to: Klaviyo's email, SMS, push, review and consent events
 * (https://developers.klaviyo.com/en/reference/webhooks).
 */
export const WEBHOOK_TOPIC_IDS = [
  'event:klaviyo.received_email',
  'event:klaviyo.opened_email',
  'event:klaviyo.clicked_email',
  'event:klaviyo.bounced_email',
  'event:klaviyo.marked_email_as_spam',
  'event:klaviyo.sent_sms',
  'event:klaviyo.received_sms',
  'event:klaviyo.clicked_sms',
  'event:klaviyo.received_push',
  'event:klaviyo.bounced_push',
  'event:klaviyo.submitted_review',
  'event:klaviyo.subscribed_to_email_marketing',
  'event:klaviyo.unsubscribed_from_email_marketing',
  'event:klaviyo.subscribed_to_sms_marketing',
  'event:klaviyo.unsubscribed_from_sms_marketing',
] as const;

/** Stores the account's fixed records in `state`. */
export function addAccountDefaults(state: MockState): void {
  const now = state.timestamp();
  state.insert(
    'account',
    {
      test_account: false,
      contact_information: {
        default_sender_name: 'Demo Store',
        default_sender_email: 'store@example.com',
        website_url: 'https://www.example.com',
        organization_name: 'Demo Store',
        street_address: {
          address1: '125 Summer Street',
          address2: null,
          city: 'Boston',
          region: 'MA',
          country: 'US',
          zip: '02110',
        },
      },
      industry: 'Retail',
      timezone: 'UTC',
      preferred_currency: 'USD',
      public_api_key: ACCOUNT_ID,
      locale: 'en-US',
    },
    { id: ACCOUNT_ID },
  );
  // https://developers.klaviyo.com/en/reference/get_tracking_settings: one per account, under the account's id.
  state.insert(
    'tracking-setting',
    {
      auto_add_parameters: true,
      utm_source: { flow: { type: 'dynamic', value: 'flow_name' }, campaign: { type: 'dynamic', value: 'campaign_name' } },
      utm_medium: { flow: { type: 'static', value: 'email' }, campaign: { type: 'static', value: 'email' } },
      custom_parameters: [],
    },
    { id: ACCOUNT_ID },
  );
  state.insert('tag-group', { name: 'Default', exclusive: false, default: true }, { id: DEFAULT_TAG_GROUP_ID });
  for (const id of WEBHOOK_TOPIC_IDS) state.insert('webhook-topic', {}, { id });
  for (const id of MAPPED_METRIC_IDS) state.insert('mapped-metric', { updated: now }, { id });
  state.insert(
    'ip-allowlist',
    { prefixes: ['207.211.192.0/20', '207.186.206.0/24'], sync_token: 'e1ccc194a521a754', created: now },
    { id: 'integration-egress' },
  );
  // Custom-object schemas relate to profiles through this fixed record (`{ type: 'profile-object-schema', id: 'profile' }`).
  state.insert('profile-object-schema', {}, { id: 'profile' });
}
