import { beforeAll, describe, expect, inject, it } from "vitest";

describe("ETag and Cache-Control on the read API", () => {
  type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
  let similar: Handler;
  beforeAll(async () => {
    process.env.DATABASE_URL = inject("fixtureUrl");
    similar = ((await import("@/app/api/courses/[code]/similar/route")) as unknown as { GET: Handler }).GET;
  });
  const get = (headers: Record<string, string> = {}) =>
    similar(new Request("http://localhost/api/courses/COMPSCI%201/similar?limit=5", { headers }), {
      params: Promise.resolve({ code: "COMPSCI%201" }),
    });

  it("sends a shared-cacheable answer with an ETag, and 304 with no body when the client has it", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/s-maxage=\d+/);
    expect(res.headers.get("cache-control")).toMatch(/stale-while-revalidate=\d+/);
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get({ "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await get({ "if-none-match": '"something-else"' })).status).toBe(200);
  });

  it("errors are not cacheable", async () => {
    const res = await similar(new Request("http://localhost/api/courses/NOPE/similar"), {
      params: Promise.resolve({ code: "NOPE" }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("etag")).toBeNull();
  });
});
