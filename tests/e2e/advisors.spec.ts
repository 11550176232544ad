import { expect, test } from "@playwright/test";
import { expectAccessible, snap } from "./helpers";

test("subject → related subject, with bridging courses", async ({ page }) => {
  await page.goto("/subjects");
  await expect(page.getByRole("heading", { name: "Subjects", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "subjects");
  await page.getByRole("link", { name: "Japanese", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Japanese");
  const related = page.getByTestId("related-table").locator("tbody tr");
  await expect(related.first()).toBeVisible();
  await expect(page.locator("#bridges")).toContainText("Courses bridging JAPAN and");
  await expectAccessible(page);
  await snap(page, "subject");
  const next = related.first().getByRole("link").first();
  const name = (await next.textContent())!;
  await next.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
});

test("the model report shows both runs beside their baselines", async ({ page }) => {
  await page.goto("/models");
  await expect(page.getByRole("heading", { name: /next-term LSTM/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /course2vec/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Same major, same point" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Co-enrollment PMI" })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "models");
});
