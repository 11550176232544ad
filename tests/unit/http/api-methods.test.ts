import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTE_METHODS, answerWrongMethod, findAllowedMethods } from "@/lib/http/api-methods";
import { errorBodySchema } from "@/lib/errors";

const API_DIR = path.join(process.cwd(), "app", "api");

/** Every route file under app/api (the catch-all aside) with the methods it exports. */
function readRouteExports(): [string, string[]][] {
  const found: [string, string[]][] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts" && !p.includes("[...path]")) {
        const text = fs.readFileSync(p, "utf8");
        const methods = [
          ...text.matchAll(/export (?:async )?(?:function|const) (GET|POST|PUT|PATCH|DELETE)\b/g),
        ];
        const route =
          "/" + path.relative(path.join(process.cwd(), "app"), path.dirname(p)).split(path.sep).join("/");
        found.push([route, methods.map((m) => m[1]!).sort()]);
      }
    }
  };
  walk(API_DIR);
  return found.sort(([a], [b]) => a.localeCompare(b));
}

describe("a wrong method on an API route", () => {
  it("the table lists every API route file with exactly the methods it exports", () => {
    const table = API_ROUTE_METHODS.map(([p, m]) => [p, [...m].sort()] as [string, string[]]).sort(
      ([a], [b]) => a.localeCompare(b),
    );
    expect(table).toEqual(readRouteExports());
  });

  it("answers a JSON 405 with Allow", async () => {
    const res = answerWrongMethod("/api/courses", "DELETE")!;
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = errorBodySchema.parse(await res.json());
    expect(body.code).toBe("method_not_allowed");
    expect(answerWrongMethod("/api/recommend", "GET")?.headers.get("allow")).toBe("POST, OPTIONS");
    expect(answerWrongMethod("/api/courses/COMPSCI%2061A/similar", "put")?.status).toBe(405);
    expect(answerWrongMethod("/api/staff/session", "GET")?.headers.get("allow")).toBe(
      "DELETE, POST, OPTIONS",
    );
  });

  it("lets the route's own methods, HEAD of a GET route, OPTIONS and unknown paths through", () => {
    expect(answerWrongMethod("/api/courses", "GET")).toBeNull();
    expect(answerWrongMethod("/api/courses/", "HEAD")).toBeNull();
    expect(answerWrongMethod("/api/recommend", "OPTIONS")).toBeNull();
    expect(answerWrongMethod("/api/staff/exports/similar", "POST")).toBeNull();
    // No route: the catch-all's JSON 404 answers, whatever the method.
    expect(findAllowedMethods("/api/nothing-here")).toBeNull();
    expect(answerWrongMethod("/api/courses/A/B/C", "DELETE")).toBeNull();
    // Pages are not API routes.
    expect(answerWrongMethod("/courses", "DELETE")).toBeNull();
  });
});
