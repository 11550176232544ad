import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { FIXTURE_STAFF } from "../fixtures/build-fixture";
import { expectAccessible, snap } from "./helpers";

const COOKIE = "__Host-atlas_staff"; // next start runs in production

test("staff sign-in → CSV download, parsed and checked, and logged", async ({ page, request }) => {
  // Exports need a signed-in staff user, are POSTs, and refuse other sites' forms.
  expect((await request.post("/api/staff/exports/similar")).status()).toBe(401);
  expect((await request.get("/api/staff/exports/similar")).status()).toBe(405);
  const crossSite = await request.post("/api/staff/exports/similar", {
    headers: { origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  await page.goto("/staff/exports");
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await expectAccessible(page);

  await page.getByLabel("Email").fill(FIXTURE_STAFF.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("p[role=alert]")).toContainText("Wrong email or password");
  await snap(page, "staff-sign-in");

  await page.getByLabel("Email").fill(FIXTURE_STAFF.email);
  await page.getByLabel("Password").fill(FIXTURE_STAFF.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Exports", exact: true })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === COOKIE)!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");
  expect(cookie.secure).toBe(true);
  expect(cookie.path).toBe("/");
  await expectAccessible(page);
  await snap(page, "staff-exports");

  const form = page.locator('form[action^="/api/staff/exports/similar"]');
  await form.getByLabel("Top").selectOption("5");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("button", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^similar-courses-run\d+-top5-min10\.csv$/);
  const rows = parse<Record<string, string>>(fs.readFileSync(await download.path()), { columns: true });
  expect(Object.keys(rows[0]!)).toEqual([
    "course",
    "course_title",
    "course_subject",
    "similar_course",
    "similar_title",
    "similar_subject",
    "rank",
    "similarity_percent",
  ]);
  expect(rows.length).toBeGreaterThan(100);
  const perCourse = new Map<string, number>();
  for (const r of rows) {
    perCourse.set(r.course!, (perCourse.get(r.course!) ?? 0) + 1);
    expect(r.course).not.toBe(r.similar_course);
    expect(Number(r.similarity_percent)).toBeGreaterThanOrEqual(0);
    expect(Number(r.similarity_percent)).toBeLessThanOrEqual(100);
  }
  expect(Math.max(...perCourse.values())).toBeLessThanOrEqual(5);

  const [recs] = await Promise.all([
    page.waitForEvent("download"),
    page.locator('form[action^="/api/staff/exports/recommendations"]').getByRole("button").click(),
  ]);
  const recRows = parse<Record<string, string>>(fs.readFileSync(await recs.path()), { columns: true });
  expect(new Set(recRows.map((r) => r.term_of_study))).toEqual(
    new Set(["1", "2", "3", "4", "5", "6", "7", "8"]),
  );

  await page.reload();
  await expect(page.locator("tbody tr").first()).toContainText(FIXTURE_STAFF.email);
  await expect(page.locator("tbody").first()).toContainText("similar");
  // Sign-ins, the failed one and the refused download are in the audit trail, with the browser.
  const audit = page.getByTestId("audit");
  await expect(audit).toContainText("sign-in-failed");
  await expect(audit).toContainText("export-refused");
  await expect(audit.locator("tbody tr").first()).toContainText("sign-in");
  await expect(audit).toContainText("Mozilla");
  await snap(page, "staff-exports-logged");

  // Signing out revokes the session: a copy of the cookie stops working.
  const stolen = `${COOKIE}=${cookie.value}`;
  const withCookie = () =>
    request.post("/api/staff/exports/similar", { headers: { cookie: stolen }, form: { top: "5" } });
  expect((await withCookie()).status()).toBe(200);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  expect((await withCookie()).status()).toBe(401);
});

test("staff import report: files, counts, warnings and the model runs trained on the import", async ({
  page,
}) => {
  await page.goto("/staff/imports");
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await page.getByLabel("Email").fill(FIXTURE_STAFF.email);
  await page.getByLabel("Password").fill(FIXTURE_STAFF.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.goto("/staff/imports");
  await expect(page.getByRole("heading", { name: "Imports", exact: true })).toBeVisible();
  const report = page.locator("section.panel").first();
  await expect(report).toContainText("enrollments.csv");
  await expect(report).toContainText(/Calendar: semester system/);
  await expect(report).toContainText(/course2vec run \d+ \(finished, active\)/);
  await expect(report).toContainText(/rnn run \d+ \(finished, active\)/);
  await expectAccessible(page);
  await snap(page, "staff-imports");
});
