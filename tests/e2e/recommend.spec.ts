import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, snap, watchConsole } from "./helpers";

const HISTORY = "Fall 2022: COMPSCI 1, MATH 1\nSpring 2023: COMPSCI 17";

async function codes(page: Page): Promise<string[]> {
  return page.getByTestId("recommendations").locator("> li > a").allTextContents();
}

test("recommend with two terms of history and each filter", async ({ page }) => {
  await page.goto("/recommend");
  await page.getByLabel("Your courses, one term per line").fill(HISTORY);
  await page.getByLabel("Major(s)").selectOption(["COMPSCI"]);
  await page.getByRole("button", { name: "Recommend" }).click();
  await expect(page.getByRole("heading", { name: "Suggestions for Fall 2023" })).toBeVisible();
  const base = await codes(page);
  expect(base.length).toBeGreaterThanOrEqual(10);
  for (const taken of ["COMPSCI 1", "MATH 1", "COMPSCI 17"]) expect(base).not.toContain(taken);
  await expect(page.getByTestId("recommendations")).toContainText("Suggested mostly because you took");
  await expectAccessible(page);
  await snap(page, "recommend");
  // The history went in a POST body: it is not in the address (nor in access logs or browser history).
  expect(page.url()).not.toContain("history");
  expect(page.url()).not.toContain("COMPSCI");
  // It is kept in this browser: a reload brings the form and the same suggestions back.
  await page.reload();
  await expect(page.getByLabel("Your courses, one term per line")).toHaveValue(HISTORY);
  await expect.poll(() => codes(page)).toEqual(base);

  await page.getByLabel("Include courses I took").check();
  await page.getByRole("button", { name: "Recommend" }).click();
  await expect
    .poll(async () => (await codes(page)).some((c) => c === "COMPSCI 17" || c === "MATH 1"))
    .toBe(true);
  expect(page.url()).not.toContain("taken");
  await page.getByLabel("Include courses I took").uncheck();

  await page.getByLabel("Program (for requirements)").selectOption("Computer Science BA");
  await page.getByLabel("Counts toward an unmet requirement").check();
  await page.getByRole("button", { name: "Recommend" }).click();
  const items = page.getByTestId("recommendations").locator("> li");
  await expect(items.first()).toContainText("Counts toward Computer Science BA");
  for (const text of await items.allTextContents())
    expect(text).toContain("Counts toward Computer Science BA");
  await expect(page.getByTestId("checklist")).toContainText("Lower-division core");
  await snap(page, "recommend-requirements");
  await page.getByLabel("Counts toward an unmet requirement").uncheck();

  await page.getByLabel("Offered next term only").check();
  await page.getByRole("button", { name: "Recommend" }).click();
  await expect(items.first()).toBeVisible();
  await page.getByLabel("Offered next term only").uncheck();

  await page.getByLabel("More like").selectOption("STAT");
  await page.getByRole("button", { name: "Recommend" }).click();
  // The answer arrives without a navigation: wait for it.
  const statCount = async () => (await codes(page)).filter((c) => c.startsWith("STAT")).length;
  await expect.poll(statCount).toBeGreaterThan(base.filter((c) => c.startsWith("STAT")).length);
  await snap(page, "recommend-more-like-stat");
});

test("prepare for a target course, and a clear error for an unknown course", async ({ page }) => {
  await page.goto(`/recommend?target=${encodeURIComponent("COMPSCI 17")}`);
  await expect(page.getByRole("heading", { name: "Preparing for COMPSCI 17" })).toBeVisible();
  await expect(page.getByTestId("preparation")).toContainText("COMPSCI 1");
  await page.goto(`/recommend?history=${encodeURIComponent("Fall 2022: NOPE 1")}`);
  await expect(page.locator("p[role=alert]")).toContainText("Unknown course code: NOPE 1");
  await snap(page, "recommend-error");
});

test("the history helper adds a course picked by type-ahead", async ({ page }) => {
  await page.goto("/recommend");
  await page.getByLabel("Add to term").selectOption({ index: 3 });
  await page.locator("#helper-course").fill("cs1");
  await page.getByRole("listbox", { name: "Course suggestions" }).getByRole("option").first().click();
  await expect(page.getByLabel("Your courses, one term per line")).toHaveValue(/: COMPSCI 1$/);
});

test("sharing is explicit: a copied link carries the history; forgetting clears it", async ({ page }) => {
  await page.goto("/recommend");
  await page.getByLabel("Your courses, one term per line").fill(HISTORY);
  await page.getByRole("button", { name: "Copy a link" }).click();
  const link = await page.getByLabel(/Link copied/).inputValue();
  expect(new URL(link).searchParams.get("history")).toBe(HISTORY);
  await snap(page, "recommend-share-link");
  await page.goto(link);
  await expect(page.getByText("Opened from a link")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Suggestions for Fall 2023" })).toBeVisible();

  await page.goto("/recommend");
  await page.getByLabel("Your courses, one term per line").fill(HISTORY);
  await page.getByRole("button", { name: "Recommend" }).click();
  await expect(page.getByTestId("recommendations")).toBeVisible();
  await page.getByRole("button", { name: "Forget my history" }).click();
  await page.reload();
  await expect(page.getByLabel("Your courses, one term per line")).toHaveValue("");
  expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
});

test("pages carry a nonce CSP without 'unsafe-inline' scripts, and still hydrate", async ({ page }) => {
  const problems = watchConsole(page);
  const res = await page.goto("/recommend");
  const csp = res!.headers()["content-security-policy"]!;
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
  expect(scriptSrc).not.toContain("unsafe-inline");
  // Every script Next wrote carries this response's nonce.
  const nonces = await page
    .locator("script")
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(nonces.length).toBeGreaterThan(0);
  expect(nonces.every((n) => n === nonce)).toBe(true);
  // Hydrated: the type-ahead (client JavaScript) answers.
  await page.locator("#helper-course").fill("cs1");
  await expect(
    page.getByRole("listbox", { name: "Course suggestions" }).getByRole("option").first(),
  ).toBeVisible();
  expect(problems).toEqual([]);
});

test("the form works without JavaScript, and still keeps the history out of the address", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/recommend");
  await page.getByLabel("Your courses, one term per line").fill(HISTORY);
  await page.getByRole("button", { name: "Recommend" }).click();
  await expect(page.getByRole("heading", { name: "Suggestions for Fall 2023" })).toBeVisible();
  expect(page.url()).not.toContain("history");
  await context.close();
});
