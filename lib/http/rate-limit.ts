import { RateLimiterMemory, RateLimiterPrisma, type RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { SharedLimiter } from "./shared-limiter";

/**
 * Per-client limits on the costly endpoints, per window of `seconds`. A student's recommendation
 * page sends one request per change; type-ahead one per pause in typing; the plan page one per
 * re-plan (each a multi-term search, so fewer).
 */
export const RATE_LIMITS = {
  recommend: { points: 60, seconds: 60 },
  plan: { points: 30, seconds: 60 },
  search: { points: 300, seconds: 60 },
} as const;

export type RateLimitBucket = keyof typeof RATE_LIMITS;

export type Limiter = RateLimiterPrisma;

const limiters = new WeakMap<Db, Map<string, Limiter>>();

/**
 * For the staff sign-in limits, which must be exact across instances and are rare: a counter in the database's RateLimit table (rate-limiter-flexible's Prisma store: one atomic
 * upsert-increment per call, so parallel requests on any number of instances are all counted, then
 * compared), with expired rows pruned every 5 minutes. Should the store fail, a per-process
 * in-memory counter stands in rather than letting every request through.
 */
export function getLimiter(db: Db, name: string, points: number, seconds: number): Limiter {
  let byName = limiters.get(db);
  if (!byName) limiters.set(db, (byName = new Map<string, Limiter>()));
  const id = `${name}:${points}:${seconds}`;
  let limiter = byName.get(id);
  if (!limiter) {
    limiter = new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimit",
      keyPrefix: name,
      points,
      duration: seconds,
      // A client already over the limit is refused from memory, without a database write.
      inMemoryBlockOnConsumed: points + 1,
      inMemoryBlockDuration: seconds,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: seconds }),
    });
    byName.set(id, limiter);
  }
  return limiter;
}

/** Seconds until a refused key may try again (at least 1). */
export function retryAfterSeconds(res: Pick<RateLimiterRes, "msBeforeNext">): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

const shared = new WeakMap<Db, Map<RateLimitBucket, SharedLimiter>>();

/** A bucket's limiter on `db`: counted in memory, shared through the database (lib/http/shared-limiter.ts). */
export function getSharedLimiter(db: Db, bucket: RateLimitBucket): SharedLimiter {
  let byBucket = shared.get(db);
  if (!byBucket) shared.set(db, (byBucket = new Map<RateLimitBucket, SharedLimiter>()));
  let limiter = byBucket.get(bucket);
  if (!limiter) {
    const { points, seconds } = RATE_LIMITS[bucket];
    byBucket.set(bucket, (limiter = new SharedLimiter(db, bucket, points, seconds)));
  }
  return limiter;
}

/**
 * Counts one request of `client` against a bucket and throws a rate_limited AppError (429 with
 * Retry-After) when it is over the limit. The common request costs no database write: see
 * SharedLimiter for when one waits for the shared count.
 */
export async function enforceRateLimit(db: Db, bucket: RateLimitBucket, client: string): Promise<void> {
  const { points, seconds } = RATE_LIMITS[bucket];
  const decision = await getSharedLimiter(db, bucket).consume(client);
  if (decision.ok) return;
  const retry = retryAfterSeconds(decision);
  throw new AppError(
    "rate_limited",
    `Too many ${bucket} requests from your address (at most ${points} in ${seconds} s); try again in ${retry} s`,
    retry,
  );
}
