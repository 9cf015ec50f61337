/**
 * Lists: static groups of profiles (https://developers.klaviyo.com/en/reference/lists_api_overview).
 */
import type { APIPromise } from '../core/api-promise.js';
import { chunk, sendAll } from '../core/chunk.js';
import type { QueryOptions } from '../core/query.js';
import type { RequestOptions } from '../core/transport.js';
import { type RequestBodyOf, Resource, type PageOf, type ResponseOf } from './resource.js';

/** Attributes of a new list, e.g. `{ name: 'Newsletter' }`. */
export type ListCreateAttributes = RequestBodyOf<'create_list'>['data']['attributes'];
/** Attributes to change on a list. */
export type ListUpdateAttributes = RequestBodyOf<'update_list'>['data']['attributes'];

/** Klaviyo accepts at most this many profiles per add/remove call; bigger inputs are split. */
export const LIST_MEMBERSHIP_CHUNK = 1000;

/** `klaviyo.lists` */
export class Lists extends Resource {
  /** Every list. `get_lists` · GET /api/lists · tier L · scopes lists:read. 10 per page. */
  list(query?: QueryOptions<'get_lists'>, options?: RequestOptions): PageOf<'get_lists'> {
    return this.paginate('get_lists', { query }, options);
  }

  /** One list. `get_list` · GET /api/lists/{id} · tier L · scopes lists:read. */
  get(id: string, query?: QueryOptions<'get_list'>, options?: RequestOptions): APIPromise<ResponseOf<'get_list'>> {
    return this.call('get_list', { path: { id }, query }, options);
  }

  /** Creates a list. `create_list` · POST /api/lists · tier M, 150 a day · scopes lists:write. Not re-sent after a 5xx. */
  create(attributes: ListCreateAttributes, options?: RequestOptions): APIPromise<ResponseOf<'create_list'>> {
    return this.call('create_list', { body: { data: { type: 'list', attributes } } }, options);
  }

  /** Renames a list. `update_list` · PATCH /api/lists/{id} · tier M · scopes lists:write. */
  update(id: string, attributes: ListUpdateAttributes, options?: RequestOptions): APIPromise<ResponseOf<'update_list'>> {
    return this.call('update_list', { path: { id }, body: { data: { type: 'list', id, attributes } } }, options);
  }

  /** Deletes a list. `delete_list` · DELETE /api/lists/{id} · tier M · scopes lists:write. */
  delete(id: string, options?: RequestOptions): APIPromise<undefined> {
    return this.call('delete_list', { path: { id } }, options);
  }

  /** The list's members. `get_profiles_for_list` · GET /api/lists/{id}/profiles · tier L · scopes lists:read, profiles:read. */
  profiles(id: string, query?: QueryOptions<'get_profiles_for_list'>, options?: RequestOptions): PageOf<'get_profiles_for_list'> {
    return this.paginate('get_profiles_for_list', { path: { id }, query }, options);
  }

  /** The ids of the list's members. `get_profile_ids_for_list` · GET /api/lists/{id}/relationships/profiles · tier L · scopes lists:read, profiles:read. */
  profileIds(
    id: string,
    query?: QueryOptions<'get_profile_ids_for_list'>,
    options?: RequestOptions,
  ): PageOf<'get_profile_ids_for_list'> {
    return this.paginate('get_profile_ids_for_list', { path: { id }, query }, options);
  }

  /**
   * Adds profiles to the list, any number of them: sent 1000 per call, each call through the limiter.
   * Safe to repeat (a member added twice is one member), so failed calls are retried.
   * `add_profiles_to_list` · POST /api/lists/{id}/relationships/profiles · tier M · scopes lists:write, profiles:write.
   */
  async addProfiles(id: string, profileIds: readonly string[], options?: RequestOptions): Promise<void> {
    await this.#membership('add_profiles_to_list', id, profileIds, options);
  }

  /**
   * Removes profiles from the list, 1000 per call.
   * `remove_profiles_from_list` · DELETE /api/lists/{id}/relationships/profiles · tier M · scopes lists:write, profiles:write.
   */
  async removeProfiles(id: string, profileIds: readonly string[], options?: RequestOptions): Promise<void> {
    await this.#membership('remove_profiles_from_list', id, profileIds, options);
  }

  /** Flows this list triggers. `get_flows_triggered_by_list` · GET /api/lists/{id}/flow-triggers · tier S · scopes flows:read, lists:read. */
  flowTriggers(
    id: string,
    query?: QueryOptions<'get_flows_triggered_by_list'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_flows_triggered_by_list'>> {
    return this.call('get_flows_triggered_by_list', { path: { id }, query }, options);
  }

  /** Ids of the flows this list triggers. `get_ids_for_flows_triggered_by_list` · GET /api/lists/{id}/relationships/flow-triggers · tier S · scopes flows:read, lists:read. */
  flowTriggerIds(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_ids_for_flows_triggered_by_list'>> {
    return this.call('get_ids_for_flows_triggered_by_list', { path: { id } }, options);
  }

  /** The list's tags. `get_tags_for_list` · GET /api/lists/{id}/tags · tier S · scopes lists:read, tags:read. */
  tags(
    id: string,
    query?: QueryOptions<'get_tags_for_list'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_tags_for_list'>> {
    return this.call('get_tags_for_list', { path: { id }, query }, options);
  }

  /** Ids of the list's tags. `get_tag_ids_for_list` · GET /api/lists/{id}/relationships/tags · tier S · scopes lists:read, tags:read. */
  tagIds(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_tag_ids_for_list'>> {
    return this.call('get_tag_ids_for_list', { path: { id } }, options);
  }

  async #membership(
    operationId: 'add_profiles_to_list' | 'remove_profiles_from_list',
    id: string,
    profileIds: readonly string[],
    options?: RequestOptions,
  ): Promise<void> {
    const chunks = chunk(profileIds, { maxItems: LIST_MEMBERSHIP_CHUNK });
    await sendAll(chunks, (ids) =>
      this.call(
        operationId,
        { path: { id }, body: { data: ids.map((profileId) => ({ type: 'profile', id: profileId })) } },
        options,
      ),
    );
  }
}
