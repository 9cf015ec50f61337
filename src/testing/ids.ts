/**
 * Deterministic ids shaped like Klaviyo's: the same sequence of creations gives the same ids, so fixtures
 * and snapshots are stable, yet they look like real ids to code that inspects them.
 */

/** The id formats Klaviyo uses. */
export type IdFormat = 'ulid' | 'short' | 'uuid' | 'numeric' | 'hex32';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** Which format each resource type uses (profiles `01H...`, lists `Y6nRLr`, tags UUIDs, ...); `short` otherwise. */
export const ID_FORMATS: Record<string, IdFormat> = {
  profile: 'ulid',
  campaign: 'ulid',
  'campaign-message': 'ulid',
  event: 'ulid',
  'profile-suppression-bulk-create-job': 'ulid',
  'profile-suppression-bulk-delete-job': 'ulid',
  'import-error': 'uuid',
  'profile-bulk-import-job': 'uuid',
  tag: 'uuid',
  'flow-action': 'numeric',
  list: 'short',
  segment: 'short',
  metric: 'short',
  flow: 'short',
  'flow-message': 'short',
  template: 'short',
  'metric-property': 'short',
  'custom-metric': 'hex32',
  image: 'numeric',
  'push-token': 'ulid',
  conversation: 'ulid',
};

/** A counter-driven generator: each call yields the next id for a type, never repeating. */
export class IdGenerator {
  private counter = 0;
  private readonly used = new Set<string>();

  /** The next id for `type`, in the type's Klaviyo format. */
  next(type: string): string {
    for (;;) {
      this.counter += 1;
      const id = format(ID_FORMATS[type] ?? 'short', this.counter, type);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** Records an id chosen elsewhere (fixtures) so it is never generated again. */
  reserve(id: string): void {
    this.used.add(id);
  }
}

/** Deterministic pseudo-random stream (mulberry32) seeded by the counter and the type name. */
function stream(counter: number, type: string): () => number {
  let seed = counter * 0x9e3779b1;
  for (const ch of type) seed = Math.imul(seed ^ ch.charCodeAt(0), 0x01000193);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(alphabet: string, length: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

function format(kind: IdFormat, counter: number, type: string): string {
  const random = stream(counter, type);
  switch (kind) {
    case 'ulid':
      // `01H` + 23 Crockford characters: the 26-character ULID shape of profile ids.
      return `01H${pick(CROCKFORD, 23, random)}`;
    case 'uuid': {
      const h = pick(HEX, 32, random);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    }
    case 'hex32':
      // Custom metric ids are 32 hex digits (`925e385b52fb405715f3616c337cc65c` in the spec).
      return pick(HEX, 32, random);
    case 'numeric':
      return String(10_000_000 + Math.floor(random() * 89_999_999));
    case 'short':
      return pick(ALNUM, 6, random);
  }
}
