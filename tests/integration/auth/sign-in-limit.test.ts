import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { TempDb } from "../helpers";

// Outside a request, next/headers has no cookies: a plain cookie jar stands in for the browser's.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: () =>
    Promise.resolve({
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      set: (name: string, value: string) => (value ? jar.set(name, value) : jar.delete(name)),
      delete: (name: string) => jar.delete(name),
    }),
}));

type Route = { POST: (req: Request) => Promise<Response> };
let route: Route;
let tmp: TempDb;
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  const { makeTempDb } = await import("../helpers");
  tmp = await makeTempDb();
  // The route reads its database and session secret through lib/env when it is imported.
  process.env.DATABASE_URL = tmp.url;
  process.env.SESSION_SECRET = "a-test-session-secret-of-40-characters!!";
  vi.resetModules();
  route = await import("@/app/api/staff/session/route");
  const { addStaffUser } = await import("@/lib/auth/staff");
  await addStaffUser(tmp.db, { email: "ada@uni.edu", name: "Ada", password: PASSWORD });
  await addStaffUser(tmp.db, { email: "grace@uni.edu", name: "Grace", password: PASSWORD });
  // Only Date is faked: each test starts its own hour, past the windows of the ones before it.
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => jar.clear());
afterAll(async () => {
  vi.useRealTimers();
  await tmp.cleanup();
});

// Every request comes from the same client (the same headers, no proxy in front).
const headers = { origin: "http://localhost", "sec-fetch-site": "same-origin" };
const signIn = (email: string, password: string) =>
  route.POST(
    new Request("http://localhost/api/staff/session", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    }),
  );
const signInByForm = (email: string, password: string) =>
  route.POST(
    new Request("http://localhost/api/staff/session", {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password }).toString(),
    }),
  );

async function expectAnswer(res: Response, status: number, error?: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error?: unknown; ok?: unknown };
  if (error) expect(body.error).toMatch(error);
  else expect(body.ok).toBe(true);
}
const minutes = (n: number) => n * 60_000;

describe("staff sign-in limit, counted in the database", () => {
  it("refuses an email's 6th attempt after 5 failures, even with the right password, for 15 minutes", async () => {
    const start = new Date("2031-03-01T09:00:00Z").getTime();
    vi.setSystemTime(start);
    await expectAnswer(await signIn("ada@uni.edu", PASSWORD), 200);
    expect(jar.size).toBe(1);
    jar.clear();

    // Five failures, whatever the case of the address.
    for (const email of ["ada@uni.edu", "ADA@uni.edu", "ada@uni.edu", "Ada@Uni.Edu", "ada@uni.edu"])
      await expectAnswer(await signIn(email, "wrong password!"), 401, /wrong email or password/i);
    await expectAnswer(await signIn("ada@uni.edu", PASSWORD), 429, /too many/i);
    const form = await signInByForm("ada@uni.edu", PASSWORD);
    expect(form.status).toBe(303);
    expect(new URL(form.headers.get("location")!).pathname).toBe("/staff/sign-in");
    expect(new URL(form.headers.get("location")!).searchParams.get("error")).toBe("rate-limited");
    expect(jar.size).toBe(0);
    // Another staff member signs in from the same client meanwhile: the limit is the email's.
    await expectAnswer(await signIn("grace@uni.edu", PASSWORD), 200);

    vi.setSystemTime(start + minutes(14));
    await expectAnswer(await signIn("ada@uni.edu", PASSWORD), 429, /too many/i);
    vi.setSystemTime(start + minutes(15) + 1000);
    await expectAnswer(await signIn("ada@uni.edu", PASSWORD), 200);
  });

  it("refuses every email from a client after 20 failures in 15 minutes", async () => {
    const start = new Date("2031-03-01T12:00:00Z").getTime();
    vi.setSystemTime(start);
    // One failure each for 20 addresses: no email reaches its own limit, the client does.
    for (let i = 0; i < 20; i++)
      await expectAnswer(
        await signIn(`guess${i}@uni.edu`, "wrong password!"),
        401,
        /wrong email or password/i,
      );
    await expectAnswer(await signIn("grace@uni.edu", PASSWORD), 429, /too many/i);
    expect(jar.size).toBe(0);

    vi.setSystemTime(start + minutes(15) + 1000);
    await expectAnswer(await signIn("grace@uni.edu", PASSWORD), 200);
  });

  it("lets the right password in at 4 failures of an email and 19 of a client", async () => {
    const start = new Date("2031-03-01T15:00:00Z").getTime();
    vi.setSystemTime(start);
    for (let i = 0; i < 15; i++)
      await expectAnswer(
        await signIn(`other${i}@uni.edu`, "wrong password!"),
        401,
        /wrong email or password/i,
      );
    for (let i = 0; i < 4; i++)
      await expectAnswer(await signIn("ada@uni.edu", "wrong password!"), 401, /wrong email or password/i);
    await expectAnswer(await signIn("ada@uni.edu", PASSWORD), 200);
  });
});
