/** A typical call of every profiles, events and segments operation, for the conformance test. */
import type { Klaviyo } from '../../src/index.js';

const PROFILE = '01GDDKASAP8TKDDA2GRZDSVP4H';
const OTHER_PROFILE = '01GDDKASAP8TKDDA2GRZDSVP4I';
const JOB = '01GT4MRDHF3VC0HDA2CTB3CWB4';
const EVENT = '4vRpBT';
const SEGMENT = 'Y6nRLr';
const LIST = 'XyZ123';

export const calls: Record<string, (k: Klaviyo) => Promise<unknown>> = {
  // profiles
  get_profiles: (k) => k.profiles.list({ filter: { email: { equals: 'sarah.mason@klaviyo-demo.com' } }, pageSize: 50 }),
  create_profile: (k) =>
    k.profiles.create({ email: 'sarah.mason@klaviyo-demo.com', first_name: 'Sarah', properties: { plan: 'gold' } }),
  get_profile: (k) => k.profiles.get(PROFILE, { include: ['lists'] }),
  update_profile: (k) => k.profiles.update(PROFILE, { first_name: 'Sarah' }, { patchProperties: { append: { tags: 'vip' } } }),
  create_or_update_profile: (k) =>
    k.profiles.createOrUpdate({ email: 'sarah.mason@klaviyo-demo.com', phone_number: '+15005550006', last_name: 'Mason' }),
  merge_profiles: (k) => k.profiles.merge(PROFILE, OTHER_PROFILE),
  get_lists_for_profile: (k) => k.profiles.lists(PROFILE),
  get_list_ids_for_profile: (k) => k.profiles.listIds(PROFILE),
  get_segments_for_profile: (k) => k.profiles.segments(PROFILE),
  get_segment_ids_for_profile: (k) => k.profiles.segmentIds(PROFILE),
  bulk_subscribe_profiles: (k) =>
    k.profiles.subscribe({
      listId: LIST,
      profiles: [
        { email: 'sarah.mason@klaviyo-demo.com', phone_number: '+15005550006' },
        { email: 'matt.kemp@klaviyo-demo.com', subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } },
      ],
    }),
  bulk_unsubscribe_profiles: (k) =>
    k.profiles.unsubscribe({ listId: LIST, channels: ['email'], profiles: [{ email: 'sarah.mason@klaviyo-demo.com' }] }),
  bulk_suppress_profiles: (k) => k.profiles.suppress(['sarah.mason@klaviyo-demo.com']),
  bulk_unsuppress_profiles: (k) => k.profiles.unsuppress(['sarah.mason@klaviyo-demo.com']),
  get_bulk_suppress_profiles_jobs: (k) => k.profiles.suppressionJobs.list({ sort: '-created' }),
  get_bulk_suppress_profiles_job: (k) => k.profiles.suppressionJobs.get(JOB),
  get_bulk_unsuppress_profiles_jobs: (k) => k.profiles.unsuppressionJobs.list(),
  get_bulk_unsuppress_profiles_job: (k) => k.profiles.unsuppressionJobs.get(JOB),
  bulk_import_profiles: (k) =>
    k.profiles.bulkImport([{ email: 'sarah.mason@klaviyo-demo.com', first_name: 'Sarah' }, { phone_number: '+15005550006' }], {
      listId: LIST,
    }),
  get_bulk_import_profiles_jobs: (k) => k.profiles.bulkImportJobs.list({ filter: { status: { equals: 'complete' } } }),
  get_bulk_import_profiles_job: (k) => k.profiles.bulkImportJobs.get(JOB, { include: ['lists'] }),
  get_errors_for_bulk_import_profiles_job: (k) => k.profiles.bulkImportJobs.importErrors(JOB),
  get_profiles_for_bulk_import_profiles_job: (k) => k.profiles.bulkImportJobs.profiles(JOB),
  get_profile_ids_for_bulk_import_profiles_job: (k) => k.profiles.bulkImportJobs.profileIds(JOB),
  get_list_for_bulk_import_profiles_job: (k) => k.profiles.bulkImportJobs.lists(JOB),
  get_list_ids_for_bulk_import_profiles_job: (k) => k.profiles.bulkImportJobs.listIds(JOB),

  // events
  get_events: (k) => k.events.list({ filter: { metric_id: { equals: 'UMTLbD' } }, sort: '-datetime' }),
  get_event: (k) => k.events.get(EVENT, { include: ['metric', 'profile'] }),
  create_event: (k) =>
    k.events.create({
      metric: 'Placed Order',
      profile: { email: 'sarah.mason@klaviyo-demo.com' },
      properties: { items: ['shoes'], order_id: 'A-1001' },
      value: 99.5,
      valueCurrency: 'USD',
      time: new Date(Date.UTC(2024, 9, 15, 9, 30)),
      uniqueId: 'A-1001',
    }),
  bulk_create_events: (k) =>
    k.events.bulkCreate([
      { metric: 'Viewed Product', profile: { email: 'sarah.mason@klaviyo-demo.com' }, properties: { sku: 'S-1' } },
      { metric: 'Viewed Product', profile: { email: 'sarah.mason@klaviyo-demo.com' }, properties: { sku: 'S-2' } },
      { metric: { name: 'Placed Order' }, profile: { phone_number: '+15005550006' }, properties: {}, value: 10 },
    ]),
  get_metric_for_event: (k) => k.events.metric(EVENT),
  get_metric_id_for_event: (k) => k.events.metricId(EVENT),
  get_profile_for_event: (k) => k.events.profile(EVENT),
  get_profile_id_for_event: (k) => k.events.profileId(EVENT),

  // segments (query_segment_series / query_segment_values are on klaviyo.reports)
  get_segments: (k) => k.segments.list({ filter: { is_active: { equals: true } }, include: ['tags'] }),
  get_segment: (k) => k.segments.get(SEGMENT, { additionalFields: { segment: ['profile_count'] } }),
  create_segment: (k) =>
    k.segments.create({
      name: 'VIP members',
      definition: {
        condition_groups: [{ conditions: [{ type: 'profile-group-membership', is_member: true, group_ids: [LIST] }] }],
      },
    }),
  update_segment: (k) => k.segments.update(SEGMENT, { name: 'VIP members (2025)', is_starred: true }),
  delete_segment: (k) => k.segments.delete(SEGMENT),
  get_profiles_for_segment: (k) => k.segments.profiles(SEGMENT, { pageSize: 100 }),
  get_profile_ids_for_segment: (k) => k.segments.profileIds(SEGMENT),
  get_flows_triggered_by_segment: (k) => k.segments.flowTriggers(SEGMENT),
  get_ids_for_flows_triggered_by_segment: (k) => k.segments.flowTriggerIds(SEGMENT),
  get_tags_for_segment: (k) => k.segments.tags(SEGMENT),
  get_tag_ids_for_segment: (k) => k.segments.tagIds(SEGMENT),
};
