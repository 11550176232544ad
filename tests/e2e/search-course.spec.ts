import { expect, test } from "@playwright/test";
import { expectAccessible, snap, watchConsole } from "./helpers";

test("search → course → similar course", async ({ page }) => {
  const problems = watchConsole(page);
  const res = await page.goto("/");
  expect(res?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
  await expect(page.getByRole("heading", { name: "Find courses, and the courses like them" })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "home");

  const box = page.locator("#home-search");
  await box.fill("cs1");
  const option = page.getByRole("listbox", { name: "Course suggestions" }).getByRole("option").first();
  await expect(option).toContainText("COMPSCI 1");
  await snap(page, "home-typeahead");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/courses\/COMPSCI%201$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("COMPSCI 1");

  const table = page.getByTestId("similar-table");
  await expect(table.getByRole("columnheader")).toHaveText([
    "Course Name",
    "Course Subject",
    "Percent Similarity",
  ]);
  await expect(table.locator("tbody tr")).toHaveCount(10);
  await expectAccessible(page);
  await snap(page, "course");

  await page.getByRole("link", { name: "Other subjects only" }).click();
  await expect(page).toHaveURL(/other=1/);
  await expect(table.locator("tbody tr").first()).not.toContainText("Computer Science");

  const first = table.locator("tbody tr").first().getByRole("link").first();
  const name = (await first.textContent())!;
  const code = /\(([^)]+)\)$/.exec(name)![1]!;
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(code);
  await snap(page, "similar-course");
  expect(problems).toEqual([]);
});

test("typo-tolerant search works with the keyboard, and without JavaScript on /search", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  await page.locator("#header-search").fill("machin lerning");
  await expect(
    page.getByRole("listbox", { name: "Course suggestions" }).getByRole("option").first(),
  ).toContainText("Machine Learning");
  await page.locator("#header-search").press("ArrowDown");
  await page.locator("#header-search").press("ArrowUp");
  await page.locator("#header-search").press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Machine Learning");

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p = await noJs.newPage();
  await p.goto("/search?q=japanese+buddhism");
  await expect(p.getByRole("link", { name: "JAPAN C110" })).toBeVisible();
  await snap(p, "search-no-js");
  await noJs.close();
});

test("an unknown course shows a not-found page", async ({ page }) => {
  const res = await page.goto("/courses/NOPE%20999");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("pages fit a phone's width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of [
    "/",
    "/courses/COMPSCI%201",
    "/subjects/JAPAN",
    "/recommend?history=Fall%202022%3A%20COMPSCI%201&major=COMPSCI",
    "/models",
  ]) {
    await page.goto(url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
  await page.goto("/courses/COMPSCI%201");
  await snap(page, "course-phone");
});
