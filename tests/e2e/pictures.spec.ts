import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, snap, watchConsole } from "./helpers";

/** A fingerprint of what the canvas shows, to tell whether an action changed the picture. */
async function canvasPicture(page: Page): Promise<string> {
  return page
    .getByTestId("course-map")
    .locator("canvas")
    .evaluate((c: HTMLCanvasElement) => c.toDataURL());
}

test("map: labelled clusters, search highlights a course and its neighbours, zoom, click opens it", async ({
  page,
}) => {
  const problems = watchConsole(page);
  await page.goto("/map");
  const canvas = page.getByTestId("course-map").locator("canvas");
  await expect(canvas).toBeVisible();
  await expect(canvas).toHaveAttribute("aria-label", /Map of \d+ courses/);
  await expectAccessible(page);
  await snap(page, "map");
  const before = await canvasPicture(page);

  await page.getByLabel("Colour by").selectOption("subject");
  const bySubject = await canvasPicture(page);
  expect(bySubject).not.toBe(before);

  await page.getByRole("searchbox", { name: "Find a course" }).fill("Japanese");
  const hits = page.getByRole("list", { name: "Matching courses" }).getByRole("button");
  await expect(hits.first()).toBeVisible();
  const first = (await hits.first().locator("strong").textContent())!;
  await hits.first().click();
  await expect(page.getByText(`${first} `, { exact: false }).last()).toContainText(
    "nearest courses highlighted",
  );
  await snap(page, "map-search");

  const zoomed = await canvasPicture(page);
  await page.getByRole("button", { name: "Zoom in" }).click();
  expect(await canvasPicture(page)).not.toBe(zoomed);

  // The chosen course sits at the centre of the view: clicking there opens it.
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page).toHaveURL(new RegExp(`/courses/${encodeURIComponent(first)}$`));
  expect(problems).toEqual([]);
});

test("subjects: the network links each subject to its relatives and opens it; the matrix has every pair", async ({
  page,
}) => {
  await page.goto("/subjects");
  const network = page.getByTestId("subject-network");
  await expect(network).toBeVisible();
  const nodes = await network.getByRole("link").all();
  expect(nodes.length).toBeGreaterThan(30);
  expect(await network.locator("line").count()).toBeGreaterThan(30);
  await expectAccessible(page);
  await snap(page, "subjects-network");

  await page.getByRole("link", { name: "Matrix" }).click();
  const matrix = page.getByTestId("subject-heatmap");
  await expect(matrix).toBeVisible();
  const n = await matrix.locator("tbody tr").count();
  expect(n).toBe(nodes.length);
  expect(await matrix.locator("tbody td").count()).toBe(n * n);
  await expectAccessible(page);
  await snap(page, "subjects-matrix");

  await page.getByRole("link", { name: "Network" }).click();
  await page
    .getByTestId("subject-network")
    .getByRole("link", { name: /^JAPAN: Japanese/ })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Japanese");
});

test("explore: 'surprise me' on /recommend and 'explore from here' on a course page, each with reasons", async ({
  page,
}) => {
  await page.goto("/recommend");
  await page
    .getByLabel("Your courses, one term per line")
    .fill("Fall 2022: COMPSCI 1, MATH 1\nSpring 2023: COMPSCI 17");
  await page.getByLabel("Major(s)").selectOption(["COMPSCI"]);
  await page.getByRole("button", { name: "Surprise me" }).click();
  const explore = page.getByTestId("explore");
  await expect(explore.getByRole("heading", { name: /Surprise me/ })).toBeVisible();
  const items = explore.locator("ol > li");
  expect(await items.count()).toBeGreaterThanOrEqual(3);
  const subjects = (await items.locator("> a").allTextContents()).map((c) => c.split(" ")[0]);
  for (const s of subjects) expect(["COMPSCI", "MATH"]).not.toContain(s);
  await expect(items.first()).toContainText("Unusual for COMPSCI majors");
  await expectAccessible(page);
  await snap(page, "recommend-surprise");

  await page.goto("/courses/COMPSCI%2017");
  const here = page.getByTestId("explore");
  await expect(here.getByRole("heading", { name: "Explore from here" })).toBeVisible();
  await expect(here.locator("ol > li").first()).toContainText("COMPSCI 17");
  await snap(page, "course-explore");
});

test("search: a 'related by topic' group with the words that matched", async ({ page }) => {
  await page.goto("/search?q=buddhism");
  const topic = page.getByTestId("topic-results");
  await expect(topic.getByRole("heading", { name: "Related by topic" })).toBeVisible();
  await expect(topic).toContainText("buddhism");
  expect(await topic.locator("li > a").count()).toBeGreaterThan(2);
  await expectAccessible(page);
  await snap(page, "search-topics");
});
