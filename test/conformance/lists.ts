/** A typical call of every lists operation, for the conformance test. */
import type { Klaviyo } from '../../src/index.js';

export const calls: Record<string, (k: Klaviyo) => Promise<unknown>> = {
  get_lists: (k) => k.lists.list({ filter: { name: { equals: 'Newsletter' } }, include: ['tags'] }),
  create_list: (k) => k.lists.create({ name: 'Newsletter' }),
  delete_list: (k) => k.lists.delete('Y6nRLr'),
  get_list: (k) => k.lists.get('Y6nRLr', { additionalFields: { list: ['profile_count'] } }),
  update_list: (k) => k.lists.update('Y6nRLr', { name: 'Weekly newsletter' }),
  get_flows_triggered_by_list: (k) => k.lists.flowTriggers('Y6nRLr'),
  get_profiles_for_list: (k) => k.lists.profiles('Y6nRLr', { pageSize: 50 }),
  get_ids_for_flows_triggered_by_list: (k) => k.lists.flowTriggerIds('Y6nRLr'),
  remove_profiles_from_list: (k) => k.lists.removeProfiles('Y6nRLr', ['01GDDKASAP8TKDDA2GRZDSVP4H']),
  get_profile_ids_for_list: (k) => k.lists.profileIds('Y6nRLr'),
  add_profiles_to_list: (k) => k.lists.addProfiles('Y6nRLr', ['01GDDKASAP8TKDDA2GRZDSVP4H']),
  get_tag_ids_for_list: (k) => k.lists.tagIds('Y6nRLr'),
  get_tags_for_list: (k) => k.lists.tags('Y6nRLr'),
};
