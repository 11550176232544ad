import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

// Next anchors a matcher to the whole path; its group is a regular expression.
const runsProxy = (p: string) => config.matcher.some((m) => new RegExp(`^${m}$`).test(p));

describe("the proxy's matcher", () => {
  it("skips every static file, so they answer while the database is down", () => {
    const files = fs.readdirSync(path.join(process.cwd(), "public")).map((f) => `/${f}`);
    expect(files).toContain("/robots.txt");
    for (const f of [...files, "/icon.svg", "/_next/static/chunks/a.js"]) expect(runsProxy(f), f).toBe(false);
  });

  it("runs before pages and the API, .json routes included", () => {
    for (const p of ["/", "/courses/COMPSCI%2061A", "/api/openapi.json", "/api/courses", "/staff/exports"])
      expect(runsProxy(p), p).toBe(true);
  });
});
