/**
 * A response union's members are told apart the way TypeScript narrows: each member's discriminator is the
 * spec's value (`channel: "email"`), and the union lists the spec's members only, so `===` and `switch`
 * narrow it to one member, whose own properties are typed. Written as user code: compiled by `tsc --noEmit`
 * and by scripts/check-readme.mjs under the strictest settings users turn on (`exactOptionalPropertyTypes`,
 * `noUncheckedIndexedAccess`). A kind the spec does not list is reported at run time instead
 * (test/response-drift.test.ts).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Klaviyo, ResponseOf } from 'klaviyo-ts';

type Definition = NonNullable<ResponseOf<'get_campaign_message'>['data']['attributes']['definition']>;
type Condition = NonNullable<
  ResponseOf<'get_segment'>['data']['attributes']['definition']
>['condition_groups'][number]['conditions'][number];
type SendStrategy = NonNullable<ResponseOf<'get_campaign'>['data']['attributes']['send_strategy']>;

describe('response unions narrow on their discriminator', () => {
  it("a campaign message's definition, by channel", async () => {
    const subjectOf = async (klaviyo: Klaviyo, id: string) => {
      const { data } = await klaviyo.campaigns.messages.get(id);
      const definition = data.attributes.definition;
      if (definition?.channel === 'email') return definition.content?.subject;
      return undefined;
    };
    expectTypeOf(subjectOf).returns.resolves.toEqualTypeOf<string | null | undefined>();
  });

  it('a switch over every channel the spec lists leaves nothing for default', () => {
    const describe = (definition: Definition): string => {
      switch (definition.channel) {
        case 'email':
          return definition.content?.subject ?? '';
        case 'sms':
          return definition.content?.body ?? '';
        case 'mobile_push':
          // Two members share the channel; their notification_type tells them apart in turn.
          return definition.notification_type === 'standard' ? (definition.content.title ?? '') : 'silent';
        default: {
          const unlisted: never = definition;
          return unlisted;
        }
      }
    };
    expectTypeOf(describe).returns.toEqualTypeOf<string>();
  });

  it('the channel is one of the values the spec lists, not any string', () => {
    expectTypeOf<Definition['channel']>().toEqualTypeOf<'email' | 'sms' | 'mobile_push'>();
  });

  it("a segment's condition by type, and its filter by type and operator", () => {
    const daysOf = (condition: Condition) => {
      if (condition.type !== 'profile-property') return undefined;
      const { filter } = condition;
      if (filter.type === 'date' && filter.operator === 'in-the-last') return filter.quantity;
      return undefined;
    };
    expectTypeOf(daysOf).returns.toEqualTypeOf<number | undefined>();
  });

  it("a campaign's send strategy, by method", () => {
    const sendsAt = (strategy: SendStrategy) => (strategy.method === 'static' ? strategy.datetime : undefined);
    expectTypeOf(sendsAt).returns.toEqualTypeOf<string | undefined>();
  });

  it('enum values outside unions stay open: a value added later still type-checks', () => {
    type Status = ResponseOf<'get_campaign'>['data']['attributes']['status'];
    expectTypeOf<'Draft'>().toExtend<Status>();
    expectTypeOf<'a-status-added-later'>().toExtend<Status>();
  });
});
