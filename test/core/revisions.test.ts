import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ValidationError } from '../../src/core/errors.js';
import { DEFAULT_REVISION, revisionStatus, warnRevisionOnce } from '../../src/core/revisions.js';
import type { RequestSpec } from '../../src/core/transport.js';
import { answer, recordingLogger, transportWith } from './transport-harness.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("Klaviyo's revision lifecycle", () => {
  it('types the SDK for 2026-07-15', () => {
    expect(DEFAULT_REVISION).toBe('2026-07-15');
  });

  it.each([
    ['2024-10-14', 'future'],
    ['2024-10-15', 'stable'],
    ['2025-10-14', 'stable'],
    ['2025-10-15', 'deprecated'],
    ['2026-10-14', 'deprecated'],
    ['2026-10-15', 'retired'],
  ] as const)('on %s, 2024-10-15 is %s', (today, status) => {
    expect(revisionStatus('2024-10-15', day(today))).toEqual({
      status,
      deprecatedOn: '2025-10-15',
      retiredOn: '2026-10-15',
      preRelease: false,
    });
  });

  it('counts in UTC days, whatever the hour', () => {
    expect(revisionStatus('2024-10-15', new Date('2026-10-14T23:59:59.999Z')).status).toBe('deprecated');
    expect(revisionStatus('2024-10-15', new Date('2026-10-15T00:00:00.000Z')).status).toBe('retired');
  });

  it('reads YYYY-MM-DD.pre as a pre-release of that date', () => {
    expect(revisionStatus('2026-07-15.pre', day('2026-08-01'))).toEqual({
      status: 'stable',
      deprecatedOn: '2027-07-15',
      retiredOn: '2028-07-15',
      preRelease: true,
    });
  });

  it.each(['latest', '2024-13-01', '2024-02-30', '20241015', ' 2024-10-15', '2024-10-15.', '2024-10-15 pre'])(
    'refuses %j, naming the revision field and the expected form',
    (revision) => {
      const error = (() => {
        try {
          return revisionStatus(revision, day('2026-08-01'));
        } catch (e) {
          return e;
        }
      })() as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues[0]!.path).toBe('revision');
      expect(error.message).toContain('expected a date YYYY-MM-DD such as 2026-07-15, optionally with a suffix such as .pre');
    },
  );
});

describe('warnRevisionOnce', () => {
  it('says nothing about the typed revision while it is stable', () => {
    const logger = recordingLogger();
    warnRevisionOnce(DEFAULT_REVISION, logger, day('2026-08-01'));
    expect(logger.warnings).toEqual([]);
  });

  it('warns once per revision, not once per call', () => {
    const logger = recordingLogger();
    for (let i = 0; i < 3; i++) warnRevisionOnce('2025-04-15', logger, day('2026-08-01'));
    warnRevisionOnce('2025-07-15', logger, day('2026-08-01'));
    expect(logger.warnings).toHaveLength(2);
  });

  it('tells a deprecated revision when it retires and what Klaviyo does then', () => {
    const logger = recordingLogger();
    warnRevisionOnce('2025-04-15', logger, day('2026-08-01'));
    expect(logger.warnings[0]).toContain(
      'revision 2025-04-15 is deprecated: it was deprecated on 2026-04-15 and will be retired on 2027-04-15',
    );
    expect(logger.warnings[0]).toContain('fall-forward');
    expect(logger.warnings[0]).toContain('410 Gone');
    expect(logger.warnings[0]).toContain('not checked against its schemas');
  });

  it('tells a stable revision other than the typed one that its answers are not checked', () => {
    const logger = recordingLogger();
    warnRevisionOnce('2025-10-15', logger, day('2026-08-01'));
    expect(logger.warnings).toEqual([
      'Klaviyo API revision 2025-10-15 is stable until 2026-10-15, deprecated from then and retired on 2027-10-15. ' +
        'This version of klaviyo-ts is typed for 2026-07-15, so responses to calls made with 2025-10-15 are not checked ' +
        'against its schemas (they describe another API) and are returned as Klaviyo sends them.',
    ]);
  });

  it('tells the typed revision, once deprecated, to upgrade klaviyo-ts', () => {
    const logger = recordingLogger();
    warnRevisionOnce(DEFAULT_REVISION, logger, day('2027-08-01'));
    expect(logger.warnings[0]).toContain('revision 2026-07-15 is deprecated');
    expect(logger.warnings[0]).toContain('upgrade klaviyo-ts');
  });

  it('says a .pre revision is a pre-release', () => {
    const logger = recordingLogger();
    warnRevisionOnce('2026-07-15.pre', logger, day('2026-08-01'));
    expect(logger.warnings[0]).toContain(
      'revision 2026-07-15.pre (a pre-release: a beta Klaviyo may change without notice) is stable',
    );
    expect(logger.warnings[0]).toContain('not checked against its schemas');
  });
});

describe('a client on another revision', () => {
  const getProfiles: RequestSpec = { method: 'GET', path: '/api/profiles', operationId: 'get_profiles' };
  // 2024-10-15's profiles had `anonymous_id`; pretend the typed schema insists on a shape they lack.
  const typedProfiles = z.looseObject({ data: z.array(z.looseObject({ attributes: z.looseObject({ locale: z.string() }) })) });
  const oldPage = { data: [{ type: 'profile', id: '01GDDKASAP8TKDDA2GRZDSVP4H', attributes: { anonymous_id: 'a1' } }] };

  it("revision 2024-10-15: one warning 'retired on 2026-10-15', none on later calls, answers returned unchecked", async () => {
    const { transport, requests, logger } = transportWith(() => answer(200, oldPage), {
      revision: '2024-10-15',
      responseValidation: 'strict',
      now: () => day('2026-11-02'),
    });
    for (let i = 0; i < 3; i++) await expect(transport.request(getProfiles, {}, typedProfiles)).resolves.toEqual(oldPage);
    expect(requests.map((r) => r.headers.get('revision'))).toEqual(['2024-10-15', '2024-10-15', '2024-10-15']);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain(
      'revision 2024-10-15 is retired: it was deprecated on 2025-10-15 and retired on 2026-10-15',
    );
    expect(logger.warnings[0]).toContain('not checked against its schemas');
  });

  it('a call pinning another revision is warned about once and answered unchecked; the typed revision is still checked', async () => {
    const { transport, logger } = transportWith(() => answer(200, oldPage), {
      responseValidation: 'strict',
      now: () => day('2026-08-01'),
    });
    for (let i = 0; i < 2; i++) {
      await expect(transport.request(getProfiles, { revision: '2025-10-15' }, typedProfiles)).resolves.toEqual(oldPage);
    }
    expect(logger.warnings).toEqual([expect.stringContaining('revision 2025-10-15 is stable until 2026-10-15')]);
    await expect(transport.request(getProfiles, {}, typedProfiles)).rejects.toBeInstanceOf(ValidationError);
  });

  it('a malformed revision on a call is refused before anything is sent', async () => {
    const { transport, requests } = transportWith(() => answer(200, oldPage));
    const error = await transport.request(getProfiles, { revision: '2026/07/15' }, typedProfiles).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('revision');
    expect(requests).toHaveLength(0);
  });

  it('a malformed client revision is refused when the transport is built', () => {
    expect(() => transportWith(() => answer(200, oldPage), { revision: 'latest' })).toThrow(ValidationError);
  });
});
