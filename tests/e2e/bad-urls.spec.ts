import http from "node:http";
import { expect, test } from "@playwright/test";
import { expectAccessible, snap } from "./helpers";

// Raw paths through Node's http client: a browser or fetch would re-encode the bad ones first.
function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const port = Number(process.env.E2E_PORT ?? 3100);
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () =>
          resolve({ status: res.statusCode!, type: res.headers["content-type"] ?? "", body }),
        );
      })
      .on("error", reject);
  });
}

test("every bad URL is a 4xx, JSON under /api, never a 500", async () => {
  for (const [path, status] of [
    ["/api/courses/%ZZ", 400],
    ["/api/subjects/%ZZ/related", 400],
    ["/api/courses/%ZZ/similar", 400],
    ["/api/no-such-endpoint", 404],
    [`/api/courses/${"x".repeat(3000)}`, 414],
  ] as const) {
    const res = await get(path);
    expect(res.status, path).toBe(status);
    expect(res.type, path).toMatch(/application\/json/);
    expect((JSON.parse(res.body) as { error: string }).error, path).toBeTruthy();
  }
  for (const [path, status] of [
    ["/courses/%E0%A4%A", 400],
    ["/subjects/%ZZ", 400],
    ["/no-such-page", 404],
    [`/courses/${"x".repeat(3000)}`, 414],
  ] as const) {
    const res = await get(path);
    expect(res.status, path).toBe(status);
    expect(res.type, path).toMatch(/text\/html/);
  }
});

test("a malformed course address shows a short page that says so", async ({ page }) => {
  const res = await page.goto("/courses/%E0%A4%A");
  expect(res?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This address cannot be read");
  await expect(page.getByRole("link", { name: "start from the home page" })).toHaveAttribute("href", "/");
  await expectAccessible(page);
  await snap(page, "bad-url");
});

test("a wrong method on an API route is a JSON 405 with Allow", async ({ request }) => {
  // Same-origin, so the proxy's cross-site check does not answer first.
  const origin = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
  const res = await request.delete("/api/courses", { headers: { origin } });
  expect(res.status()).toBe(405);
  expect(res.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  expect(((await res.json()) as { code: string }).code).toBe("method_not_allowed");
  const get = await request.get("/api/recommend");
  expect(get.status()).toBe(405);
  expect(get.headers()["allow"]).toBe("POST, OPTIONS");
});
