import fs from "node:fs";
import { beforeAll, describe, expect, inject, it } from "vitest";

const niceOf = (tid: string) => {
  const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  // Fields after the name: state (3rd) … priority (18th), nice (19th).
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
};

beforeAll(() => {
  process.env.DATABASE_URL = inject("fixtureUrl");
});

describe.runIf(fs.existsSync("/proc/self/task"))("the recommendation workers' priority", () => {
  it("the worker thread runs at RECOMMEND_NICE; the request thread keeps its own", async () => {
    const before = new Set(fs.readdirSync("/proc/self/task"));
    const { markPeerHeaderTrusted } = await import("@/lib/http/client-address");
    markPeerHeaderTrusted();
    const { POST } = await import("@/app/api/recommend/route");
    const res = await POST(
      new Request("http://localhost/api/recommend", {
        method: "POST",
        body: JSON.stringify({ history: [], majors: ["COMPSCI"] }),
        headers: { "content-type": "application/json", "x-atlas-peer": `nice-${process.pid}` },
      }),
    );
    expect(res.status).toBe(200);
    const { env } = await import("@/lib/env");
    expect(env.RECOMMEND_NICE).toBe(10);
    const started = fs.readdirSync("/proc/self/task").filter((t) => !before.has(t));
    expect(started.map(niceOf)).toContain(env.RECOMMEND_NICE);
    expect(niceOf(String(process.pid))).toBe(0);
  });
});
