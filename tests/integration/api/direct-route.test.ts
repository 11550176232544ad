import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NextRequest } from "next/server";

type Route = (req: Request) => Promise<Response>;
let proxy: (req: NextRequest) => Promise<Response>;
let recommend: Route;
let server: http.Server;
let direct: string;
let courses: string[];
const run = `${process.pid}-${Date.now()}`;

beforeAll(async () => {
  process.env.DATABASE_URL = inject("fixtureUrl");
  const { markPeerHeaderTrusted } = await import("@/lib/http/client-address");
  markPeerHeaderTrusted();
  proxy = (await import("@/proxy")).proxy;
  // Importing the route publishes its handler for the launcher, as Next's first load of it does.
  recommend = (await import("@/app/api/recommend/route")).POST;
  const { serveDirect } = await import("@/lib/http/direct-route");
  // The launcher's way in: the test's requests carry their own peer header (one client each).
  server = http.createServer((req, res) => {
    if (!serveDirect(req, res)) res.writeHead(599).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  direct = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { createDb } = await import("@/lib/db/client");
  const db = createDb(inject("fixtureUrl"));
  const univ = await db.institution.findFirstOrThrow({ where: { code: "UNIV" }, select: { id: true } });
  courses = (
    await db.course.findMany({
      where: { institutionId: univ.id },
      orderBy: { students: "desc" },
      take: 61,
      select: { code: true },
    })
  ).map((c) => c.code);
  await db.$disconnect();
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

type Sent = { body: string | (() => string); headers?: Record<string, string>; path?: string };
type Answer = { status: number; body: unknown; type: string | null; retry: string | null; csp: boolean };

async function answerOf(res: Response): Promise<Answer> {
  return {
    status: res.status,
    body: (await res.json()) as unknown,
    type: res.headers.get("content-type"),
    retry: res.headers.get("retry-after"),
    csp: (res.headers.get("content-security-policy") ?? "").includes("nonce-"),
  };
}

/** The same request through Next's way (proxy.ts, then the route) and through the launcher's. */
async function bothWays(s: Sent, peer: string): Promise<[Answer, Answer, Response]> {
  const body = typeof s.body === "function" ? s.body() : s.body;
  const init = () => ({
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-atlas-peer": peer, ...s.headers },
  });
  const url = `http://localhost${s.path ?? "/api/recommend"}`;
  const gate = await proxy(new NextRequest(url, init()));
  let viaNext = gate;
  if (gate.headers.get("x-middleware-next") === "1") {
    // Next adds the proxy's response headers (the CSP) to the route's answer.
    viaNext = await recommend(new Request(url, init()));
    viaNext.headers.set("content-security-policy", gate.headers.get("content-security-policy")!);
  }
  const viaLauncher = await fetch(`${direct}${s.path ?? "/api/recommend"}`, init());
  return [await answerOf(viaNext), await answerOf(viaLauncher.clone()), viaLauncher];
}

const history = (n: number) => [
  { term: "Fall 2023", courses: courses.slice(0, Math.ceil(n / 2)) },
  { term: "Spring 2024", courses: courses.slice(Math.ceil(n / 2), n) },
];

describe("the recommend POST answered by the launcher, past Next's router", () => {
  const cases: [string, Sent, number][] = [
    ["a good request", { body: () => JSON.stringify({ history: history(5), majors: [], limit: 5 }) }, 200],
    [
      "another institution",
      { body: JSON.stringify({ history: [], majors: [] }), path: "/api/recommend?institution=ZZ" },
      404,
    ],
    ["a body that is not JSON", { body: "{" }, 400],
    ["a schema-invalid body", { body: JSON.stringify({ history: "x" }) }, 400],
    [
      "an unknown course",
      { body: JSON.stringify({ history: [{ term: "Fall 2023", courses: ["NOPE 999"] }] }) },
      404,
    ],
    [
      "more than 60 distinct past courses",
      { body: () => JSON.stringify({ history: history(61), majors: [] }) },
      400,
    ],
    ["a body over 64 KiB", { body: JSON.stringify({ history: [], pad: "x".repeat(70_000) }) }, 413],
    [
      "a cross-site POST",
      { body: "{}", headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } },
      403,
    ],
  ];
  for (const [name, sent, status] of cases)
    it(`${name}: the same answer as the Next route (${status})`, async () => {
      const [viaNext, viaLauncher, res] = await bothWays(sent, `direct-${run}-${name}`);
      expect(viaNext.status).toBe(status);
      expect(viaLauncher).toEqual(viaNext);
      expect(res.headers.get("x-served-by")).toBe("launcher");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    });

  it("shares the route's rate limit: past it, 429 with Retry-After either way", async () => {
    const peer = `direct-limit-${run}`;
    const { RATE_LIMITS } = await import("@/lib/http/rate-limit");
    const statuses = [];
    for (let i = 0; i < RATE_LIMITS.recommend.points / 2; i++) {
      const [a, b] = await bothWays({ body: "{" }, peer);
      statuses.push(a.status, b.status);
    }
    expect(statuses.every((s) => s === 400)).toBe(true);
    const [viaNext, viaLauncher] = await bothWays({ body: "{" }, peer);
    expect(viaNext.status).toBe(429);
    expect(viaLauncher).toEqual(viaNext);
    expect(Number(viaLauncher.retry)).toBeGreaterThanOrEqual(1);
  });
});
