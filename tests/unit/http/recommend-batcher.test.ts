import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { createBatcher } from "@/lib/queries/recommend-batcher";

/** A runner whose batches finish only when the test says so, recording what each batch held. */
function gatedRunner() {
  const batches: string[][] = [];
  const finish: (() => void)[] = [];
  let fail: Error | null = null;
  const run = (items: string[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve, reject) =>
      finish.push(() => (fail ? reject(fail) : resolve(items.map((i) => `done ${i}`)))),
    );
  };
  return { run, batches, finish, failWith: (e: Error | null) => (fail = e) };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const limits = { threads: 1, queue: 10, maxBatch: 3, service: "recommendation" };

describe("the recommendation batcher", () => {
  it("runs a lone request at once, alone", async () => {
    const g = gatedRunner();
    const submit = createBatcher(g.run, limits);
    const a = submit("a", "g1");
    expect(g.batches).toEqual([["a"]]);
    g.finish[0]!();
    expect(await a).toBe("done a");
  });

  it("batches the requests that waited, by group, oldest first, at most maxBatch", async () => {
    const g = gatedRunner();
    const submit = createBatcher(g.run, limits);
    const answers = ["a", "b", "c", "d", "e", "f"].map((x, i) => submit(x, i === 2 ? "g2" : "g1"));
    // a runs; b, d, e (g1) and c (g2) wait; f (g1) too.
    expect(g.batches).toEqual([["a"]]);
    g.finish[0]!();
    await tick();
    expect(g.batches[1]).toEqual(["b", "d", "e"]); // the oldest's group, up to 3, skipping c
    g.finish[1]!();
    await tick();
    expect(g.batches[2]).toEqual(["c"]); // now the oldest waiting
    g.finish[2]!();
    await tick();
    expect(g.batches[3]).toEqual(["f"]);
    g.finish[3]!();
    expect(await Promise.all(answers)).toEqual(["a", "b", "c", "d", "e", "f"].map((x) => `done ${x}`));
  });

  it("takes fewer at a time when the oldest request says so (long histories)", async () => {
    const g = gatedRunner();
    const submit = createBatcher(g.run, {
      ...limits,
      maxBatch: (first: string) => (first.startsWith("long") ? 2 : 3),
    });
    const answers = ["a", "long1", "long2", "long3"].map((x) => submit(x, "g"));
    g.finish[0]!();
    await tick();
    expect(g.batches[1]).toEqual(["long1", "long2"]);
    g.finish[1]!();
    await tick();
    expect(g.batches[2]).toEqual(["long3"]);
    g.finish[2]!();
    expect(await Promise.all(answers)).toHaveLength(4);
  });

  it("refuses with a 503-type error and Retry-After once the queue is full, without a hang", async () => {
    const g = gatedRunner();
    const submit = createBatcher(g.run, { ...limits, queue: 2 });
    const kept = [submit("a", "g"), submit("b", "g"), submit("c", "g")];
    const refused = await submit("d", "g").catch((e: unknown) => e);
    expect(isAppError(refused, "model_unavailable")).toBe(true);
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((refused as Error).message).toMatch(/recommendation service is busy/);
    g.finish[0]!();
    await tick();
    g.finish[1]!();
    expect(await Promise.all(kept)).toEqual(["done a", "done b", "done c"]);
  });

  it("uses every thread, and a failed batch rejects each of its requests only", async () => {
    const g = gatedRunner();
    const submit = createBatcher(g.run, { ...limits, threads: 2 });
    const a = submit("a", "g");
    const b = submit("b", "g");
    expect(g.batches).toEqual([["a"], ["b"]]);
    g.failWith(new Error("worker died"));
    g.finish[0]!();
    await expect(a).rejects.toThrow("worker died");
    const c = submit("c", "g");
    expect(g.batches[2]).toEqual(["c"]);
    g.failWith(null);
    g.finish[1]!();
    g.finish[2]!();
    expect(await b).toBe("done b");
    expect(await c).toBe("done c");
  });
});
