import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { addStaffUser, RATE_LIMIT, signInStaff } from "@/lib/auth/staff";
import { markPeerHeaderTrusted, PEER_HEADER } from "@/lib/http/client-address";
import { RATE_LIMITS } from "@/lib/http/rate-limit";
import { makeTempDb, type TempDb } from "../helpers";

type Route = (req: Request) => Promise<Response>;
let recommend: Route;
let search: Route;
let plan: Route;
// A fresh address per run: the fixture database keeps its counters between runs.
const run = `${process.pid}-${Date.now()}`;

beforeAll(async () => {
  process.env.DATABASE_URL = inject("fixtureUrl");
  markPeerHeaderTrusted();
  recommend = (await import("@/app/api/recommend/route")).POST;
  search = (await import("@/app/api/courses/route")).GET;
  plan = (await import("@/app/api/plan/route")).POST;
});

const from = (peer: string, init: RequestInit = {}) => ({
  ...init,
  headers: { ...init.headers, [PEER_HEADER]: peer },
});

describe("per-client rate limits on the costly endpoints", () => {
  it("recommend: the request past the limit gets 429 with Retry-After; another client is unaffected", async () => {
    const peer = `rl-${run}`;
    const post = (p: string) =>
      recommend(
        new Request("http://localhost/api/recommend", from(p, { method: "POST", body: "{", headers: {} })),
      );
    const statuses = await Promise.all(
      Array.from({ length: RATE_LIMITS.recommend.points + 5 }, () => post(peer)),
    );
    const codes = statuses.map((r) => r.status);
    // Parallel requests are all counted: exactly `points` of them get through to validation (400).
    expect(codes.filter((c) => c === 400)).toHaveLength(RATE_LIMITS.recommend.points);
    const refused = statuses.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(RATE_LIMITS.recommend.seconds);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Too many recommend requests/);
    expect((await post(`other-${run}`)).status).toBe(400);
  });

  it("plan: the request past the limit gets 429 with Retry-After, before any model work", async () => {
    const peer = `rp-${run}`;
    const post = () =>
      plan(new Request("http://localhost/api/plan", from(peer, { method: "POST", body: "{", headers: {} })));
    const codes: number[] = [];
    for (let i = 0; i < RATE_LIMITS.plan.points; i++) codes.push((await post()).status);
    expect(codes.every((c) => c === 400)).toBe(true);
    const res = await post();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(RATE_LIMITS.plan.seconds);
    expect(((await res.json()) as { error: string }).error).toMatch(/Too many plan requests/);
  });

  it("search: 429 past the limit", async () => {
    const peer = `rs-${run}`;
    const get = () => search(new Request("http://localhost/api/courses?q=cs", from(peer)));
    for (let i = 0; i < RATE_LIMITS.search.points; i++) expect((await get()).status).toBe(200);
    const res = await get();
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("staff sign-in limits", () => {
  let t: TempDb;
  let second: Db;
  const staff = { email: "limits@example.edu", name: "Lim Its", password: "correct horse battery staple" };
  beforeAll(async () => {
    t = await makeTempDb();
    second = createDb(t.url);
    await addStaffUser(t.db, staff);
  });
  afterAll(async () => {
    await second.$disconnect();
    await t.cleanup();
  });

  it("parallel wrong passwords on two instances cannot get past 5 per email; then even the right one is refused", async () => {
    const attempts = Array.from({ length: 12 }, (_, i) =>
      signInStaff(i % 2 ? t.db : second, staff.email, "wrong password!!", `10.1.0.${i}`),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(RATE_LIMIT.perEmail);
    expect(results.filter((r) => !r.ok && r.reason === "rate-limited")).toHaveLength(
      12 - RATE_LIMIT.perEmail,
    );
    const right = await signInStaff(t.db, staff.email, staff.password, "10.1.1.1");
    expect(right).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(right.ok ? 0 : right.retryAfterSeconds).toBeGreaterThan(60);
  });

  it("a client address is limited across emails; a success does not count against it", async () => {
    const other = { ...staff, email: "other@example.edu" };
    await addStaffUser(t.db, other);
    const client = "10.2.0.1";
    for (let i = 0; i < 5; i++)
      expect((await signInStaff(t.db, other.email, other.password, client)).ok).toBe(true);
    for (let i = 0; i < RATE_LIMIT.perClient; i++)
      expect(await signInStaff(t.db, `nobody${i}@example.edu`, "wrong password!!", client)).toMatchObject({
        reason: "invalid",
      });
    expect(await signInStaff(t.db, other.email, other.password, client)).toMatchObject({
      reason: "rate-limited",
    });
    expect((await signInStaff(t.db, other.email, other.password, "10.2.0.2")).ok).toBe(true);
  });

  it("failures spread over many addresses and emails meet a global ceiling per minute", async () => {
    await t.db.rateLimit.deleteMany();
    const limits = { ...RATE_LIMIT, failuresPerMinute: 6 };
    const results = [];
    for (let i = 0; i < 8; i++)
      results.push(
        await signInStaff(t.db, `spray${i}@example.edu`, "wrong password!!", `10.3.0.${i}`, limits),
      );
    expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual([
      ...Array<string>(6).fill("invalid"),
      "rate-limited",
      "rate-limited",
    ]);
  });
});
