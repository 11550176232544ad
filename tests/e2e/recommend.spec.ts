import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, snap } from "./helpers";

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
  // The history lives in the URL: a reload (or a shared link) gives the same page.
  await page.reload();
  expect(await codes(page)).toEqual(base);

  await page.getByLabel("Include courses I took").check();
  await page.getByRole("button", { name: "Recommend" }).click();
  await expect(page).toHaveURL(/taken=1/);
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
  await expect(page).toHaveURL(/offered=1/);
  await expect(items.first()).toBeVisible();
  await page.getByLabel("Offered next term only").uncheck();

  await page.getByLabel("More like").selectOption("STAT");
  await page.getByRole("button", { name: "Recommend" }).click();
  // Read the list once the new page is there (the old one is still on screen until then).
  await expect(page).toHaveURL(/prefer=STAT/);
  await expect(page.getByTestId("recommendations")).toBeVisible();
  const stat = await codes(page);
  expect(stat.filter((c) => c.startsWith("STAT")).length).toBeGreaterThan(
    base.filter((c) => c.startsWith("STAT")).length,
  );
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
