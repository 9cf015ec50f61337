/**
 * Lists: static groups of profiles (https://developers.klaviyo.com/en/reference/lists_api_overview).
 */
import { chunk, sendAll } from '../core/chunk.js';
import { ValidationError } from '../core/errors.js';
import { checkArray, checkString, describeGiven } from '../core/known-keys.js';
import type { RequestOptions } from '../core/transport.js';
import { type RequestBodyOf, Resource } from './resource.js';

/** Attributes of a new list, e.g. `{ name: 'Newsletter' }`. */
export type ListCreateAttributes = RequestBodyOf<'create_list'>['data']['attributes'];
/** Attributes to change on a list. */
export type ListUpdateAttributes = RequestBodyOf<'update_list'>['data']['attributes'];

/** Klaviyo accepts at most this many profiles per add/remove call; bigger inputs are split. */
export const LIST_MEMBERSHIP_CHUNK = 1000;

/** The hand-written methods of `klaviyo.lists` (src/resources/generated/lists.ts adds the rest): any number of profiles, chunked. */
export abstract class ListsHelpers extends Resource {
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

  async #membership(
    operationId: 'add_profiles_to_list' | 'remove_profiles_from_list',
    id: string,
    profileIds: readonly string[],
    options?: RequestOptions,
  ): Promise<void> {
    checkString(id, operationId, 'id');
    // Every id is checked here, by its index in the caller's array (the schema would name it within its chunk).
    const issues = checkArray(profileIds, operationId, 'profileIds').flatMap((profileId: unknown, i) =>
      typeof profileId === 'string' && profileId.trim() !== ''
        ? []
        : [{ path: `profileIds.${i}`, message: `must be a profile id (a non-empty string), got ${describeGiven(profileId)}` }],
    );
    if (issues.length) throw new ValidationError(`Invalid ${operationId}`, { issues });
    const chunks = chunk(profileIds, { maxItems: LIST_MEMBERSHIP_CHUNK });
    const bodies = chunks.map((ids) => ({ data: ids.map((profileId) => ({ type: 'profile', id: profileId })) }));
    await this.checkBodies(operationId, bodies);
    await sendAll(chunks, (_, i) => this.call(operationId, { path: { id }, body: bodies[i], bodyChecked: true }, options));
  }
}
