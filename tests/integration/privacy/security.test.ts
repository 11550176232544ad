import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { readEnv, redactDatabaseUrl } from "@/lib/env";
import { addStaffUser, removeStaffUser, revokeStaffSessions } from "@/lib/auth/staff";
import { sessionOptions, verifyStaffSession } from "@/lib/auth/session";
import { isCrossSiteWrite } from "@/lib/auth/origin";
import { clientAddress } from "@/lib/http/client-address";
import { importUniversity } from "@/lib/ingest";
import { makeTempDb, SALT, type TempDb } from "../helpers";

type Post = (req: Request) => Promise<Response>;
let t: TempDb;
let signIn: { POST: Post };
let proxy: (req: NextRequest) => Promise<Response>;
const STAFF = { email: "ops@example.edu", name: "Ops", password: "a long enough password" };

beforeAll(async () => {
  t = await makeTempDb();
  await addStaffUser(t.db, STAFF);
  // The routes and the proxy read DATABASE_URL through lib/env at import: import them afresh.
  process.env.DATABASE_URL = t.url;
  process.env.SESSION_SECRET = "unit-test-session-secret-0123456789abcdef";
  vi.resetModules();
  signIn = await import("@/app/api/staff/session/route");
  proxy = (await import("@/proxy")).proxy;
});
afterAll(async () => t.cleanup());

const signInRequest = (body: BodyInit, type: string, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/staff/session", {
    method: "POST",
    body,
    headers: { "content-type": type, ...headers },
  });

describe("sign-in bodies", () => {
  it("answers 400, not 500, for a form content type with a body that is not a form", async () => {
    const res = await signIn.POST(signInRequest("{not a form", "multipart/form-data; boundary=xyz"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/form/);
  });
  it("refuses an oversized body before reading it (413), declared or streamed", async () => {
    const big = "email=a&password=" + "x".repeat(10_000);
    expect((await signIn.POST(signInRequest(big, "application/x-www-form-urlencoded"))).status).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("x".repeat(1000)));
        c.close();
      },
    });
    const chunked = new Request("http://localhost/api/staff/session", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect((await signIn.POST(chunked)).status).toBe(413);
  });
  it("answers 400 for JSON that is not an object with an email and a password", async () => {
    for (const body of ["[]", "null", "{", '{"email":1,"password":2}'])
      expect((await signIn.POST(signInRequest(body, "application/json"))).status).toBe(400);
  });
});

describe("audit trail", () => {
  it("logs a failed sign-in with the client address and the browser", async () => {
    const res = await signIn.POST(
      signInRequest(JSON.stringify({ email: STAFF.email, password: "wrong password!" }), "application/json", {
        "user-agent": "UnitTestBrowser/1.0",
        "x-forwarded-for": "203.0.113.9",
      }),
    );
    expect(res.status).toBe(401);
    const e = await t.db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(e).toMatchObject({
      event: "sign-in-failed",
      actor: STAFF.email,
      userAgent: "UnitTestBrowser/1.0",
    });
    // No trusted proxy configured: the forgeable header is not taken for the address.
    expect(e.clientAddress).toBe("direct");
  });
  it("takes the address the last trusted proxy appended", () => {
    const r = new Request("http://x/", { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.2" } });
    expect(clientAddress(r, 0)).toBe("direct");
    expect(clientAddress(r, 1)).toBe("10.0.0.2");
    expect(clientAddress(r, 2)).toBe("198.51.100.4");
  });
});

describe("sessions can be revoked", () => {
  it("a sign-out, a password reset or staff:remove ends an existing session", async () => {
    const user = await t.db.staffUser.findUniqueOrThrow({ where: { email: STAFF.email } });
    const session = { userId: user.id, email: user.email, version: user.sessionVersion };
    expect(await verifyStaffSession(t.db, session)).toMatchObject({ email: STAFF.email });
    await revokeStaffSessions(t.db, user.id);
    expect(await verifyStaffSession(t.db, session)).toBeNull();
    const v1 = { ...session, version: session.version + 1 };
    expect(await verifyStaffSession(t.db, v1)).not.toBeNull();
    await addStaffUser(t.db, { ...STAFF, password: "another long password" }, true);
    expect(await verifyStaffSession(t.db, v1)).toBeNull();
    const v2 = { ...session, version: session.version + 2 };
    expect(await verifyStaffSession(t.db, v2)).not.toBeNull();
    expect(await removeStaffUser(t.db, STAFF.email.toUpperCase())).toBe(true);
    expect(await verifyStaffSession(t.db, v2)).toBeNull();
    // A cookie sealed before session versions existed carries none: refused.
    expect(await verifyStaffSession(t.db, { userId: user.id, email: user.email })).toBeNull();
  });
  it("uses a __Host- cookie in production", () => {
    const secret = "x".repeat(32);
    const prod = sessionOptions({ SESSION_SECRET: secret, NODE_ENV: "production" });
    expect(prod.cookieName).toBe("__Host-atlas_staff");
    expect(prod.cookieOptions).toMatchObject({ secure: true, path: "/", httpOnly: true });
    expect(prod.cookieOptions?.domain).toBeUndefined();
    expect(sessionOptions({ SESSION_SECRET: secret, NODE_ENV: "development" }).cookieName).toBe(
      "atlas_staff",
    );
  });
});

const page = (url: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(url, { method: init.method ?? "GET", headers: { host: "localhost", ...init.headers } });

describe("the proxy", () => {
  it("refuses state-changing requests from other sites", async () => {
    const evil = await proxy(
      page("http://localhost/api/staff/exports/similar", {
        method: "POST",
        headers: { origin: "https://evil.example" },
      }),
    );
    expect(evil.status).toBe(403);
    const fetchSite = await proxy(
      page("http://localhost/api/staff/session", {
        method: "DELETE",
        headers: { "sec-fetch-site": "cross-site" },
      }),
    );
    expect(fetchSite.status).toBe(403);
    const own = await proxy(
      page("http://localhost/api/recommend", { method: "POST", headers: { origin: "http://localhost" } }),
    );
    expect(own.status).toBe(200);
    expect(
      isCrossSiteWrite(new Request("http://localhost/", { method: "POST", headers: { origin: "null" } })),
    ).toBe(true);
    // A non-browser client sends no Origin: no other site can drive it.
    expect(isCrossSiteWrite(new Request("http://localhost/", { method: "POST" }))).toBe(false);
    expect(
      isCrossSiteWrite(new Request("http://localhost/", { headers: { origin: "https://evil.example" } })),
    ).toBe(false);
  });
  it("sets a per-request nonce CSP whose script-src has no 'unsafe-inline', and hands Next the nonce", async () => {
    const a = await proxy(page("http://localhost/recommend"));
    const b = await proxy(page("http://localhost/recommend"));
    const csp = a.headers.get("content-security-policy")!;
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(b.headers.get("content-security-policy")).not.toBe(csp);
    // Next reads the nonce from the request's copy of the header (forwarded as x-middleware-request-*).
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });
  it("HSTS in production only", async () => {
    vi.resetModules();
    vi.stubEnv("NODE_ENV", "production");
    const prod = (await import("@/next.config")).default;
    const headers = (await prod.headers!())[0]!.headers;
    expect(headers.find((h) => h.key === "Strict-Transport-Security")?.value).toMatch(/max-age=\d{8}/);
    expect(headers.find((h) => h.key === "Content-Security-Policy")).toBeUndefined();
    vi.unstubAllEnvs();
    vi.resetModules();
    const dev = (await import("@/next.config")).default;
    expect((await dev.headers!())[0]!.headers.some((h) => h.key === "Strict-Transport-Security")).toBe(false);
  });
});

describe("configuration and what is kept", () => {
  it("refuses a vector threshold below the suppression threshold at start-up", () => {
    expect(() => readEnv({ MIN_STUDENTS: "30", MIN_VECTOR_STUDENTS: "20" })).toThrow(/MIN_VECTOR_STUDENTS/);
    expect(readEnv({ MIN_STUDENTS: "20", MIN_VECTOR_STUDENTS: "20" }).MIN_STUDENTS).toBe(20);
  });
  it("prints database URLs without their password", () => {
    expect(redactDatabaseUrl("postgresql://atlas:s3cret@db.example:5432/atlas")).toBe(
      "postgresql://atlas:***@db.example:5432/atlas",
    );
    expect(redactDatabaseUrl("file:./data/atlas.db")).toBe("file:./data/atlas.db");
  });
  it("stores no grades unless asked, in a database file only its owner can read", async () => {
    const sim = inject("fixtureSim");
    const files = { catalog: `${sim}/courses.csv`, enrollments: `${sim}/enrollments.csv` };
    if (t.url.startsWith("file:")) expect(fs.statSync(t.url.slice(5)).mode & 0o777).toBe(0o600);
    await importUniversity(t.db, files, { salt: SALT, minStudents: 10 });
    expect(await t.db.enrollment.count({ where: { grade: { not: null } } })).toBe(0);
    const kept = await makeTempDb();
    try {
      await importUniversity(kept.db, files, { salt: SALT, minStudents: 10, keepGrades: true });
      expect(await kept.db.enrollment.count({ where: { grade: { not: null } } })).toBeGreaterThan(1000);
    } finally {
      await kept.cleanup();
    }
  });
});
