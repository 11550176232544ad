import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCsp, createNonce } from "@/lib/auth/csp";
import { CACHEABLE_MARK } from "@/lib/http/cache-mark";
import { findCacheKey, ResponseCache, toCachedResponse, withFreshNonce } from "@/lib/http/response-cache";
import { serveThroughCache } from "@/lib/http/response-cache-server";
import { publishVersionReader } from "@/lib/http/version-reader";

const page = (nonce: string) =>
  `<!doctype html><script nonce="${nonce}">self.x=1</script><p>Course</p><script nonce="${nonce}" src="/a.js"></script>`;

describe("which requests the response cache may answer", () => {
  it("keys pages by URL and institution cookie, the API by URL", () => {
    expect(findCacheKey("GET", "/courses/COMPSCI%2061A", {})).toBe("page\n\n/courses/COMPSCI%2061A");
    expect(findCacheKey("HEAD", "/courses/X", { cookie: "a=b; atlas_inst=CC" })).toBe("page\nCC\n/courses/X");
    expect(findCacheKey("GET", "/api/courses?q=cs&institution=CC", { cookie: "atlas_inst=UNIV" })).toBe(
      "api\n/api/courses?q=cs&institution=CC",
    );
    for (const p of [
      "/",
      "/subjects",
      "/subjects/MATH",
      "/map",
      "/search?q=x",
      "/api/map",
      "/api/subjects/M/related",
    ])
      expect(findCacheKey("GET", p, {})).not.toBeNull();
  });

  it("never staff pages or sessions, writes, RSC fetches, unlisted paths", () => {
    expect(findCacheKey("POST", "/api/courses", {})).toBeNull();
    expect(findCacheKey("GET", "/staff/exports", {})).toBeNull();
    expect(findCacheKey("GET", "/courses/X", { cookie: "atlas_staff=sealed" })).toBeNull();
    expect(findCacheKey("GET", "/api/map", { cookie: "x=1; __Host-atlas_staff=sealed" })).toBeNull();
    expect(findCacheKey("GET", "/courses/X", { rsc: "1" })).toBeNull();
    expect(findCacheKey("GET", "/courses/X?_rsc=abc", {})).toBeNull();
    expect(findCacheKey("GET", "/models", {})).toBeNull();
    expect(findCacheKey("GET", "/recommend", {})).toBeNull();
    expect(findCacheKey("GET", "/api/health", {})).toBeNull();
  });
});

describe("stored answers and the nonce rewrite", () => {
  it("keeps only marked 200s without cookies, and gives every hit its own nonce in body and header", () => {
    const nonce = createNonce();
    const headers = { "content-security-policy": buildCsp(nonce, false), [CACHEABLE_MARK]: "1" };
    expect(toCachedResponse(404, headers, Buffer.from(page(nonce)))).toBeNull();
    expect(toCachedResponse(200, { "content-type": "text/html" }, Buffer.from(page(nonce)))).toBeNull();
    expect(toCachedResponse(200, { ...headers, "set-cookie": "a=b" }, Buffer.from(page(nonce)))).toBeNull();
    // A 200 whose body streamed a failed Suspense boundary (an error after the head was sent).
    expect(
      toCachedResponse(200, headers, Buffer.from(`${page(nonce)}<!--$!--><template data-dgst="1">`)),
    ).toBeNull();
    const entry = toCachedResponse(200, headers, Buffer.from(page(nonce)))!;
    expect(entry.nonceAt).toHaveLength(2);
    expect(entry.headers[CACHEABLE_MARK]).toBeUndefined();
    const fresh = createNonce();
    const hit = withFreshNonce(entry, fresh, false);
    expect(hit.body.toString()).toBe(page(fresh));
    expect(hit.headers["content-security-policy"]).toBe(buildCsp(fresh, false));
    expect(entry.body.toString()).toBe(page(nonce)); // the stored copy is untouched
  });

  it("gzips a page around its nonces: the member decompresses to the page with the fresh nonce", () => {
    const nonce = createNonce();
    const big = (n: string) => `${page(n)}${"<li>Similar course</li>".repeat(200)}${page(n)}`;
    const headers = { "content-security-policy": buildCsp(nonce, false), [CACHEABLE_MARK]: "1" };
    const entry = toCachedResponse(200, headers, Buffer.from(big(nonce)))!;
    expect(entry.gzipParts!.parts).toHaveLength(5);
    for (let i = 0; i < 3; i++) {
      const fresh = createNonce();
      const hit = withFreshNonce(entry, fresh, true);
      expect(hit.headers["content-encoding"]).toBe("gzip");
      expect(hit.headers.vary).toMatch(/Accept-Encoding/);
      expect(hit.body.length).toBeLessThan(big(fresh).length / 4);
      expect(gunzipSync(hit.body).toString()).toBe(big(fresh));
    }
  });

  it("stays within its byte bound and drops everything when the version changes", () => {
    const cache = new ResponseCache(64 * 1024);
    const body = Buffer.alloc(6000, "a");
    const entry = toCachedResponse(200, { [CACHEABLE_MARK]: "1" }, body)!;
    expect(cache.get("v1", "k0")).toBeUndefined();
    for (let i = 0; i < 50; i++) cache.set("v1", `k${i}`, entry);
    expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(cache.get("v1", "k49")).toBe(entry);
    expect(cache.get("v1", "k0")).toBeUndefined(); // evicted, least recently used
    expect(cache.get("v2", "k49")).toBeUndefined();
    cache.set("v1", "late", entry); // finished after the version moved on: not kept
    expect(cache.get("v2", "late")).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });
});

describe("serveThroughCache over HTTP", () => {
  let server: http.Server;
  let base = "";
  let rendered = 0;
  let version = "v1";
  beforeAll(async () => {
    publishVersionReader(() => Promise.resolve(version));
    const cache = new ResponseCache(1024 * 1024);
    // Plays Next: a page with this request's nonce, an API answer, an error, each written as Next does.
    const next = (req: http.IncomingMessage, res: http.ServerResponse) => {
      rendered++;
      const nonce = createNonce();
      res.setHeader("content-security-policy", buildCsp(nonce, false));
      res.setHeader(CACHEABLE_MARK, "1");
      if (req.url === "/courses/MISSING") {
        res.statusCode = 404;
        return void res.end(page(nonce));
      }
      if (req.url!.startsWith("/api/")) {
        res.writeHead(200, { "content-type": "application/json", etag: '"e1"' });
        return void res.end(JSON.stringify({ courses: Array(100).fill({ code: "X", v: version }) }));
      }
      res.setHeader("content-type", "text/html");
      res.write(page(nonce).slice(0, 30));
      res.end(page(nonce).slice(30));
    };
    server = http.createServer((req, res) => void serveThroughCache(req, res, cache, () => next(req, res)));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const nonceOf = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy")!)![1]!;

  it("answers a repeated page from the cache with a fresh nonce, and strips the mark", async () => {
    const first = await fetch(`${base}/courses/A`);
    const firstBody = await first.text();
    expect(first.headers.get("x-cache")).toBe("miss");
    expect(first.headers.get(CACHEABLE_MARK)).toBeNull();
    const before = rendered;
    const second = await fetch(`${base}/courses/A`);
    const body = await second.text();
    expect(rendered).toBe(before);
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(second.headers.get(CACHEABLE_MARK)).toBeNull();
    expect(nonceOf(second)).not.toBe(nonceOf(first));
    expect(body).toBe(page(nonceOf(second)));
    expect(firstBody).toBe(page(nonceOf(first)));
    const head = await fetch(`${base}/courses/A`, { method: "HEAD" });
    expect(head.headers.get("x-cache")).toBe("hit");
    expect(Number(head.headers.get("content-length"))).toBe(body.length);
  });

  it("does not keep errors, POSTs or staff requests", async () => {
    for (let i = 0; i < 2; i++)
      expect((await fetch(`${base}/courses/MISSING`)).headers.get("x-cache")).toBe("miss");
    const before = rendered;
    await fetch(`${base}/courses/B`, { headers: { cookie: "atlas_staff=s" } });
    const staff = await fetch(`${base}/courses/B`, { headers: { cookie: "atlas_staff=s" } });
    expect(staff.headers.get("x-cache")).toBeNull();
    await fetch(`${base}/api/courses?q=a`, { method: "POST" });
    await fetch(`${base}/api/courses?q=a`, { method: "POST" });
    expect(rendered).toBe(before + 4);
  });

  it("answers If-None-Match with a 304, gzips kept API answers, and follows the version", async () => {
    await fetch(`${base}/api/courses?q=cs`);
    const c = await fetch(`${base}/api/courses?q=cs`, { headers: { "if-none-match": '"e1"' } });
    expect([c.status, c.headers.get("x-cache")]).toEqual([304, "hit"]);
    const raw = await new Promise<http.IncomingMessage>((r) =>
      http.get(`${base}/api/courses?q=cs`, { headers: { "accept-encoding": "gzip" } }, r),
    );
    const chunks: Buffer[] = [];
    for await (const ch of raw) chunks.push(ch as Buffer);
    expect(raw.headers["content-encoding"]).toBe("gzip");
    const answer = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString()) as { courses: { v: string }[] };
    expect(answer.courses[0]!.v).toBe("v1");
    version = "v2";
    const after = await fetch(`${base}/api/courses?q=cs`);
    expect(after.headers.get("x-cache")).toBe("miss");
    expect(((await after.json()) as { courses: { v: string }[] }).courses[0]!.v).toBe("v2");
  });
});
