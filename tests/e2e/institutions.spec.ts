import { expect, test } from "@playwright/test";
import { expectAccessible, snap, watchConsole } from "./helpers";

// scripts/e2e.ts adds a small college (TC) next to the fixture university (UNIV) and its partner college (CC).
test("the header's switcher changes the institution and keeps the user's page", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/courses/COMPSCI%201");
  const picker = page.getByLabel("Institution");
  await expect(picker).toHaveValue("UNIV");
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("Bayview");
  await expectAccessible(page);
  await page.locator("header").screenshot({ path: "test-results/screenshots/header-switcher.png" });

  // COMPSCI 1 exists at both: switching keeps the page and shows the college's course.
  await picker.selectOption("TC");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Introduction to Computing at Bayview");
  await expect(page).toHaveURL(/\/courses\/COMPSCI%201$/);
  await expect(page.getByLabel("Institution")).toHaveValue("TC");
  await expectAccessible(page);
  await snap(page, "course-college");

  // The search box asks the API for the college's courses only.
  const box = page.locator("#header-search");
  await box.fill("composition");
  const option = page.getByRole("listbox", { name: "Course suggestions" }).getByRole("option").first();
  await expect(option).toContainText("ENGL 1A");
  await box.fill("");

  // A university-only course: back at the university, then switching lands on the college's home.
  await page.getByLabel("Institution").selectOption("UNIV");
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("Bayview");
  await expect(page.getByLabel("Institution")).toHaveValue("UNIV");
  await page.goto("/courses/COMPSCI%2017");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("COMPSCI 17");
  await page.getByLabel("Institution").selectOption("TC");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText("Course Atlas · Bayview Test College")).toBeVisible();
  await expect(page.getByText("courses in 3 subjects")).toBeVisible();
  await snap(page, "home-college");
  expect(problems).toEqual([]);
});
