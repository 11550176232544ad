-- Several institutions in one deployment. Existing rows belong to a created primary institution,
-- UNIV "University" (only when there are rows: a fresh database has no institution until its first
-- import). The runner applies this with foreign keys off, so redefining a table cascades nothing.

-- CreateTable
CREATE TABLE "Institution" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");

INSERT INTO "Institution" ("code", "name", "createdAt")
SELECT 'UNIV', 'University', strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
WHERE EXISTS (SELECT 1 FROM "Subject") OR EXISTS (SELECT 1 FROM "Course") OR EXISTS (SELECT 1 FROM "Term")
   OR EXISTS (SELECT 1 FROM "Student") OR EXISTS (SELECT 1 FROM "Program")
   OR EXISTS (SELECT 1 FROM "ImportRun") OR EXISTS (SELECT 1 FROM "ModelRun");

-- RedefineTables
CREATE TABLE "new_Subject" (
    "institutionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "division" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("institutionId", "code"),
    CONSTRAINT "Subject_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Subject" ("institutionId", "code", "division", "name") SELECT (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV'), "code", "division", "name" FROM "Subject";
DROP TABLE "Subject";
ALTER TABLE "new_Subject" RENAME TO "Subject";
CREATE TABLE "new_Course" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "subjectCode" TEXT NOT NULL,
    "number" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "units" REAL,
    "level" TEXT NOT NULL DEFAULT '',
    "levelRank" INTEGER NOT NULL DEFAULT 0,
    "offered" TEXT NOT NULL DEFAULT '',
    "students" INTEGER NOT NULL DEFAULT 0,
    "inCatalog" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Course_institutionId_subjectCode_fkey" FOREIGN KEY ("institutionId", "subjectCode") REFERENCES "Subject" ("institutionId", "code") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Course" ("institutionId", "code", "description", "id", "inCatalog", "level", "levelRank", "number", "offered", "students", "subjectCode", "title", "units") SELECT (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV'), "code", "description", "id", "inCatalog", "level", "levelRank", "number", "offered", "students", "subjectCode", "title", "units" FROM "Course";
DROP TABLE "Course";
ALTER TABLE "new_Course" RENAME TO "Course";
CREATE INDEX "Course_institutionId_subjectCode_idx" ON "Course"("institutionId", "subjectCode");
CREATE UNIQUE INDEX "Course_institutionId_code_key" ON "Course"("institutionId", "code");
CREATE TABLE "new_Term" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    CONSTRAINT "Term_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Term" ("institutionId", "id", "label", "ordinal") SELECT (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV'), "id", "label", "ordinal" FROM "Term";
DROP TABLE "Term";
ALTER TABLE "new_Term" RENAME TO "Term";
CREATE UNIQUE INDEX "Term_institutionId_label_key" ON "Term"("institutionId", "label");
CREATE UNIQUE INDEX "Term_institutionId_ordinal_key" ON "Term"("institutionId", "ordinal");
CREATE TABLE "new_Student" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "majors" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Student_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Student" ("institutionId", "hash", "id", "majors") SELECT (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV'), "hash", "id", "majors" FROM "Student";
DROP TABLE "Student";
ALTER TABLE "new_Student" RENAME TO "Student";
CREATE UNIQUE INDEX "Student_institutionId_hash_key" ON "Student"("institutionId", "hash");
CREATE TABLE "new_Program" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Program_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Program" ("institutionId", "id", "name") SELECT (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV'), "id", "name" FROM "Program";
DROP TABLE "Program";
ALTER TABLE "new_Program" RENAME TO "Program";
CREATE UNIQUE INDEX "Program_institutionId_name_key" ON "Program"("institutionId", "name");
CREATE TABLE "new_ImportRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "dataHash" TEXT NOT NULL,
    "courses" INTEGER NOT NULL,
    "students" INTEGER NOT NULL,
    "enrollments" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "subjects" INTEGER NOT NULL DEFAULT 0,
    "terms" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "calendar" TEXT NOT NULL DEFAULT 'semester:Fall',
    "calendarSource" TEXT NOT NULL DEFAULT 'detected',
    "files" TEXT NOT NULL DEFAULT '[]',
    "warnings" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "ImportRun_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ImportRun" ("institutionId", "calendar", "calendarSource", "courses", "createdAt", "dataHash", "durationMs", "enrollments", "files", "id", "students", "subjects", "terms", "warnings") SELECT (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV'), "calendar", "calendarSource", "courses", "createdAt", "dataHash", "durationMs", "enrollments", "files", "id", "students", "subjects", "terms", "warnings" FROM "ImportRun";
DROP TABLE "ImportRun";
ALTER TABLE "new_ImportRun" RENAME TO "ImportRun";
CREATE INDEX "ImportRun_institutionId_idx" ON "ImportRun"("institutionId");
CREATE TABLE "new_ModelRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "institutionId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT false,
    "params" TEXT NOT NULL DEFAULT '{}',
    "dataHash" TEXT NOT NULL DEFAULT '',
    "metrics" TEXT NOT NULL DEFAULT '{}',
    "baselines" TEXT NOT NULL DEFAULT '{}',
    "history" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "backend" TEXT NOT NULL DEFAULT '',
    "durationMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ModelRun_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ModelRun" ("institutionId", "backend", "baselines", "createdAt", "dataHash", "durationMs", "error", "finishedAt", "history", "id", "isActive", "kind", "metrics", "params", "status") SELECT (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV'), "backend", "baselines", "createdAt", "dataHash", "durationMs", "error", "finishedAt", "history", "id", "isActive", "kind", "metrics", "params", "status" FROM "ModelRun";
DROP TABLE "ModelRun";
ALTER TABLE "new_ModelRun" RENAME TO "ModelRun";
CREATE INDEX "ModelRun_institutionId_kind_isActive_idx" ON "ModelRun"("institutionId", "kind", "isActive");
