-- CreateTable
CREATE TABLE "Subject" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "division" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "Course" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "searchText" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Course_subjectCode_fkey" FOREIGN KEY ("subjectCode") REFERENCES "Subject" ("code") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CrossListing" (
    "courseId" INTEGER NOT NULL,
    "partnerId" INTEGER NOT NULL,

    PRIMARY KEY ("courseId", "partnerId"),
    CONSTRAINT "CrossListing_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CrossListing_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Prerequisite" (
    "courseId" INTEGER NOT NULL,
    "requiredId" INTEGER NOT NULL,

    PRIMARY KEY ("courseId", "requiredId"),
    CONSTRAINT "Prerequisite_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Prerequisite_requiredId_fkey" FOREIGN KEY ("requiredId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Term" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "label" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Student" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hash" TEXT NOT NULL,
    "majors" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "Enrollment" (
    "studentId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,
    "termId" INTEGER NOT NULL,
    "grade" TEXT,

    PRIMARY KEY ("studentId", "courseId", "termId"),
    CONSTRAINT "Enrollment_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Enrollment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Enrollment_termId_fkey" FOREIGN KEY ("termId") REFERENCES "Term" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CourseTransition" (
    "courseId" INTEGER NOT NULL,
    "nextId" INTEGER NOT NULL,
    "students" INTEGER NOT NULL,

    PRIMARY KEY ("courseId", "nextId")
);

-- CreateTable
CREATE TABLE "Program" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Requirement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "programId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "Requirement_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RequirementCourse" (
    "requirementId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,

    PRIMARY KEY ("requirementId", "courseId"),
    CONSTRAINT "RequirementCourse_requirementId_fkey" FOREIGN KEY ("requirementId") REFERENCES "Requirement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dataHash" TEXT NOT NULL,
    "courses" INTEGER NOT NULL,
    "students" INTEGER NOT NULL,
    "enrollments" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ModelRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ModelArtifact" (
    "runId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("runId", "name"),
    CONSTRAINT "ModelArtifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CourseVector" (
    "runId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,
    "vector" BLOB NOT NULL,
    "x" REAL NOT NULL,
    "y" REAL NOT NULL,

    PRIMARY KEY ("runId", "courseId"),
    CONSTRAINT "CourseVector_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SimilarCourse" (
    "runId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,
    "similarId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "similarity" REAL NOT NULL,
    "coStudents" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("runId", "courseId", "rank"),
    CONSTRAINT "SimilarCourse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CourseSubjectScore" (
    "runId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,
    "subjectCode" TEXT NOT NULL,
    "score" REAL NOT NULL,

    PRIMARY KEY ("runId", "courseId", "subjectCode")
);

-- CreateTable
CREATE TABLE "SubjectRelation" (
    "runId" INTEGER NOT NULL,
    "subjectCode" TEXT NOT NULL,
    "relatedCode" TEXT NOT NULL,
    "score" REAL NOT NULL,

    PRIMARY KEY ("runId", "subjectCode", "relatedCode")
);

-- CreateIndex
CREATE UNIQUE INDEX "Course_code_key" ON "Course"("code");

-- CreateIndex
CREATE INDEX "Course_subjectCode_idx" ON "Course"("subjectCode");

-- CreateIndex
CREATE UNIQUE INDEX "Term_label_key" ON "Term"("label");

-- CreateIndex
CREATE UNIQUE INDEX "Term_ordinal_key" ON "Term"("ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "Student_hash_key" ON "Student"("hash");

-- CreateIndex
CREATE INDEX "Enrollment_courseId_idx" ON "Enrollment"("courseId");

-- CreateIndex
CREATE INDEX "Enrollment_termId_idx" ON "Enrollment"("termId");

-- CreateIndex
CREATE UNIQUE INDEX "Program_name_key" ON "Program"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Requirement_programId_name_key" ON "Requirement"("programId", "name");

-- CreateIndex
CREATE INDEX "ModelRun_kind_isActive_idx" ON "ModelRun"("kind", "isActive");

