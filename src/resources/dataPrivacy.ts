/**
 * Data privacy: deleting a person's profiles and their data, for GDPR and CCPA deletion requests
 * (https://developers.klaviyo.com/en/reference/request_profile_deletion).
 */
import type { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import { checkArgumentObject, checkString } from '../core/known-keys.js';
import type { RequestOptions } from '../core/transport.js';
import { Resource } from './resource.js';

/**
 * Whose profiles to delete: exactly one identifier, as Klaviyo takes one per request (its email address, its
 * phone number in E.164 format such as `'+15005550006'`, or its Klaviyo profile id). Naming two does not
 * compile, and is refused at run time too.
 */
export type ProfileDeletionTarget =
  | { email: string; phoneNumber?: never; profileId?: never }
  | { phoneNumber: string; email?: never; profileId?: never }
  | { profileId: string; email?: never; phoneNumber?: never };

const IDENTIFIERS = ['email', 'phoneNumber', 'profileId'] as const;

/** The hand-written methods of `klaviyo.dataPrivacy` (src/resources/generated/dataPrivacy.ts adds the rest). */
export abstract class DataPrivacyHelpers extends Resource {
  /**
   * Asks Klaviyo to delete every profile the identifier matches, with its data. Klaviyo deletes them in the
   * background and answers 202 with no body (the deleted profiles then appear on the account's Deleted
   * Profiles page), so this resolves to `undefined` once the request was accepted. Not re-sent after a 5xx.
   * `request_profile_deletion` · POST /api/data-privacy-deletion-jobs · tier S (3/s, 60/m) · scopes data-privacy:write.
   * @throws {ValidationError} (as the rejection) when `target` names no identifier, two or more (Klaviyo refuses
   * those), an unknown key, or an identifier that is not a non-empty string; nothing is sent.
   * @see https://developers.klaviyo.com/en/reference/request_profile_deletion
   */
  requestDeletion(target: ProfileDeletionTarget, options?: RequestOptions): APIPromise<undefined> {
    const body = () => {
      const what = 'dataPrivacy.requestDeletion';
      const given = checkArgumentObject<Record<string, unknown>>(target, IDENTIFIERS, `${what} target`);
      const named = IDENTIFIERS.filter((key) => given[key] !== undefined);
      const [key, ...others] = named;
      if (key === undefined) {
        const message = 'give exactly one identifier: email, phoneNumber or profileId';
        throw new ValidationError(`Invalid ${what}`, { issues: [{ path: '', message }] });
      }
      if (others.length) {
        // "If multiple identifiers are provided, we will return an error" (request_profile_deletion).
        const message = `cannot be given with ${key}: Klaviyo takes exactly one identifier per request`;
        throw new ValidationError(`Invalid ${what}`, { issues: others.map((path) => ({ path, message })) });
      }
      const value = checkString(given[key], what, key);
      const profile =
        key === 'profileId'
          ? { type: 'profile', id: value, attributes: {} }
          : { type: 'profile', attributes: key === 'email' ? { email: value } : { phone_number: value } };
      return { data: { type: 'data-privacy-deletion-job', attributes: { profile: { data: profile } } } } as const;
    };
    return this.call('request_profile_deletion', { body }, options);
  }
}
