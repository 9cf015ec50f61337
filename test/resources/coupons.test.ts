import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { JobFailedError, ValidationError } from '../../src/index.js';
import type { CouponCodeCreate } from '../../src/resources/coupons.js';
import { API, useKlaviyoApi } from './msw.js';

const { server, sent, klaviyo } = useKlaviyoApi();

const job = (id: string, status: string) => ({
  data: {
    type: 'coupon-code-bulk-create-job',
    id,
    attributes: { status, created_at: '2026-07-20T10:00:00+00:00', total_count: 1000, completed_count: 0, failed_count: 0 },
    links: { self: `${API}/api/coupon-code-bulk-create-jobs/${id}/` },
  },
});

interface CodesJobBody {
  data: { type: string; attributes: { 'coupon-codes': { data: Record<string, unknown>[] } } };
}

function recordJobs() {
  const bodies: CodesJobBody[] = [];
  server.use(
    http.post(`${API}/api/coupon-code-bulk-create-jobs`, async ({ request }) => {
      bodies.push((await request.json()) as CodesJobBody);
      return HttpResponse.json(job(`job-${bodies.length}`, 'queued'), { status: 202 });
    }),
  );
  return bodies;
}

const codes = (n: number): CouponCodeCreate[] =>
  Array.from({ length: n }, (_, i) => ({ unique_code: `SUMMER-${String(i).padStart(5, '0')}`, couponId: '10OFF' }));

describe('klaviyo.coupons.codes.bulkCreate', () => {
  it.each([
    [1000, [1000]],
    [1001, [1000, 1]],
    [2500, [1000, 1000, 500]],
  ])('%i codes go as jobs of %j codes, one job handle each', async (count, sizes) => {
    const bodies = recordJobs();
    const jobs = await klaviyo.coupons.codes.bulkCreate(codes(count));
    expect(bodies.map((b) => b.data.attributes['coupon-codes'].data.length)).toEqual(sizes);
    expect(jobs.map((j) => j.id)).toEqual(sizes.map((_, i) => `job-${i + 1}`));
  });

  it('sends each code with its coupon relationship, in the job Klaviyo defines', async () => {
    const bodies = recordJobs();
    await klaviyo.coupons.codes.bulkCreate([
      { unique_code: 'ASD325FHK324', couponId: '10OFF' },
      { unique_code: 'QWE987', expires_at: '2027-01-01T00:00:00Z', couponId: 'FREESHIP' },
    ]);
    expect(bodies).toEqual([
      {
        data: {
          type: 'coupon-code-bulk-create-job',
          attributes: {
            'coupon-codes': {
              data: [
                {
                  type: 'coupon-code',
                  attributes: { unique_code: 'ASD325FHK324' },
                  relationships: { coupon: { data: { type: 'coupon', id: '10OFF' } } },
                },
                {
                  type: 'coupon-code',
                  attributes: { unique_code: 'QWE987', expires_at: '2027-01-01T00:00:00Z' },
                  relationships: { coupon: { data: { type: 'coupon', id: 'FREESHIP' } } },
                },
              ],
            },
          },
        },
      },
    ]);
  });

  it('a code without its coupon, in the third job, is refused before the first is sent', async () => {
    const all = codes(2500);
    const { couponId: _, ...orphan } = all[2400]!;
    all[2400] = orphan as CouponCodeCreate;
    const error = await klaviyo.coupons.codes.bulkCreate(all).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ path: 'codes.2400.couponId' });
    expect(sent).toHaveLength(0);
  });

  it('a code without unique_code is refused, naming it by its place in the array', async () => {
    const all = codes(1500);
    all[1200] = { couponId: '10OFF' } as CouponCodeCreate;
    const error = await klaviyo.coupons.codes.bulkCreate(all).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ path: 'codes.1200.unique_code' })]);
    expect(sent).toHaveLength(0);
  });

  it('a code given twice for one coupon, in another job, is refused before the first is sent', async () => {
    const all = [
      ...codes(1500),
      { unique_code: 'SUMMER-00003', couponId: '10OFF' },
      { unique_code: 'SUMMER-00003', couponId: '5OFF' },
    ];
    const error = await klaviyo.coupons.codes.bulkCreate(all).catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([
      {
        path: 'codes.1500.unique_code',
        message: 'names "10OFF/SUMMER-00003" again, as codes.3 does: name each coupon code once',
      },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('a misspelt couponId is named as the key meant, not as a missing couponId', async () => {
    const error = await klaviyo.coupons.codes
      .bulkCreate([{ couponID: '10OFF', unique_code: 'X' } as never])
      .catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([
      { path: 'codes.0.couponID', message: 'unknown key; did you mean "couponId"?' },
    ]);
    expect(sent).toHaveLength(0);
  });

  it('a misspelt attribute is refused with the attribute it was meant to be', async () => {
    // @ts-expect-error: Klaviyo's attribute is unique_code
    const error = await klaviyo.coupons.codes.bulkCreate([{ uniqueCode: 'X', couponId: '10OFF' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('did you mean "unique_code"');
    expect(sent).toHaveLength(0);
  });

  it('job.wait() throws JobFailedError when Klaviyo cancelled the job', async () => {
    recordJobs();
    server.use(
      http.get(`${API}/api/coupon-code-bulk-create-jobs/:id`, ({ params }) =>
        HttpResponse.json(job(params['id'] as string, 'cancelled')),
      ),
    );
    const [started] = await klaviyo.coupons.codes.bulkCreate(codes(3));
    await expect(started!.wait({ intervalMs: 1 })).rejects.toBeInstanceOf(JobFailedError);
  });
});
