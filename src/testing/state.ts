/**
 * The mock's memory: every stored resource, list and segment membership, plus the bookkeeping tests read
 * (`writes`, `requests`, `faults`). Handlers change it; nothing else does.
 */
import { addAccountDefaults } from './account.js';
import { Faults } from './faults.js';
import { IdGenerator } from './ids.js';
import { applySeed, type SeedData, type SeedResult } from './seed.js';

/** One stored resource. `attributes` are the wire attributes; `rel` the ids it points to by relationship. */
export interface StoredRecord {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  /** Forward relationships by name, e.g. `{ metric: ['AbC123'], profile: ['01H...'] }`. */
  rel: Record<string, string[]>;
  /** Facts the mock keeps that are not wire attributes (campaign channel, job read count, ...). */
  extra: Record<string, unknown>;
}

/** One received request, as logged in `state.requests`. */
export interface RequestLogEntry {
  method: string;
  /** Path and query, e.g. `/api/profiles?page[size]=5` (decoded). */
  path: string;
  /** The matched operation, when the route is known. */
  operationId?: string;
  status: number;
}

/** Applied writes: `total` and per operation id. Lets a test prove a retried call wrote once. */
export class WriteCounter {
  total = 0;
  readonly byOperation: Record<string, number> = {};

  /** Writes applied for `operationId` (0 when none). */
  count(operationId: string): number {
    return this.byOperation[operationId] ?? 0;
  }

  /** Records one applied write. */
  record(operationId: string): void {
    this.total += 1;
    this.byOperation[operationId] = this.count(operationId) + 1;
  }

  /** Sets every count back to zero. */
  reset(): void {
    this.total = 0;
    for (const key of Object.keys(this.byOperation)) delete this.byOperation[key];
  }
}

/** Options that shape the state's clock. */
export interface StateOptions {
  /** The mock's "now" for seed data, new records and report timeframes. Default: the real time. */
  now?: Date | string | number;
}

/** All data held by one mock. Exposed to tests as `mock.state`. */
export class MockState {
  /** Records by type, then id, in insertion order. */
  readonly records = new Map<string, Map<string, StoredRecord>>();
  /** List id → profile id → when the profile joined (ISO). */
  readonly listMembers = new Map<string, Map<string, string>>();
  /** Segment id → profile id → when the profile joined, for segments seeded with members. */
  readonly segmentMembers = new Map<string, Map<string, string>>();
  /** Applied writes, total and per operation. */
  readonly writes = new WriteCounter();
  /** Every request received, in order. */
  readonly requests: RequestLogEntry[] = [];
  /** Scripted failures and latency. */
  readonly faults = new Faults();
  /** Id source; deterministic for a given sequence of creations. */
  readonly ids = new IdGenerator();
  private readonly fixedNow: number | undefined;

  constructor(options: StateOptions = {}) {
    this.fixedNow = options.now === undefined ? undefined : new Date(options.now).getTime();
    addAccountDefaults(this);
  }

  /** The mock's current time: the fixed `now` option when given, else the real clock. */
  now(): Date {
    return new Date(this.fixedNow ?? Date.now());
  }

  /** ISO timestamp of `now()` without milliseconds, the way Klaviyo formats datetimes. */
  timestamp(offsetMs = 0): string {
    return isoSeconds(this.now().getTime() + offsetMs);
  }

  /** The records of one type (created on first use). */
  table(type: string): Map<string, StoredRecord> {
    let table = this.records.get(type);
    if (!table) {
      table = new Map();
      this.records.set(type, table);
    }
    return table;
  }

  /** One record, or undefined. */
  get(type: string, id: string): StoredRecord | undefined {
    return this.records.get(type)?.get(id);
  }

  /** All records of a type, in insertion order. */
  all(type: string): StoredRecord[] {
    return [...(this.records.get(type)?.values() ?? [])];
  }

  /** Stores a new record with a fresh id (or the given one) and returns it. */
  insert(
    type: string,
    attributes: Record<string, unknown>,
    init: { id?: string; rel?: Record<string, string[]>; extra?: Record<string, unknown> } = {},
  ): StoredRecord {
    const id = init.id ?? this.ids.next(type);
    this.ids.reserve(id);
    const record: StoredRecord = { type, id, attributes, rel: init.rel ?? {}, extra: init.extra ?? {} };
    this.table(type).set(id, record);
    return record;
  }

  /** Deletes a record; returns whether it existed. */
  remove(type: string, id: string): boolean {
    return this.records.get(type)?.delete(id) ?? false;
  }

  /** Loads fixtures. Ids not given are generated; references may use ids, emails or names. */
  seed(data: SeedData): SeedResult {
    return applySeed(this, data);
  }

  /** Empties every store and counter (faults included), back to a new account's fixed records (account.ts). */
  reset(): void {
    this.records.clear();
    this.listMembers.clear();
    this.segmentMembers.clear();
    this.writes.reset();
    this.requests.length = 0;
    this.faults.clear();
    addAccountDefaults(this);
  }
}

/** `2024-10-15T12:00:00+00:00`: Klaviyo's datetime format. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}
