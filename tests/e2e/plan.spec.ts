import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, snap, watchConsole } from "./helpers";

const HISTORY = "Fall 2022: COMPSCI 1, MATH 1\nSpring 2023: COMPSCI 17";

/** The plan as { term: codes }. */
async function readPlan(page: Page): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const column of await page.getByTestId("plan-terms").locator("> section").all()) {
    const term = (await column.locator("h3").textContent()) ?? "";
    out[term] = await column
      .locator("li[data-code]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-code") ?? ""));
  }
  return out;
}

test("plan, pin a course, re-plan with another load, leave one out, and print", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/plan");
  await page.getByLabel("Your courses, one term per line").fill(HISTORY);
  await page.getByLabel("Program").selectOption("Computer Science BA");
  await page.getByLabel("Major(s)").selectOption(["COMPSCI"]);
  await page.getByRole("button", { name: "Plan", exact: true }).click();
  await expect(page.getByRole("heading", { name: /Plan for Computer Science BA: \d+ terms?/ })).toBeVisible();
  const first = await readPlan(page);
  const terms = Object.keys(first);
  expect(terms[0]).toBe("Fall 2023");
  await expect(page.getByTestId("plan-checklist")).toContainText("Lower-division core");
  await expect(page.getByTestId("plan-checklist")).toContainText("planned");
  await expectAccessible(page);
  await snap(page, "plan");

  // Pin the last course of the second term there, then ask for a lighter load: it stays put.
  const term = terms[1]!;
  const code = first[term]!.at(-1)!;
  await page.getByRole("button", { name: `Pin ${code} to ${term}`, exact: true }).click();
  await expect(page.locator(`li[data-code="${code}"]`)).toContainText(`Pinned by you to ${term}`);
  await expect(page.getByLabel("Pinned courses, one term per line")).toHaveValue(`${term}: ${code}`);
  await page.getByLabel("to", { exact: true }).fill("4");
  await page.getByRole("button", { name: "Plan again" }).click();
  // The new plan is in when no term holds more than 4 courses and the answer is no longer pending.
  await expect
    .poll(async () => Math.max(...Object.values(await readPlan(page)).map((c) => c.length)))
    .toBeLessThanOrEqual(4);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const lighter = await readPlan(page);
  expect(lighter[term]).toContain(code);
  for (const codes of Object.values(lighter)) expect(codes.length).toBeLessThanOrEqual(4);
  await snap(page, "plan-pinned");

  // Leave out a course of the first term: it is gone from the plan.
  const dropped = lighter[terms[0]!]!.find((c) => c !== code)!;
  await page.getByRole("button", { name: `Leave out ${dropped}`, exact: true }).click();
  await expect(page.getByLabel("Courses to leave out")).toHaveValue(dropped);
  await expect(page.locator(`li[data-code="${dropped}"]`)).toHaveCount(0);
  expect((await readPlan(page))[term]).toContain(code);

  // The state survives a reload (localStorage, never the address).
  expect(page.url()).not.toContain("COMPSCI");
  await page.reload();
  await expect(page.locator(`li[data-code="${code}"]`)).toContainText("Pinned by you");

  // Printed: the plan and checklist, without the form and the buttons.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("form", { name: "Plan settings" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByTestId("plan-terms")).toBeVisible();
  await expect(page.getByTestId("plan-checklist")).toBeVisible();
  await snap(page, "plan-print");
  await page.emulateMedia({ media: "screen" });

  // A course page's "plan with this course" adds it to the plan.
  await page.goto(`/courses/${encodeURIComponent("MUSIC 1")}`);
  await page.getByRole("link", { name: "Plan with this course" }).click();
  await expect(page).toHaveURL(/\/plan\?want=MUSIC%201$/);
  await expect(page.getByLabel("Courses to include")).toHaveValue("MUSIC 1");
  await expect(page.locator('li[data-code="MUSIC 1"]')).toContainText("Counts toward Chosen by you: MUSIC 1");
  expect((await readPlan(page))[term]).toContain(code);
  // Nothing the Content-Security-Policy refused, no page errors.
  expect(problems).toEqual([]);
});

test("a program that cannot be finished in the terms allowed says which requirement and why", async ({
  page,
}) => {
  await page.goto("/plan");
  await page.getByLabel("Your courses, one term per line").fill(HISTORY);
  await page.getByLabel("Program").selectOption("Computer Science BA");
  await page.getByLabel("Terms at most").fill("1");
  await page.getByRole("button", { name: "Plan", exact: true }).click();
  await expect(page.getByTestId("unmet")).toContainText("This plan does not finish the program");
  await expect(page.getByTestId("unmet")).toContainText(/too few terms/);
  await snap(page, "plan-unmet");
});
