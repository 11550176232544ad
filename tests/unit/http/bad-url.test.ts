import { describe, expect, it } from "vitest";
import { answerBadUrl, findUrlProblem, MAX_PATH_CHARS } from "@/lib/http/bad-url";

describe("bad URLs are a 4xx before routing", () => {
  it.each(["/api/courses/%ZZ", "/courses/%E0%A4%A", "/api/subjects/%ZZ/related", "/subjects/%", "/%C0%AF"])(
    "malformed percent-encoding %s: 400",
    (p) => {
      expect(findUrlProblem(p)).toEqual({ status: 400, error: "Malformed percent-encoding in the path" });
    },
  );

  it("well-formed paths pass, encoded spaces and UTF-8 included", () => {
    for (const p of [
      "/courses/COMPSCI%2061A",
      "/courses/%E0%A4%A4",
      "/api/courses",
      "/",
      `/${"a".repeat(MAX_PATH_CHARS - 1)}`,
    ])
      expect(findUrlProblem(p)).toBeNull();
  });

  it("an over-long path: 414", () => {
    expect(findUrlProblem(`/courses/${"a".repeat(MAX_PATH_CHARS)}`)?.status).toBe(414);
  });

  it("answers JSON under /api and a page elsewhere", async () => {
    const api = answerBadUrl("/api/courses/%ZZ")!;
    expect(api.status).toBe(400);
    expect(api.headers.get("content-type")).toMatch(/application\/json/);
    expect(await api.json()).toEqual({
      error: "Malformed percent-encoding in the path",
      code: "invalid_request",
    });
    const long = answerBadUrl(`/api/courses/${"a".repeat(MAX_PATH_CHARS)}`)!;
    expect(long.status).toBe(414);
    expect(((await long.json()) as { code: string }).code).toBe("uri_too_long");
    const page = answerBadUrl("/courses/%ZZ")!;
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain("This address cannot be read");
    expect(answerBadUrl("/courses/COMPSCI%201")).toBeNull();
  });
});
