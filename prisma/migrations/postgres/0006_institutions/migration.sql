-- Several institutions in one deployment. Existing rows belong to a created primary institution,
-- UNIV "University" (only when there are rows: a fresh database has no institution until its first
-- import).

-- CreateTable
CREATE TABLE "Institution" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Institution_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Institution_code_key" ON "Institution"("code");

INSERT INTO "Institution" ("code", "name")
SELECT 'UNIV', 'University'
WHERE EXISTS (SELECT 1 FROM "Subject") OR EXISTS (SELECT 1 FROM "Course") OR EXISTS (SELECT 1 FROM "Term")
   OR EXISTS (SELECT 1 FROM "Student") OR EXISTS (SELECT 1 FROM "Program")
   OR EXISTS (SELECT 1 FROM "ImportRun") OR EXISTS (SELECT 1 FROM "ModelRun");

-- DropForeignKey
ALTER TABLE "Course" DROP CONSTRAINT "Course_subjectCode_fkey";

-- DropIndex
DROP INDEX "Course_code_key";

-- DropIndex
DROP INDEX "Course_subjectCode_idx";

-- DropIndex
DROP INDEX "Term_label_key";

-- DropIndex
DROP INDEX "Term_ordinal_key";

-- DropIndex
DROP INDEX "Student_hash_key";

-- DropIndex
DROP INDEX "Program_name_key";

-- DropIndex
DROP INDEX "ModelRun_kind_isActive_idx";

-- AlterTable: the column is filled with the primary institution, then made required.
ALTER TABLE "Subject" ADD COLUMN "institutionId" INTEGER;
ALTER TABLE "Course" DROP COLUMN "searchText", ADD COLUMN "institutionId" INTEGER;
ALTER TABLE "Term" ADD COLUMN "institutionId" INTEGER;
ALTER TABLE "Student" ADD COLUMN "institutionId" INTEGER;
ALTER TABLE "Program" ADD COLUMN "institutionId" INTEGER;
ALTER TABLE "ImportRun" ADD COLUMN "institutionId" INTEGER;
ALTER TABLE "ModelRun" ADD COLUMN "institutionId" INTEGER;

UPDATE "Subject" SET "institutionId" = (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV');
UPDATE "Course" SET "institutionId" = (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV');
UPDATE "Term" SET "institutionId" = (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV');
UPDATE "Student" SET "institutionId" = (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV');
UPDATE "Program" SET "institutionId" = (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV');
UPDATE "ImportRun" SET "institutionId" = (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV');
UPDATE "ModelRun" SET "institutionId" = (SELECT "id" FROM "Institution" WHERE "code" = 'UNIV');

ALTER TABLE "Subject" ALTER COLUMN "institutionId" SET NOT NULL,
DROP CONSTRAINT "Subject_pkey",
ADD CONSTRAINT "Subject_pkey" PRIMARY KEY ("institutionId", "code");
ALTER TABLE "Course" ALTER COLUMN "institutionId" SET NOT NULL;
ALTER TABLE "Term" ALTER COLUMN "institutionId" SET NOT NULL;
ALTER TABLE "Student" ALTER COLUMN "institutionId" SET NOT NULL;
ALTER TABLE "Program" ALTER COLUMN "institutionId" SET NOT NULL;
ALTER TABLE "ImportRun" ALTER COLUMN "institutionId" SET NOT NULL;
ALTER TABLE "ModelRun" ALTER COLUMN "institutionId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Course_institutionId_subjectCode_idx" ON "Course"("institutionId", "subjectCode");

-- CreateIndex
CREATE UNIQUE INDEX "Course_institutionId_code_key" ON "Course"("institutionId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Term_institutionId_label_key" ON "Term"("institutionId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "Term_institutionId_ordinal_key" ON "Term"("institutionId", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "Student_institutionId_hash_key" ON "Student"("institutionId", "hash");

-- CreateIndex
CREATE UNIQUE INDEX "Program_institutionId_name_key" ON "Program"("institutionId", "name");

-- CreateIndex
CREATE INDEX "ImportRun_institutionId_idx" ON "ImportRun"("institutionId");

-- CreateIndex
CREATE INDEX "ModelRun_institutionId_kind_isActive_idx" ON "ModelRun"("institutionId", "kind", "isActive");

-- AddForeignKey
ALTER TABLE "Subject" ADD CONSTRAINT "Subject_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_institutionId_subjectCode_fkey" FOREIGN KEY ("institutionId", "subjectCode") REFERENCES "Subject"("institutionId", "code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Term" ADD CONSTRAINT "Term_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Student" ADD CONSTRAINT "Student_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Program" ADD CONSTRAINT "Program_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportRun" ADD CONSTRAINT "ImportRun_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelRun" ADD CONSTRAINT "ModelRun_institutionId_fkey" FOREIGN KEY ("institutionId") REFERENCES "Institution"("id") ON DELETE CASCADE ON UPDATE CASCADE;
