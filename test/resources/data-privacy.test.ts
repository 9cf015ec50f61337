import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import type { ProfileDeletionTarget } from '../../src/resources/dataPrivacy.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

function recordDeletions() {
  const bodies: unknown[] = [];
  server.use(
    http.post(`${API}/api/data-privacy-deletion-jobs`, async ({ request }) => {
      bodies.push(await request.json());
      return new HttpResponse(null, { status: 202 });
    }),
  );
  return bodies;
}

const deletionOf = (profile: object) => ({
  data: { type: 'data-privacy-deletion-job', attributes: { profile: { data: { type: 'profile', ...profile } } } },
});

describe('klaviyo.dataPrivacy.requestDeletion', () => {
  it.each<[ProfileDeletionTarget, object]>([
    [{ email: 'sarah.mason@klaviyo-demo.com' }, { attributes: { email: 'sarah.mason@klaviyo-demo.com' } }],
    [{ phoneNumber: '+15005550006' }, { attributes: { phone_number: '+15005550006' } }],
    [{ profileId: '01GDDKASAP8TKDDA2GRZDSVP4H' }, { id: '01GDDKASAP8TKDDA2GRZDSVP4H', attributes: {} }],
  ])('%j asks Klaviyo to delete by that identifier alone, and resolves once accepted', async (target, profile) => {
    const bodies = recordDeletions();
    await expect(klaviyo.dataPrivacy.requestDeletion(target)).resolves.toBeUndefined();
    expect(bodies).toEqual([deletionOf(profile)]);
  });

  it('two identifiers are refused before anything is sent, naming the second', async () => {
    recordDeletions();
    const twoIdentifiers = { email: 'a@example.com', profileId: '01GDD' };
    // @ts-expect-error: Klaviyo deletes by exactly one identifier
    const error = await klaviyo.dataPrivacy.requestDeletion(twoIdentifiers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'profileId', message: 'cannot be given with email: Klaviyo takes exactly one identifier per request' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('no identifier is refused before anything is sent', async () => {
    // @ts-expect-error: one identifier is required
    const error = await klaviyo.dataPrivacy.requestDeletion({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('email, phoneNumber or profileId');
    expect(sent).toHaveLength(0);
  });

  it("Klaviyo's wire name for the phone number is refused with the SDK's", async () => {
    // @ts-expect-error: the SDK names it phoneNumber
    const error = await klaviyo.dataPrivacy.requestDeletion({ phone_number: '+15005550006' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({
      path: 'phone_number',
      message: expect.stringContaining('did you mean "phoneNumber"'),
    });
    expect(sent).toHaveLength(0);
  });

  it('an empty email is refused, naming email', async () => {
    const error = await klaviyo.dataPrivacy.requestDeletion({ email: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'email' });
    expect(sent).toHaveLength(0);
  });

  it('an identifier left undefined does not count as one', async () => {
    const bodies = recordDeletions();
    await klaviyo.dataPrivacy.requestDeletion({ email: 'a@example.com', profileId: undefined } as ProfileDeletionTarget);
    expect(bodies).toEqual([deletionOf({ attributes: { email: 'a@example.com' } })]);
  });
});
