import { beforeAll, describe, expect, inject, it } from "vitest";
import { createRng } from "@/lib/random";
import { markPeerHeaderTrusted, PEER_HEADER } from "@/lib/http/client-address";

type Handler = (req: Request, ctx: { params: Promise<{ code: string }> }) => Promise<Response>;
let courses: { GET: (req: Request) => Promise<Response> };
let course: { GET: Handler };
let similar: { GET: Handler };
let related: { GET: Handler };
let recommend: { POST: (req: Request) => Promise<Response> };

beforeAll(async () => {
  // The routes read DATABASE_URL through lib/env at import: point it at the trained fixture first.
  process.env.DATABASE_URL = inject("fixtureUrl");
  markPeerHeaderTrusted();
  courses = await import("@/app/api/courses/route");
  course = await import("@/app/api/courses/[code]/route");
  similar = await import("@/app/api/courses/[code]/similar/route");
  related = await import("@/app/api/subjects/[code]/related/route");
  recommend = await import("@/app/api/recommend/route");
});

const get = (url: string) => new Request(`http://localhost${url}`);
const params = (p: { code: string }) => ({ params: Promise.resolve(p) });
let peer = 0;
// Each request from its own address (as the launcher stamps them), so the per-client rate limit
// does not answer the many requests below in place of their validation.
const post = (body: string) =>
  new Request("http://localhost/api/recommend", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", [PEER_HEADER]: `routes-${process.pid}-${peer++}` },
  });

async function expectError(res: Response, status: number) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error?: string };
  expect(typeof body.error).toBe("string");
}

describe("GET /api/courses", () => {
  it("searches", async () => {
    const res = await courses.GET(get("/api/courses?q=cs1"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      courses: { code: string; title: string; subject: string; units: number | null }[];
    };
    expect(body.courses[0]).toMatchObject({ code: "COMPSCI 1", subject: "COMPSCI" });
  });
  it.each([
    "/api/courses?limit=abc",
    "/api/courses?limit=0",
    "/api/courses?limit=51",
    `/api/courses?q=${"x".repeat(201)}`,
  ])("400 for %s", async (url) => {
    await expectError(await courses.GET(get(url)), 400);
  });
});

describe("GET /api/courses/[code] and /similar", () => {
  it("answers a URL-encoded code", async () => {
    const res = await course.GET(get("/api/courses/COMPSCI%201"), params({ code: "COMPSCI%201" }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { course: { code: string } }).course.code).toBe("COMPSCI 1");
  });
  it("404 for an unknown course", async () => {
    await expectError(await course.GET(get("/api/courses/NOPE"), params({ code: "NOPE" })), 404);
    await expectError(await similar.GET(get("/api/courses/NOPE/similar"), params({ code: "NOPE" })), 404);
  });
  it("400 for a malformed percent-encoding", async () => {
    await expectError(await course.GET(get("/api/courses/%E0%A4%A"), params({ code: "%E0%A4%A" })), 400);
  });
  it("returns similar courses, optionally from other subjects only", async () => {
    const res = await similar.GET(
      get("/api/courses/COMPSCI%201/similar?limit=5&otherSubjects=true"),
      params({ code: "COMPSCI 1" }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      course: { code: string };
      similar: { code: string; subject: string; similarity: number }[];
    };
    expect(body.similar).toHaveLength(5);
    expect(body.similar.every((s) => s.subject !== "COMPSCI" && s.similarity <= 1)).toBe(true);
  });
  it.each(["limit=-1", "limit=1000", "limit=x", "otherSubjects=maybe", "level=9"])(
    "400 for ?%s",
    async (q) => {
      await expectError(
        await similar.GET(get(`/api/courses/COMPSCI%201/similar?${q}`), params({ code: "COMPSCI 1" })),
        400,
      );
    },
  );
});

describe("GET /api/subjects/[code]/related", () => {
  it("ranks related subjects", async () => {
    const res = await related.GET(get("/api/subjects/JAPAN/related"), params({ code: "JAPAN" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      subject: { code: string };
      related: { code: string; score: number }[];
    };
    expect(body.related.length).toBeGreaterThan(5);
    expect(body.related[0]!.score).toBeGreaterThanOrEqual(body.related[1]!.score);
  });
  it("404 for an unknown subject", async () => {
    await expectError(await related.GET(get("/api/subjects/NOPE/related"), params({ code: "NOPE" })), 404);
  });
});

describe("POST /api/recommend", () => {
  it("recommends", async () => {
    const res = await recommend.POST(
      post(
        JSON.stringify({
          history: [{ term: "Fall 2022", courses: ["COMPSCI 1"] }],
          majors: ["COMPSCI"],
          limit: 3,
        }),
      ),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { recommendations: { code: string; reasons: string[] }[] };
    expect(body.recommendations).toHaveLength(3);
  });
  it.each([
    ["invalid JSON", "{", 400],
    ["an array", "[]", 400],
    ["a wrong type", JSON.stringify({ history: "Fall 2022" }), 400],
    ["an unknown field", JSON.stringify({ majors: ["COMPSCI"], admin: true }), 400],
    ["limit over 100", JSON.stringify({ majors: ["COMPSCI"], limit: 101 }), 400],
    ["nothing to go on", JSON.stringify({}), 400],
    ["a bad term", JSON.stringify({ history: [{ term: "Fall", courses: ["COMPSCI 1"] }] }), 400],
    ["an unknown course", JSON.stringify({ history: [{ term: "Fall 2022", courses: ["NOPE 1"] }] }), 404],
    ["a huge body", JSON.stringify({ majors: ["x".repeat(70_000)] }), 413],
  ])("rejects %s", async (_name, body, status) => {
    await expectError(await recommend.POST(post(body)), status);
  });
});

describe("fuzz: malformed input never gives a 500", () => {
  it("answers 300 malformed requests with 4xx JSON errors", async () => {
    const rng = createRng(99);
    const nasty = [
      "",
      " ",
      "'; DROP TABLE Course; --",
      "<script>alert(1)</script>",
      "%00",
      "💥".repeat(50),
      "a".repeat(5000),
      "../../etc/passwd",
      "NaN",
      "-1",
      "1e309",
      "null",
      "{}",
      "[]",
    ];
    const values: unknown[] = [...nasty, null, true, 42, -3.5, [], {}, [[["deep"]]], { a: { b: { c: {} } } }];
    const deep = (n: number): unknown => (n === 0 ? "x" : { history: [deep(n - 1)] });
    let count = 0;
    for (let i = 0; i < 100; i++) {
      const v = rng.pick(values);
      const s = rng.pick(nasty);
      const bodies = [
        JSON.stringify({ history: [{ term: v, courses: [v] }], majors: [s] }),
        JSON.stringify({ history: v, majors: v, filters: v, limit: v }),
        JSON.stringify(deep(1 + rng.int(200))),
      ];
      for (const b of bodies) {
        const res = await recommend.POST(post(b));
        expect(res.status, b.slice(0, 120)).toBeGreaterThanOrEqual(400);
        expect(res.status, b.slice(0, 120)).toBeLessThan(500);
        count++;
      }
      const q = encodeURIComponent(s);
      for (const res of [
        await courses.GET(get(`/api/courses?q=${q}&limit=${encodeURIComponent(String(v))}`)),
        await similar.GET(get(`/api/courses/x/similar?limit=${q}`), params({ code: s || "x" })),
        await related.GET(get(`/api/subjects/x/related`), params({ code: s || "x" })),
      ]) {
        expect(res.status).toBeLessThan(500);
        count++;
      }
    }
    expect(count).toBe(600);
  });
});
