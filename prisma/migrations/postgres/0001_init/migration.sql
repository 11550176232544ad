-- CreateTable
CREATE TABLE "Subject" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "division" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Subject_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Course" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "subjectCode" TEXT NOT NULL,
    "number" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "units" DOUBLE PRECISION,
    "level" TEXT NOT NULL DEFAULT '',
    "levelRank" INTEGER NOT NULL DEFAULT 0,
    "offered" TEXT NOT NULL DEFAULT '',
    "students" INTEGER NOT NULL DEFAULT 0,
    "searchText" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CrossListing" (
    "courseId" INTEGER NOT NULL,
    "partnerId" INTEGER NOT NULL,

    CONSTRAINT "CrossListing_pkey" PRIMARY KEY ("courseId","partnerId")
);

-- CreateTable
CREATE TABLE "Prerequisite" (
    "courseId" INTEGER NOT NULL,
    "requiredId" INTEGER NOT NULL,

    CONSTRAINT "Prerequisite_pkey" PRIMARY KEY ("courseId","requiredId")
);

-- CreateTable
CREATE TABLE "Term" (
    "id" SERIAL NOT NULL,
    "label" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,

    CONSTRAINT "Term_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Student" (
    "id" SERIAL NOT NULL,
    "hash" TEXT NOT NULL,
    "majors" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Student_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrollment" (
    "studentId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,
    "termId" INTEGER NOT NULL,
    "grade" TEXT,

    CONSTRAINT "Enrollment_pkey" PRIMARY KEY ("studentId","courseId","termId")
);

-- CreateTable
CREATE TABLE "CourseTransition" (
    "courseId" INTEGER NOT NULL,
    "nextId" INTEGER NOT NULL,
    "students" INTEGER NOT NULL,

    CONSTRAINT "CourseTransition_pkey" PRIMARY KEY ("courseId","nextId")
);

-- CreateTable
CREATE TABLE "Program" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Program_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Requirement" (
    "id" SERIAL NOT NULL,
    "programId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "Requirement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequirementCourse" (
    "requirementId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,

    CONSTRAINT "RequirementCourse_pkey" PRIMARY KEY ("requirementId","courseId")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" SERIAL NOT NULL,
    "dataHash" TEXT NOT NULL,
    "courses" INTEGER NOT NULL,
    "students" INTEGER NOT NULL,
    "enrollments" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelRun" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ModelRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelArtifact" (
    "runId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "ModelArtifact_pkey" PRIMARY KEY ("runId","name")
);

-- CreateTable
CREATE TABLE "CourseVector" (
    "runId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,
    "vector" BYTEA NOT NULL,
    "x" DOUBLE PRECISION NOT NULL,
    "y" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "CourseVector_pkey" PRIMARY KEY ("runId","courseId")
);

-- CreateTable
CREATE TABLE "SimilarCourse" (
    "runId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,
    "similarId" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,
    "coStudents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SimilarCourse_pkey" PRIMARY KEY ("runId","courseId","rank")
);

-- CreateTable
CREATE TABLE "CourseSubjectScore" (
    "runId" INTEGER NOT NULL,
    "courseId" INTEGER NOT NULL,
    "subjectCode" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "CourseSubjectScore_pkey" PRIMARY KEY ("runId","courseId","subjectCode")
);

-- CreateTable
CREATE TABLE "SubjectRelation" (
    "runId" INTEGER NOT NULL,
    "subjectCode" TEXT NOT NULL,
    "relatedCode" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "SubjectRelation_pkey" PRIMARY KEY ("runId","subjectCode","relatedCode")
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

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_subjectCode_fkey" FOREIGN KEY ("subjectCode") REFERENCES "Subject"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrossListing" ADD CONSTRAINT "CrossListing_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CrossListing" ADD CONSTRAINT "CrossListing_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prerequisite" ADD CONSTRAINT "Prerequisite_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prerequisite" ADD CONSTRAINT "Prerequisite_requiredId_fkey" FOREIGN KEY ("requiredId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_termId_fkey" FOREIGN KEY ("termId") REFERENCES "Term"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Requirement" ADD CONSTRAINT "Requirement_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequirementCourse" ADD CONSTRAINT "RequirementCourse_requirementId_fkey" FOREIGN KEY ("requirementId") REFERENCES "Requirement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelArtifact" ADD CONSTRAINT "ModelArtifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseVector" ADD CONSTRAINT "CourseVector_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SimilarCourse" ADD CONSTRAINT "SimilarCourse_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ModelRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

