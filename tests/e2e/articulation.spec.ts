import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { FIXTURE_STAFF } from "../fixtures/build-fixture";
import { expectAccessible, snap, watchConsole } from "./helpers";

test("articulation: staff review, accept a proposal, export it; the student page shows it as agreed", async ({
  page,
}) => {
  const problems = watchConsole(page);
  await page.goto("/staff/articulation");
  await expect(page).toHaveURL(/\/staff\/sign-in$/);
  await page.getByLabel("Email").fill(FIXTURE_STAFF.email);
  await page.getByLabel("Password").fill(FIXTURE_STAFF.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Exports", exact: true })).toBeVisible();

  await page.goto("/staff/articulation");
  await expect(page.getByRole("heading", { name: "Articulation review" })).toBeVisible();
  await page.getByLabel("Subject", { exact: true }).selectOption("MATH");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page).toHaveURL(/subject=MATH/);
  // The first MATH course whose best proposal nobody has decided on: accept that proposal.
  const row = page
    .getByTestId("proposal")
    .filter({ has: page.locator("td:first-child", { hasText: /^1$/ }) })
    .filter({ has: page.getByRole("button", { name: /^Accept / }) })
    .first();
  await expect(row).toBeVisible();
  const accept = row.getByRole("button", { name: /^Accept / });
  const label = (await accept.getAttribute("aria-label"))!;
  const [, to, from] = /^Accept (.+) for (.+)$/.exec(label)!;
  await expect(row.getByRole("listitem").first()).toBeVisible(); // it has reasons
  await expectAccessible(page);
  await snap(page, "staff-articulation");
  await accept.click();
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const card = page.getByRole("region", { name: new RegExp(`^${escape(from!)} · `) });
  await expect(card.getByText(new RegExp(`^Agreed: .*${escape(to!)}`))).toBeVisible();
  const accepted = card
    .getByTestId("proposal")
    .filter({ has: page.getByRole("button", { name: `Reject ${to} for ${from}`, exact: true }) });
  await expect(accepted.getByText("agreed", { exact: true })).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download decisions (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("articulation-CC-UNIV.csv");
  const rows = parse<Record<string, string>>(fs.readFileSync(await download.path()), { columns: true });
  expect(Object.keys(rows[0]!)).toEqual(["from_course", "to_course", "status", "decided_by", "decided_at"]);
  const mine = rows.find((r) => r.from_course === from && r.to_course === to);
  expect(mine).toMatchObject({
    status: "accepted",
    decided_by: `${FIXTURE_STAFF.name} <${FIXTURE_STAFF.email}>`,
  });
  expect(Date.now() - Date.parse(mine!.decided_at!)).toBeLessThan(10 * 60_000);

  // The student's side: no sign-in; the accepted pair is agreed, listed before any proposal.
  await page.context().clearCookies();
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Transfer" }).click();
  await expect(page.getByRole("heading", { name: "Transfer credit" })).toBeVisible();
  await page.getByLabel("Course 1", { exact: true }).fill(from!);
  await page.getByLabel("Course 2", { exact: true }).fill("NOPE 999");
  await page.getByRole("button", { name: "What counts here?" }).click();
  const result = page.getByTestId("transfer-course").filter({ hasText: from! });
  await expect(result.getByRole("listitem").first()).toContainText("agreed");
  await expect(result.getByRole("listitem").first()).toContainText(to!);
  await expect(page.getByText("Not in CC's catalog: NOPE 999.")).toBeVisible();
  await expectAccessible(page);
  await snap(page, "transfer");
  expect(problems).toEqual([]);
});
