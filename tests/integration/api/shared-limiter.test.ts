import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { SharedLimiter } from "@/lib/http/shared-limiter";
import { makeTempDb, type TempDb } from "../helpers";

let t: TempDb;
let second: Db;
beforeAll(async () => {
  t = await makeTempDb();
  second = createDb(t.url);
});
afterAll(async () => {
  await second.$disconnect();
  await t.cleanup();
});

const admitted = (ds: { ok: boolean }[]) => ds.filter((d) => d.ok).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("rate limits counted in memory and shared through the database", () => {
  it("a client over the limit on one instance is refused on another at its first request there", async () => {
    const a = new SharedLimiter(t.db, "over", 10, 60);
    const b = new SharedLimiter(second, "over", 10, 60);
    for (let i = 0; i < 10; i++) expect((await a.consume("c1")).ok).toBe(true);
    await sleep(1200); // a writes its counts within a second
    const refused = await b.consume("c1");
    expect(refused.ok).toBe(false);
    expect(refused.ok ? 0 : refused.msBeforeNext).toBeGreaterThan(55_000);
    expect(refused.ok ? 0 : refused.msBeforeNext).toBeLessThanOrEqual(60_000);
    // Another client is unaffected on either instance.
    expect((await b.consume("c2")).ok).toBe(true);
    expect((await a.consume("c2")).ok).toBe(true);
  });

  it("parallel requests on one instance: exactly the limit gets through", async () => {
    const a = new SharedLimiter(t.db, "exact", 30, 60);
    const ds = await Promise.all(Array.from({ length: 45 }, () => a.consume("c")));
    expect(admitted(ds)).toBe(30);
    expect(admitted(await Promise.all(Array.from({ length: 5 }, () => a.consume("c"))))).toBe(0);
  });

  it("a burst spread over two instances is over-admitted by at most 2 × slice, then refused on both", async () => {
    const a = new SharedLimiter(t.db, "spread", 40, 60, 4, 20);
    const b = new SharedLimiter(second, "spread", 40, 60, 4, 20);
    const ds: { ok: boolean }[] = [];
    for (let round = 0; round < 20; round++) {
      ds.push(...(await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).consume("c")))));
      await sleep(5);
    }
    expect(admitted(ds)).toBeGreaterThanOrEqual(40);
    expect(admitted(ds)).toBeLessThanOrEqual(40 + 2 * 4);
    await sleep(100);
    expect((await a.consume("c")).ok).toBe(false);
    expect((await b.consume("c")).ok).toBe(false);
    // What both counted is in the shared row.
    const row = await t.db.rateLimit.findUnique({ where: { key: "spread:c" } });
    expect(row?.points).toBeGreaterThanOrEqual(40);
  });

  it("a window that has ended admits the client again", async () => {
    const a = new SharedLimiter(t.db, "window", 3, 1);
    for (let i = 0; i < 3; i++) expect((await a.consume("c")).ok).toBe(true);
    expect((await a.consume("c")).ok).toBe(false);
    await sleep(1100);
    expect((await a.consume("c")).ok).toBe(true);
  });

  it("with the database failing, each instance still counts on its own and refuses past the limit", async () => {
    const broken = createDb("file:/nonexistent-dir/atlas.db");
    const warn = console.warn;
    console.warn = () => {};
    try {
      const a = new SharedLimiter(broken, "down", 5, 60);
      const ds = [];
      for (let i = 0; i < 8; i++) ds.push(await a.consume("c"));
      expect(ds.map((d) => d.ok)).toEqual([true, true, true, true, true, false, false, false]);
      const last = ds.at(-1)!;
      expect(last.ok ? 0 : last.msBeforeNext).toBeGreaterThan(0);
    } finally {
      console.warn = warn;
      await broken.$disconnect();
    }
  });
});
