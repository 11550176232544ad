-- AlterTable (ADD COLUMN rather than a table rebuild: rebuilding "Course" inside the runner's
-- transaction would cascade-delete its enrollments, since PRAGMA foreign_keys cannot change there)
ALTER TABLE "Course" ADD COLUMN "inCatalog" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "ImportRun" ADD COLUMN "subjects" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ImportRun" ADD COLUMN "terms" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ImportRun" ADD COLUMN "durationMs" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ImportRun" ADD COLUMN "calendar" TEXT NOT NULL DEFAULT 'semester:Fall';
ALTER TABLE "ImportRun" ADD COLUMN "calendarSource" TEXT NOT NULL DEFAULT 'detected';
ALTER TABLE "ImportRun" ADD COLUMN "files" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "ImportRun" ADD COLUMN "warnings" TEXT NOT NULL DEFAULT '[]';

-- Term ordinals move from year * 4 + (Winter 0, Spring 1, Summer 2, Fall 3) to year * 8 + slot
-- (Winter 1, Spring 2, Summer 4, Fall 5) so that short terms fit between; the ranges do not overlap.
UPDATE "Term" SET "ordinal" = ("ordinal" / 4) * 8 + CASE "ordinal" % 4 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 4 ELSE 5 END
WHERE "ordinal" < 10000;
