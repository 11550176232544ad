import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resolveInstitution } from "@/lib/institution";
import { createDb, type Db } from "@/lib/db/client";
import { findSubjectNetwork } from "@/lib/queries/subject-network";
import { activeRunId } from "@/lib/models/runs";
import { mapResponseSchema } from "@/lib/validations/map";

let db: Db;
let inst: number;
let map: { GET: (req: Request) => Promise<Response> };
beforeAll(async () => {
  process.env.DATABASE_URL = inject("fixtureUrl");
  db = createDb(inject("fixtureUrl"));
  inst = (await resolveInstitution(db)).id;
  map = await import("@/app/api/map/route");
});
afterAll(async () => db.$disconnect());

describe("GET /api/map", () => {
  it("answers every mapped course with code, title, subject and coordinates in [-1, 1]", async () => {
    const res = await map.GET(new Request("http://localhost/api/map"));
    expect(res.status).toBe(200);
    const body = mapResponseSchema.parse(await res.json());
    expect(body.points.length).toBeGreaterThan(50);
    const p = body.points.find((x) => x.code === "COMPSCI 1")!;
    expect(p).toMatchObject({ subject: "COMPSCI", title: "Structure and Interpretation of Programs" });
    expect(body.points.every((x) => Math.abs(x.x) <= 1 && Math.abs(x.y) <= 1)).toBe(true);
    // Nothing about students: exactly the documented fields.
    expect(Object.keys(p).sort()).toEqual(["code", "subject", "title", "x", "y"]);
  });
});

describe("the model report", () => {
  it("stores the map's neighbour preservation and centroid rank correlation with the course2vec run", async () => {
    const runId = await activeRunId(db, "course2vec", inst);
    const run = await db.modelRun.findUniqueOrThrow({ where: { id: runId! } });
    const metrics = JSON.parse(run.metrics) as Record<string, number>;
    expect(metrics.mapNeighbourPreservation).toBeGreaterThan(0.3);
    expect(metrics.mapNeighbourPreservation).toBeLessThanOrEqual(1);
    expect(metrics.mapCentroidSpearman).toBeGreaterThan(0.3);
  });
});

describe("the subject network", () => {
  it("has every subject sized by enrollment, a symmetric matrix and edges to the planted relatives", async () => {
    const net = await findSubjectNetwork(db, inst);
    expect(net.nodes.length).toBeGreaterThan(30);
    expect(net.nodes.every((n) => n.enrollments > 0 && n.division !== "")).toBe(true);
    const i = net.nodes.findIndex((n) => n.code === "JAPAN");
    const j = net.nodes.findIndex((n) => n.code === "CHINESE");
    expect(net.matrix[i]![i]).toBeNull();
    expect(net.matrix[i]![j]).toBeCloseTo(net.matrix[j]![i]!, 3);
    const japan = net.links
      .filter((l) => l.a === "JAPAN" || l.b === "JAPAN")
      .map((l) => (l.a === "JAPAN" ? l.b : l.a));
    expect(japan.length).toBeGreaterThanOrEqual(3);
    // JAPAN's planted relatives are BUDDSTD, HISTORY, CHINESE, EALANG: most of its edges go there.
    const planted = japan.filter((c) => ["BUDDSTD", "HISTORY", "CHINESE", "EALANG"].includes(c));
    expect(planted.length).toBeGreaterThanOrEqual(2);
    const keys = net.links.map((l) => `${l.a}|${l.b}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
