-- CreateTable
CREATE TABLE "ArticulationCandidate" (
    "runId" INTEGER NOT NULL,
    "fromCourseId" INTEGER NOT NULL,
    "toCourseId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    "signals" TEXT NOT NULL DEFAULT '{}',
    "reasons" TEXT NOT NULL DEFAULT '[]',

    PRIMARY KEY ("runId", "fromCourseId", "toCourseId"),
    CONSTRAINT "ArticulationCandidate_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ArticulationCandidate_fromCourseId_fkey" FOREIGN KEY ("fromCourseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ArticulationCandidate_toCourseId_fkey" FOREIGN KEY ("toCourseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ArticulationDecision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "fromCourseId" INTEGER NOT NULL,
    "toCourseId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "staffUserId" INTEGER,
    "decidedBy" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ArticulationDecision_fromCourseId_fkey" FOREIGN KEY ("fromCourseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ArticulationDecision_toCourseId_fkey" FOREIGN KEY ("toCourseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ArticulationDecision_staffUserId_fkey" FOREIGN KEY ("staffUserId") REFERENCES "StaffUser" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ArticulationCandidate_runId_fromCourseId_rank_idx" ON "ArticulationCandidate"("runId", "fromCourseId", "rank");

-- CreateIndex
CREATE INDEX "ArticulationCandidate_toCourseId_idx" ON "ArticulationCandidate"("toCourseId");

-- CreateIndex
CREATE INDEX "ArticulationDecision_toCourseId_idx" ON "ArticulationDecision"("toCourseId");

-- CreateIndex
CREATE INDEX "ArticulationDecision_staffUserId_idx" ON "ArticulationDecision"("staffUserId");

-- CreateIndex
CREATE UNIQUE INDEX "ArticulationDecision_fromCourseId_toCourseId_key" ON "ArticulationDecision"("fromCourseId", "toCourseId");
